/**
 * What a benchmark may say about its runs: each side's median with its spread, and a ratio only
 * when the runs' noise leaves one. A ratio comes from the interquartile bands: the least and the
 * most it could be (p25 against p75 and back). When that band reaches 1 the two cannot be told
 * apart; when a time with a baseline taken off reaches 0 it is lost in the baseline's noise. Then
 * the ratio is "not measurable" and the reason is printed instead of a number.
 */

export interface Summary {
	runs: number;
	median: number;
	p25: number;
	p75: number;
	min: number;
	max: number;
}

/** The q-quantile of sorted values, linearly interpolated. */
export function quantile(sorted: readonly number[], q: number): number {
	const at = (sorted.length - 1) * q;
	const lo = Math.floor(at);
	const hi = Math.ceil(at);
	return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

export function summarize(values: readonly number[]): Summary {
	if (!values.length) throw new Error('no runs to summarize');
	const sorted = [...values].sort((a, b) => a - b);
	return {
		runs: sorted.length,
		median: quantile(sorted, 0.5),
		p25: quantile(sorted, 0.25),
		p75: quantile(sorted, 0.75),
		min: sorted[0],
		max: sorted[sorted.length - 1],
	};
}

const number = (x: number) =>
	Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3).replace(/\.?0+$/, '');

/** "median 1,234 ms (p25-p75 1,200-1,300, min-max 1,150-1,420, 5 runs)" */
export function describe(s: Summary, unit: string): string {
	return `median ${number(s.median)} ${unit} (p25-p75 ${number(s.p25)}-${number(s.p75)}, min-max ${number(s.min)}-${number(s.max)}, ${s.runs} runs)`;
}

/** A measured quantity: its median and the band it moves in from run to run. */
export interface Band {
	median: number;
	lo: number;
	hi: number;
}

export const bandOf = (s: Summary): Band => ({ median: s.median, lo: s.p25, hi: s.p75 });

/** `whole` with `part` taken off; the band widens by both bands (the worst pairing of each). */
export function minus(whole: Band, part: Band): Band {
	return { median: whole.median - part.median, lo: whole.lo - part.hi, hi: whole.hi - part.lo };
}

export const describeBand = (b: Band, unit: string) =>
	`${number(b.median)} ${unit} (band ${number(b.lo)}-${number(b.hi)})`;

export interface Ratio {
	/** numerator / denominator of the medians; null when not measurable. */
	value: number | null;
	text: string;
}

/**
 * How many times `numerator` is `denominator` ("Code node takes 3.1x the time of Cadence Step"),
 * or "not measurable" with the reason. `names` name the two sides in the reason.
 */
export function ratio(numerator: Band, denominator: Band, names: [string, string]): Ratio {
	for (const [band, name] of [
		[numerator, names[0]],
		[denominator, names[1]],
	] as const) {
		if (band.lo <= 0) {
			return {
				value: null,
				text: `not measurable: ${name}'s own time (${describeBand(band, 'ms')}) reaches 0 within the run-to-run noise of what was taken off`,
			};
		}
	}
	const value = numerator.median / denominator.median;
	const least = numerator.lo / denominator.hi;
	const most = numerator.hi / denominator.lo;
	if (least <= 1 && most >= 1) {
		return {
			value: null,
			text: `not measurable: ${names[0]} ${describeBand(numerator, 'ms')} and ${names[1]} ${describeBand(denominator, 'ms')} overlap; the ratio could be anywhere from ${number(least)} to ${number(most)}`,
		};
	}
	return { value, text: `${number(value)}x (from ${number(least)} to ${number(most)} across the bands)` };
}
