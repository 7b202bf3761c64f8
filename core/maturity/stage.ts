/**
 * Stages from numbers and tools. A metric reaches the highest stage whose benchmark it meets; a
 * value between two benchmarks is the stage below ("sort-of counts as the stage below", docs/facts.md).
 */
import { BENCHMARKS, benchmarkText, formatValue, quantize, threshold } from './benchmarks';
import { STAGES, type Footprint, type FootprintTool, type MetricId, type Stage } from './types';

export interface StageScore {
	stage: Stage;
	benchmark: string;
	nextStage: Stage | null;
	nextTarget: number | null;
	reason: string;
}

function meets(metric: MetricId, value: number, stage: Stage): boolean {
	const v = quantize(metric, value);
	const t = quantize(metric, threshold(metric, stage));
	return BENCHMARKS[metric].better === 'lower' ? v <= t : v >= t;
}

export function scoreMetric(metric: MetricId, value: number): StageScore {
	const reached = STAGES.filter((s) => meets(metric, value, s));
	// Worse than Stage 1 still scores Stage 1: there is no stage below it.
	const stage = reached.length ? reached[reached.length - 1] : 1;
	const nextStage = stage < 5 ? ((stage + 1) as Stage) : null;
	const said = `${formatValue(metric, value)} ${BENCHMARKS[metric].noun}`;
	const at = (s: Stage) => `Stage ${s} (${benchmarkText(metric, s)})`;
	let reason: string;
	if (!reached.length) reason = `${said} does not reach ${at(1)}, so it scores Stage 1`;
	else if (nextStage) reason = `${said} meets ${at(stage)} but not ${at(nextStage)}`;
	else reason = `${said} meets ${at(stage)}, the top stage`;
	return {
		stage,
		benchmark: benchmarkText(metric, stage),
		nextStage,
		nextTarget: nextStage ? threshold(metric, nextStage) : null,
		reason,
	};
}

/**
 * The lower median: half the workflows at least this good. A practice evenly split between two
 * stages is "sort-of" at the higher one, so it counts as the lower.
 */
export function medianStage(stages: readonly Stage[]): Stage {
	if (!stages.length) throw new Error('medianStage needs at least one stage');
	const sorted = [...stages].sort((a, b) => a - b);
	return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** The tool footprint column (docs/facts.md#stages-tool-footprint-and-next-moves): what each stage adds to the one below. */
const STAGE_ADDS: Readonly<Record<Stage, readonly FootprintTool[]>> = {
	1: [],
	2: ['pms', 'smsRecall'],
	3: ['emailProvider', 'portal', 'reviewsTool'],
	4: ['orchestration'],
	5: ['predictiveScoring'],
};

export const TOOL_NAMES: Readonly<Record<FootprintTool, string>> = {
	pms: 'a practice management system (PMS)',
	smsRecall: 'SMS recall',
	emailProvider: 'an email service provider',
	portal: 'a patient portal',
	reviewsTool: 'a reviews tool',
	orchestration: 'an orchestration layer',
	predictiveScoring: 'predictive scoring',
};

export interface FootprintCap {
	cap: Stage;
	/** The tools the stage above the cap needs and the practice lacks; empty at Stage 5. */
	missing: FootprintTool[];
}

/** Stages are cumulative: predictive scoring without orchestration still stops at Stage 3. */
export function footprintCap(footprint: Footprint): FootprintCap {
	let cap: Stage = 1;
	for (const stage of STAGES) {
		const missing = STAGE_ADDS[stage].filter((tool) => !footprint[tool]);
		if (missing.length) return { cap, missing };
		cap = stage;
	}
	return { cap, missing: [] };
}

/** "a, b and c" */
export function listTools(tools: readonly FootprintTool[]): string {
	const names = tools.map((tool) => TOOL_NAMES[tool]);
	return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names.join('');
}
