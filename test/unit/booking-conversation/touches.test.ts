/**
 * The texts of the conversation (offer, booked, no openings), the copy check, and what Record keeps
 * of an offer that was or was not delivered.
 */
import { DateTime } from 'luxon';
import {
	bookedTouch,
	checkCopy,
	DEFAULT_COPY,
	noOpeningsTask,
	offeredOptions,
	offerTouch,
	when,
	type BookingItem,
	type ConversationTouch,
} from '../../../core/booking/conversation';
import { checkTouch, policyFrom, smsSize } from '../../../core/guard';
import { recordResult } from '../../../core/journey/record';
import type { MessageOutcome } from '../../../core/messaging/touch';
import { conversation, MOBILE, NOW, PATIENT, SETTINGS, ZONE } from './fixtures';

const asked = (over = {}): BookingItem => ({ ...conversation(), stage: 'offer', why: 'asked', ...over });
const picked = (over = {}): BookingItem & { stage: 'book' } => ({
	...conversation(),
	stage: 'book',
	offerKey: `offer/${PATIENT}`,
	bookingKey: `offer/${PATIENT}@2026-11-23T14:00:00.000Z#2`,
	lengthMinutes: 60,
	option: 2,
	start: '2026-11-25T14:30:00.000-06:00',
	end: '2026-11-25T15:30:00.000-06:00',
	providerId: 'DOC2',
	operatoryId: 'OP2',
	...over,
});

// Out of order on purpose, and in two notations: 14:30Z (08:30 local) is earlier than 09:00-06:00 (15:00Z).
const OPENINGS = [
	{
		start: '2026-11-26T09:00:00.000-06:00',
		end: '2026-11-26T09:30:00.000-06:00',
		providerId: 'DOC1',
		operatoryId: 'OP1',
	},
	{
		start: '2026-11-25T09:00:00.000-06:00',
		end: '2026-11-25T09:45:00.000-06:00',
		providerId: 'DOC1',
		operatoryId: 'OP1',
	},
	{ start: '2026-11-25T14:30:00.000Z', end: '2026-11-25T15:00:00.000Z', providerId: 'DOC2', operatoryId: 'OP3' },
];
const policy = policyFrom();

