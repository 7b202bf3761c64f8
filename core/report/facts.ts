/**
 * The weekly report's facts, worked out and worded once: the HTML and the text part only lay them
 * out, so the two parts cannot say different things.
 */
import {
	MEASURED_IDS,
	METRIC_IDS,
	STAGES,
	STAGE_NAMES,
	type Assessment,
	type Dollars,
	type MeasuredId,
	type Measurement,
	type MetricId,
	type PatientRisk,
	type Stage,
} from '../maturity/types';
import { longDate, metricValue, money, shortDate } from './format';

/** A row of "Benchmark numbers by stage" (docs/facts.md#benchmark-numbers-by-stage): its label and its five cells ("18%", "1-2"). */
export interface BenchmarkRow {
	metric: MetricId;
	label: string;
	byStage: string[];
}

export interface WeeklyReportInput {
	practiceName: string;
	/** yyyy-MM-dd, in the practice's zone. */
	weekOf: string;
	/** IANA zone: dates in the report are the practice's calendar days. */
	zone: string;
	assessment: Assessment;
	measurement: Measurement | null;
	risks: PatientRisk[];
	/** One row per metric, passed in so the report does not depend on where the table lives. */
	benchmarks: BenchmarkRow[];
}

export type DollarTexts = Record<keyof Dollars, string>;

export interface MetricLine {
	label: string;
	/** "12.0%"; null when the metric is not measured. */
	value: string | null;
	stage: Stage | null;
	byStage: string[];
	/** "$1,776" a week; null when there is no number or no dollar model (reviews). */
	leakage: string | null;
	/** "To score it, give ...": only when the metric is not scored. */
	need: string | null;
}

export interface MoveFacts {
	label: string;
	fromStage: Stage;
	toStage: Stage;
	baseline: string;
	target: string;
	back: DollarTexts | null;
}

export interface CallLine {
	rank: number;
	name: string;
	vip: boolean;
	reasons: string[];
	atStake: string;
	lastVisit: string | null;
}

export interface FootnoteLine {
	label: string;
	value: string;
	definition: string;
	/** "42 / 350": numerator over denominator. */
	counts: string;
}

export interface ReportFacts {
	practiceName: string;
	week: string;
	weekShort: string;
	/** "Stage 3 - Tooled" */
	badge: string;
	stageName: string;
	stage: Stage;
	reason: string;
	/** Said only when the tool footprint, not the numbers, set the stage. */
	cap: string | null;
	metrics: MetricLine[];
	/** "S1 Paper + Phone, S2 Connected, ...": the key to the table's stage columns. */
	legend: string;
	leakage: DollarTexts;
	recoverable: DollarTexts;
	move: MoveFacts | null;
	/** Why there is no next move, when there is none. */
	noMove: string | null;
	footprintAdvice: string | null;
	callHeading: string;
	/** Under the heading: what the list means, or why it is empty. */
	callNote: string;
	calls: CallLine[];
	/** "From your practice-management data, Aug 25, 2026 - Nov 22, 2026 (90 days).": null without a measurement. */
	measuredFrom: string | null;
	footnote: FootnoteLine[];
	preheader: string;
}

/** What the practice would give for an unscored metric, in its own words. */
const NEEDS: Record<MetricId, string> = {
	noShowRate: 'the appointments on the books and how many were no-shows',
	recallReactivation: 'the patients lapsed 12 months or more and how many came back',
	unscheduledRecovery: 'the treatment presented and how much of it got scheduled',
	onlineBookingShare: 'how many bookings came in online out of all bookings',
	reviewsPerMonth: 'your new Google reviews per month',
	frontDeskHours: 'the front-desk hours a week spent on manual work (calls, copying between systems)',
};

/** The two measured numbers that have no benchmark row, so no label passed in. */
const EXTRA_LABELS: Record<Exclude<MeasuredId, MetricId>, string> = {
	treatmentAcceptance: 'Treatment acceptance',
	rebookingRate: 'Rebooking rate',
};

const dollarTexts = (d: Dollars): DollarTexts => ({ week: money(d.week), month: money(d.month), year: money(d.year) });

const count = (n: number) => Number(n.toFixed(1)).toLocaleString('en-US');

function benchmarkRows(rows: BenchmarkRow[]): Record<MetricId, BenchmarkRow> {
	const byMetric = new Map(rows.map((r) => [r.metric, r]));
	const missing = METRIC_IDS.filter((m) => byMetric.get(m)?.byStage.length !== 5);
	if (missing.length)
		throw new Error(`Benchmark rows need five stages for every metric; missing or short: ${missing.join(', ')}`);
	return Object.fromEntries(byMetric) as Record<MetricId, BenchmarkRow>;
}

