/** How a practice's export writes day and month when it is not ISO: US (03/07/2026 = March 7) or day first. */
export type DateOrder = 'MDY' | 'DMY';

const ISO = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(am|pm)?)?$/i;
const NUMERIC = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?)?$/i;

export interface LocalDate {
	/** yyyy-MM-dd, a day in the practice's own calendar. */
	date: string;
	/** HH:mm:ss when the export gave a time, else null. */
	time: string | null;
}

function twoDigitYear(yy: number, pivot: number): number {
	// A plan is never more than a few years in the future: "26" in 2026 is 2026, "97" is 1997.
	const century = Math.floor(pivot / 100) * 100;
	const year = century + yy;
	return year > pivot + 20 ? year - 100 : year;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * Dates as practices export them: 2026-03-07, 03/07/2026, 3/7/26, optionally with a time.
 * Exports carry local calendar dates with no zone, so they stay calendar dates: a date is a day
 * in the practice's calendar whatever the offset, which keeps DST changes out of it.
 * Memoised per text because exports repeat dates a lot.
 */
export class DateReader {
	private readonly cache = new Map<string, LocalDate | null>();

	constructor(
		private readonly order: DateOrder,
		private readonly pivotYear: number,
	) {}

	read(raw: string): LocalDate | null {
		const text = raw.trim();
		let result = this.cache.get(text);
		if (result === undefined) {
			result = this.parse(text);
			this.cache.set(text, result);
		}
		return result;
	}

	private parse(text: string): LocalDate | null {
		let year: number, month: number, day: number;
		let time: string[];
		const iso = ISO.exec(text);
		if (iso) {
			[year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
			time = iso.slice(4, 8);
		} else {
			const num = NUMERIC.exec(text);
			if (!num) return null;
			const [a, b] = [Number(num[1]), Number(num[2])];
			[month, day] = this.order === 'MDY' ? [a, b] : [b, a];
			year = num[3].length === 2 ? twoDigitYear(Number(num[3]), this.pivotYear) : Number(num[3]);
			time = num.slice(4, 8);
		}
		const calendar = new Date(Date.UTC(year, month - 1, day));
		if (calendar.getUTCFullYear() !== year || calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day)
			return null;
		const date = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
		if (!time[0]) return { date, time: null };
		let hour = Number(time[0]);
		const minute = Number(time[1]);
		const second = time[2] ? Number(time[2]) : 0;
		const meridiem = time[3]?.toLowerCase();
		if (meridiem) {
			if (hour < 1 || hour > 12) return null;
			hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0);
		}
		if (hour > 23 || minute > 59 || second > 59) return null;
		return { date, time: `${pad(hour)}:${pad(minute)}:${pad(second)}` };
	}
}

/** Calendar days since 1970 for a yyyy-MM-dd date: whole days in the practice's calendar, DST or not, without a Date per call. */
export function dayNumber(isoDate: string): number {
	return (
		Date.UTC(Number(isoDate.slice(0, 4)), Number(isoDate.slice(5, 7)) - 1, Number(isoDate.slice(8, 10))) / 86_400_000
	);
}
