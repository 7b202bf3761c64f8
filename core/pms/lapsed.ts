/**
 * Who is lapsed, worked out once for every PMS backend (the meaning and its 12-month default are
 * core/model/lapsed.ts and docs/lapsed.md): the practice's own day, the lapse line and the months since
 * the last visit are all taken on the practice's calendar, so a poll at 23:30 in Chicago (05:30 UTC the
 * next day) and one at 00:30 agree with the front desk's wall calendar, whatever zone the server runs
 * in. The backends only read their rows (visits, bookings, patients) and hand them here.
 */
import { DateTime } from 'luxon';
import type { Patient } from '../model/case';
import type { LapsedPatient } from '../model/clinical';
import { practiceDay, shiftDay } from './calendar';
import type { WithPmsIds } from './reader';

/** An item of the lapsed list, as every backend reports it. */
export type { LapsedPatient };

/**
 * Open Dental's reactivation list looks back 1,095 days for completed visits (docs/facts.md,
 * ../shared/reference/pms.md "Reactivation list"); NexHealth has no such list, so it reads the same span.
 */
export const LOOK_BACK_DAYS = 1095;

export interface LapseLine {
	/** The practice's date at `now`. */
	today: string;
	/** Last visits before this date are lapsed: `today` less `months`. */
	cutoff: string;
	/** The oldest visit read: `today` less LOOK_BACK_DAYS. */
	lookBack: string;
}

export function lapseLine(now: DateTime, zone: string, months: number): LapseLine {
	const today = practiceDay(now, zone);
	return {
		today,
		cutoff: shiftDay(today, zone, { months: -months }),
		lookBack: shiftDay(today, zone, { days: -LOOK_BACK_DAYS }),
	};
}

/** Whole months from the last visit (a practice date) to the practice's day at `now`. */
export function monthsSinceVisit(lastVisit: string, now: DateTime, zone: string): number {
	const today = now.setZone(zone).startOf('day');
	return Math.floor(today.diff(DateTime.fromISO(lastVisit, { zone }), 'months').months);
}

/** Each patient's newest completed visit on or before today (dates on the practice's calendar). */
export function lastVisits<Id>(
	visits: Iterable<{ patientId: Id; date: string | null }>,
	today: string,
): Map<Id, string> {
	const last = new Map<Id, string>();
	for (const { patientId, date } of visits)
		if (date && date <= today && (last.get(patientId) ?? '') < date) last.set(patientId, date);
	return last;
}

/** Patients whose last visit is before the line and who have nothing booked: who to look up. */
export function lapsedCandidates<Id>(
	last: Map<Id, string>,
	booked: ReadonlySet<Id>,
	line: LapseLine,
): Array<[Id, string]> {
	return [...last].filter(([id, date]) => date < line.cutoff && !booked.has(id));
}

/** One lapsed patient as every backend reports it. */
export function lapsedPatient(patient: Patient, lastVisit: string, now: DateTime, zone: string): LapsedPatient {
	return { patient, lastVisit, monthsSinceVisit: monthsSinceVisit(lastVisit, now, zone) };
}

/**
 * The lapsed list: each candidate the backend can name as a patient it may contact (`patientOf`
 * returns null for one it may not: inactive, Do Not Contact), oldest last visit first.
 */
export function lapsedList<Id>(
	candidates: Array<[Id, string]>,
	now: DateTime,
	zone: string,
	patientOf: (id: Id) => { patient: Patient; pmsIds: Record<string, number | string> } | null,
): Array<WithPmsIds<LapsedPatient>> {
	const lapsed: Array<WithPmsIds<LapsedPatient>> = [];
	for (const [id, date] of candidates) {
		const found = patientOf(id);
		if (found) lapsed.push({ item: lapsedPatient(found.patient, date, now, zone), pmsIds: found.pmsIds });
	}
	return lapsed.sort(
		(a, b) => a.item.lastVisit.localeCompare(b.item.lastVisit) || Number(a.item.patient.id) - Number(b.item.patient.id),
	);
}

/**
 * The last-visit dates that crossed the lapse line on the days after `scannedOn` up to today (PMS
 * Trigger's Patient Lapsed): lapsed now (before today's line) and not yet at the last scan (on or after
 * that day's line). Each crossing falls in exactly one scan, however far apart the scans are.
 */
export function crossedSince(
	scannedOn: string,
	now: DateTime,
	zone: string,
	months: number,
): { from: string; to: string } {
	return {
		from: shiftDay(scannedOn, zone, { months: -months }),
		to: shiftDay(lapseLine(now, zone, months).cutoff, zone, { days: -1 }),
	};
}
