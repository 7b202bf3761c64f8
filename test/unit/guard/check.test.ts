import { DateTime } from 'luxon';
import { checkTouch, policyFrom, type GuardVerdict } from '../../../core/guard';
import { touch, type TouchPatch } from './fixtures';

const policy = policyFrom();
// 10:00 in Chicago (CDT, UTC-5) on a Tuesday.
const NOON_ISH = DateTime.fromISO('2026-03-10T15:00:00Z');

function check(patch: TouchPatch, now: DateTime | string = NOON_ISH, p = policy): GuardVerdict {
	return checkTouch(touch(patch), p, typeof now === 'string' ? DateTime.fromISO(now, { setZone: true }) : now);
}

function local(zone: string, text: string): DateTime {
	return DateTime.fromISO(text, { zone });
}

describe('checkTouch: a message every rule allows', () => {
	it('passes with the SMS segment count', () => {
		expect(check({})).toEqual({ kind: 'pass', segments: 1 });
	});
	it('passes an email with no segment count', () => {
		expect(check({ channel: 'email', subject: 'Your crown', html: '<p>Hi Maria</p>' })).toEqual({
			kind: 'pass',
			segments: null,
		});
	});
});

describe('rule 1: consent and channel preference', () => {
	it('blocks SMS when the patient said no', () => {
		expect(check({ contact: { smsConsent: 'no' } })).toMatchObject({
			kind: 'block',
			rule: 'consent',
			reason: 'patient declined text messages',
		});
	});
	it('allows exempt purposes (recall, appointment, implant care, no-show) with consent unknown', () => {
		for (const purpose of ['recall', 'appointment', 'implant_care', 'no_show'] as const) {
			expect(check({ purpose, contact: { smsConsent: 'unknown' } }).kind).toBe('pass');
		}
	});
	it('needs consent "yes" for treatment follow-up and reactivation by SMS', () => {
		for (const purpose of ['treatment_follow_up', 'reactivation'] as const) {
			const v = check({ purpose, contact: { smsConsent: 'unknown' } });
			expect(v).toMatchObject({ kind: 'block', rule: 'consent' });
			expect(check({ purpose, contact: { smsConsent: 'yes' } }).kind).toBe('pass');
		}
	});
	it('lets a practice change the purposes that need consent', () => {
		const p = policyFrom({ requireSmsConsentFor: ['recall'] });
		expect(check({ purpose: 'recall', contact: { smsConsent: 'unknown' } }, NOON_ISH, p)).toMatchObject({
			rule: 'consent',
		});
		expect(check({ purpose: 'treatment_follow_up', contact: { smsConsent: 'unknown' } }, NOON_ISH, p).kind).toBe(
			'pass',
		);
	});
	it('does not need SMS consent for email', () => {
		expect(check({ channel: 'email', purpose: 'reactivation', contact: { smsConsent: 'no' } }).kind).toBe('pass');
	});
	it('blocks email when the patient said no to email', () => {
		expect(check({ channel: 'email', contact: { emailConsent: 'no' } })).toMatchObject({
			rule: 'consent',
			reason: 'patient declined email',
		});
	});
	it('blocks SMS when the patient prefers email and email is usable', () => {
		expect(check({ contact: { preferredChannel: 'email' } })).toEqual({
			kind: 'block',
			rule: 'consent',
			reason: 'patient prefers email',
		});
	});
	it('sends by SMS anyway when the preferred email cannot be used', () => {
		expect(check({ contact: { preferredChannel: 'email', email: null } }).kind).toBe('pass');
		expect(check({ contact: { preferredChannel: 'email', emailConsent: 'no' } }).kind).toBe('pass');
		expect(check({ contact: { preferredChannel: 'email', optedOut: { sms: false, email: true } } }).kind).toBe('pass');
		expect(check({ contact: { preferredChannel: 'email', email: 'not-an-address' } }).kind).toBe('pass');
	});
	it('blocks email when the patient prefers text messages and SMS is usable', () => {
		expect(check({ channel: 'email', contact: { preferredChannel: 'sms' } })).toMatchObject({
			rule: 'consent',
			reason: 'patient prefers text messages',
		});
		// SMS would need consent for this purpose, which is missing: email it is.
		expect(
			check({ channel: 'email', purpose: 'reactivation', contact: { preferredChannel: 'sms', smsConsent: 'unknown' } })
				.kind,
		).toBe('pass');
		expect(check({ channel: 'email', contact: { preferredChannel: 'sms', mobile: '+1312' } }).kind).toBe('pass');
	});
});

