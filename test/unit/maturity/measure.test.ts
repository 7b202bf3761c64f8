/** Every Measure definition on small hand-built data: window edges, zero denominators, DST, ties. */
import { DateTime } from 'luxon';
import { sortItems } from '../../../core/maturity/items';
import { measure, type MeasureInput } from '../../../core/maturity/measure';
import { MEASURED_IDS, METRIC_IDS } from '../../../core/maturity/types';
import { apt, plan, proc, ZONE } from './pms-fixtures';

const NOW = DateTime.fromISO('2026-06-30T12:00', { zone: ZONE });
const FROM = '2026-06-21';
const TO = '2026-06-30';

function run(input: Partial<MeasureInput>, options: Partial<Parameters<typeof measure>[1]> = {}) {
	return measure({ appointments: [], procedures: [], plans: [], ...input }, { now: NOW, windowDays: 10, ...options });
}

describe('measure: the window', () => {
	it('is windowDays calendar days ending on now’s date, in now’s zone', () => {
		expect(run({})).toMatchObject({ from: FROM, to: TO, windowDays: 10 });
		expect(run({}, { windowDays: 1 })).toMatchObject({ from: TO, to: TO });
		expect(measure({ appointments: [], procedures: [], plans: [] }, { now: NOW })).toMatchObject({
			from: '2026-04-02',
			to: TO,
			windowDays: 90,
		});
	});

	it('counts calendar days across a DST change, and takes the date in now’s zone, not UTC’s', () => {
		const ny = DateTime.fromISO('2026-03-10T09:00', { zone: 'America/New_York' });
		expect(run({}, { now: ny })).toMatchObject({ from: '2026-03-01', to: '2026-03-10' });
		// 03:30 UTC on the 10th is still the evening of the 9th in Chicago.
		const late = DateTime.fromISO('2026-03-10T03:30:00Z').setZone(ZONE);
		const result = run(
			{ appointments: [apt('1', '2026-03-08 10:00', 'completed'), apt('1', '2026-03-09 20:00', 'broken')] },
			{ now: late, windowDays: 9 },
		);
		expect(result).toMatchObject({ from: '2026-03-01', to: '2026-03-09' });
		expect(result.metrics.noShowRate).toMatchObject({ numerator: 1, denominator: 2 });
	});

	it('refuses a window or lapse that is not a whole positive number', () => {
		expect(() => run({}, { windowDays: 0 })).toThrow(RangeError);
		expect(() => run({}, { windowDays: 7.5 })).toThrow(/windowDays/);
		expect(() => run({}, { lapsedMonths: 0 })).toThrow(/lapsedMonths/);
	});
});

describe('measure: empty data and zero denominators', () => {
	it('gives null values, never NaN, and no economics', () => {
		const result = run({});
		for (const id of MEASURED_IDS) {
			expect(result.metrics[id].value).toBeNull();
			expect(result.metrics[id].definition).toMatch(/^[A-Z].*\.$/);
		}
		expect(Object.keys(result.practiceMetrics).sort()).toEqual([...METRIC_IDS].sort());
		expect(Object.values(result.practiceMetrics).every((v) => v === null)).toBe(true);
		expect(result.economics).toEqual({});
		expect(result.read).toEqual({ appointments: 0, procedures: 0, plans: 0, skipped: 0 });
	});

	it('leaves rates null when the window holds nothing, though other items were read', () => {
		const result = run({
			appointments: [apt('1', '2025-01-10', 'completed')],
			plans: [plan('1', '2025-01-10', 'completed', 100, 100)],
		});
		expect(result.metrics.noShowRate).toMatchObject({ value: null, numerator: 0, denominator: 0 });
		expect(result.metrics.unscheduledRecovery.value).toBeNull();
		expect(result.metrics.treatmentAcceptance.value).toBeNull();
		expect(result.metrics.rebookingRate.value).toBeNull();
		// The one patient was last seen before the lapse line, and not since: a rate of 0, not null.
		expect(result.metrics.recallReactivation).toMatchObject({ value: 0, numerator: 0, denominator: 1 });
		expect(result.metrics.onlineBookingShare).toMatchObject({ value: null, numerator: 0, denominator: 0 });
		expect(run({}, { onlineBookings: 2 }).metrics.onlineBookingShare).toMatchObject({
			value: null,
			numerator: 2,
			denominator: 0,
		});
		expect(result.economics).toEqual({ appointmentsPerWeek: 0, lapsedPatients: 1, treatmentPresentedPerWeek: 0 });
	});
});

