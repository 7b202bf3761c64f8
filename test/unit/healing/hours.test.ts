import { DateTime } from 'luxon';
import { addBusinessHours, parsePracticeHours } from '../../../core/healing/hours';

const ZONE = 'America/Chicago';
const at = (local: string) => DateTime.fromISO(local, { zone: ZONE });
const due = (local: string, hours: string, amount = 4, closed = '') =>
	addBusinessHours(at(local), parsePracticeHours(hours, ZONE, closed), amount).toISO();

const WEEKDAYS = 'Mon-Fri 08:00-17:00';
const SHORT_FRIDAY = 'Mon-Thu 08:00-17:00, Fri 08:00-13:00';

describe('parsePracticeHours', () => {
	test('day ranges, single days, several spans a day, wrapping ranges', () => {
		const hours = parsePracticeHours(
			'mon-thu 8:00-17:00; Fri 08:00 - 13:00\nTues 18:00-19:30, Sat to Sun 09:00-12:00',
			ZONE,
			'2026-12-24, 2026-12-25',
		);
		expect(hours.week[0]).toEqual([{ open: 480, close: 1020 }]);
		expect(hours.week[1]).toEqual([
			{ open: 480, close: 1020 },
			{ open: 1080, close: 1170 },
		]);
		expect(hours.week[4]).toEqual([{ open: 480, close: 780 }]);
		expect(hours.week[6]).toEqual([{ open: 540, close: 720 }]);
		expect([...hours.closed]).toEqual(['2026-12-24', '2026-12-25']);
		expect(parsePracticeHours('Sat-Mon 09:00-12:00', ZONE).week.map((spans) => spans.length)).toEqual([
			1, 0, 0, 0, 0, 1, 1,
		]);
	});

	test.each([
		['Mon-Fri 8-5', 'Practice Hours: "Mon-Fri 8-5" is not like "Mon-Thu 08:00-17:00, Fri 08:00-13:00"'],
		['Mn 08:00-17:00', 'Practice Hours: "mn" is not a day of the week'],
		['Mon-Fri 08:00-25:00', 'Practice Hours: "25:00" is not a time of day'],
		['Mon 17:00-08:00', 'Practice Hours: "Mon 17:00-08:00" closes before it opens'],
		['Mon 08:00-12:00, Mon 11:00-17:00', 'Practice Hours: monday opens at 11:00 before closing at 12:00'],
		['', 'Practice Hours are empty: list the open hours, e.g. "Mon-Thu 08:00-17:00, Fri 08:00-13:00"'],
	])('%j is refused', (text, message) => {
		expect(() => parsePracticeHours(text, ZONE)).toThrow(message);
	});

	test('a bad zone or closed date is refused', () => {
		expect(() => parsePracticeHours(WEEKDAYS, 'Central')).toThrow(
			'Practice Time Zone "Central" is not an IANA time zone',
		);
		expect(() => parsePracticeHours(WEEKDAYS, ZONE, '12/25/2026')).toThrow(
			'Closed Dates: "12/25/2026" is not a date like 2026-12-25',
		);
		expect(() => parsePracticeHours(WEEKDAYS, ZONE, '2026-02-30')).toThrow('Closed Dates: "2026-02-30"');
	});
});

describe('addBusinessHours', () => {
	test('inside open hours', () => {
		expect(due('2026-03-10T10:00', WEEKDAYS)).toBe('2026-03-10T14:00:00.000-05:00');
		expect(due('2026-03-10T13:00', WEEKDAYS)).toBe('2026-03-10T17:00:00.000-05:00');
	});

	test('across the evening', () => {
		expect(due('2026-03-10T15:00', WEEKDAYS)).toBe('2026-03-11T10:00:00.000-05:00');
	});

	test('after close and before open', () => {
		expect(due('2026-03-10T19:30', WEEKDAYS)).toBe('2026-03-11T12:00:00.000-05:00');
		expect(due('2026-03-10T06:00', WEEKDAYS)).toBe('2026-03-10T12:00:00.000-05:00');
	});

	test('Friday afternoon -> Monday, with a short Friday', () => {
		expect(due('2026-03-13T15:00', WEEKDAYS)).toBe('2026-03-16T10:00:00.000-05:00');
		expect(due('2026-03-13T15:00', SHORT_FRIDAY)).toBe('2026-03-16T12:00:00.000-05:00');
		expect(due('2026-03-13T11:00', SHORT_FRIDAY)).toBe('2026-03-16T10:00:00.000-05:00');
	});

	test('over the weekend and closed dates', () => {
		expect(due('2026-03-14T10:00', WEEKDAYS)).toBe('2026-03-16T12:00:00.000-05:00');
		expect(due('2026-12-24T16:00', WEEKDAYS, 4, '2026-12-25')).toBe('2026-12-28T11:00:00.000-06:00');
	});

	test('a lunch break does not count', () => {
		expect(due('2026-03-10T10:00', 'Mon-Fri 08:00-12:00, Mon-Fri 13:00-17:00')).toBe('2026-03-10T15:00:00.000-05:00');
	});

	test('the week DST starts (Sunday 8 March 2026): Friday afternoon -> Monday, offset -05:00', () => {
		expect(due('2026-03-06T15:00', WEEKDAYS)).toBe('2026-03-09T10:00:00.000-05:00');
		expect(due('2026-03-06T15:00', WEEKDAYS)).not.toContain('-06:00');
	});

	test('the week DST ends (Sunday 1 November 2026): Friday afternoon -> Monday, offset -06:00', () => {
		expect(due('2026-10-30T15:00', WEEKDAYS)).toBe('2026-11-02T10:00:00.000-06:00');
	});

	test('open hours spanning the change count real hours', () => {
		// 02:00-03:00 does not exist on 8 March: four hours from midnight end at 05:00.
		expect(due('2026-03-08T00:00', 'Sun 00:00-06:00')).toBe('2026-03-08T05:00:00.000-05:00');
		// 01:00-02:00 happens twice on 1 November: four hours from midnight end at 03:00.
		expect(due('2026-11-01T00:00', 'Sun 00:00-06:00')).toBe('2026-11-01T03:00:00.000-06:00');
	});

	test('"now" in another zone is read in the practice zone', () => {
		const utc = DateTime.fromISO('2026-03-10T15:00:00Z', { zone: 'utc' });
		expect(addBusinessHours(utc, parsePracticeHours(WEEKDAYS, ZONE), 4).toISO()).toBe('2026-03-10T14:00:00.000-05:00');
	});

	test('zero hours is the next open moment; fractions count', () => {
		expect(due('2026-03-14T10:00', WEEKDAYS, 0)).toBe('2026-03-16T08:00:00.000-05:00');
		expect(due('2026-03-10T16:30', WEEKDAYS, 1.5)).toBe('2026-03-11T09:00:00.000-05:00');
	});

	test('a negative amount or an invalid "now" is refused', () => {
		const hours = parsePracticeHours(WEEKDAYS, ZONE);
		expect(() => addBusinessHours(at('2026-03-10T10:00'), hours, -1)).toThrow('-1 is not a number of hours');
		expect(() => addBusinessHours(DateTime.invalid('test'), hours, 4)).toThrow('now is not a valid date and time');
	});
});
