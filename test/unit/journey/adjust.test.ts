/**
 * Journey Settings: a shipped journey's days, steps and thresholds as fields. Defaults equal the
 * template; a changed field changes what the preview shows.
 */
import { DateTime } from 'luxon';
import { adjustableFields, adjustJourney } from '../../../core/journey/adjust';
import { preview } from '../../../core/journey/preview';
import { subjectOf } from '../../../core/journey/subject';
import { TEMPLATES } from '../../../core/journey/templates';
import { DEFAULT_SEND_POLICY } from '../../../core/practice/send-policy';
import { PRACTICE, crownCase } from './fixtures';

const follow = TEMPLATES['treatment-follow-up'];
const now = DateTime.fromISO('2026-03-03T08:00', { zone: 'America/Chicago' });
const window = DEFAULT_SEND_POLICY.window;
const field = (label: string) => adjustableFields(follow).find((f) => f.label === label)!;

describe('Journey Settings fields', () => {
	it('offer the financing and staff-call thresholds, each step day and on/off, with the template as default', () => {
		expect(field('Email: Financing Wording From ($)').default).toBe(1500);
		expect(field('Front Desk Call: From Case Value ($)').default).toBe(3000);
		expect(field('First Text: Day').default).toBe(1);
		expect(field('Second Text: Day').default).toBe(7);
		expect(field('Front Desk Call: On').default).toBe(true);
		expect(field('Start From Case Value ($)').default).toBe(300);
	});

	it('names are unique across every shipped journey', () => {
		const names = Object.values(TEMPLATES).flatMap((j) => adjustableFields(j).map((f) => f.name));
		expect(new Set(names).size).toBe(names.length);
	});

	it('the defaults give back the template', () => {
		for (const journey of Object.values(TEMPLATES)) {
			const defaults = Object.fromEntries(adjustableFields(journey).map((f) => [f.name, f.default]));
			expect(adjustJourney(journey, defaults)).toEqual(journey);
			expect(adjustJourney(journey, {})).toBe(journey);
		}
	});
});

describe('changing a field changes the preview', () => {
	// A $2,400 crown: above the financing threshold, below the staff call.
	const subject = subjectOf(crownCase({ totalFee: 2400, openFee: 2400 }));
	const plan = (values: Record<string, unknown>) =>
		preview(adjustJourney(follow, values), subject, PRACTICE, window, now);
	const step = (p: ReturnType<typeof plan>, id: string) => p.touches.find((t) => t.step === id);

	it('the staff-call threshold', () => {
		expect(step(plan({}), 'day-12-call')?.included).toBe(false);
		expect(step(plan({ [field('Front Desk Call: From Case Value ($)').name]: 2000 }), 'day-12-call')?.included).toBe(
			true,
		);
	});

	it('the financing threshold', () => {
		expect(step(plan({}), 'day-3-email')?.body).toMatch(/monthly payment options/);
		expect(step(plan({ [field('Email: Financing Wording From ($)').name]: 5000 }), 'day-3-email')?.body).not.toMatch(
			/monthly payment options/,
		);
	});

	it('a day offset and a step turned off', () => {
		const moved = plan({ [field('Second Text: Day').name]: 9, [field('Email: On').name]: false });
		expect(step(moved, 'day-3-email')).toBeUndefined();
		expect(DateTime.fromISO(step(moved, 'day-7-text')!.at!).setZone('America/Chicago').toISODate()).toBe('2026-03-12');
	});

	it('a step moved past the next keeps day order, and the journey lasts long enough for it', () => {
		const journey = adjustJourney(follow, {
			[field('First Text: Day').name]: 10,
			[field('Front Desk Call: Day').name]: 30,
		});
		expect(journey.steps.map((s) => s.id)).toEqual(['day-3-email', 'day-7-text', 'day-1-text', 'day-12-call']);
		expect(journey.stopAfterDays).toBeGreaterThan(30);
	});

	it('every step off is refused with the field named', () => {
		const off = Object.fromEntries(
			adjustableFields(follow)
				.filter((f) => f.label.endsWith(': On'))
				.map((f) => [f.name, false]),
		);
		expect(() => adjustJourney(follow, off)).toThrow(/Journey Settings: every step is turned off/);
	});
});