function metricLines(assessment: Assessment, rows: Record<MetricId, BenchmarkRow>): MetricLine[] {
	return METRIC_IDS.map((metric) => {
		const score = assessment.metrics.find((s) => s.metric === metric);
		const { label, byStage } = rows[metric];
		if (!score)
			return { label, value: null, stage: null, byStage, leakage: null, need: `To score it, give ${NEEDS[metric]}.` };
		return {
			label,
			value: metricValue(metric, score.value),
			stage: score.stage,
			byStage,
			leakage: score.leakage && money(score.leakage.week),
			need: null,
		};
	});
}

function moveFacts(assessment: Assessment): MoveFacts | null {
	const move = assessment.nextMove;
	if (!move) return null;
	return {
		label: move.label,
		fromStage: move.fromStage,
		toStage: move.toStage,
		baseline: metricValue(move.metric, move.baseline),
		target: metricValue(move.metric, move.target),
		back: move.recoverable && dollarTexts(move.recoverable),
	};
}

function callLines(risks: PatientRisk[], zone: string): CallLine[] {
	return [...risks]
		.sort((a, b) => a.rank - b.rank)
		.map((r) => ({
			rank: r.rank,
			// The list carries first name and initial only; with no name there is nothing else to show.
			name: r.displayName ?? 'Name not on file',
			vip: r.vip,
			reasons: r.reasons.map((x) => x.text),
			atStake: money(r.atStake),
			lastVisit: r.lastVisit && longDate(r.lastVisit, zone),
		}));
}

function footnote(measurement: Measurement, rows: Record<MetricId, BenchmarkRow>): FootnoteLine[] {
	const labelOf = (id: MeasuredId) =>
		id in rows ? rows[id as MetricId].label : EXTRA_LABELS[id as Exclude<MeasuredId, MetricId>];
	return MEASURED_IDS.map((id) => {
		const m = measurement.metrics[id];
		return {
			label: labelOf(id),
			value: m.value === null ? 'not enough data' : metricValue(id, m.value),
			definition: m.definition,
			counts: `${count(m.numerator)} / ${count(m.denominator)}`,
		};
	});
}

function noMove(a: Assessment): string | null {
	if (a.nextMove) return null;
	return a.metrics.length
		? 'Every measured metric is at Stage 5: keep it there.'
		: 'Nothing is measured yet, so there is no next move: give the numbers listed below.';
}

export const totalAtStake = (risks: PatientRisk[]) => risks.reduce((sum, r) => sum + r.atStake, 0);

function callHeading(n: number): string {
	if (n === 0) return 'No one at risk this week';
	return n === 1 ? 'Call this patient' : `Call these ${n} patients`;
}

export function reportFacts(input: WeeklyReportInput): ReportFacts {
	const { assessment: a, measurement, zone } = input;
	const rows = benchmarkRows(input.benchmarks);
	const badge = `Stage ${a.stage} - ${a.stageName}`;
	const calls = callLines(input.risks, zone);
	const atStakeTotal = money(totalAtStake(input.risks));
	const leakage = dollarTexts(a.leakage);
	const callSummary = calls.length ? `${calls.length} to call, ${atStakeTotal} at stake` : 'no one at risk this week';
	return {
		practiceName: input.practiceName,
		week: longDate(input.weekOf, zone),
		weekShort: shortDate(input.weekOf, zone),
		badge,
		stageName: a.stageName,
		stage: a.stage,
		reason: a.reason,
		cap:
			a.footprintCap < a.metricsStage
				? `Your numbers reach Stage ${a.metricsStage}; your tool footprint caps you at Stage ${a.footprintCap}.`
				: null,
		metrics: metricLines(a, rows),
		legend: STAGES.map((s) => `S${s} ${STAGE_NAMES[s]}`).join(', '),
		leakage,
		recoverable: dollarTexts(a.recoverable),
		move: moveFacts(a),
		noMove: noMove(a),
		footprintAdvice: a.footprintAdvice,
		callHeading: callHeading(calls.length),
		callNote: calls.length
			? `Why each one is at risk, and a year of their visits at stake: ${atStakeTotal} in all.`
			: 'No patient shows a missed visit, a slipping cadence or shrinking spend. The list comes back when one does.',
		calls,
		measuredFrom:
			measurement &&
			`From your practice-management data, ${longDate(measurement.from, zone)} - ${longDate(measurement.to, zone)} (${measurement.windowDays} days).`,
		footnote: measurement ? footnote(measurement, rows) : [],
		preheader: `${badge}: ${leakage.week} a week leaking; ${callSummary}.`,
	};
}
