/**
 * The practice owner's weekly report (docs/facts.md: stage, leakage, next move, 90-day target;
 * dollar-attached insights and "call these patients"), and the one row a week that goes to the
 * trend sheet.
 */
import { METRIC_IDS, type MetricId } from '../maturity/types';
import { reportFacts, totalAtStake, type WeeklyReportInput } from './facts';
import { day, isRate } from './format';
import { reportHtml } from './html';
import { reportText } from './text';

export type { BenchmarkRow, WeeklyReportInput } from './facts';

export interface WeeklyReport {
	subject: string;
	html: string;
	text: string;
}

export function renderWeeklyReport(input: WeeklyReportInput): WeeklyReport {
	const f = reportFacts(input);
	// A subject is one header line: a newline in a practice name must not start another.
	const name = f.practiceName.replace(/\s+/g, ' ').trim();
	const subject = `${name} - week of ${f.weekShort}: Stage ${f.stage} (${f.stageName}), ${f.leakage.week} a week leaking`;
	return { subject, html: reportHtml(f, subject), text: reportText(f) };
}

/**
 * The trend sheet's columns, in order. The sheet keys on position, so a new column goes at the end
 * and none is ever renamed or moved. Metric columns carry the metric ids: rates as fractions
 * (0.12), reviews a month, front-desk hours a week; empty when the metric is not scored.
 */
export const TREND_HEADER = [
	'week',
	'stage',
	'stageName',
	...METRIC_IDS,
	'leakagePerWeek',
	'recoverablePerWeek',
	'lowestMetric',
	'nextMoveMetric',
	'nextMoveTarget',
	'callListPatients',
	'callListAtStake',
] as const;
type TrendColumn = (typeof TREND_HEADER)[number];
type Cell = string | number | null;

const round = (n: number, places: number) => Number(n.toFixed(places));
// Four places keep a rate to a hundredth of a percent; counts and hours need less.
const metricNumber = (metric: MetricId, value: number) => round(value, isRate(metric) ? 4 : 2);

export function trendRow(input: WeeklyReportInput): { header: string[]; row: Cell[] } {
	const a = input.assessment;
	const move = a.nextMove;
	const scored = new Map(a.metrics.map((s) => [s.metric, metricNumber(s.metric, s.value)]));
	// Keyed by column, so the row cannot drift out of line with the header.
	const cells: Record<TrendColumn, Cell> = {
		week: day(input.weekOf, input.zone).toISODate(),
		stage: a.stage,
		stageName: a.stageName,
		...(Object.fromEntries(METRIC_IDS.map((m) => [m, scored.get(m) ?? null])) as Record<MetricId, number | null>),
		leakagePerWeek: Math.round(a.leakage.week),
		recoverablePerWeek: Math.round(a.recoverable.week),
		lowestMetric: a.lowest,
		nextMoveMetric: move?.metric ?? null,
		nextMoveTarget: move ? metricNumber(move.metric, move.target) : null,
		callListPatients: input.risks.length,
		callListAtStake: Math.round(totalAtStake(input.risks)),
	};
	return { header: [...TREND_HEADER], row: TREND_HEADER.map((c) => cells[c]) };
}
