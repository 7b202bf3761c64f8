import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { eventIdFor } from '../../../core/calendar/event-id';
import { misfit, openings, type OpeningsQuery } from '../../../core/calendar/openings';

const ZONE = 'America/Chicago';
const local = (iso: string) => DateTime.fromISO(iso, { zone: ZONE });
/** Fri 6 to Tue 10 March 2026: clocks go forward on Sunday the 8th. */
const base: OpeningsQuery = {
	from: local('2026-03-06T00:00'),
	to: local('2026-03-11T00:00'),
	zone: ZONE,
	businessHours: 'Mon-Fri 09:00-17:00',
	serviceMinutes: 60,
	limit: 3,
};
const starts = (query: Partial<OpeningsQuery>, busy: Array<{ start: string; end: string }> = []) =>
	openings(busy, { ...base, ...query }).map((o) => o.start);

describe('openings', () => {
	it('spreads one per open day first, skipping the weekend, and keeps 09:00 local across DST', () => {
		expect(openings([], base)).toEqual([
			{ start: '2026-03-06T09:00:00-06:00', end: '2026-03-06T10:00:00-06:00' },
			{ start: '2026-03-09T09:00:00-05:00', end: '2026-03-09T10:00:00-05:00' },
			{ start: '2026-03-10T09:00:00-05:00', end: '2026-03-10T10:00:00-05:00' },
		]);
	});

	it('without spread, the first openings in time order; with spread and few days, fills from the earliest', () => {
		expect(starts({ spread: false })).toEqual([
			'2026-03-06T09:00:00-06:00',
			'2026-03-06T09:15:00-06:00',
			'2026-03-06T09:30:00-06:00',
		]);
		expect(starts({ to: local('2026-03-07T00:00') })).toEqual([
			'2026-03-06T09:00:00-06:00',
			'2026-03-06T09:15:00-06:00',
			'2026-03-06T09:30:00-06:00',
		]);
		expect(starts({ limit: 4, from: local('2026-03-09T15:00'), to: local('2026-03-11T00:00') })).toEqual([
			'2026-03-09T15:00:00-05:00',
			'2026-03-09T15:15:00-05:00',
			'2026-03-09T15:30:00-05:00',
			'2026-03-10T09:00:00-05:00',
		]);
	});

	it('keeps the buffer clear around busy time given in UTC, and fits the service before closing', () => {
		// Busy 09:00-10:00 Monday (after the change: 14:00Z), 20 minutes buffer, 45 minute service, 5 minute steps.
		const busy = [{ start: '2026-03-09T14:00:00Z', end: '2026-03-09T15:00:00Z' }];
		const query = {
			from: local('2026-03-09T08:00'),
			to: local('2026-03-10T00:00'),
			serviceMinutes: 45,
			bufferMinutes: 20,
			stepMinutes: 5,
			spread: false,
			limit: 1,
		};
		expect(starts(query, busy)).toEqual(['2026-03-09T10:20:00-05:00']);
		expect(starts({ ...query, from: local('2026-03-09T16:00'), limit: 5 }, busy)).toEqual([
			'2026-03-09T16:00:00-05:00',
			'2026-03-09T16:05:00-05:00',
			'2026-03-09T16:10:00-05:00',
			'2026-03-09T16:15:00-05:00',
		]);
	});

	it('honours lunch breaks, closed dates and the step grid from a mid-hour start', () => {
		const query = {
			businessHours: 'Mon-Fri 09:00-12:00, Mon-Fri 13:00-17:00',
			closedDates: '2026-03-06',
			from: local('2026-03-09T11:07'),
			spread: false,
			limit: 3,
			serviceMinutes: 30,
		};
		expect(starts(query)).toEqual([
			'2026-03-09T11:15:00-05:00',
			'2026-03-09T11:30:00-05:00',
			'2026-03-09T13:00:00-05:00',
		]);
		expect(starts({ closedDates: '2026-03-06', limit: 1 })).toEqual(['2026-03-09T09:00:00-05:00']);
	});

	it('a 60-minute service across the DST night is 60 real minutes (weekend hours)', () => {
		const night = starts({
			businessHours: 'Sun 01:00-04:00',
			from: local('2026-03-08T00:00'),
			to: local('2026-03-09T00:00'),
			spread: false,
			stepMinutes: 60,
			limit: 5,
		});
		// 01:00-04:00 local that night is two real hours: 01:00 CST and 03:00 CDT.
		expect(night).toEqual(['2026-03-08T01:00:00-06:00', '2026-03-08T03:00:00-05:00']);
	});

	it('names what is wrong with the rules', () => {
		expect(() => openings([], { ...base, serviceMinutes: 0 })).toThrow('Service Minutes must be at least 5');
		expect(() => openings([], { ...base, bufferMinutes: -5 })).toThrow('Buffer Minutes cannot be negative');
		expect(() => openings([], { ...base, businessHours: 'weekdays' })).toThrow(/Practice Hours: "weekdays"/);
		expect(() => openings([{ start: 'soon', end: 'later' }], base)).toThrow(
			'Busy time soon to later is not a pair of ISO times',
		);
	});

	it('misfit tells closed from busy', () => {
		const busy = [{ start: '2026-03-09T10:00:00-05:00', end: '2026-03-09T11:00:00-05:00' }];
		const rules = { ...base, bufferMinutes: 10 };
		expect(misfit(local('2026-03-09T08:30'), busy, rules)).toBe('closed');
		expect(misfit(local('2026-03-09T16:30'), busy, rules)).toBe('closed');
		expect(misfit(local('2026-03-07T10:00'), busy, rules)).toBe('closed');
		expect(misfit(local('2026-03-09T09:00'), busy, rules)).toBe('busy');
		expect(misfit(local('2026-03-09T11:10'), busy, rules)).toBeNull();
	});
});

describe('eventIdFor', () => {
	it('is sha256 of the key in lowercase base32hex: 52 characters Google accepts', () => {
		const id = eventIdFor('booking:req-42');
		expect(id).toMatch(/^[0-9a-v]{52}$/);
		expect(eventIdFor('booking:req-42')).toBe(id);
		expect(eventIdFor('booking:req-43')).not.toBe(id);
		const digest = BigInt(`0x${createHash('sha256').update('booking:req-42').digest('hex')}`);
		// 256 bits padded with 4 zero bits to 260 = 52 digits of 5 bits.
		expect([...id].reduce((n, c) => n * 32n + BigInt(parseInt(c, 32)), 0n)).toBe(digest << 4n);
	});

	it('refuses an empty key', () => {
		expect(() => eventIdFor('  ')).toThrow('Booking Key is empty');
	});
});