describe('offerTouch', () => {
	it('sorts the openings by instant, numbers them from 1 and keeps at most `count`', () => {
		const t = offerTouch(asked(), OPENINGS, 2, SETTINGS, NOW);
		expect(offeredOptions(t.journal[1])).toEqual([
			{ option: 1, ...OPENINGS[2] },
			{ option: 2, ...OPENINGS[1] },
		]);
		expect(offeredOptions(offerTouch(asked(), OPENINGS, 3, SETTINGS, NOW).journal[1]).map((o) => o.start)).toEqual([
			OPENINGS[2].start,
			OPENINGS[1].start,
			OPENINGS[0].start,
		]);
		expect(offeredOptions(offerTouch(asked(), OPENINGS, 1, SETTINGS, NOW).journal[1])).toEqual([
			{ option: 1, ...OPENINGS[2] },
		]);
	});

	it('one opening: "Reply 1"; two: "... (reply 1) or ... (reply 2). Reply 1 or 2"', () => {
		expect(offerTouch(asked(), OPENINGS.slice(1, 2), 2, SETTINGS, NOW).body).toBe(
			'Riverside Dental: we can see you Wed, Nov 25 at 9:00 AM (reply 1). Reply 1 to book, or call (512) 555-0100.',
		);
		expect(offerTouch(asked(), OPENINGS, 2, SETTINGS, NOW).body).toBe(
			'Riverside Dental: we can see you Wed, Nov 25 at 8:30 AM (reply 1) or Wed, Nov 25 at 9:00 AM (reply 2). Reply 1 or 2 to book, or call (512) 555-0100.',
		);
		expect(offerTouch(asked(), OPENINGS, 3, SETTINGS, NOW).body).toContain(
			'8:30 AM (reply 1), Wed, Nov 25 at 9:00 AM (reply 2) or Thu, Nov 26 at 9:00 AM (reply 3). Reply 1 or 2 or 3 to book',
		);
	});

	it('writes times in the practice zone, on both sides of a DST change (America/Chicago, Nov 1 2026)', () => {
		const before = {
			start: '2026-10-30T14:00:00.000Z',
			end: '2026-10-30T14:30:00.000Z',
			providerId: 'DOC1',
			operatoryId: 'OP1',
		}; // 09:00 CDT
		const after = {
			start: '2026-11-02T15:00:00.000Z',
			end: '2026-11-02T15:30:00.000Z',
			providerId: 'DOC1',
			operatoryId: 'OP1',
		}; // 09:00 CST
		const now = DateTime.fromISO('2026-10-28T10:00', { zone: ZONE });
		expect(offerTouch(asked(), [after, before], 2, SETTINGS, now).body).toContain(
			'Fri, Oct 30 at 9:00 AM (reply 1) or Mon, Nov 2 at 9:00 AM (reply 2)',
		);
		expect(offerTouch(asked(), [after, before], 2, { ...SETTINGS, timezone: 'America/New_York' }, now).body).toContain(
			'Fri, Oct 30 at 10:00 AM (reply 1) or Mon, Nov 2 at 10:00 AM (reply 2)',
		);
		expect(when(after.start, ZONE)).toBe('Mon, Nov 2 at 9:00 AM');
		expect(when('2026-11-02T09:00:00.000-06:00', 'America/Los_Angeles')).toBe('Mon, Nov 2 at 7:00 AM');
	});

	it('the copy follows why: asked, expired, or a taken slot (a book item that came back)', () => {
		const copy = {
			...SETTINGS,
			offerCopy: 'A {{options}} {{replyWith}}',
			expiredCopy: 'E {{options}} {{replyWith}}',
			takenCopy: 'T {{options}} {{replyWith}}',
		};
		const one = OPENINGS.slice(1, 2);
		expect(offerTouch(asked(), one, 2, copy, NOW).body).toBe('A Wed, Nov 25 at 9:00 AM (reply 1) 1');
		expect(offerTouch(asked({ why: 'expired' }), one, 2, copy, NOW).body).toMatch(/^E /);
		expect(offerTouch(asked({ why: 'taken' }), one, 2, copy, NOW).body).toMatch(/^T /);
		expect(offerTouch(picked(), one, 2, copy, NOW).body).toMatch(/^T /);
		expect(offerTouch(asked({ why: 'expired' }), one, 2, SETTINGS, NOW).body).toContain('those times have passed');
		expect(offerTouch(picked(), one, 2, SETTINGS, NOW).body).toContain('that time was just taken');
	});

	it('carries the reply row and the open offer row, which offeredOptions reads back', () => {
		const t = offerTouch(asked(), OPENINGS, 2, SETTINGS, NOW);
		const at = NOW.toUTC().toISO();
		expect(t.journal).toHaveLength(2);
		const [replyRow, offer] = t.journal;
		expect(replyRow).toMatchObject({
			key: 'reply/SM-reply-1',
			kind: 'reply',
			patientId: PATIENT,
			mobile: MOBILE,
			status: 'book',
			at,
			providerId: 'SM-reply-1',
		});
		expect(offer).toMatchObject({
			key: `offer/${PATIENT}`,
			kind: 'offer',
			patientId: PATIENT,
			mobile: MOBILE,
			status: 'open',
			reason: 'asked',
			at,
			providerId: 'SM-reply-1',
			journey: 'treatment-follow-up',
			subjectId: 'case-77',
			enrollment: 'treatment-follow-up/case-77',
		});
		expect(JSON.parse(String(offer.detail))).toEqual(offeredOptions(offer));
		expect(offeredOptions(offer)).toHaveLength(2);
		// A pick from an offer that passed, or a taken slot, is recorded as a pick.
		expect(offerTouch(asked({ why: 'expired' }), OPENINGS, 2, SETTINGS, NOW).journal[0].status).toBe('picked_option');
		expect(offerTouch(picked(), OPENINGS, 2, SETTINGS, NOW).journal).toEqual([
			expect.objectContaining({ status: 'picked_option' }),
			expect.objectContaining({ status: 'open', reason: 'taken' }),
		]);
	});

	it('is a care reply by SMS, sent once per reply, on the enrollment (or the offer when there is none)', () => {
		const t = offerTouch(asked(), OPENINGS, 2, SETTINGS, NOW);
		expect(t).toMatchObject({
			kind: 'chairside.touch',
			sendKey: `offer/${PATIENT}/SM-reply-1`,
			enrollment: 'treatment-follow-up/case-77',
			journey: 'treatment-follow-up',
			step: 'offer',
			channel: 'sms',
			purpose: 'care_reply',
			subject: null,
			html: null,
			dueAt: NOW.toUTC().toISO(),
			contact: { patientId: PATIENT, mobile: MOBILE, timezone: ZONE, optedOut: { sms: false, email: false } },
		});
		expect(offerTouch({ ...asked(), replySid: 'SM-reply-2' }, OPENINGS, 2, SETTINGS, NOW).sendKey).toBe(
			`offer/${PATIENT}/SM-reply-2`,
		);
		const none = offerTouch(asked({ enrollmentRow: null }), OPENINGS, 2, SETTINGS, NOW);
		expect(none).toMatchObject({ enrollment: `offer/${PATIENT}`, journey: 'booking' });
		expect(none.journal[1]).toMatchObject({ journey: null, subjectId: null, enrollment: null });
	});

	it('passes the guard Patient Message runs (PHI, length, consent), in one or two segments, even late in the evening right after the patient wrote', () => {
		const late = DateTime.fromISO('2026-11-23T21:45', { zone: ZONE });
		const justNow = late.minus({ minutes: 2 }).toUTC().toISO() as string;
		for (const count of [1, 2, 3]) {
			for (const item of [asked(), asked({ why: 'expired' }), picked()]) {
				const t = offerTouch(item, OPENINGS, count, SETTINGS, NOW);
				expect(checkTouch(t, policy, NOW)).toEqual({ kind: 'pass', segments: expect.any(Number) });
				expect(
					checkTouch(offerTouch({ ...item, replyReceivedAt: justNow }, OPENINGS, count, SETTINGS, late), policy, late)
						.kind,
				).toBe('pass');
				expect(smsSize(t.body).segments).toBeLessThanOrEqual(2);
				expect(smsSize(t.body).encoding).toBe('GSM-7');
			}
		}
		expect(smsSize(offerTouch(asked(), OPENINGS, 2, SETTINGS, NOW).body).segments).toBe(1);
	});

	it.each<[string, string | null]>([
		['a reply received hours ago', '2026-11-23T16:00:00.000Z'],
		['a reply whose arrival time is unknown', null],
	])('answering %s, a late-evening text waits for the send window', (_, replyReceivedAt) => {
		const late = DateTime.fromISO('2026-11-23T21:45', { zone: ZONE });
		const t = offerTouch(asked({ replyReceivedAt }), OPENINGS, 2, SETTINGS, late);
		expect(t.answers).toEqual(replyReceivedAt ? { key: 'SM-reply-1', receivedAt: replyReceivedAt } : null);
		expect(checkTouch(t, policy, late)).toMatchObject({ kind: 'defer', rule: 'quiet_hours' });
	});

	it('an opted-out patient is refused by the guard', () => {
		const t = offerTouch(asked({ optedOut: true }), OPENINGS, 2, SETTINGS, NOW);
		expect(checkTouch(t, policy, NOW)).toMatchObject({ kind: 'block', rule: 'opt_out' });
	});
});

