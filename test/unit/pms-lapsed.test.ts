/**
 * "Lapsed" on the practice's calendar (core/pms/lapsed.ts, docs/lapsed.md): both PMS backends call these
 * functions, so both decide alike at the practice's midnight. The clock is pinned on either side of
 * midnight in Chicago, where the UTC date has already turned: a list that took "today" from UTC, or
 * read a visit date in the server's zone (set here to Honolulu), answers differently.
 */
import { DateTime, Settings } from 'luxon';
import {
	crossedSince,
	lapseLine,
	lapsedCandidates,
	lapsedList,
	lastVisits,
	monthsSinceVisit,
} from '../../core/pms/lapsed';
import { LAPSED_MONTHS } from '../../core/model/lapsed';
import type { Patient } from '../../core/model/case';

const ZONE = 'America/Chicago';
/** 23:30 on 30 November in Chicago: already 1 December in UTC. */
const BEFORE_MIDNIGHT = DateTime.fromISO('2026-12-01T05:30:00Z', { zone: 'utc' });
/** 00:30 on 1 December in Chicago. */
const AFTER_MIDNIGHT = DateTime.fromISO('2026-12-01T06:30:00Z', { zone: 'utc' });

let serverZone: typeof Settings.defaultZone;
beforeAll(() => {
	serverZone = Settings.defaultZone;
	Settings.defaultZone = 'Pacific/Honolulu';
});
afterAll(() => {
	Settings.defaultZone = serverZone;
});

const patient = (id: string): Patient => ({
	id,
	firstName: 'Pat',
	lastName: id,
	mobile: null,
	email: null,
	provider: null,
	clinic: null,
	smsConsent: 'unknown',
	preferredChannel: null,
	status: 'active',
	timezone: ZONE,
});

function lapsedAt(now: DateTime, visits: Array<{ patientId: string; date: string }>, booked: string[] = []) {
	const line = lapseLine(now, ZONE, LAPSED_MONTHS);
	const candidates = lapsedCandidates(lastVisits(visits, line.today), new Set(booked), line);
	return lapsedList(candidates, now, ZONE, (id) => ({ patient: patient(id), pmsIds: { id } })).map((l) => [
		l.item.patient.id,
		l.item.lastVisit,
		l.item.monthsSinceVisit,
	]);
}

describe('lapsed at the practice midnight (Chicago)', () => {
	it("the practice's day, the line and the look-back come from the practice's date, not UTC's", () => {
		expect(lapseLine(BEFORE_MIDNIGHT, ZONE, 12)).toEqual({
			today: '2026-11-30',
			cutoff: '2025-11-30',
			lookBack: '2023-12-01',
		});
		expect(lapseLine(AFTER_MIDNIGHT, ZONE, 12)).toEqual({
			today: '2026-12-01',
			cutoff: '2025-12-01',
			lookBack: '2023-12-02',
		});
	});

	it('a last visit on 30 November 2025 lapses at the practice midnight, not at midnight UTC', () => {
		const visits = [{ patientId: '7', date: '2025-11-30' }];
		expect(lapsedAt(BEFORE_MIDNIGHT, visits)).toEqual([]);
		expect(lapsedAt(AFTER_MIDNIGHT, visits)).toEqual([['7', '2025-11-30', 12]]);
	});

	it('the months since the last visit turn at the practice midnight', () => {
		expect(monthsSinceVisit('2025-12-01', BEFORE_MIDNIGHT, ZONE)).toBe(11);
		expect(monthsSinceVisit('2025-12-01', AFTER_MIDNIGHT, ZONE)).toBe(12);
		// The same instant seen from another zone's calendar is another day: the zone decides.
		expect(monthsSinceVisit('2025-12-01', BEFORE_MIDNIGHT, 'UTC')).toBe(12);
	});

	it('a visit later today (practice time) is not a last visit yet; a booking keeps a patient off the list', () => {
		const visits = [
			{ patientId: '1', date: '2024-05-02' },
			{ patientId: '1', date: '2026-12-01' },
			{ patientId: '2', date: '2024-05-02' },
			{ patientId: '3', date: '2025-01-15' },
		];
		expect(lapsedAt(BEFORE_MIDNIGHT, visits, ['2'])).toEqual([
			['1', '2024-05-02', 30],
			['3', '2025-01-15', 22],
		]);
		expect(lapsedAt(AFTER_MIDNIGHT, visits, ['2'])).toEqual([['3', '2025-01-15', 22]]);
	});

	it("PMS Trigger's Patient Lapsed: each last visit crosses the line in exactly one daily scan", () => {
		// Scanned on the 29th: at 23:30 on the 30th the visit of 29 November 2025 has crossed.
		expect(crossedSince('2026-11-29', BEFORE_MIDNIGHT, ZONE, 12)).toEqual({ from: '2025-11-29', to: '2025-11-29' });
		// Scanned on the 30th: at 00:30 on the 1st, the visit of the 30th; a scan skipped covers both days.
		expect(crossedSince('2026-11-30', AFTER_MIDNIGHT, ZONE, 12)).toEqual({ from: '2025-11-30', to: '2025-11-30' });
		expect(crossedSince('2026-11-29', AFTER_MIDNIGHT, ZONE, 12)).toEqual({ from: '2025-11-29', to: '2025-11-30' });
		// Day after day, the crossings join up with no gap and no overlap.
		const covered: string[] = [];
		for (let day = DateTime.fromISO('2026-01-01', { zone: ZONE }); day.year === 2026; day = day.plus({ days: 1 })) {
			const scannedOn = day.minus({ days: 1 }).toISODate() as string;
			const { from, to } = crossedSince(scannedOn, day.plus({ minutes: 30 }), ZONE, 1);
			for (let d = DateTime.fromISO(from); d <= DateTime.fromISO(to); d = d.plus({ days: 1 }))
				covered.push(d.toISODate() as string);
		}
		expect(new Set(covered).size).toBe(covered.length);
		expect(covered[0]).toBe('2025-11-30');
		expect(covered.at(-1)).toBe('2026-11-29');
		expect(covered.length).toBe(365);
	});
});
