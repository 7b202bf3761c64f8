import { DEFAULT_ECONOMICS, formatDollars, priceMetric, sumDollars, weekly } from '../../../core/maturity/leakage';

describe('weekly', () => {
	it('turns a week into a month (52/12 weeks) and a year (52 weeks), to the cent', () => {
		expect(weekly(1776)).toEqual({ week: 1776, month: 7696, year: 92352 });
		expect(weekly(10 / 3)).toEqual({ week: 3.33, month: 14.44, year: 173.33 });
	});
	it('sums horizon by horizon', () => {
		expect(sumDollars([weekly(1776), weekly(25)])).toEqual({ week: 1801, month: 7804.33, year: 93652 });
		expect(sumDollars([])).toEqual({ week: 0, month: 0, year: 0 });
	});
	it('prints whole dollars bare and cents in full', () => {
		expect(formatDollars(1776)).toBe('$1,776');
		expect(formatDollars(12.5)).toBe('$12.50');
	});
});

describe('priceMetric', () => {
	it("prices the seed's example: 12% no-show x $185 x 80 a week = $1,776 a week, $444 back at 9%", () => {
		expect(priceMetric('noShowRate', 0.12, 0.09, DEFAULT_ECONOMICS)).toEqual({
			leakage: { week: 1776, month: 7696, year: 92352 },
			recoverable: { week: 444, month: 1924, year: 23088 },
			method:
				'12% no-show x $185 average appointment x 80 appointments a week = $1,776 a week; reaching 9% brings back $444 a week.',
		});
	});

	it('unscheduled treatment: (1 - recovery) x treatment presented a week; back: the gap to the target', () => {
		const priced = priceMetric('unscheduledRecovery', 0.44, 0.52, { treatmentPresentedPerWeek: 10_000 });
		expect(priced.leakage).toEqual({ week: 5600, month: 24266.67, year: 291200 });
		expect(priced.recoverable).toEqual({ week: 800, month: 3466.67, year: 41600 });
		expect(priced.method).toBe(
			'(100% - 44% recovered) x $10,000 of treatment presented a week = $5,600 a week; reaching 52% brings back $800 a week.',
		);
	});

	it("recall: (1 - reactivation) x lapsed patients x a returning patient's year, stated a year", () => {
		const priced = priceMetric('recallReactivation', 0.14, 0.19, { lapsedPatients: 400, reactivatedPatientValue: 600 });
		expect(priced.leakage).toEqual({ week: 3969.23, month: 17200, year: 206400 });
		expect(priced.recoverable).toEqual({ week: 230.77, month: 1000, year: 12000 });
		expect(priced.method).toBe(
			"(100% - 14% reactivated) x 400 lapsed patients x $600 a returning patient's year = $206,400 a year; reaching 19% brings back $12,000 a year.",
		);
	});

	it('online booking: phone bookings cost front-desk time, (1 - share) x 80 x 6 min at $25 an hour', () => {
		const priced = priceMetric('onlineBookingShare', 0.35, 0.55, DEFAULT_ECONOMICS);
		expect(priced.leakage?.week).toBe(130);
		expect(priced.recoverable?.week).toBe(40);
		expect(priced.method).toBe(
			'(100% - 35% booked online) x 80 appointments a week x 6 phone minutes each at $25 a front-desk hour = $130 a week; reaching 55% brings back $40 a week.',
		);
	});

	it('front-desk hours: hours x the hourly cost; back: the hours above the target', () => {
		const priced = priceMetric('frontDeskHours', 17, 16, { frontDeskHourlyCost: 30 });
		expect(priced.leakage).toEqual({ week: 510, month: 2210, year: 26520 });
		expect(priced.recoverable?.week).toBe(30);
		expect(priced.method).toBe(
			'17 front-desk hours a week x $30 an hour = $510 a week; reaching 16 brings back $30 a week.',
		);
	});

	it('has no dollar model for reviews', () => {
		expect(priceMetric('reviewsPerMonth', 5, 8, DEFAULT_ECONOMICS)).toEqual({
			leakage: null,
			recoverable: null,
			method: 'No dollar model for Google reviews a month: it is scored, not priced.',
		});
	});

	it('at Stage 5 still counts the leakage but nothing to recover', () => {
		const priced = priceMetric('noShowRate', 0.04, null, DEFAULT_ECONOMICS);
		expect(priced.leakage?.week).toBe(592);
		expect(priced.recoverable).toBeNull();
		expect(priced.method).toContain('already at Stage 5');
	});

	describe('without a number it needs', () => {
		it.each([
			['noShowRate', 0.12, {}, ['averageAppointmentValue', 'appointmentsPerWeek']],
			['noShowRate', 0.12, { averageAppointmentValue: 185 }, ['appointmentsPerWeek']],
			['unscheduledRecovery', 0.44, DEFAULT_ECONOMICS, ['treatmentPresentedPerWeek']],
			['recallReactivation', 0.14, { lapsedPatients: 400 }, ['reactivatedPatientValue']],
			['onlineBookingShare', 0.35, { appointmentsPerWeek: 80, frontDeskHourlyCost: 25 }, ['phoneBookingMinutes']],
			['frontDeskHours', 17, { frontDeskHourlyCost: Number.NaN }, ['frontDeskHourlyCost']],
		] as const)('%s has no dollars and says which number to give', (metric, value, economics, needed) => {
			const priced = priceMetric(metric, value, 0.09, economics);
			expect(priced.leakage).toBeNull();
			expect(priced.recoverable).toBeNull();
			expect(priced.method).toMatch(/^Give /);
			for (const key of needed) expect(priced.method).toContain(`(${key})`);
			expect(priced.method?.match(/\(\w+\)/g)).toHaveLength(needed.length);
		});
	});
});