describe('bookedTouch', () => {
	const appointment = { id: '9001', start: '2026-11-25T20:30:00.000Z' };

	it('closes the offer as booked and stops the enrollment ("booked")', () => {
		const item = picked();
		const t = bookedTouch(item, appointment, SETTINGS, NOW);
		const at = NOW.toUTC().toISO();
		expect(t.journal).toEqual([
			expect.objectContaining({
				key: 'reply/SM-reply-1',
				kind: 'reply',
				patientId: PATIENT,
				status: 'picked_option',
				reason: 'booked appointment 9001',
				at,
			}),
			expect.objectContaining({
				key: `offer/${PATIENT}`,
				kind: 'offer',
				patientId: PATIENT,
				status: 'booked',
				reason: 'appointment 9001',
				at,
				providerId: 'SM-reply-1',
			}),
			{ ...item.enrollmentRow, status: 'stopped', reason: 'booked', at },
		]);
	});

	it('with no enrollment open, only the reply and the offer', () => {
		const t = bookedTouch(picked({ enrollmentRow: null }), appointment, SETTINGS, NOW);
		expect(t.journal.map((r) => `${r.kind}:${r.status}`)).toEqual(['reply:picked_option', 'offer:booked']);
		expect(t).toMatchObject({ enrollment: `offer/${PATIENT}`, journey: 'booking' });
	});

	it('is sent once per booking key and names the local time', () => {
		const item = picked();
		const t = bookedTouch(item, appointment, SETTINGS, NOW);
		expect(t).toMatchObject({
			sendKey: `booked/${item.bookingKey}`,
			bookingKey: item.bookingKey,
			appointmentId: '9001',
			step: 'booked',
			purpose: 'care_reply',
			channel: 'sms',
		});
		expect(t.body).toBe(
			"Riverside Dental: you're booked for Wed, Nov 25 at 2:30 PM. See you then! To change it, call (512) 555-0100.",
		);
		expect(t.chartNote).toContain('Wed, Nov 25 at 2:30 PM');
		expect(bookedTouch({ ...item, replySid: 'SM-retry' }, appointment, SETTINGS, NOW).sendKey).toBe(t.sendKey);
		expect(checkTouch(t, policy, NOW)).toEqual({ kind: 'pass', segments: 1 });
	});
});

