/**
 * The "Benchmark numbers by stage" table (docs/facts.md#benchmark-numbers-by-stage), as data,
 * and the one way a metric's number is rounded and written: scoring and every sentence that
 * quotes a number use the same rounding, so a reason never shows "12%" for a value that missed 12%.
 */
import { METRIC_IDS, STAGES, type MetricId, type Stage } from './types';

export interface Benchmark {
	/** The table's row, for display: "No-show rate". */
	readonly label: string;
	/** Inside a sentence: "Take no-show rate from 12% to 9%". */
	readonly phrase: string;
	/** After a number: "12% no-show". */
	readonly noun: string;
	readonly better: 'lower' | 'higher';
	/** A rate is a fraction (0.12) shown as a percent; a count is shown as is. */
	readonly unit: 'rate' | 'count';
	/** Stage 1 to 5. What a stage must meet: for a range, its low end. */
	readonly thresholds: readonly [number, number, number, number, number];
	/** The source prints reviews as ranges; shown instead of the bare threshold. */
	readonly ranges?: readonly [string, string, string, string, string];
}

export const BENCHMARKS: Readonly<Record<MetricId, Benchmark>> = {
	noShowRate: {
		label: 'No-show rate',
		phrase: 'no-show rate',
		noun: 'no-show',
		better: 'lower',
		unit: 'rate',
		thresholds: [0.18, 0.12, 0.09, 0.06, 0.04],
	},
	recallReactivation: {
		label: 'Recall reactivation (12-month lapsed)',
		phrase: 'recall reactivation',
		noun: 'recall reactivation',
		better: 'higher',
		unit: 'rate',
		thresholds: [0.08, 0.14, 0.19, 0.28, 0.36],
	},
	unscheduledRecovery: {
		label: 'Unscheduled-treatment recovery',
		phrase: 'unscheduled-treatment recovery',
		noun: 'unscheduled-treatment recovery',
		better: 'higher',
		unit: 'rate',
		thresholds: [0.38, 0.44, 0.52, 0.67, 0.74],
	},
	onlineBookingShare: {
		label: 'Online-booking share',
		phrase: 'online-booking share',
		noun: 'online-booking share',
		better: 'higher',
		unit: 'rate',
		thresholds: [0, 0.15, 0.35, 0.55, 0.7],
	},
	reviewsPerMonth: {
		label: 'Google reviews per month',
		phrase: 'Google reviews a month',
		noun: 'Google reviews a month',
		better: 'higher',
		unit: 'count',
		thresholds: [1, 4, 8, 18, 25],
		ranges: ['1-2', '4-6', '8-12', '18-25', '25-40'],
	},
	frontDeskHours: {
		label: 'Front-desk hours a week on manual work',
		phrase: 'front-desk hours a week on manual work',
		noun: 'front-desk hours a week on manual work',
		better: 'lower',
		unit: 'count',
		thresholds: [28, 22, 16, 9, 6],
	},
};

/** Rates in basis points, counts in hundredths: whole numbers, so 0.12 meets 12% exactly. */
const STEPS: Readonly<Record<Benchmark['unit'], number>> = { rate: 10_000, count: 100 };

export function quantize(metric: MetricId, value: number): number {
	return Math.round(value * STEPS[BENCHMARKS[metric].unit]);
}

export function threshold(metric: MetricId, stage: Stage): number {
	return BENCHMARKS[metric].thresholds[stage - 1];
}

/** "12%", "12.5%", "6", "16.5": basis points and hundredths both print as hundredths. */
export function formatValue(metric: MetricId, value: number): string {
	const hundredths = quantize(metric, value) / 100;
	return BENCHMARKS[metric].unit === 'rate' ? `${hundredths}%` : String(hundredths);
}

/** The benchmark as the source prints it: "12%", "4-6", "22". */
export function benchmarkText(metric: MetricId, stage: Stage): string {
	return BENCHMARKS[metric].ranges?.[stage - 1] ?? formatValue(metric, threshold(metric, stage));
}

/** The table, a row per metric, as the weekly report prints it. */
export function benchmarkRows(): Array<{ metric: MetricId; label: string; byStage: string[] }> {
	return METRIC_IDS.map((metric) => ({
		metric,
		label: BENCHMARKS[metric].label,
		byStage: STAGES.map((stage) => benchmarkText(metric, stage)),
	}));
}
