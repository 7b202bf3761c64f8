/**
 * How the weekly report writes numbers and dates. One place, so the HTML, the text part and the
 * subject never disagree on "$1,776" or "12.0%".
 */
import { DateTime } from 'luxon';
import { money } from '../journey/copy';
import type { MeasuredId } from '../maturity/types';

export { money };

/** Metrics that are counts, not rates, and the unit they are read in. */
const UNITS: Partial<Record<MeasuredId, string>> = { reviewsPerMonth: '/month', frontDeskHours: ' h/week' };

export const isRate = (metric: MeasuredId) => !(metric in UNITS);

export const percent = (fraction: number) => `${(fraction * 100).toFixed(1)}%`;

/** "12.0%", "6.3/month", "22 h/week": a rate as a percent, a count with at most one decimal. */
export function metricValue(metric: MeasuredId, value: number): string {
	return isRate(metric) ? percent(value) : `${Number(value.toFixed(1))}${UNITS[metric]}`;
}

/** A yyyy-MM-dd or ISO timestamp read in the practice's zone; invalid input is a caller bug, so it throws. */
export function day(iso: string, zone: string): DateTime {
	const parsed = DateTime.fromISO(iso, { zone });
	if (!parsed.isValid) throw new Error(`Not a date: "${iso}" (${parsed.invalidExplanation ?? parsed.invalidReason})`);
	return parsed;
}

export const longDate = (iso: string, zone: string) => day(iso, zone).toFormat('LLL d, yyyy');
export const shortDate = (iso: string, zone: string) => day(iso, zone).toFormat('LLL d');
