/**
 * Where the practice stands: the contracts shared by the stage assessment, the measurement from
 * PMS data, the patient risk list and the weekly report (docs/facts.md). Plain data only; every
 * function over them is pure.
 */

export const STAGES = [1, 2, 3, 4, 5] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_NAMES: Readonly<Record<Stage, string>> = {
	1: 'Paper + Phone',
	2: 'Connected',
	3: 'Tooled',
	4: 'Orchestrated',
	5: 'Predictive',
};

/** The six rows of the "Benchmark numbers by stage" table (docs/facts.md#benchmark-numbers-by-stage). */
export const METRIC_IDS = [
	'noShowRate',
	'recallReactivation',
	'unscheduledRecovery',
	'onlineBookingShare',
	'reviewsPerMonth',
	'frontDeskHours',
] as const;
export type MetricId = (typeof METRIC_IDS)[number];

/**
 * The practice's numbers. Rates are fractions (0.12 is 12%), reviews a count per month, front-desk
 * hours per week. null or absent: not known, so that metric is not scored.
 */
export type PracticeMetrics = Partial<Record<MetricId, number | null>>;

/** The tool footprint column of the stage table (docs/facts.md#stages-tool-footprint-and-next-moves). */
export const FOOTPRINT_TOOLS = [
	'pms',
	'smsRecall',
	'emailProvider',
	'portal',
	'reviewsTool',
	'orchestration',
	'predictiveScoring',
] as const;
export type FootprintTool = (typeof FOOTPRINT_TOOLS)[number];
export type Footprint = Readonly<Record<FootprintTool, boolean>>;

/**
 * What a point of each metric is worth, for leakage dollars. Measure fills what the PMS shows;
 * the rest are the practice's own numbers or the defaults (docs/facts.md#leakage-economics: $185, 80 a week).
 */
export interface PracticeEconomics {
	/** Production of an average visit (default $185, docs/facts.md#leakage-economics). */
	averageAppointmentValue: number;
	/** Appointments on the books per week (default 80, docs/facts.md#leakage-economics). */
	appointmentsPerWeek: number;
	/** Dollars of treatment presented per week. */
	treatmentPresentedPerWeek: number;
	/** Patients lapsed 12 months or more, the pool recall reactivation works on. */
	lapsedPatients: number;
	/** A year's production of a patient who comes back. */
	reactivatedPatientValue: number;
	/** Loaded cost of a front-desk hour. */
	frontDeskHourlyCost: number;
	/** Minutes of front-desk phone time per booking an online booking saves. */
	phoneBookingMinutes: number;
}

/** Dollars over the three horizons the report shows: a week, a month (52/12 weeks), a year (52 weeks). */
export interface Dollars {
	week: number;
	month: number;
	year: number;
}

export interface MetricScore {
	metric: MetricId;
	/** "No-show rate" */
	label: string;
	value: number;
	stage: Stage;
	/** The benchmark of the stage reached. */
	benchmark: string;
	/** null at Stage 5. */
	nextStage: Stage | null;
	/** The number that reaches the next stage: 0.09 for a 12% no-show rate. null at Stage 5. */
	nextTarget: number | null;
	/** "12% no-show meets Stage 2 (12%) but not Stage 3 (9%)" */
	reason: string;
	/** What the metric costs now; null when the metric has no dollar model (reviews). */
	leakage: Dollars | null;
	/** What reaching nextTarget would bring back; null at Stage 5 or without a dollar model. */
	recoverable: Dollars | null;
	/** How the dollars were worked out, in words, with the numbers. */
	method: string | null;
}

export interface NextMove {
	metric: MetricId;
	label: string;
	/** Exactly one stage up from the metric's stage. */
	fromStage: Stage;
	toStage: Stage;
	baseline: number;
	/** The 90-day target: the next stage's benchmark. */
	target: number;
	recoverable: Dollars | null;
	/** "Take no-show rate from 12% to 9% in 90 days: about $444 a week back." */
	text: string;
}

export interface Assessment {
	stage: Stage;
	stageName: string;
	/** The stage the metrics alone reach, before the footprint cap. */
	metricsStage: Stage;
	/** The highest stage the tool footprint allows. */
	footprintCap: Stage;
	/** Why this stage, in a sentence or two. */
	reason: string;
	metrics: MetricScore[];
	/** Metrics not given, so not scored. */
	unscored: MetricId[];
	/** Sum over metrics with a dollar model. */
	leakage: Dollars;
	recoverable: Dollars;
	/** The lowest-scoring workflow (lowest stage; ties: most dollars recoverable). */
	lowest: MetricId | null;
	nextMove: NextMove | null;
	/** What the footprint needs for the next overall stage (seed: "Next move from Stage N"). */
	footprintAdvice: string | null;
}

/** How a metric was measured from PMS data: the counts behind the rate, for the report and the README. */
export interface MeasuredMetric {
	value: number | null;
	numerator: number;
	denominator: number;
	/** One sentence: what was counted over what. */
	definition: string;
}

export const MEASURED_IDS = [
	'noShowRate',
	'unscheduledRecovery',
	'recallReactivation',
	'treatmentAcceptance',
	'rebookingRate',
	'onlineBookingShare',
	'reviewsPerMonth',
	'frontDeskHours',
] as const;
export type MeasuredId = (typeof MEASURED_IDS)[number];

export interface Measurement {
	/** yyyy-MM-dd, inclusive, in the practice's zone. */
	from: string;
	to: string;
	windowDays: number;
	metrics: Record<MeasuredId, MeasuredMetric>;
	/** The six benchmark metrics, ready for the assessment. */
	practiceMetrics: PracticeMetrics;
	/** The economics the PMS shows (the rest stays with the practice's inputs). */
	economics: Partial<PracticeEconomics>;
	/** Items read, and items skipped with why (by index). */
	read: { appointments: number; procedures: number; plans: number; skipped: number };
}

export const RISK_REASONS = ['cadence_drift', 'shrinking_spend', 'missed_appointments', 'no_future_visit'] as const;
export type RiskReason = (typeof RISK_REASONS)[number];

export interface PatientRisk {
	rank: number;
	patientId: string;
	/** First name and last initial only: the call list goes to the owner's inbox. */
	displayName: string | null;
	mobile: string | null;
	/** 0..1 */
	churnRisk: number;
	vip: boolean;
	reasons: Array<{ reason: RiskReason; text: string }>;
	/** A year of this patient's production: what the practice stands to lose. */
	atStake: number;
	lastVisit: string | null;
	/** The patient's usual weeks between visits, and the weeks since the last one. */
	usualIntervalWeeks: number | null;
	weeksSinceVisit: number | null;
	missedLastYear: number;
	spendLastYear: number;
	spendYearBefore: number;
}