describe('rule 2: opt-out', () => {
	it('blocks the opted-out channel only', () => {
		expect(check({ contact: { optedOut: { sms: true, email: false } } })).toEqual({
			kind: 'block',
			rule: 'opt_out',
			reason: 'patient opted out of text messages',
		});
		expect(check({ channel: 'email', contact: { optedOut: { sms: true, email: false } } }).kind).toBe('pass');
		expect(check({ channel: 'email', contact: { optedOut: { sms: false, email: true } } })).toMatchObject({
			rule: 'opt_out',
		});
	});
});

describe("rule 3: quiet hours in the patient's zone", () => {
	const zone = 'America/Chicago';
	const at = (text: string) => local(zone, text);
	it.each([
		['2026-03-10T07:59:59', 'defer'],
		['2026-03-10T08:00:00', 'pass'],
		['2026-03-10T19:59:59', 'pass'],
		['2026-03-10T20:00:00', 'defer'],
		['2026-03-10T00:00:00', 'defer'],
		['2026-03-10T23:59:59', 'defer'],
	])('%s local is %s', (text, kind) => {
		expect(check({}, at(text)).kind).toBe(kind);
	});
	it('defers to 08:00 the same day before the window, to 08:00 the next day after it', () => {
		const early = check({}, at('2026-03-10T07:59:59'));
		expect(early).toMatchObject({ kind: 'defer', rule: 'quiet_hours' });
		expect((early as { nextAllowedAt: DateTime }).nextAllowedAt.toISO()).toBe('2026-03-10T08:00:00.000-05:00');
		const late = check({}, at('2026-03-10T20:00:00'));
		expect((late as { nextAllowedAt: DateTime }).nextAllowedAt.toISO()).toBe('2026-03-11T08:00:00.000-05:00');
	});
	it('a care reply answering a message the patient just sent goes out at 23:30 and past the caps; its PHI check still holds', () => {
		const late = at('2026-03-10T23:30:00');
		const answers = (now: DateTime) => ({
			key: 'SM-in-1',
			receivedAt: now.minus({ minutes: 5 }).toUTC().toISO() as string,
		});
		expect(check({ purpose: 'care_reply', answers: answers(late) }, late)).toMatchObject({ kind: 'pass' });
		const today = ['2026-03-10T15:00:00Z', '2026-03-10T16:00:00Z', '2026-03-10T17:00:00Z'];
		expect(check({ purpose: 'care_reply', answers: answers(NOON_ISH), recentSends: today })).toMatchObject({
			kind: 'pass',
		});
		expect(check({ purpose: 'implant_care', recentSends: today })).toMatchObject({
			kind: 'defer',
			rule: 'frequency_cap',
		});
		expect(check({ purpose: 'implant_care' }, late)).toMatchObject({ kind: 'defer', rule: 'quiet_hours' });
		expect(
			check({ purpose: 'care_reply', answers: answers(late), body: 'About D6010 on tooth #19' }, late),
		).toMatchObject({ kind: 'block', rule: 'phi' });
	});
	it('says where and when in the reason, without patient data', () => {
		const v = check({}, at('2026-03-10T21:14:00'));
		expect(v).toMatchObject({
			reason: "outside the send window 08:00-20:00 in the patient's time (21:14 in America/Chicago)",
		});
	});
	it("measures in the patient's zone, not the server's: 9:00 in New York is 6:00 in Los Angeles", () => {
		const now = DateTime.fromISO('2026-03-10T13:00:00Z');
		expect(check({ contact: { timezone: 'America/New_York' } }, now).kind).toBe('pass');
		const la = check({ contact: { timezone: 'America/Los_Angeles' } }, now);
		expect(la.kind).toBe('defer');
		expect((la as { nextAllowedAt: DateTime }).nextAllowedAt.toISO()).toBe('2026-03-10T08:00:00.000-07:00');
	});
	it('spring-forward day in New York: 08:00 exists and is 12:00Z', () => {
		// 2026-03-08: clocks jump 02:00 -> 03:00.
		const v = check({ contact: { timezone: 'America/New_York' } }, DateTime.fromISO('2026-03-08T06:30:00Z'));
		expect((v as { nextAllowedAt: DateTime }).nextAllowedAt.toUTC().toISO()).toBe('2026-03-08T12:00:00.000Z');
		expect(check({ contact: { timezone: 'America/New_York' } }, DateTime.fromISO('2026-03-08T11:59:59Z')).kind).toBe(
			'defer',
		);
		expect(check({ contact: { timezone: 'America/New_York' } }, DateTime.fromISO('2026-03-08T12:00:00Z')).kind).toBe(
			'pass',
		);
	});
	it('fall-back day in New York: 08:00 is 13:00Z and 20:00 is 01:00Z', () => {
		// 2026-11-01: clocks go back 02:00 -> 01:00.
		const ny = { contact: { timezone: 'America/New_York' } };
		expect(check(ny, DateTime.fromISO('2026-11-01T12:59:59Z')).kind).toBe('defer');
		expect(check(ny, DateTime.fromISO('2026-11-01T13:00:00Z')).kind).toBe('pass');
		expect(check(ny, DateTime.fromISO('2026-11-02T00:59:59Z')).kind).toBe('pass');
		expect(check(ny, DateTime.fromISO('2026-11-02T01:00:00Z')).kind).toBe('defer');
	});
	it('Arizona keeps UTC-7 all year while Denver moves', () => {
		const july = DateTime.fromISO('2026-07-01T14:30:00Z'); // 07:30 Phoenix, 08:30 Denver
		expect(check({ contact: { timezone: 'America/Phoenix' } }, july).kind).toBe('defer');
		expect(check({ contact: { timezone: 'America/Denver' } }, july).kind).toBe('pass');
		const january = DateTime.fromISO('2026-01-15T14:30:00Z'); // 07:30 in both
		expect(check({ contact: { timezone: 'America/Phoenix' } }, january).kind).toBe('defer');
		expect(check({ contact: { timezone: 'America/Denver' } }, january).kind).toBe('defer');
	});
	it('Hawaii (UTC-10, no DST): 20:00 local is 06:00Z the next day', () => {
		const hi = { contact: { timezone: 'Pacific/Honolulu' } };
		expect(check(hi, DateTime.fromISO('2026-07-02T05:59:59Z')).kind).toBe('pass');
		const v = check(hi, DateTime.fromISO('2026-07-02T06:00:00Z'));
		expect((v as { nextAllowedAt: DateTime }).nextAllowedAt.toISO()).toBe('2026-07-02T08:00:00.000-10:00');
	});
	it('Lord Howe Island (half-hour DST): 08:00 on the day clocks move', () => {
		// 2026-10-04 02:00 -> 02:30 (UTC+10:30 -> +11).
		const v = check({ contact: { timezone: 'Australia/Lord_Howe' } }, DateTime.fromISO('2026-10-03T16:00:00Z'));
		expect(v.kind).toBe('defer');
		expect((v as { nextAllowedAt: DateTime }).nextAllowedAt.toISO()).toBe('2026-10-04T08:00:00.000+11:00');
	});
	it('blocks a contact whose zone is not an IANA zone, naming the field', () => {
		expect(check({ contact: { timezone: 'Mars/Olympus' } })).toEqual({
			kind: 'block',
			rule: 'quiet_hours',
			reason: 'contact.timezone "Mars/Olympus" is not an IANA time zone (e.g. America/Chicago)',
		});
		expect(check({ contact: { timezone: '' } })).toMatchObject({ kind: 'block', rule: 'quiet_hours' });
	});
	it('applies to email by default, and not when the practice turns it off', () => {
		const night = at('2026-03-10T22:00:00');
		expect(check({ channel: 'email' }, night).kind).toBe('defer');
		expect(check({ channel: 'email' }, night, policyFrom({ quietHoursForEmail: false })).kind).toBe('pass');
		expect(check({}, night, policyFrom({ quietHoursForEmail: false })).kind).toBe('defer');
	});
	it('honours a narrower window, with half hours', () => {
		const p = policyFrom({ quietHoursStart: '09:30', quietHoursEnd: 17 });
		expect(check({}, at('2026-03-10T09:29:59'), p).kind).toBe('defer');
		expect(check({}, at('2026-03-10T09:30:00'), p).kind).toBe('pass');
		expect(check({}, at('2026-03-10T16:59:59'), p).kind).toBe('pass');
		expect(check({}, at('2026-03-10T17:00:00'), p).kind).toBe('defer');
	});
	it('a window to 21:00 allows 20:59:59 and not 21:00', () => {
		const p = policyFrom({ quietHoursEnd: 21 });
		expect(check({}, at('2026-03-10T20:59:59'), p).kind).toBe('pass');
		expect(check({}, at('2026-03-10T21:00:00'), p).kind).toBe('defer');
	});
});