describe('measure: definitions', () => {
	it('noShowRate: broken over broken + completed, starting in the window before now', () => {
		const result = run({
			appointments: [
				apt('1', `${FROM} 08:00`, 'completed'),
				apt('2', '2026-06-20 16:00', 'broken'),
				apt('3', '2026-06-25', 'broken'),
				apt('4', `${TO} 11:59`, 'completed'),
				apt('5', `${TO} 15:00`, 'broken'),
				apt('6', '2026-06-29', 'scheduled'),
				apt('7', '2026-06-26', 'unscheduled_list'),
				apt('8', '2026-07-01', 'broken'),
			],
		});
		expect(result.metrics.noShowRate).toMatchObject({ numerator: 1, denominator: 3, value: 1 / 3 });
		expect(result.practiceMetrics.noShowRate).toBe(1 / 3);
	});

	it('unscheduledRecovery and treatmentAcceptance over plans presented in the window, edges included', () => {
		const plans = [
			plan('1', FROM, 'completed', 1000, 1000),
			plan('2', TO, 'scheduled', 2000, 500),
			plan('3', '2026-06-25', 'open', 300, 0),
			plan('4', '2026-06-25', 'declined', 700, 0),
			plan('5', '2026-06-20', 'completed', 5000, 5000),
			plan('6', '2026-07-01', 'scheduled', 5000, 5000),
		];
		const result = run({ plans });
		expect(result.metrics.unscheduledRecovery).toMatchObject({ numerator: 2, denominator: 4, value: 0.5 });
		expect(result.metrics.treatmentAcceptance).toMatchObject({ numerator: 1500, denominator: 4000, value: 0.375 });
		expect(result.economics.treatmentPresentedPerWeek).toBe(2800);
	});

	it('recallReactivation: patients lapsed at the window start who came back in it', () => {
		// Lapse line: 12 months before 2026-06-21.
		const appointments = [
			apt('A', '2025-06-20', 'completed'),
			apt('A', '2026-06-24', 'completed'),
			apt('B', '2024-01-10', 'completed'),
			apt('C', '2025-06-21', 'completed'),
			apt('C', '2026-06-24', 'completed'),
			apt('D', '2026-06-24', 'broken'),
			apt('E', '2025-01-01', 'completed'),
			apt('E', '2026-05-01', 'completed'),
			apt('F', '2025-06-01', 'completed'),
			apt('F', '2026-06-29', 'scheduled'),
		];
		const result = run({ appointments });
		expect(result.metrics.recallReactivation).toMatchObject({ numerator: 1, denominator: 3 });
		expect(result.economics.lapsedPatients).toBe(3);
		expect(run({ appointments }, { lapsedMonths: 18 }).metrics.recallReactivation).toMatchObject({
			numerator: 0,
			denominator: 1,
		});
	});

	it('rebookingRate: patients seen in the window with a later appointment on the books', () => {
		const appointments = [
			apt('P1', '2026-06-22', 'completed'),
			apt('P1', '2026-09-01', 'scheduled'),
			apt('P2', '2026-06-23', 'completed'),
			apt('P3', '2026-06-22', 'completed'),
			apt('P3', '2026-06-26', 'completed'),
			apt('P3', '2026-06-29', 'broken'),
			apt('P4', '2026-06-20', 'scheduled'),
			apt('P4', '2026-06-24', 'completed'),
			apt('P5', '2026-06-25 09:00', 'completed'),
			apt('P5', '2026-06-25 14:00', 'scheduled'),
			apt('P6', '2026-06-10', 'completed'),
			apt('P6', '2026-08-01', 'scheduled'),
			apt('P7', '2026-06-23', 'completed'),
			apt('P7', '2026-07-15', 'planned'),
		];
		const result = run({ appointments }, { onlineBookings: 2 });
		expect(result.metrics.rebookingRate).toMatchObject({ numerator: 3, denominator: 6, value: 0.5 });
		// In the window and on the books: P1, P2, P3 x3, P4, P5 x2, P7.
		expect(result.metrics.onlineBookingShare).toMatchObject({ numerator: 2, denominator: 9, value: 2 / 9 });
		expect(run({ appointments }).metrics.onlineBookingShare.value).toBeNull();
	});

	it('reviewsPerMonth over the window in months, frontDeskHours as given', () => {
		const result = measure(
			{ appointments: [], procedures: [], plans: [] },
			{ now: NOW, reviews: 6, frontDeskHours: 32 },
		);
		expect(result.metrics.reviewsPerMonth).toMatchObject({
			numerator: 6,
			denominator: 90 / 30.4375,
			value: 6 / (90 / 30.4375),
		});
		expect(result.metrics.frontDeskHours).toMatchObject({ value: 32, numerator: 32, denominator: 1 });
		expect(result.practiceMetrics).toMatchObject({ reviewsPerMonth: 6 / (90 / 30.4375), frontDeskHours: 32 });
		expect(
			measure({ appointments: [], procedures: [], plans: [] }, { now: NOW, reviews: 0 }).metrics.reviewsPerMonth.value,
		).toBe(0);
	});
});

describe('measure: economics', () => {
	const appointments = [
		apt('X', '2026-06-22', 'completed'),
		apt('Y', '2026-06-24', 'completed'),
		apt('Z', '2026-06-25', 'completed'),
		apt('Z', '2026-06-27', 'completed'),
		apt('W', '2026-06-28', 'broken'),
		apt('U', '2025-06-30', 'completed'),
	];
	const procedures = [
		proc('X', '2026-06-22', 200),
		proc('X', '2026-01-10', 800),
		proc('Y', '2026-06-24', 300),
		proc('Z', '2026-06-25', 100),
		proc('Z', '2026-06-27', 400),
		proc('V', '2025-12-01', 500),
		// Exactly a year ago: outside the last 12 months.
		proc('U', '2025-06-30', 1000),
	];

	it('from the window and the last 12 months', () => {
		expect(run({ appointments, procedures }).economics).toEqual({
			appointmentsPerWeek: 3.5,
			averageAppointmentValue: 250,
			lapsedPatients: 0,
			reactivatedPatientValue: 575,
		});
	});

	it('leaves out what the items cannot show', () => {
		expect(run({ procedures }).economics).toEqual({ reactivatedPatientValue: 575 });
		expect(run({ appointments }).economics).toEqual({ appointmentsPerWeek: 3.5, lapsedPatients: 0 });
	});

	it('reads sorted items and counts the skipped ones', () => {
		const sorted = sortItems([...appointments, ...procedures, { error: 'timeout' }, 'junk']);
		expect(measure(sorted, { now: NOW, windowDays: 10 }).read).toEqual({
			appointments: 6,
			procedures: 7,
			plans: 0,
			skipped: 2,
		});
	});
});
