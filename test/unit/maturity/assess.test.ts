import { assess } from '../../../core/maturity/assess';
import { threshold } from '../../../core/maturity/benchmarks';
import { DEFAULT_ECONOMICS } from '../../../core/maturity/leakage';
import {
	FOOTPRINT_TOOLS,
	METRIC_IDS,
	STAGES,
	type Footprint,
	type FootprintTool,
	type PracticeMetrics,
	type Stage,
} from '../../../core/maturity/types';

const FULL: Footprint = Object.fromEntries(FOOTPRINT_TOOLS.map((t) => [t, true])) as Footprint;
const without = (...tools: FootprintTool[]): Footprint => ({
	...FULL,
	...Object.fromEntries(tools.map((t) => [t, false])),
});
/** Every metric at one stage's benchmark: a column of the seed table (checked against the seed in stage.test). */
const column = (stage: Stage): PracticeMetrics => Object.fromEntries(METRIC_IDS.map((m) => [m, threshold(m, stage)]));
const ECONOMICS = {
	...DEFAULT_ECONOMICS,
	treatmentPresentedPerWeek: 10_000,
	lapsedPatients: 400,
	reactivatedPatientValue: 600,
};

describe('assess: the stage', () => {
	it.each(STAGES)('a practice at the Stage %i column is Stage %i, every metric too', (stage) => {
		const a = assess(column(stage), FULL, ECONOMICS);
		expect(a).toMatchObject({ stage, metricsStage: stage, footprintCap: 5, unscored: [] });
		expect(a.metrics.map((m) => m.stage)).toEqual(METRIC_IDS.map(() => stage));
		expect(a.metrics.map((m) => m.metric)).toEqual([...METRIC_IDS]);
	});

	it('takes the lower median of mixed stages: half the workflows at least that good', () => {
		const mixed = {
			noShowRate: 0.18,
			recallReactivation: 0.14,
			unscheduledRecovery: 0.52,
			onlineBookingShare: 0.55,
			reviewsPerMonth: 30,
			frontDeskHours: 5,
		};
		expect(assess(mixed, FULL, ECONOMICS).metricsStage).toBe(3);
		// Evenly split between 2 and 4: sort-of at 4 counts as the stage below.
		expect(
			assess(
				{ noShowRate: 0.12, recallReactivation: 0.14, unscheduledRecovery: 0.67, onlineBookingShare: 0.55 },
				FULL,
				ECONOMICS,
			).stage,
		).toBe(2);
	});

	it('says the metrics decided when the footprint allows more', () => {
		const a = assess(column(2), FULL, ECONOMICS);
		expect(a.reason).toBe(
			'The metrics reach Stage 2 (the lower median of 6 scored metrics); the tool footprint allows Stage 5.',
		);
		expect(a.stageName).toBe('Connected');
	});

	it('caps Stage 4 metrics without an orchestration layer at Stage 3, and says so', () => {
		const a = assess(column(4), without('orchestration', 'predictiveScoring'), ECONOMICS);
		expect(a).toMatchObject({ stage: 3, stageName: 'Tooled', metricsStage: 4, footprintCap: 3 });
		expect(a.reason).toBe(
			'The metrics reach Stage 4 (the lower median of 6 scored metrics), but the tool footprint caps it at Stage 3: missing an orchestration layer.',
		);
	});

	it('caps Stage 5 metrics without predictive scoring at Stage 4', () => {
		const a = assess(column(5), without('predictiveScoring'), ECONOMICS);
		expect(a).toMatchObject({ stage: 4, metricsStage: 5, footprintCap: 4 });
		expect(a.reason).toContain('caps it at Stage 4: missing predictive scoring');
	});

	it('caps at Stage 1 without SMS recall, naming it', () => {
		const a = assess(column(3), without('smsRecall'), ECONOMICS);
		expect(a).toMatchObject({ stage: 1, metricsStage: 3, footprintCap: 1 });
		expect(a.reason).toContain('missing SMS recall');
	});

	it('caps at Stage 1 without a PMS: the framework assumes one', () => {
		const a = assess(column(4), without('pms'), ECONOMICS);
		expect(a.stage).toBe(1);
		expect(a.reason).toContain('missing a practice management system (PMS)');
		expect(a.reason).toContain('The framework assumes a practice management system.');
	});

	it('refuses to assess with no metric at all', () => {
		expect(() => assess({}, FULL, ECONOMICS)).toThrow('Give at least one of the six metrics');
		expect(() => assess({ noShowRate: null, frontDeskHours: undefined }, FULL, ECONOMICS)).toThrow(
			'Give at least one of the six metrics',
		);
	});

	it('refuses a metric that is not a number', () => {
		expect(() => assess({ noShowRate: Number.NaN }, FULL, ECONOMICS)).toThrow('noShowRate is NaN');
	});

	it('scores what it is given and lists the rest as unscored', () => {
		const a = assess({ noShowRate: 0.12, reviewsPerMonth: 5, frontDeskHours: null }, FULL, ECONOMICS);
		expect(a.metrics.map((m) => m.metric)).toEqual(['noShowRate', 'reviewsPerMonth']);
		expect(a.unscored).toEqual(['recallReactivation', 'unscheduledRecovery', 'onlineBookingShare', 'frontDeskHours']);
		expect(a.reason).toContain('the lower median of 2 scored metrics');
	});
});

