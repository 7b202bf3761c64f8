/** The go-live forecast for one case: the next days of its journey, as Patient Message would get them. */
import { DateTime } from 'luxon';
import { upcoming } from '../../../core/golive/upcoming';
import { subjectOf } from '../../../core/journey/subject';
import { TEMPLATES } from '../../../core/journey/templates';
import { DEFAULT_SEND_POLICY } from '../../../core/practice/send-policy';
import { PRACTICE, crownCase } from '../journey/fixtures';

const journey = TEMPLATES['treatment-follow-up'];
const now = DateTime.fromISO('2026-03-03T08:00', { zone: 'America/Chicago' });
const none = { sms: false, email: false };
const forecast = (fact: Record<string, unknown>, days = 14, optedOut = none) =>
	upcoming(journey, subjectOf(fact), PRACTICE, DEFAULT_SEND_POLICY.window, now, days, optedOut);

describe('go-live forecast', () => {
	it('lists the texts, the email and the front-desk call in the next 14 days, in lay words, with the planned time', () => {
		const rows = forecast(crownCase());
		expect(rows.map((r) => [r.kind, 'what' in r ? r.what : null])).toEqual([
			['chairside.touch', 'the first text (day 1)'],
			['chairside.touch', 'the email (day 3)'],
			['chairside.touch', 'the second text (day 7)'],
			['chairside.upcoming-task', 'the front desk call (day 12)'],
		]);
		const first = rows[0] as Extract<(typeof rows)[number], { kind: 'chairside.touch' }>;
		expect(first).toMatchObject({
			firstName: 'Maria',
			channel: 'sms',
			purpose: 'treatment_follow_up',
			contact: { mobile: '+15125550123', smsConsent: 'yes' },
		});
		expect(DateTime.fromISO(first.plannedAt).setZone('America/Chicago').toFormat('yyyy-MM-dd HH:mm')).toBe(
			'2026-03-04 10:00',
		);
		// Each planned message has its own key: the dry run counts them toward the caps separately.
		expect(new Set(rows.filter((r) => r.kind === 'chairside.touch').map((r) => (r as typeof first).sendKey)).size).toBe(
			3,
		);
	});

	it('only the days asked for', () => {
		expect(forecast(crownCase(), 5).map((r) => ('what' in r ? r.what : ''))).toEqual([
			'the first text (day 1)',
			'the email (day 3)',
		]);
	});

	it('a text goes by email to a patient the journal knows stopped texts, as a tick would send it', () => {
		const [first] = forecast(crownCase(), 14, { sms: true, email: false });
		expect(first).toMatchObject({ channel: 'email', what: 'the first text, sent by email (day 1)' });
	});

	it('a case that would not start says why', () => {
		const nobody = crownCase({ patient: { ...(crownCase().patient as object), mobile: null, email: null } });
		expect(forecast(nobody)).toEqual([
			expect.objectContaining({
				kind: 'chairside.not-starting',
				firstName: 'Maria',
				reason: 'no mobile number or email',
			}),
		]);
	});
});