describe('noOpeningsTask', () => {
	it('the reply and an open task for a person to call', () => {
		const [replyRow, task] = noOpeningsTask(asked(), NOW);
		expect(replyRow).toMatchObject({
			key: 'reply/SM-reply-1',
			kind: 'reply',
			status: 'book',
			reason: 'no openings to offer',
		});
		expect(task).toMatchObject({
			key: 'task/reply/SM-reply-1',
			kind: 'task',
			patientId: PATIENT,
			mobile: MOBILE,
			status: 'open',
			at: NOW.toUTC().toISO(),
		});
		expect(task.detail).toContain('Patient 501');
		expect(noOpeningsTask(picked(), NOW)[0].status).toBe('picked_option');
	});
});

describe('checkCopy', () => {
	it('the default copy passes', () => {
		for (const text of [DEFAULT_COPY.offerCopy, DEFAULT_COPY.takenCopy, DEFAULT_COPY.expiredCopy])
			expect(() => checkCopy('Offer', text, ['options', 'replyWith'])).not.toThrow();
		expect(() => checkCopy('Confirmation', DEFAULT_COPY.confirmationCopy, ['when'])).not.toThrow();
	});

	it('an unknown placeholder is refused by name', () => {
		expect(() => checkCopy('Offer', 'Hi {{firstName}}: {{options}} {{replyWith}}', ['options'])).toThrow(
			'Offer: {{firstName}} is not a placeholder here',
		);
		expect(() => checkCopy('Offer', '{{options}} {{ oops }}', ['options'])).toThrow('{{oops}} is not a placeholder');
	});

	it('a placeholder fill() would leave as it is ({{practice_name}}) is refused too', () => {
		expect(() => checkCopy('Offer', '{{practice_name}}: {{options}} {{replyWith}}', ['options'])).toThrow(
			'{{practice_name}} is not a placeholder',
		);
		expect(() => checkCopy('Offer', '{{options}} {{replyWith}} {{ practice phone }}', ['options'])).toThrow(
			'{{practice phone}} is not a placeholder',
		);
	});

	it('a placeholder this message has no value for is refused', () => {
		expect(() =>
			checkCopy(
				'Offer',
				'{{options}} on {{when}}. Reply {{replyWith}}',
				['options'],
				['practiceName', 'practicePhone', 'options', 'replyWith'],
			),
		).toThrow('Offer: {{when}} is not a placeholder here');
		expect(() =>
			checkCopy('Confirmation', 'Booked {{when}}: {{options}}', ['when'], ['practiceName', 'practicePhone', 'when']),
		).toThrow('{{options}} is not a placeholder here');
	});

	it('a needed placeholder that is missing is refused', () => {
		expect(() =>
			checkCopy('Offer After Expiry', 'We can see you soon. Reply {{replyWith}}', ['options', 'replyWith']),
		).toThrow('Offer After Expiry must contain {{options}}');
		expect(() => checkCopy('Confirmation', 'Booked!', ['when'])).toThrow('Confirmation must contain {{when}}');
	});

	it('spaces inside the braces are the same placeholder (fill() reads them)', () => {
		expect(() =>
			checkCopy('Offer', 'See you {{ options }}. Reply {{replyWith}}', ['options', 'replyWith']),
		).not.toThrow();
		const t = offerTouch(
			asked(),
			OPENINGS.slice(1, 2),
			2,
			{ ...SETTINGS, offerCopy: 'See you {{ options }}. Reply {{ replyWith }}' },
			NOW,
		);
		expect(t.body).toBe('See you Wed, Nov 25 at 9:00 AM (reply 1). Reply 1');
	});
});

