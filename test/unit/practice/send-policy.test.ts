/**
 * One send policy (core/practice/send-policy.ts) for the journeys and the guard, set in the
 * practice profile: the law's limits, the defaults, minutes; and the profile's text-consent rule.
 */
import { DateTime } from 'luxon';
import { checkTouch, policyFrom } from '../../../core/guard';
import { newEnrollment, tick } from '../../../core/journey/engine';
import { JournalIndex } from '../../../core/journey/journal';
import { subjectOf } from '../../../core/journey/subject';
import { TEMPLATES } from '../../../core/journey/templates';
import { parsePracticeProfile, PracticeProfileError } from '../../../core/practice/profile';
import {
	DEFAULT_SEND_POLICY,
	nextWindowOpening,
	sendPolicy,
	SendPolicyError,
} from '../../../core/practice/send-policy';
import { touch } from '../guard/fixtures';
import { crownCase } from '../journey/fixtures';
import { PROFILE_FIELDS } from './profile-fields';

const ZONE = 'America/Chicago';

describe('sendPolicy', () => {
	it('defaults to 08:00-20:00, 1 a day, 3 a week, in minutes', () => {
		expect(sendPolicy()).toEqual({ window: { start: 480, end: 1200 }, maxPerDay: 1, maxPerWeek: 3 });
		expect(sendPolicy({ start: '', end: null })).toEqual(DEFAULT_SEND_POLICY);
	});
	it('reads HH:mm and hours', () => {
		expect(sendPolicy({ start: '08:30', end: 19.75, maxPerDay: 2, maxPerWeek: 5 })).toEqual({
			window: { start: 510, end: 1185 },
			maxPerDay: 2,
			maxPerWeek: 5,
		});
	});
	it.each([
		[{ start: '07:59' }, 'start', 'earlier than 08:00'],
		[{ end: '21:01' }, 'end', 'later than 21:00'],
		[{ start: '12:00', end: '12:00' }, 'end', 'must be after'],
		[{ maxPerDay: 4 }, 'maxPerDay', 'between 1 and 3'],
		[{ maxPerWeek: 22 }, 'maxPerWeek', 'between 1 and 21'],
		[{ start: 'noon' }, 'start', 'use hours such as 8'],
	])('refuses %p, naming the setting', (input, setting, message) => {
		let error: unknown;
		try {
			sendPolicy(input as never);
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(SendPolicyError);
		expect((error as SendPolicyError).setting).toBe(setting);
		expect((error as Error).message).toContain(message);
	});
	it('the window opening: now inside, later today, or tomorrow; DST days keep the wall clock', () => {
		const policy = sendPolicy({ start: '08:30', end: '20:00' });
		const at = (iso: string) => nextWindowOpening(DateTime.fromISO(iso, { zone: ZONE }), policy.window).toISO();
		expect(at('2026-03-10T12:00')).toBe('2026-03-10T12:00:00.000-05:00');
		expect(at('2026-03-10T06:00')).toBe('2026-03-10T08:30:00.000-05:00');
		expect(at('2026-03-07T20:00')).toBe('2026-03-08T08:30:00.000-05:00');
	});
});

describe('the practice profile carries the send policy', () => {
	it('parses the window and caps, and refuses what the law forbids by the profile field', () => {
		expect(parsePracticeProfile({ ...PROFILE_FIELDS, sendWindowStart: '09:00', maxPerWeek: 2 }).send).toEqual({
			window: { start: 540, end: 1200 },
			maxPerDay: 1,
			maxPerWeek: 2,
		});
		expect(() => parsePracticeProfile({ ...PROFILE_FIELDS, sendWindowEnd: '21:30' })).toThrow(PracticeProfileError);
		expect(() => parsePracticeProfile({ ...PROFILE_FIELDS, sendWindowEnd: '21:30' })).toThrow(
			'Chairside Practice Profile, Send Window End: 21:30 is later than 21:00',
		);
		expect(() => parsePracticeProfile({ ...PROFILE_FIELDS, maxPerDay: 5 })).toThrow(
			'Chairside Practice Profile, Max Messages per Day: must be between 1 and 3',
		);
	});
	it('the guard re-checks a policy handed to it: an object cannot loosen it', () => {
		expect(() =>
			policyFrom({ send: { window: { start: 6 * 60, end: 23 * 60 }, maxPerDay: 9, maxPerWeek: 9 } }),
		).toThrow('earlier than 08:00');
	});
});

describe('changing the send window once in the profile changes it for every journey and the guard', () => {
	// 10:30 in Chicago on Wednesday 4 March: day 1 of a follow-up enrolled yesterday (due 10:00) and
	// a recall due today are both due. One profile edit (window start 09:00 -> 11:00) moves both.
	const now = DateTime.fromISO('2026-03-04T10:30', { zone: ZONE });
	const patient = (crownCase() as { patient: object }).patient;
	const decide = (journey: keyof typeof TEMPLATES, subject: Record<string, unknown>, start: string) => {
		const practice = parsePracticeProfile({ ...PROFILE_FIELDS, sendWindowStart: start });
		// Enrolled the day before, as yesterday's tick would have.
		const enrolled = newEnrollment(TEMPLATES[journey], subjectOf(subject), now.minus({ days: 1 }));
		const items = tick([{ subject: subjectOf(subject), item: 0 }], new JournalIndex([enrolled]), {
			journey: TEMPLATES[journey],
			practice,
			send: practice.send,
			now,
			enroll: true,
		});
		return items.map((i) => [i.output, i.json.decision.reason, i.json.decision.until]);
	};
	const followUp = crownCase({ presentedOn: '2026-03-03' });
	const recall = { patientId: '501', type: 'Prophy', dueDate: '2026-03-04', patient };

	it('with the window from 09:00, both journeys send at 10:30', () => {
		expect(decide('treatment-follow-up', followUp, '09:00')[0][0]).toBe('sms');
		expect(decide('hygiene-recall', recall, '09:00')[0][0]).toBe('sms');
	});
	it('with the window from 11:00, both wait for 11:00, and the guard defers a touch to 11:00 too', () => {
		expect(decide('treatment-follow-up', followUp, '11:00')).toEqual([
			['waiting', 'send_window', '2026-03-04T17:00:00.000Z'],
		]);
		expect(decide('hygiene-recall', recall, '11:00')).toEqual([['waiting', 'send_window', '2026-03-04T17:00:00.000Z']]);
		const practice = parsePracticeProfile({ ...PROFILE_FIELDS, sendWindowStart: '11:00' });
		const verdict = checkTouch(touch(), policyFrom({ send: practice.send }), now);
		expect(verdict).toMatchObject({ kind: 'defer', rule: 'quiet_hours' });
		expect(verdict.kind === 'defer' && verdict.nextAllowedAt.toUTC().toISO()).toBe('2026-03-04T17:00:00.000Z');
	});
});

describe("the guard applies the profile's text-consent policy to an unknown consent", () => {
	const now = DateTime.fromISO('2026-03-10T10:00', { zone: ZONE });
	const followUp = (
		contact: Parameters<typeof touch>[0] extends infer P ? (P extends { contact?: infer C } ? C : never) : never,
	) => touch({ purpose: 'treatment_follow_up', contact });
	const guard = (smsConsentWhenUnknown: 'not_recorded' | 'collected_at_intake') =>
		policyFrom({ smsConsentWhenUnknown });

	it('not recorded (the default): a follow-up text to an unknown consent is blocked', () => {
		expect(checkTouch(followUp({ smsConsent: 'unknown' }), guard('not_recorded'), now)).toMatchObject({
			kind: 'block',
			rule: 'consent',
		});
		expect(checkTouch(followUp({ smsConsent: 'unknown' }), policyFrom(), now)).toMatchObject({
			kind: 'block',
			rule: 'consent',
		});
	});
	it('collected at intake: the same text passes; a recall never needed consent', () => {
		expect(checkTouch(followUp({ smsConsent: 'unknown' }), guard('collected_at_intake'), now)).toMatchObject({
			kind: 'pass',
		});
		expect(checkTouch(touch({ contact: { smsConsent: 'unknown' } }), guard('not_recorded'), now)).toMatchObject({
			kind: 'pass',
		});
	});
	it('collected at intake never overrides an explicit no or an opt-out', () => {
		expect(checkTouch(followUp({ smsConsent: 'no' }), guard('collected_at_intake'), now)).toMatchObject({
			kind: 'block',
			rule: 'consent',
		});
		expect(
			checkTouch(
				followUp({ smsConsent: 'unknown', optedOut: { sms: true, email: false } }),
				guard('collected_at_intake'),
				now,
			),
		).toMatchObject({ kind: 'block', rule: 'opt_out' });
	});
	it('an unknown consent with consent collected at intake does not make the patient "prefer" text over email', () => {
		const prefersEmail = followUp({ smsConsent: 'unknown', preferredChannel: 'email' });
		expect(checkTouch(prefersEmail, guard('collected_at_intake'), now)).toMatchObject({
			kind: 'block',
			rule: 'consent',
			reason: 'patient prefers email',
		});
	});
	it('the profile field is one of the two values', () => {
		expect(() => parsePracticeProfile({ ...PROFILE_FIELDS, smsConsentWhenUnknown: 'assumed' })).toThrow(
			'Text Consent When the Source Has None',
		);
	});
});