describe('rule 4: frequency caps across journeys', () => {
	const zone = 'America/Chicago';
	const at = (text: string) => local(zone, text);
	const iso = (text: string) => at(text).toISO() as string;
	it('one per patient-local calendar day: the next is deferred to tomorrow 08:00', () => {
		const v = check({ recentSends: [iso('2026-03-10T08:05:00')] }, at('2026-03-10T15:00:00'));
		expect(v).toMatchObject({ kind: 'defer', rule: 'frequency_cap' });
		expect((v as { nextAllowedAt: DateTime }).nextAllowedAt.toISO()).toBe('2026-03-11T08:00:00.000-05:00');
	});
	it("counts the day in the patient's zone: 23:30 yesterday in Chicago is 05:30Z today, still yesterday", () => {
		const sent = DateTime.fromISO('2026-03-10T04:30:00Z').toISO() as string; // 23:30 on the 9th in Chicago
		expect(check({ recentSends: [sent] }, at('2026-03-10T08:00:00')).kind).toBe('pass');
	});
	it('three per rolling 7 days: the fourth waits until the oldest leaves the week', () => {
		const recentSends = [iso('2026-04-05T10:00:00'), iso('2026-04-07T10:00:00'), iso('2026-04-09T10:00:00')];
		const v = check({ recentSends }, at('2026-04-10T10:00:00'));
		expect(v).toMatchObject({
			kind: 'defer',
			rule: 'frequency_cap',
			reason: 'already 3 message(s) in the last 7 days; at most 3 per week',
		});
		expect((v as { nextAllowedAt: DateTime }).nextAllowedAt.toISO()).toBe('2026-04-12T10:00:00.000-05:00');
	});
	it('the rolling week is 168 hours: across the spring-forward night it frees an hour later on the wall clock', () => {
		const recentSends = [iso('2026-03-05T10:00:00'), iso('2026-03-07T10:00:00'), iso('2026-03-09T10:00:00')];
		const v = check({ recentSends }, at('2026-03-10T10:00:00'));
		expect((v as { nextAllowedAt: DateTime }).nextAllowedAt.toISO()).toBe('2026-03-12T11:00:00.000-05:00');
	});
	it('a week cap that frees up at night defers to the next morning', () => {
		const recentSends = [iso('2026-04-04T21:30:00'), iso('2026-04-07T10:00:00'), iso('2026-04-09T10:00:00')];
		// The oldest send (21:30 on the 4th, outside the window: staff sent it by hand) leaves the week at 21:30 on the 11th.
		const v = check({ recentSends }, at('2026-04-11T10:00:00'));
		expect((v as { nextAllowedAt: DateTime }).nextAllowedAt.toISO()).toBe('2026-04-12T08:00:00.000-05:00');
	});
	it('a send exactly 7 days ago no longer counts', () => {
		const recentSends = [iso('2026-04-03T10:00:00'), iso('2026-04-07T10:00:00'), iso('2026-04-09T10:00:00')];
		expect(check({ recentSends }, at('2026-04-10T10:00:00')).kind).toBe('pass');
		expect(check({ recentSends }, at('2026-04-10T09:59:59')).kind).toBe('defer');
	});
	it('caps are practice settings', () => {
		const p = policyFrom({ maxPerDay: 2, maxPerWeek: 5 });
		expect(check({ recentSends: [iso('2026-03-10T08:05:00')] }, at('2026-03-10T15:00:00'), p).kind).toBe('pass');
	});
	it('ignores nothing in the future: a send dated later today still fills the day', () => {
		expect(check({ recentSends: [iso('2026-03-10T18:00:00')] }, at('2026-03-10T09:00:00')).kind).toBe('defer');
	});
	it('quiet hours decide before caps', () => {
		expect(check({ recentSends: [iso('2026-03-10T08:05:00')] }, at('2026-03-10T21:00:00'))).toMatchObject({
			rule: 'quiet_hours',
		});
	});
});

