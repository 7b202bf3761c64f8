/**
 * The practice's calendar, for every PMS backend: "today" is the practice's date at the given instant
 * (its zone from the practice profile), never the server's, and date arithmetic stays on that calendar.
 */
import { DateTime } from 'luxon';

/** The practice's date (yyyy-MM-dd) at `now`. */
export function practiceDay(now: DateTime, zone: string): string {
	return now.setZone(zone).toISODate() as string;
}

/** A practice date (yyyy-MM-dd) moved by whole days, months or years. */
export function shiftDay(
	isoDate: string,
	zone: string,
	by: { days?: number; months?: number; years?: number },
): string {
	return DateTime.fromISO(isoDate, { zone }).plus(by).toISODate() as string;
}
