/**
 * The practice's opening hours, and "N business hours from now" in its time zone: the escalation
 * clock stops at closing time, over weekends and on closed dates, and counts real hours (a DST
 * change inside an open span shortens or lengthens it, as it does for the coordinator).
 */
import { DateTime, IANAZone } from 'luxon';
import { clockText } from '../practice/send-policy';

/** Minutes after local midnight. */
export interface OpenSpan {
	open: number;
	close: number;
}

export interface PracticeHours {
	zone: string;
	/** Open spans per weekday, Monday first, in opening order. */
	week: ReadonlyArray<readonly OpenSpan[]>;
	/** yyyy-MM-dd dates the practice is closed. */
	closed: ReadonlySet<string>;
}

const DAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const ENTRY = /^([a-z]+)(?:\s*(?:-|to)\s*([a-z]+))?\s+(\d{1,2}:\d{2})\s*(?:-|to)\s*(\d{1,2}:\d{2})$/;
const EXAMPLE = 'Mon-Thu 08:00-17:00, Fri 08:00-13:00';

/** 0 = Monday; "Mon", "tues", "Thurs" and "friday" all name a day. */
function dayIndex(word: string): number {
	const index = word.length >= 3 ? DAY_NAMES.findIndex((name) => name.startsWith(word)) : -1;
	if (index < 0) throw new Error(`Practice Hours: "${word}" is not a day of the week`);
	return index;
}

function minuteOf(time: string): number {
	const [h, m] = time.split(':').map(Number);
	if (h > 23 || m > 59) throw new Error(`Practice Hours: "${time}" is not a time of day`);
	return h * 60 + m;
}

/**
 * "Mon-Thu 08:00-17:00, Fri 08:00-13:00" (entries separated by commas, semicolons or lines; a day
 * may have several spans, e.g. a lunch break) and the dates the practice is closed (yyyy-MM-dd,
 * comma or line separated). Days not listed are closed.
 */
export function parsePracticeHours(text: string, zone: string, closedDates = ''): PracticeHours {
	if (!IANAZone.isValidZone(zone))
		throw new Error(`Practice Time Zone "${zone}" is not an IANA time zone (e.g. America/Chicago)`);
	const week: OpenSpan[][] = DAY_NAMES.map(() => []);
	const entries = text
		.replace(/[\u2010-\u2015]/g, '-')
		.split(/[,;\n]/)
		.map((entry) => entry.trim().replace(/\s+/g, ' '))
		.filter(Boolean);
	for (const entry of entries) {
		const m = ENTRY.exec(entry.toLowerCase());
		if (!m) throw new Error(`Practice Hours: "${entry}" is not like "${EXAMPLE}"`);
		const [first, last] = [dayIndex(m[1]), dayIndex(m[2] ?? m[1])];
		const span = { open: minuteOf(m[3]), close: minuteOf(m[4]) };
		if (span.open >= span.close) throw new Error(`Practice Hours: "${entry}" closes before it opens`);
		// A range may wrap the weekend: "Sat-Mon".
		for (let d = first; ; d = (d + 1) % 7) {
			week[d].push(span);
			if (d === last) break;
		}
	}
	week.forEach((spans, d) => {
		spans.sort((a, b) => a.open - b.open);
		spans.slice(1).forEach((span, i) => {
			if (span.open < spans[i].close)
				throw new Error(
					`Practice Hours: ${DAY_NAMES[d]} opens at ${clockText(span.open)} before closing at ${clockText(spans[i].close)}`,
				);
		});
	});
	if (week.every((spans) => spans.length === 0))
		throw new Error(`Practice Hours are empty: list the open hours, e.g. "${EXAMPLE}"`);
	const closed = closedDates
		.split(/[,;\n]/)
		.map((date) => date.trim())
		.filter(Boolean);
	for (const date of closed) {
		if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !DateTime.fromISO(date, { zone }).isValid)
			throw new Error(`Closed Dates: "${date}" is not a date like 2026-12-25`);
	}
	return { zone, week, closed: new Set(closed) };
}

/** `minute` after local midnight of `day` (a day starting in its zone). */
export const at = (day: DateTime, minute: number) => day.set({ hour: Math.floor(minute / 60), minute: minute % 60 });

/** The moment `amount` open hours after `now`, in the practice's zone (0: the next open moment). */
export function addBusinessHours(now: DateTime, hours: PracticeHours, amount: number): DateTime {
	if (!now.isValid) throw new Error('now is not a valid date and time');
	if (!(amount >= 0)) throw new Error(`${amount} is not a number of hours`);
	const local = now.setZone(hours.zone);
	let remaining = amount * 3_600_000;
	for (let day = local.startOf('day'); ; day = day.plus({ days: 1 })) {
		if (hours.closed.has(day.toISODate() as string)) continue;
		for (const span of hours.week[day.weekday - 1]) {
			const start = DateTime.max(local, at(day, span.open));
			const end = at(day, span.close);
			const open = end.toMillis() - start.toMillis();
			if (open <= 0) continue;
			if (remaining <= open) return start.plus({ milliseconds: remaining });
			remaining -= open;
		}
	}
}