describe('rule 5: PHI', () => {
	it.each([
		['a procedure code', 'Your D2740 is ready to book'],
		['a procedure code', 'Your d6010 is ready to book'],
		['a procedure code', 'Code D 2740 on your plan'],
		['a tooth number', 'About tooth #14'],
		['a tooth number', 'About #30 on your plan'],
		['a tooth number', 'About tooth 3'],
		['a tooth number', 'About teeth 8 and 9'],
		['a tooth number', 'About tooth K'],
		['a clinical term', 'We found some decay'],
		['a clinical term', 'Your abscess needs care'],
		['a clinical term', 'Periodontitis treatment'],
		['a clinical term', 'Two cavities to fill'],
	])('blocks %s (%s)', (kind, body) => {
		const v = check({ body });
		expect(v).toMatchObject({
			kind: 'block',
			rule: 'phi',
			reason: `message contains ${kind}; patient messages use layman words only`,
		});
		// The reason never repeats the message.
		expect((v as { reason: string }).reason).not.toContain(body.split(' ').slice(-1)[0]);
	});
	it('checks the subject and the HTML of an email', () => {
		expect(check({ channel: 'email', subject: 'Tooth #19' })).toMatchObject({ rule: 'phi', phi: 'tooth_number' });
		expect(check({ channel: 'email', subject: 'Hi', html: '<p>Your <b>D2750</b></p>' })).toMatchObject({
			rule: 'phi',
			phi: 'procedure_code',
		});
		expect(
			check({ channel: 'email', subject: 'Hi', html: '<a href="https://x.test/plan?code=D2750">plan</a>' }),
		).toMatchObject({ phi: 'procedure_code' });
	});
	it("takes the practice's extra clinical words", () => {
		const p = policyFrom({ extraClinicalWords: 'bruxism, TMJ' });
		expect(check({ body: 'About your bruxism' }, NOON_ISH, p)).toMatchObject({ rule: 'phi', phi: 'clinical_word' });
		expect(check({ body: 'About your tmj' }, NOON_ISH, p)).toMatchObject({ rule: 'phi' });
	});
	it('comes after quiet hours (rule order)', () => {
		expect(check({ body: 'D2740' }, DateTime.fromISO('2026-03-10T03:00:00Z'))).toMatchObject({ rule: 'quiet_hours' });
	});
});

