import { DateTime } from 'luxon';

/** How a practice's export writes day and month when it is not ISO: US (03/07/2026 = March 7) or day first. */
export type DateOrder = 'MDY' | 'DMY';

const ISO = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(am|pm)?)?$/i;
const NUMERIC = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?)?$/i;

export interface LocalDate {
	/** yyyy-MM-dd */
	date: string;
	/** The instant, in the practice's zone, as ISO with offset. */
	at: DateTime;
}

function twoDigitYear(yy: number, pivot: number): number {
	// A plan is never more than a few years in the future: "26" in 2026 is 2026, "97" is 1997.
	const century = Math.floor(pivot / 100) * 100;
	const year = century + yy;
	return year > pivot + 20 ? year - 100 : year;
}

/**
 * Dates as practices export them: 2026-03-07, 03/07/2026, 3/7/26, optionally with a time.
 * Interpreted in the practice's zone. Memoised per text because exports repeat dates a lot.
 */
export class DateReader {
	private readonly cache = new Map<string, LocalDate | null>();

	constructor(
		private readonly zone: string,
		private readonly order: DateOrder,
		private readonly pivotYear: number,
	) {}

	read(raw: string): LocalDate | null {
		const text = raw.trim();
		if (this.cache.has(text)) return this.cache.get(text) ?? null;
		const result = this.parse(text);
		this.cache.set(text, result);
		return result;
	}

	private parse(text: string): LocalDate | null {
		let year: number, month: number, day: number;
		let time: string[] = [];
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
		let hour = time[0] ? Number(time[0]) : 0;
		const minute = time[1] ? Number(time[1]) : 0;
		const second = time[2] ? Number(time[2]) : 0;
		const meridiem = time[3]?.toLowerCase();
		if (meridiem) {
			if (hour < 1 || hour > 12) return null;
			hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0);
		}
		const at = DateTime.fromObject({ year, month, day, hour, minute, second }, { zone: this.zone });
		if (!at.isValid || at.month !== month || at.day !== day) return null;
		return { date: at.toISODate() as string, at };
	}
}
