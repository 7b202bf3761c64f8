/**
 * Zone arithmetic for one tick, memoised. Luxon computes an IANA zone's offset through Intl for
 * every conversion, which made it most of Decide's cost; within a tick the same few zones, start
 * days and step days repeat across thousands of enrollments, so each answer is computed once.
 */
import { DateTime } from 'luxon';
import { nextWindowOpening, type SendWindow } from '../practice/send-policy';

export type { SendWindow };

/** The first instant at or after `t` inside the window, in t's zone: the guard's rule (core/practice/send-policy.ts). */
export const intoWindow = nextWindowOpening;

export class TickClock {
	private readonly locals = new Map<string, DateTime>();
	private readonly days = new Map<string, DateTime>();
	private readonly dues = new Map<string, DateTime>();
	private readonly isoDays = new Map<string, string>();
	private readonly windows = new Map<string, DateTime>();

	constructor(readonly now: DateTime) {}

	/** "now" in a zone. */
	local(zone: string): DateTime {
		let local = this.locals.get(zone);
		if (!local) this.locals.set(zone, (local = this.now.setZone(zone)));
		return local;
	}

	/** The first instant from "now" inside the send window, in a zone. */
	intoWindow(zone: string, window: SendWindow): DateTime {
		const key = `${zone}|${window.start}-${window.end}`;
		let at = this.windows.get(key);
		if (!at) this.windows.set(key, (at = intoWindow(this.local(zone), window)));
		return at;
	}

	/** The start of the local day an ISO instant (or an ISO date) falls on, in a zone. */
	day(iso: string, zone: string): DateTime {
		const key = `${zone}|${iso}`;
		let day = this.days.get(key);
		if (!day) this.days.set(key, (day = DateTime.fromISO(iso, { zone }).startOf('day')));
		return day;
	}

	/** yyyy-MM-dd of an ISO instant in a zone. */
	isoDay(iso: string, zone: string): string {
		const key = `${zone}|${iso}`;
		let day = this.isoDays.get(key);
		if (day === undefined) this.isoDays.set(key, (day = DateTime.fromISO(iso, { zone }).toISODate() ?? ''));
		return day;
	}

	/** `days` calendar days after a local day, at hh:mm local (DST days keep 10:00 at 10:00). */
	at(day: DateTime, days: number, hour: number, minute: number): DateTime {
		const key = `${day.zoneName}|${day.toMillis()}|${days}|${hour}:${minute}`;
		let at = this.dues.get(key);
		if (!at) this.dues.set(key, (at = day.plus({ days }).set({ hour, minute, second: 0, millisecond: 0 })));
		return at;
	}
}
