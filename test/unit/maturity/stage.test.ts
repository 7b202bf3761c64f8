import { BENCHMARKS, benchmarkText, formatValue } from '../../../core/maturity/benchmarks';
import { footprintCap, medianStage, scoreMetric } from '../../../core/maturity/stage';
import {
	FOOTPRINT_TOOLS,
	METRIC_IDS,
	STAGES,
	type Footprint,
	type FootprintTool,
	type MetricId,
	type Stage,
} from '../../../core/maturity/types';

/** The seed's "Benchmark numbers by stage" table, typed in again so the code's copy is checked against it. */
const SEED: Record<MetricId, [number, number, number, number, number]> = {
	noShowRate: [0.18, 0.12, 0.09, 0.06, 0.04],
	recallReactivation: [0.08, 0.14, 0.19, 0.28, 0.36],
	unscheduledRecovery: [0.38, 0.44, 0.52, 0.67, 0.74],
	onlineBookingShare: [0, 0.15, 0.35, 0.55, 0.7],
	reviewsPerMonth: [1, 4, 8, 18, 25],
	frontDeskHours: [28, 22, 16, 9, 6],
};

/** The smallest step the scoring tells apart: a basis point of a rate, a hundredth of a count. */
const worse = (metric: MetricId, value: number) => {
	const step = BENCHMARKS[metric].unit === 'rate' ? 0.0001 : 0.01;
	return BENCHMARKS[metric].better === 'lower' ? value + step : value - step;
};

const cells = METRIC_IDS.flatMap((metric) => STAGES.map((stage) => [metric, stage, SEED[metric][stage - 1]] as const));

describe('the benchmark table', () => {
	it('is the seed table, with its labels and directions', () => {
		for (const metric of METRIC_IDS) expect(BENCHMARKS[metric].thresholds).toEqual(SEED[metric]);
		expect(METRIC_IDS.map((m) => BENCHMARKS[m].label)).toEqual([
			'No-show rate',
			'Recall reactivation (12-month lapsed)',
			'Unscheduled-treatment recovery',
			'Online-booking share',
			'Google reviews per month',
			'Front-desk hours a week on manual work',
		]);
		expect(METRIC_IDS.filter((m) => BENCHMARKS[m].better === 'lower')).toEqual(['noShowRate', 'frontDeskHours']);
	});
	it('shows reviews as the seed ranges and the rest as numbers', () => {
		expect(STAGES.map((s) => benchmarkText('reviewsPerMonth', s))).toEqual(['1-2', '4-6', '8-12', '18-25', '25-40']);
		expect(STAGES.map((s) => benchmarkText('noShowRate', s))).toEqual(['18%', '12%', '9%', '6%', '4%']);
		expect(STAGES.map((s) => benchmarkText('frontDeskHours', s))).toEqual(['28', '22', '16', '9', '6']);
	});
	it('formats rates as percents and counts as numbers, to the hundredth', () => {
		expect(formatValue('noShowRate', 0.125)).toBe('12.5%');
		expect(formatValue('noShowRate', 0.07 + 0.05)).toBe('12%');
		expect(formatValue('frontDeskHours', 16.5)).toBe('16.5');
	});
});

