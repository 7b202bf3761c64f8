import { day, longDate, metricValue, money, percent, shortDate } from '../../../core/report/format';

describe('report formats', () => {
	it('money is whole dollars with thousands separators', () => {
		expect(money(1776)).toBe('$1,776');
		expect(money(92351.6)).toBe('$92,352');
		expect(money(0)).toBe('$0');
		expect(money(6419712)).toBe('$6,419,712');
	});

	it('a rate is a percent with one decimal; counts keep at most one decimal and their unit', () => {
		expect(percent(0.12)).toBe('12.0%');
		expect(percent(0.2134)).toBe('21.3%');
		expect(metricValue('noShowRate', 0.09)).toBe('9.0%');
		expect(metricValue('rebookingRate', 1)).toBe('100.0%');
		expect(metricValue('reviewsPerMonth', 9.333)).toBe('9.3/month');
		expect(metricValue('reviewsPerMonth', 18)).toBe('18/month');
		expect(metricValue('frontDeskHours', 22)).toBe('22 h/week');
	});

	it("dates are the practice's calendar days: a UTC timestamp after local midnight is still the day before in Chicago", () => {
		expect(longDate('2026-11-23', 'America/Chicago')).toBe('Nov 23, 2026');
		expect(shortDate('2026-11-23', 'America/Chicago')).toBe('Nov 23');
		expect(longDate('2026-05-15T03:00:00Z', 'America/Chicago')).toBe('May 14, 2026');
		expect(() => day('next week', 'America/Chicago')).toThrow(/Not a date: "next week"/);
	});
});
