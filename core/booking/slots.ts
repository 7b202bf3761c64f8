/**
 * Picking "a few good options" from a PMS's raw openings: inside the practice's preferred windows,
 * earliest first, one per day before a second on any day, at most N. Times are practice-local wall
 * times ("yyyy-MM-dd HH:mm:ss"), as PMSs store them, so weekdays need no zone.
 */
import { DateTime } from 'luxon';

export interface Slot {
	/** Practice-local "yyyy-MM-dd HH:mm:ss". */
	start: string;
	end: string;
	providerId: string;
	operatoryId: string;
}

/** Days (1 = Monday .. 7 = Sunday) and minutes of the day, end excluded. */
export interface Window {
	days: ReadonlySet<number>;
	from: number;
	to: number;
}

const DAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const WINDOW = /^(?:([a-z]{3})[a-z]*(?:\s*-\s*([a-z]{3})[a-z]*)?\s+)?(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/i;

/** "Tue-Thu 09:00-12:00; Mon 14:00-17:00" (days optional: every day). Empty text: no windows. */
export function parseWindows(text: string): Window[] {
	return text
		.split(/[,;\n]/)
		.map((part) => part.trim())
		.filter(Boolean)
		.map((part) => {
			const m = WINDOW.exec(part);
			const first = m?.[1] ? DAY_NAMES.indexOf(m[1].toLowerCase()) + 1 : 1;
			const last = m?.[2] ? DAY_NAMES.indexOf(m[2].toLowerCase()) + 1 : m?.[1] ? first : 7;
			const from = m ? Number(m[3]) * 60 + Number(m[4]) : NaN;
			const to = m ? Number(m[5]) * 60 + Number(m[6]) : NaN;
			if (!m || first < 1 || last < 1 || !(from < to) || to > 24 * 60) {
				throw new Error(`"${part}" is not a window like "Tue-Thu 09:00-12:00"`);
			}
			const days = new Set<number>();
			// A range may wrap the week ("Fri-Mon").
			for (let d = first; ; d = (d % 7) + 1) {
				days.add(d);
				if (d === last) break;
			}
			return { days, from, to };
		});
}

function minutes(local: string): number {
	return Number(local.slice(11, 13)) * 60 + Number(local.slice(14, 16));
}

/** Inside one window from start to end on the same day; no windows means any time. */
export function inWindows(slot: Slot, windows: readonly Window[]): boolean {
	if (!windows.length) return true;
	const sameDay = slot.start.slice(0, 10) === slot.end.slice(0, 10);
	const day = DateTime.fromSQL(slot.start, { zone: 'utc' }).weekday;
	const from = minutes(slot.start);
	const to = sameDay ? minutes(slot.end) : 24 * 60;
	return windows.some((w) => w.days.has(day) && from >= w.from && to <= w.to);
}

const LOCAL = 'yyyy-MM-dd HH:mm:ss';

/** Bookable starts inside a gap fall on this grid (or the length, when shorter), from the gap's start. */
const GRID_MINUTES = 15;

/**
 * Open gaps (a PMS's "open from 08:00 to 12:00 in this chair") cut into bookable times of
 * `lengthMinutes`: the gap's start, then every grid step while the length still fits. Windows
 * and spreading are pickSlots' job; a wide gap becomes many times so a window inside it is found.
 */
export function cutGaps(gaps: readonly Slot[], lengthMinutes: number): Slot[] {
	const step = Math.min(GRID_MINUTES, lengthMinutes);
	const slots: Slot[] = [];
	for (const gap of gaps) {
		const start = DateTime.fromSQL(gap.start, { zone: 'utc' });
		const end = DateTime.fromSQL(gap.end, { zone: 'utc' });
		if (!start.isValid || !end.isValid) continue;
		for (let at: DateTime = start; at.plus({ minutes: lengthMinutes }) <= end; at = nextOnGrid(at, step)) {
			slots.push({ ...gap, start: at.toFormat(LOCAL), end: at.plus({ minutes: lengthMinutes }).toFormat(LOCAL) });
		}
	}
	return slots;
}

/** The next grid time after `at` ("08:05" -> "08:15" on a 15-minute grid). */
function nextOnGrid(at: DateTime, step: number): DateTime {
	const minutesOfDay = at.hour * 60 + at.minute;
	return at.startOf('minute').plus({ minutes: step - (minutesOfDay % step) });
}

export interface PickOptions {
	windows: readonly Window[];
	/** At most this many options. */
	limit: number;
	/** Practice-local "yyyy-MM-dd HH:mm:ss": nothing earlier is offered. */
	notBefore: string;
}

const byStart = (a: Slot, b: Slot) =>
	a.start.localeCompare(b.start) || a.operatoryId.localeCompare(b.operatoryId, undefined, { numeric: true });

export function pickSlots(slots: readonly Slot[], options: PickOptions): Slot[] {
	const fits = slots.filter((s) => s.start >= options.notBefore && inWindows(s, options.windows)).sort(byStart);
	const chosen: Slot[] = [];
	const days = new Set<string>();
	// First pass spreads the options over days; the second fills up with other times on the same days.
	for (const slot of fits) {
		if (chosen.length >= options.limit) break;
		const day = slot.start.slice(0, 10);
		if (!days.has(day)) {
			days.add(day);
			chosen.push(slot);
		}
	}
	for (const slot of fits) {
		if (chosen.length >= options.limit) break;
		// Another chair at the same minute, or a time overlapping one offered, is not another option.
		if (!chosen.some((c) => c.start < slot.end && slot.start < c.end)) chosen.push(slot);
	}
	return chosen.sort(byStart);
}