describe('rule 6: SMS length', () => {
	it('allows 3 segments (459 GSM-7 characters) and blocks 4', () => {
		expect(check({ body: 'a'.repeat(459) })).toEqual({ kind: 'pass', segments: 3 });
		expect(check({ body: 'a'.repeat(460) })).toMatchObject({
			kind: 'block',
			rule: 'sms_length',
			reason: 'message is 4 SMS segments; at most 3',
		});
	});
	it('explains UCS-2', () => {
		const v = check({ body: `${'a'.repeat(200)} 😀` });
		expect(v).toMatchObject({ rule: 'sms_length' });
		expect((v as { reason: string }).reason).toContain('UCS-2');
	});
	it('does not apply to email', () => {
		expect(check({ channel: 'email', subject: 'Hi', body: 'a'.repeat(5000) }).kind).toBe('pass');
	});
	it("uses the practice's limit", () => {
		expect(check({ body: 'a'.repeat(200) }, NOON_ISH, policyFrom({ maxSegments: 1 }))).toMatchObject({
			rule: 'sms_length',
		});
	});
});

describe('rule 7: addresses', () => {
	it.each([
		[null, 'no mobile number on file'],
		['3125550134', 'the mobile number is not a valid E.164 number'],
		['+1312555013', 'the mobile number is not a valid E.164 number'],
		['+1 312 555 0134', 'the mobile number is not a valid E.164 number'],
		['+10005550134', 'the mobile number is not a valid E.164 number'],
	])('SMS to %p is blocked: %s', (mobile, reason) => {
		expect(check({ contact: { mobile } })).toEqual({ kind: 'block', rule: 'e164', reason });
	});
	it.each([
		[null, 'no email address on file'],
		['maria', 'the email address is not valid'],
		['maria@example', 'the email address is not valid'],
		['maria @example.com', 'the email address is not valid'],
		['maria@example.com\r\nBcc: x@y.com', 'the email address is not valid'],
	])('email to %p is blocked: %s', (email, reason) => {
		expect(check({ channel: 'email', contact: { email } })).toEqual({ kind: 'block', rule: 'e164', reason });
	});
	it('accepts international mobiles', () => {
		expect(
			check(
				{ contact: { mobile: '+447911123456', timezone: 'Europe/London' } },
				DateTime.fromISO('2026-03-10T12:00:00Z'),
			).kind,
		).toBe('pass');
	});
});

