/**
 * Openings on a calendar: start times inside the business hours where a service of a given
 * length fits with a buffer clear before and after it. Pure: the busy time and the window come
 * in. Minutes are real minutes, so across a DST change a 60-minute visit is still 60 minutes and
 * 09:00 is still 09:00 on the wall clock.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import { at, parsePracticeHours, type PracticeHours } from '../healing/hours';

/** A busy span as free/busy answers it: RFC 3339 times. */
export interface BusySpan {
	start: string;
	end: string;
}

/** An opening in the business's zone, e.g. 2026-03-10T09:00:00-05:00. */
export interface Opening {
	start: string;
	end: string;
}

export interface OpeningRules {
	/** IANA zone of the business hours, e.g. America/Chicago. */
	zone: string;
	/** "Mon-Fri 09:00-17:00, Sat 09:00-13:00", as Practice Hours (core/healing/hours.ts). */
	businessHours: string;
	/** yyyy-MM-dd dates closed, comma separated. */
	closedDates?: string;
	/** Kept clear before and after every appointment. Default 0. */
	bufferMinutes?: number;
	/** Default 15. */
	stepMinutes?: number;
	/** Default 3. */
	limit?: number;
	/** Default true: the first opening of each day first, so a patient gets a choice of days. */
	spread?: boolean;
}

export interface OpeningsQuery extends OpeningRules {
	from: DateTime;
	to: DateTime;
	serviceMinutes: number;
}

/** Why a start is not an opening. */
export type Misfit = 'closed' | 'busy';

const settings = z.object({
	serviceMinutes: z
		.number({ message: 'Service Minutes must be a number' })
		.int('Service Minutes must be whole minutes')
		.min(5, 'Service Minutes must be at least 5')
		.max(720, 'Service Minutes must be at most 720'),
	bufferMinutes: z
		.number()
		.int('Buffer Minutes must be whole minutes')
		.min(0, 'Buffer Minutes cannot be negative')
		.max(240, 'Buffer Minutes must be at most 240')
		.default(0),
	stepMinutes: z
		.number()
		.int('Step Minutes must be whole minutes')
		.min(5, 'Step Minutes must be at least 5')
		.max(240, 'Step Minutes must be at most 240')
		.default(15),
	limit: z
		.number()
		.int('Limit must be a whole number')
		.min(1, 'Limit must be at least 1')
		.max(100, 'Limit must be at most 100')
		.default(3),
	spread: z.boolean().default(true),
});

interface Plan {
	hours: PracticeHours;
	/** Busy spans widened by the buffer on each side, in ms. */
	blocked: Array<[number, number]>;
	serviceMs: number;
	stepMs: number;
	limit: number;
	spread: boolean;
}

const MINUTE = 60_000;

function plan(busy: BusySpan[], query: Omit<OpeningsQuery, 'from' | 'to'>): Plan {
	const parsed = settings.safeParse(query);
	if (!parsed.success) throw new Error(parsed.error.issues[0].message);
	const { serviceMinutes, bufferMinutes, stepMinutes, limit, spread } = parsed.data;
	const buffer = bufferMinutes * MINUTE;
	const blocked = busy.map((span): [number, number] => {
		const [start, end] = [DateTime.fromISO(span.start), DateTime.fromISO(span.end)];
		if (!start.isValid || !end.isValid)
			throw new Error(`Busy time ${span.start} to ${span.end} is not a pair of ISO times`);
		return [start.toMillis() - buffer, end.toMillis() + buffer];
	});
	return {
		hours: parsePracticeHours(query.businessHours, query.zone, query.closedDates),
		blocked,
		serviceMs: serviceMinutes * MINUTE,
		stepMs: stepMinutes * MINUTE,
		limit,
		spread,
	};
}

const isBusy = (p: Plan, start: number): boolean =>
	p.blocked.some(([from, to]) => from < start + p.serviceMs && to > start);

/** The business's open spans on one local day, as instants; none on a closed date. */
function spansOf(p: Plan, day: DateTime): Array<[DateTime, DateTime]> {
	if (p.hours.closed.has(day.toISODate() as string)) return [];
	return p.hours.week[day.weekday - 1].map((span) => [at(day, span.open), at(day, span.close)]);
}

/** The free starts of each local day in [from, to), a day at a time. */
function* freeDays(p: Plan, from: DateTime, to: DateTime): Generator<DateTime[]> {
	for (let day = from.setZone(p.hours.zone).startOf('day'); day < to; day = day.plus({ days: 1 })) {
		const starts: DateTime[] = [];
		for (const [open, close] of spansOf(p, day)) {
			// On the step grid from the opening time, at or after `from`.
			const skip = Math.max(0, Math.ceil((from.toMillis() - open.toMillis()) / p.stepMs));
			const last = Math.min(close.toMillis(), to.toMillis()) - p.serviceMs;
			for (let start = open.toMillis() + skip * p.stepMs; start <= last; start += p.stepMs) {
				if (!isBusy(p, start)) starts.push(DateTime.fromMillis(start, { zone: p.hours.zone }));
			}
		}
		yield starts;
	}
}

const shown = (p: Plan, start: DateTime): Opening => ({
	start: start.toISO({ suppressMilliseconds: true }) as string,
	end: start.plus({ milliseconds: p.serviceMs }).toISO({ suppressMilliseconds: true }) as string,
});

/** Up to `limit` openings in [from, to), in time order; with spread, one per day before a second on any day. */
export function openings(busy: BusySpan[], query: OpeningsQuery): Opening[] {
	if (!query.from.isValid || !query.to.isValid) throw new Error('The search window is not a pair of valid dates');
	const p = plan(busy, query);
	const days: DateTime[][] = [];
	let found = 0;
	for (const starts of freeDays(p, query.from, query.to)) {
		if (starts.length === 0) continue;
		days.push(starts);
		found += starts.length;
		// Later days only matter until there are enough days (spread) or enough starts.
		if (p.spread ? days.length >= p.limit : found >= p.limit) break;
	}
	const all = days.flat();
	const chosen = new Set(p.spread ? days.map((starts) => starts[0]) : []);
	for (const start of all) {
		if (chosen.size >= p.limit) break;
		chosen.add(start);
	}
	return all.filter((start) => chosen.has(start)).map((start) => shown(p, start));
}

/** Why `start` is not an opening (outside the hours, or too close to busy time), or null when it is one. */
export function misfit(start: DateTime, busy: BusySpan[], rules: Omit<OpeningsQuery, 'from' | 'to'>): Misfit | null {
	const p = plan(busy, rules);
	const ms = start.toMillis();
	const day = start.setZone(p.hours.zone).startOf('day');
	if (!spansOf(p, day).some(([open, close]) => open.toMillis() <= ms && ms + p.serviceMs <= close.toMillis()))
		return 'closed';
	return isBusy(p, ms) ? 'busy' : null;
}