describe('assess: dollars', () => {
	it('prices each metric and sums those with dollars', () => {
		const a = assess({ noShowRate: 0.12, reviewsPerMonth: 5, frontDeskHours: 17 }, FULL, DEFAULT_ECONOMICS);
		const noShow = a.metrics[0];
		expect(noShow).toMatchObject({
			label: 'No-show rate',
			value: 0.12,
			stage: 2,
			benchmark: '12%',
			nextStage: 3,
			nextTarget: 0.09,
		});
		expect(noShow.leakage).toEqual({ week: 1776, month: 7696, year: 92352 });
		expect(noShow.recoverable?.week).toBe(444);
		expect(a.metrics[1]).toMatchObject({ metric: 'reviewsPerMonth', leakage: null, recoverable: null });
		// 17 hours x $25 = $425 a week; back to 16 hours: $25.
		expect(a.leakage).toEqual({ week: 2201, month: 9537.67, year: 114452 });
		expect(a.recoverable).toEqual({ week: 469, month: 2032.33, year: 24388 });
	});

	it('leaves a metric without dollars when the practice did not give the numbers it needs', () => {
		const a = assess({ noShowRate: 0.12, unscheduledRecovery: 0.44 }, FULL, {});
		expect(a.metrics.map((m) => m.leakage)).toEqual([null, null]);
		expect(a.metrics[1].method).toContain('treatmentPresentedPerWeek');
		expect(a.leakage).toEqual({ week: 0, month: 0, year: 0 });
	});
});