describe('rule order: the first rule that fails decides', () => {
	const everythingWrong: TouchPatch = {
		purpose: 'reactivation',
		body: 'D2740 '.repeat(100),
		recentSends: [DateTime.fromISO('2026-03-10T14:00:00Z').toISO() as string],
		contact: { smsConsent: 'unknown', optedOut: { sms: true, email: false }, mobile: null },
	};
	const night = DateTime.fromISO('2026-03-10T03:00:00Z');
	it('consent, then opt-out, quiet hours, caps, PHI, length, address', () => {
		const steps: Array<[TouchPatch, string]> = [];
		let patch: TouchPatch = everythingWrong;
		const fix = (p: TouchPatch): TouchPatch =>
			(patch = { ...patch, ...p, contact: { ...patch.contact, ...p.contact } });
		steps.push([patch, 'consent']);
		steps.push([fix({ contact: { smsConsent: 'yes' } }), 'opt_out']);
		steps.push([fix({ contact: { optedOut: { sms: false, email: false } } }), 'quiet_hours']);
		const fixedNow = DateTime.fromISO('2026-03-10T16:00:00Z');
		expect(check(steps[0][0], night)).toMatchObject({ rule: 'consent' });
		expect(check(steps[1][0], night)).toMatchObject({ rule: 'opt_out' });
		expect(check(steps[2][0], night)).toMatchObject({ rule: 'quiet_hours' });
		expect(check(patch, fixedNow)).toMatchObject({ rule: 'frequency_cap' });
		fix({ recentSends: [] });
		expect(check(patch, fixedNow)).toMatchObject({ rule: 'phi' });
		fix({ body: 'Hello '.repeat(100) });
		expect(check(patch, fixedNow)).toMatchObject({ rule: 'sms_length' });
		fix({ body: 'Hello' });
		expect(check(patch, fixedNow)).toMatchObject({ rule: 'e164' });
		fix({ contact: { mobile: '+13125550134' } });
		expect(check(patch, fixedNow).kind).toBe('pass');
	});
});
