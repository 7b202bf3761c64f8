/**
 * The 5-stage assessment (docs/facts.md#stages-tool-footprint-and-next-moves): score each metric, take the
 * practice's stage from the metrics and the tool footprint, price the leakage, and pick the one
 * move - one stage up on the weakest workflow, never two.
 */
import { BENCHMARKS, formatValue } from './benchmarks';
import { formatDollars, priceMetric, sumDollars } from './leakage';
import { footprintCap, listTools, medianStage, scoreMetric, type FootprintCap } from './stage';
import {
	METRIC_IDS,
	STAGE_NAMES,
	type Assessment,
	type Dollars,
	type Footprint,
	type MetricScore,
	type NextMove,
	type PracticeEconomics,
	type PracticeMetrics,
	type Stage,
} from './types';

/** The stage benchmark's "Next move from Stage N", without vendor names (docs/facts.md). */
const NEXT_FROM: Readonly<Record<Stage, string | null>> = {
	1: 'Automate SMS recall and online booking before anything else; Stage 1 to 2 takes 30-60 days.',
	2: 'Add an email service provider for monthly newsletters and a reviews tool for systematic review collection, both connected to the PMS.',
	3: 'Adopt an orchestration layer that ties the tools together off the PMS data (Chairside journeys).',
	4: 'Layer in predictive scoring: which patients are likely to no-show or lapse (Chairside Patient Risk).',
	5: null,
};

function scoredMetrics(metrics: PracticeMetrics, economics: Partial<PracticeEconomics>): MetricScore[] {
	const scores: MetricScore[] = [];
	for (const metric of METRIC_IDS) {
		const value = metrics[metric];
		if (value === null || value === undefined) continue;
		if (!Number.isFinite(value)) throw new RangeError(`${metric} is ${value}, not a number`);
		const stage = scoreMetric(metric, value);
		scores.push({
			metric,
			label: BENCHMARKS[metric].label,
			value,
			...stage,
			...priceMetric(metric, value, stage.nextTarget, economics),
		});
	}
	return scores;
}

/** Lowest stage first; ties: the most dollars a week back (none counts as 0), then the table's order. */
function lowestOf(scores: readonly MetricScore[]): MetricScore {
	const weekBack = (s: MetricScore) => s.recoverable?.week ?? 0;
	const order = (s: MetricScore) => METRIC_IDS.indexOf(s.metric);
	return [...scores].sort((a, b) => a.stage - b.stage || weekBack(b) - weekBack(a) || order(a) - order(b))[0];
}

/** null at Stage 5: there is no benchmark above to aim at. */
function nextMoveFor(score: MetricScore): NextMove | null {
	if (score.nextStage === null || score.nextTarget === null) return null;
	const from = formatValue(score.metric, score.value);
	const to = formatValue(score.metric, score.nextTarget);
	const back = score.recoverable ? `: about ${formatDollars(Math.round(score.recoverable.week))} a week back.` : '.';
	return {
		metric: score.metric,
		label: score.label,
		fromStage: score.stage,
		toStage: score.nextStage,
		baseline: score.value,
		target: score.nextTarget,
		recoverable: score.recoverable,
		text: `Take ${BENCHMARKS[score.metric].phrase} from ${from} to ${to} in 90 days${back}`,
	};
}

function reasonFor(metricsStage: Stage, scored: number, cap: FootprintCap, footprint: Footprint): string {
	const fromMetrics = `The metrics reach Stage ${metricsStage} (the lower median of ${scored} scored metric${scored === 1 ? '' : 's'})`;
	const verdict =
		metricsStage > cap.cap
			? `${fromMetrics}, but the tool footprint caps it at Stage ${cap.cap}: missing ${listTools(cap.missing)}.`
			: `${fromMetrics}; the tool footprint allows Stage ${cap.cap}.`;
	return footprint.pms ? verdict : `${verdict} The framework assumes a practice management system.`;
}

/** When the tools are what stops the next stage (stage at the cap), they come before the generic move. */
function adviceFor(stage: Stage, cap: FootprintCap): string | null {
	const next = NEXT_FROM[stage];
	return next && stage === cap.cap ? `Missing for Stage ${stage + 1}: ${listTools(cap.missing)}. ${next}` : next;
}

export function assess(
	metrics: PracticeMetrics,
	footprint: Footprint,
	economics: Partial<PracticeEconomics>,
): Assessment {
	const scores = scoredMetrics(metrics, economics);
	if (!scores.length) {
		throw new Error(
			`Give at least one of the six metrics to assess the practice: ${METRIC_IDS.map((m) => BENCHMARKS[m].label).join(', ')}.`,
		);
	}
	const metricsStage = medianStage(scores.map((s) => s.stage));
	const cap = footprintCap(footprint);
	const stage = Math.min(metricsStage, cap.cap) as Stage;
	const lowest = lowestOf(scores);
	const priced = (pick: (s: MetricScore) => Dollars | null) => sumDollars(scores.flatMap((s) => pick(s) ?? []));
	return {
		stage,
		stageName: STAGE_NAMES[stage],
		metricsStage,
		footprintCap: cap.cap,
		reason: reasonFor(metricsStage, scores.length, cap, footprint),
		metrics: scores,
		unscored: METRIC_IDS.filter((m) => !scores.some((s) => s.metric === m)),
		leakage: priced((s) => s.leakage),
		recoverable: priced((s) => s.recoverable),
		lowest: lowest.metric,
		nextMove: nextMoveFor(lowest),
		footprintAdvice: adviceFor(stage, cap),
	};
}