describe('scoreMetric', () => {
	it.each(cells)('%s at the Stage %i benchmark (%p) is Stage %i', (metric, stage, value) => {
		expect(scoreMetric(metric, value).stage).toBe(stage);
	});

	it.each(cells.filter(([, stage]) => stage > 1))(
		'%s just worse than the Stage %i benchmark (%p) is the stage below',
		(metric, stage, value) => {
			expect(scoreMetric(metric, worse(metric, value)).stage).toBe(stage - 1);
		},
	);

	it.each(METRIC_IDS)('%s worse than Stage 1 still scores Stage 1, aiming at Stage 2', (metric) => {
		const score = scoreMetric(metric, worse(metric, SEED[metric][0]));
		expect(score).toMatchObject({ stage: 1, nextStage: 2, nextTarget: SEED[metric][1] });
		expect(score.reason).toContain('does not reach Stage 1');
	});

	it('puts a value between two benchmarks at the stage below', () => {
		expect(scoreMetric('noShowRate', 0.1).stage).toBe(2);
		expect(scoreMetric('recallReactivation', 0.25).stage).toBe(3);
		expect(scoreMetric('unscheduledRecovery', 0.7).stage).toBe(4);
		expect(scoreMetric('onlineBookingShare', 0.14).stage).toBe(1);
		expect(scoreMetric('reviewsPerMonth', 3).stage).toBe(1);
		expect(scoreMetric('reviewsPerMonth', 12).stage).toBe(3);
		expect(scoreMetric('frontDeskHours', 12).stage).toBe(3);
	});

	it('compares without float traps: arithmetic that lands a hair off a benchmark still meets it', () => {
		expect(0.1 + 0.2 - 0.21).toBeGreaterThan(0.09);
		expect(scoreMetric('noShowRate', 0.1 + 0.2 - 0.21).stage).toBe(3);
		expect(0.29 - 0.1).toBeLessThan(0.19);
		expect(scoreMetric('recallReactivation', 0.29 - 0.1).stage).toBe(3);
		expect(scoreMetric('onlineBookingShare', 0.33 + 0.02).stage).toBe(3);
	});

	it('says what it meets and what it misses', () => {
		expect(scoreMetric('noShowRate', 0.12)).toEqual({
			stage: 2,
			benchmark: '12%',
			nextStage: 3,
			nextTarget: 0.09,
			reason: '12% no-show meets Stage 2 (12%) but not Stage 3 (9%)',
		});
		expect(scoreMetric('reviewsPerMonth', 7).reason).toBe(
			'7 Google reviews a month meets Stage 2 (4-6) but not Stage 3 (8-12)',
		);
		expect(scoreMetric('reviewsPerMonth', 7).nextTarget).toBe(8);
		expect(scoreMetric('noShowRate', 0.25).reason).toBe(
			'25% no-show does not reach Stage 1 (18%), so it scores Stage 1',
		);
	});

	it('has no next stage at Stage 5', () => {
		expect(scoreMetric('unscheduledRecovery', 0.8)).toMatchObject({
			stage: 5,
			benchmark: '74%',
			nextStage: null,
			nextTarget: null,
		});
		expect(scoreMetric('unscheduledRecovery', 0.8).reason).toBe(
			'80% unscheduled-treatment recovery meets Stage 5 (74%), the top stage',
		);
	});
});

describe('medianStage', () => {
	it.each([
		[[2], 2],
		[[1, 5], 1],
		[[1, 2, 3], 2],
		[[3, 3, 4, 4], 3],
		[[5, 1, 4, 5, 4, 5], 4],
		[[1, 2, 3, 4, 5, 5], 3],
	] as Array<[Stage[], Stage]>)('the lower median of %p is %i', (stages, stage) => {
		expect(medianStage(stages)).toBe(stage);
	});
	it('refuses an empty list', () => {
		expect(() => medianStage([])).toThrow('at least one stage');
	});
});

describe('footprintCap', () => {
	const footprint = (...tools: FootprintTool[]): Footprint =>
		Object.fromEntries(FOOTPRINT_TOOLS.map((t) => [t, tools.includes(t)])) as Footprint;
	const stage3: FootprintTool[] = ['pms', 'smsRecall', 'emailProvider', 'portal', 'reviewsTool'];

	it.each([
		[[], 1, ['pms', 'smsRecall']],
		[['pms'], 1, ['smsRecall']],
		[['smsRecall', 'emailProvider', 'portal', 'reviewsTool', 'orchestration'], 1, ['pms']],
		[['pms', 'smsRecall'], 2, ['emailProvider', 'portal', 'reviewsTool']],
		[['pms', 'smsRecall', 'emailProvider', 'reviewsTool'], 2, ['portal']],
		[stage3, 3, ['orchestration']],
		[[...stage3, 'predictiveScoring'], 3, ['orchestration']],
		[[...stage3, 'orchestration'], 4, ['predictiveScoring']],
		[FOOTPRINT_TOOLS, 5, []],
	] as Array<[FootprintTool[], Stage, FootprintTool[]]>)(
		'%p allows Stage %i, missing %p for the stage above',
		(tools, cap, missing) => {
			expect(footprintCap(footprint(...tools))).toEqual({ cap, missing });
		},
	);
});
