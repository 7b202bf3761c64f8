/**
 * A care reply lifts the send window and both caps only while it answers a message the patient
 * sent within the practice's window (issue 15, item 2). Anything less gets the normal rules: an
 * item can make a send stricter, never looser.
 */
import { DateTime } from 'luxon';
import { answersRecentMessage, checkTouch, policyFrom } from '../../../core/guard';
import { parseTouch } from '../../../core/messaging/touch-schema';
import { touchFromFields, type MessageFields } from '../../../core/messaging/touch-from-fields';
import type { AnsweredMessage } from '../../../core/messaging/touch';
import { touch } from './fixtures';

// 23:30 in Chicago (CDT): outside the default 08:00-20:00 window.
const LATE = DateTime.fromISO('2026-03-10T23:30:00', { zone: 'America/Chicago' });
const ago = (minutes: number) => LATE.minus({ minutes }).toUTC().toISO() as string;
const policy = policyFrom();
// Three sends today: past the default cap of one a day.
const TODAY = ['2026-03-10T15:00:00Z', '2026-03-10T16:00:00Z', '2026-03-10T17:00:00Z'];

describe('care_reply: lifts the window and caps only for a recent inbound message', () => {
	it.each<[string, AnsweredMessage | null | undefined, 'pass' | 'defer']>([
		['answers a message 5 minutes old', { key: 'SM-in-1', receivedAt: ago(5) }, 'pass'],
		['answers a message exactly 60 minutes old', { key: 'SM-in-1', receivedAt: ago(60) }, 'pass'],
		[
			'answers a message received 30 s "later" (clock skew between machines)',
			{ key: 'SM-in-1', receivedAt: LATE.plus({ seconds: 30 }).toISO() as string },
			'pass',
		],
		['answers a message 61 minutes old', { key: 'SM-in-1', receivedAt: ago(61) }, 'defer'],
		[
			'answers a message from tomorrow',
			{ key: 'SM-in-1', receivedAt: LATE.plus({ hours: 2 }).toISO() as string },
			'defer',
		],
		['names no inbound message', null, 'defer'],
		['has no answers field at all', undefined, 'defer'],
		['names a message without a key', { key: '', receivedAt: ago(5) }, 'defer'],
		['names a message with an unreadable time', { key: 'SM-in-1', receivedAt: 'yesterday' }, 'defer'],
	])('a care reply that %s: %s at 23:30', (_, answers, kind) => {
		expect(checkTouch(touch({ purpose: 'care_reply', answers }), policy, LATE)).toMatchObject({
			kind,
			...(kind === 'defer' ? { rule: 'quiet_hours' } : {}),
		});
	});

	it.each<[string, AnsweredMessage | null, 'pass' | 'defer']>([
		[
			'with a recent inbound message, passes the daily cap',
			{ key: 'SM-in-1', receivedAt: '2026-03-10T17:50:00Z' },
			'pass',
		],
		['without one, waits for the daily cap like any text', null, 'defer'],
	])('at 13:00 with three sends today, a care reply %s', (_, answers, kind) => {
		const noon = DateTime.fromISO('2026-03-10T18:00:00Z');
		expect(checkTouch(touch({ purpose: 'care_reply', answers, recentSends: TODAY }), policy, noon)).toMatchObject({
			kind,
			...(kind === 'defer' ? { rule: 'frequency_cap' } : {}),
		});
	});

	it('another purpose never lifts the window, whatever it names', () => {
		expect(
			checkTouch(touch({ purpose: 'implant_care', answers: { key: 'SM-in-1', receivedAt: ago(1) } }), policy, LATE),
		).toMatchObject({ kind: 'defer', rule: 'quiet_hours' });
	});

	it.each([
		[15, 20, false],
		[15, 10, true],
		[240, 180, true],
	])('the practice sets the window: %i minutes, message %i minutes old, lifted %s', (window, age, lifted) => {
		const p = policyFrom({ careReplyWindowMinutes: window });
		expect(
			answersRecentMessage(
				touch({ purpose: 'care_reply', answers: { key: 'SM-in-1', receivedAt: ago(age) } }),
				p,
				LATE,
			),
		).toBe(lifted);
	});

	it.each([0, 1441, 2.5])('refuses a window of %s minutes, naming the setting', (value) => {
		expect(() => policyFrom({ careReplyWindowMinutes: value })).toThrow(/^Care Reply Window \(Minutes\)/);
	});
});

describe('touchFromFields: the answered message travels on a Fields Below care reply', () => {
	const fields: MessageFields = {
		channel: 'sms',
		to: '+13125550134',
		patientId: 'GA0001',
		firstName: 'Maria',
		timezone: 'America/Chicago',
		sendKey: 'healing/SM-in-1',
		subject: '',
		body: 'Thanks Maria, that sounds normal. Call us if it gets worse.',
		purpose: 'care_reply',
		smsConsent: 'unknown',
		recentSends: '',
		answersKey: 'SM-in-1',
		answersReceivedAt: ago(3),
	};
	const parsed = (f: Partial<MessageFields>) => parseTouch(touchFromFields({ ...fields, ...f }, LATE));

	it.each<[string, Partial<MessageFields>, 'pass' | 'defer']>([
		['key and time given', {}, 'pass'],
		['key and time empty', { answersKey: '', answersReceivedAt: '' }, 'defer'],
		['a luxon DateTime as the time', { answersReceivedAt: LATE.minus({ minutes: 3 }) }, 'pass'],
	])('%s: %s at 23:30', (_, f, kind) => {
		const result = parsed(f);
		if (!result.ok) throw new Error(`${result.field}: ${result.problem}`);
		expect(checkTouch(result.touch, policy, LATE).kind).toBe(kind);
	});

	it('names the missing field when only the key is given', () => {
		expect(parsed({ answersReceivedAt: '' })).toMatchObject({ ok: false, field: 'answers.receivedAt' });
	});

	it('drops the answered message for any other purpose', () => {
		expect(touchFromFields({ ...fields, purpose: 'recall' }, LATE)).toMatchObject({ answers: null });
	});
});