describe('recordResult with a conversation touch', () => {
	const outcome = (status: MessageOutcome['status']): MessageOutcome => ({
		status,
		rule: status === 'sent' ? 'passed' : status === 'blocked' ? 'opt_out' : 'quiet_hours',
		reason: status === 'sent' ? 'sent' : 'patient opted out of text messages',
		at: NOW.toUTC().toISO() as string,
		providerId: status === 'sent' ? 'SM-out-1' : null,
		nextAllowedAt: null,
		optOut: false,
		providerCode: null,
		segments: status === 'sent' ? 1 : null,
	});
	const record = (t: ConversationTouch, status: MessageOutcome['status']) =>
		recordResult({ ...t, outcome: outcome(status) }, NOW).rows;
	const offer = () => offerTouch(asked(), OPENINGS, 2, SETTINGS, NOW);

	it('sent: the open offer is kept with the reply and the touch', () => {
		const rows = record(offer(), 'sent');
		expect(rows.map((r) => `${r.kind}:${r.key}:${r.status}`)).toEqual([
			'reply:reply/SM-reply-1:book',
			'offer:offer/501:open',
			`touch:offer/501/SM-reply-1:sent`,
		]);
		expect(rows[2]).toMatchObject({
			enrollment: 'treatment-follow-up/case-77',
			step: 'offer',
			channel: 'sms',
			providerId: 'SM-out-1',
		});
	});

	it('blocked: the patient never saw the openings, so no offer; the reply is recorded and staff get a call task', () => {
		const result = recordResult({ ...offer(), outcome: outcome('blocked') }, NOW);
		expect(result.rows.map((r) => `${r.kind}:${r.status}`)).toEqual(['reply:book', 'touch:blocked', 'task:open']);
		expect(result.tasks).toEqual([result.rows[2]]);
		expect(result.tasks[0]).toMatchObject({
			key: 'task/offer/501/SM-reply-1',
			patientId: '501',
			reason: expect.stringMatching(/^wants to book.*call them/),
		});
		expect(result.tasks[0].detail).toMatch(/\(opt_out\)\.$/);
	});

	it('a carrier opt-out (Twilio 21610) on a conversation text stops the enrollment it answered, for every journey', () => {
		const rows = recordResult(
			{ ...offer(), outcome: { ...outcome('blocked'), rule: 'provider', optOut: true, providerCode: '21610' } },
			NOW,
		).rows;
		expect(rows.find((r) => r.kind === 'patient')).toMatchObject({ key: 'patient/501', status: 'opted_out' });
		expect(rows.find((r) => r.kind === 'enrollment')).toMatchObject({
			key: 'treatment-follow-up/case-77',
			status: 'stopped',
			reason: 'opted_out',
		});
	});

	it('deferred: only the reply', () => {
		expect(record(offer(), 'deferred').map((r) => `${r.kind}:${r.status}`)).toEqual(['reply:book']);
	});

	it('a booked offer is kept whatever happened to the confirmation (the appointment exists)', () => {
		const t = bookedTouch(picked(), { id: '9001', start: '2026-11-25T20:30:00.000Z' }, SETTINGS, NOW);
		expect(record(t, 'blocked').map((r) => `${r.kind}:${r.status}`)).toEqual([
			'reply:picked_option',
			'offer:booked',
			'enrollment:stopped',
			'touch:blocked',
			'task:open',
		]);
		expect(record(t, 'blocked')[4].reason).toBe(
			'is booked (appointment 9001), but the confirmation could not be texted: call to confirm',
		);
		expect(record(t, 'deferred').map((r) => `${r.kind}:${r.status}`)).toEqual([
			'reply:picked_option',
			'offer:booked',
			'enrollment:stopped',
		]);
	});
});