describe('assess: the lowest workflow and the next move', () => {
	it('picks the lowest stage, even over more dollars elsewhere', () => {
		// No-show at Stage 2 ($444 back) against online booking at Stage 1 ($10 back).
		const a = assess({ noShowRate: 0.12, onlineBookingShare: 0.1 }, FULL, DEFAULT_ECONOMICS);
		expect(a.lowest).toBe('onlineBookingShare');
		expect(a.nextMove?.text).toBe('Take online-booking share from 10% to 15% in 90 days: about $10 a week back.');
	});

	it('breaks a tie by the most dollars back a week', () => {
		// Both Stage 1: online booking brings $10 back, 23 front-desk hours $25.
		const a = assess({ onlineBookingShare: 0.1, frontDeskHours: 23 }, FULL, DEFAULT_ECONOMICS);
		expect(a.lowest).toBe('frontDeskHours');
	});

	it('counts no dollars as 0, then falls back to the table order', () => {
		expect(assess({ reviewsPerMonth: 3, frontDeskHours: 23 }, FULL, DEFAULT_ECONOMICS).lowest).toBe('frontDeskHours');
		expect(assess({ reviewsPerMonth: 3, unscheduledRecovery: 0.4 }, FULL, DEFAULT_ECONOMICS).lowest).toBe(
			'unscheduledRecovery',
		);
		expect(assess({ reviewsPerMonth: 3, unscheduledRecovery: 0.4 }, FULL, DEFAULT_ECONOMICS).nextMove?.text).toBe(
			'Take unscheduled-treatment recovery from 40% to 44% in 90 days.',
		);
	});

	it("writes the seed's move: 12% to 9% no-show in 90 days", () => {
		expect(assess({ noShowRate: 0.12 }, FULL, DEFAULT_ECONOMICS).nextMove).toEqual({
			metric: 'noShowRate',
			label: 'No-show rate',
			fromStage: 2,
			toStage: 3,
			baseline: 0.12,
			target: 0.09,
			recoverable: { week: 444, month: 1924, year: 23088 },
			text: 'Take no-show rate from 12% to 9% in 90 days: about $444 a week back.',
		});
	});

	it.each([1, 2, 3, 4] as const)('moves a Stage %i metric exactly one stage up', (stage) => {
		const move = assess({ noShowRate: threshold('noShowRate', stage) }, FULL, DEFAULT_ECONOMICS).nextMove;
		expect(move).toMatchObject({
			fromStage: stage,
			toStage: stage + 1,
			target: threshold('noShowRate', (stage + 1) as Stage),
		});
	});

	it('aims a practice far below Stage 1 at Stage 2, never further', () => {
		const move = assess({ noShowRate: 0.3 }, FULL, DEFAULT_ECONOMICS).nextMove;
		expect(move).toMatchObject({ fromStage: 1, toStage: 2, baseline: 0.3, target: 0.12 });
		expect(move?.text).toBe('Take no-show rate from 30% to 12% in 90 days: about $2,664 a week back.');
	});

	it('words a move without dollars for reviews', () => {
		expect(assess({ reviewsPerMonth: 5 }, FULL, DEFAULT_ECONOMICS).nextMove?.text).toBe(
			'Take Google reviews a month from 5 to 8 in 90 days.',
		);
	});

	it('has no next move when every scored metric is at Stage 5', () => {
		const a = assess(column(5), FULL, ECONOMICS);
		expect(a.nextMove).toBeNull();
		expect(a.recoverable).toEqual({ week: 0, month: 0, year: 0 });
		expect(a.leakage.week).toBeGreaterThan(0);
	});
});

describe('assess: footprint advice', () => {
	it.each([
		[1, 'Automate SMS recall and online booking'],
		[2, 'Add an email service provider for monthly newsletters and a reviews tool'],
		[3, 'Adopt an orchestration layer'],
		[4, 'Layer in predictive scoring'],
	] as const)("gives the seed's next move from Stage %i, vendor-neutral", (stage, advice) => {
		const text = assess(column(stage), FULL, ECONOMICS).footprintAdvice;
		expect(text).toMatch(new RegExp(`^${advice}`));
		expect(text).not.toMatch(/Weave|NexHealth|Mailchimp|Constant Contact|Birdeye|Podium|US Tech/);
	});

	it('points Stage 3 and 4 at the Chairside pieces', () => {
		expect(assess(column(3), FULL, ECONOMICS).footprintAdvice).toContain('Chairside journeys');
		expect(assess(column(4), FULL, ECONOMICS).footprintAdvice).toContain('Chairside Patient Risk');
	});

	it('has none at Stage 5', () => {
		expect(assess(column(5), FULL, ECONOMICS).footprintAdvice).toBeNull();
	});

	it('names the missing tools first when the footprint holds the stage', () => {
		expect(assess(column(4), without('orchestration'), ECONOMICS).footprintAdvice).toMatch(
			/^Missing for Stage 4: an orchestration layer\. Adopt an orchestration layer/,
		);
		expect(assess(column(3), without('portal'), ECONOMICS).footprintAdvice).toMatch(
			/^Missing for Stage 3: a patient portal\. Add an email service provider/,
		);
		expect(assess(column(2), without('pms'), ECONOMICS).footprintAdvice).toMatch(
			/^Missing for Stage 2: a practice management system \(PMS\)\. Automate SMS recall/,
		);
	});

	it('leaves the tools out when the metrics, not the tools, hold the stage', () => {
		expect(assess(column(2), without('orchestration'), ECONOMICS).footprintAdvice).toMatch(
			/^Add an email service provider/,
		);
	});
});
