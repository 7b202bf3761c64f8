import { DateTime } from 'luxon';
import type { Random } from './random';
import type { Operatory } from './types';

/**
 * Days are whole numbers relative to the practice's today (0 = today, -1 = yesterday), so the
 * generator does integer arithmetic and asks luxon only once per distinct day.
 */
export class Calendar {
	private readonly origin: DateTime;
	private readonly days = new Map<number, { iso: string; workday: boolean }>();
	private readonly monthSteps = new Map<string, string>();

	constructor(today: string) {
		// UTC: these are wall-clock dates with no zone, as Open Dental stores them.
		this.origin = DateTime.fromISO(today, { zone: 'utc' });
		if (!this.origin.isValid || this.origin.toISODate() !== today)
			throw new RangeError(`today must be yyyy-MM-dd, got "${today}"`);
	}

	private day(offset: number): { iso: string; workday: boolean } {
		let day = this.days.get(offset);
		if (!day) {
			const date = this.origin.plus({ days: offset });
			day = { iso: date.toISODate() as string, workday: date.weekday <= 5 };
			this.days.set(offset, day);
		}
		return day;
	}

	iso(offset: number): string {
		return this.day(offset).iso;
	}

	isWorkday(offset: number): boolean {
		return this.day(offset).workday;
	}

	/** yyyy-MM-dd of day `offset` plus calendar months and days, as luxon counts months (Jan 31 + 1 month = Feb 28). */
	plusMonths(offset: number, months: number, days = 0): string {
		const key = `${offset} ${months} ${days}`;
		let iso = this.monthSteps.get(key);
		if (iso === undefined) {
			iso = this.origin.plus({ days: offset }).plus({ months, days }).toISODate() as string;
			this.monthSteps.set(key, iso);
		}
		return iso;
	}
}

/** Operatory schedules in 15-minute slots, 08:00-17:00 Monday to Friday, closed 12:00-13:00. */
export const SLOT_MINUTES = 15;
const OPEN_MINUTES = 8 * 60;
const SLOTS_PER_DAY = 36;
const LUNCH_FROM = 16;
const LUNCH_TO = 20;
const DAY_RANGE = 1 << 12;
/** Index in a day's grid that counts its free slots, so full days are skipped at once. */
const FREE = SLOTS_PER_DAY;
/** Beyond this the operatories are hopelessly overbooked: a generator bug, not a busy week. */
const MAX_SEARCH_DAYS = 400;

const TIMES: readonly string[] = Array.from({ length: SLOTS_PER_DAY }, (_, slot) => {
	const minutes = OPEN_MINUTES + slot * SLOT_MINUTES;
	return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00`;
});

export interface Booking {
	op: Operatory;
	day: number;
	/** yyyy-MM-dd HH:mm:ss, clinic-local. */
	dateTime: string;
}

export class OperatoryBook {
	private readonly taken = new Map<number, Uint8Array>();

	constructor(
		private readonly calendar: Calendar,
		private readonly rng: Random,
	) {}

	/**
	 * Takes the first free block of `slots` on one of `ops`, on `fromDay` or the next workday that
	 * has room, skipping days the patient is already booked.
	 */
	book(ops: readonly Operatory[], fromDay: number, slots: number, patientDays: Set<number>): Booking {
		const starts = SLOTS_PER_DAY - slots + 1;
		for (let day = fromDay; day < fromDay + MAX_SEARCH_DAYS; day++) {
			if (!this.calendar.isWorkday(day) || patientDays.has(day)) continue;
			// Random first op and first slot, so a day fills up across chairs and hours.
			const firstOp = this.rng.int(0, ops.length - 1);
			const firstStart = this.rng.int(0, starts - 1);
			for (let i = 0; i < ops.length; i++) {
				const op = ops[(firstOp + i) % ops.length];
				const grid = this.grid(op, day);
				if (grid[FREE] < slots) continue;
				for (let k = 0; k < starts; k++) {
					const start = (firstStart + k) % starts;
					if (!fits(grid, start, slots)) continue;
					grid.fill(1, start, start + slots);
					grid[FREE] -= slots;
					patientDays.add(day);
					return { op, day, dateTime: `${this.calendar.iso(day)} ${TIMES[start]}` };
				}
			}
		}
		throw new Error(`no free ${slots * SLOT_MINUTES}-minute slot within ${MAX_SEARCH_DAYS} days of day ${fromDay}`);
	}

	private grid(op: Operatory, day: number): Uint8Array {
		const key = op.OperatoryNum * DAY_RANGE * 2 + day + DAY_RANGE;
		let grid = this.taken.get(key);
		if (!grid) {
			grid = new Uint8Array(SLOTS_PER_DAY + 1);
			grid.fill(1, LUNCH_FROM, LUNCH_TO);
			grid[FREE] = SLOTS_PER_DAY - (LUNCH_TO - LUNCH_FROM);
			this.taken.set(key, grid);
		}
		return grid;
	}
}

function fits(grid: Uint8Array, start: number, slots: number): boolean {
	for (let s = start; s < start + slots; s++) if (grid[s]) return false;
	return true;
}
