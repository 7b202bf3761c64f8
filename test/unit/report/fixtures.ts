/** A realistic week for a Stage 3 practice: the numbers follow the seed's table and its $185 x 80 example. */
import type {
	Assessment,
	Dollars,
	MeasuredId,
	MeasuredMetric,
	Measurement,
	MetricScore,
	PatientRisk,
} from '../../../core/maturity/types';
import type { BenchmarkRow, WeeklyReportInput } from '../../../core/report/weekly';

export const dollars = (week: number): Dollars => ({ week, month: (week * 52) / 12, year: week * 52 });

/** The seed's "Benchmark numbers by stage" table. */
export const BENCHMARKS: BenchmarkRow[] = [
	{ metric: 'noShowRate', label: 'No-show rate', byStage: ['18%', '12%', '9%', '6%', '4%'] },
	{
		metric: 'recallReactivation',
		label: 'Recall reactivation (12-mo lapsed)',
		byStage: ['8%', '14%', '19%', '28%', '36%'],
	},
	{
		metric: 'unscheduledRecovery',
		label: 'Unscheduled-treatment recovery',
		byStage: ['38%', '44%', '52%', '67%', '74%'],
	},
	{ metric: 'onlineBookingShare', label: 'Online-booking share', byStage: ['0%', '15%', '35%', '55%', '70%'] },
	{
		metric: 'reviewsPerMonth',
		label: 'Google review velocity (per month)',
		byStage: ['1-2', '4-6', '8-12', '18-25', '25-40'],
	},
	{ metric: 'frontDeskHours', label: 'Front-desk hours/week on manual ops', byStage: ['28', '22', '16', '9', '6'] },
];

const score = (s: Omit<MetricScore, 'label' | 'method'>): MetricScore => ({
	...s,
	label: BENCHMARKS.find((b) => b.metric === s.metric)!.label,
	method: null,
});

export const METRICS: MetricScore[] = [
	score({
		metric: 'noShowRate',
		value: 0.12,
		stage: 2,
		benchmark: '12%',
		nextStage: 3,
		nextTarget: 0.09,
		reason: '12% no-show meets Stage 2 (12%) but not Stage 3 (9%)',
		leakage: dollars(1776),
		recoverable: dollars(444),
	}),
	score({
		metric: 'recallReactivation',
		value: 0.213,
		stage: 3,
		benchmark: '19%',
		nextStage: 4,
		nextTarget: 0.28,
		reason: '21.3% meets Stage 3 (19%) but not Stage 4 (28%)',
		leakage: dollars(520),
		recoverable: dollars(310),
	}),
	score({
		metric: 'unscheduledRecovery',
		value: 0.548,
		stage: 3,
		benchmark: '52%',
		nextStage: 4,
		nextTarget: 0.67,
		reason: '54.8% meets Stage 3 (52%) but not Stage 4 (67%)',
		leakage: dollars(2340),
		recoverable: dollars(1080),
	}),
	score({
		metric: 'onlineBookingShare',
		value: 0.381,
		stage: 3,
		benchmark: '35%',
		nextStage: 4,
		nextTarget: 0.55,
		reason: '38.1% meets Stage 3 (35%) but not Stage 4 (55%)',
		leakage: dollars(96),
		recoverable: dollars(45),
	}),
	score({
		metric: 'reviewsPerMonth',
		value: 9.333,
		stage: 3,
		benchmark: '8-12',
		nextStage: 4,
		nextTarget: 18,
		reason: '9.3 a month meets Stage 3 (8-12) but not Stage 4 (18-25)',
		leakage: null,
		recoverable: null,
	}),
];

const sum = (key: 'leakage' | 'recoverable') => dollars(METRICS.reduce((total, m) => total + (m[key]?.week ?? 0), 0));

export const ASSESSMENT: Assessment = {
	stage: 3,
	stageName: 'Tooled',
	metricsStage: 3,
	footprintCap: 3,
	reason:
		'Four of five measured metrics meet Stage 3; the no-show rate is still at Stage 2. Your tools (PMS, SMS recall, email, portal, reviews) match Stage 3.',
	metrics: METRICS,
	unscored: ['frontDeskHours'],
	leakage: sum('leakage'),
	recoverable: sum('recoverable'),
	lowest: 'noShowRate',
	nextMove: {
		metric: 'noShowRate',
		label: 'No-show rate',
		fromStage: 2,
		toStage: 3,
		baseline: 0.12,
		target: 0.09,
		recoverable: dollars(444),
		text: 'Take no-show rate from 12% to 9% in 90 days: about $444 a week back.',
	},
	footprintAdvice:
		'For Stage 4, add an orchestration layer that ties the PMS, SMS, email and portal together; no new point tools needed.',
};

const measured = (
	value: number | null,
	numerator: number,
	denominator: number,
	definition: string,
): MeasuredMetric => ({ value, numerator, denominator, definition });

const MEASURED: Record<MeasuredId, MeasuredMetric> = {
	noShowRate: measured(
		0.12,
		125,
		1040,
		'Appointments marked broken or no-show over all appointments scheduled in the window.',
	),
	unscheduledRecovery: measured(
		0.548,
		148,
		270,
		'Treatment plans presented in the window that got a scheduled appointment, over all plans presented.',
	),
	recallReactivation: measured(
		0.213,
		64,
		300,
		'Patients lapsed 12 months or more at the window start who came back in it, over all such patients.',
	),
	treatmentAcceptance: measured(
		0.61,
		165,
		270,
		'Treatment plans accepted over treatment plans presented in the window.',
	),
	rebookingRate: measured(
		0.72,
		540,
		750,
		'Completed visits that left with the next visit booked, over all completed visits.',
	),
	onlineBookingShare: measured(
		0.381,
		396,
		1040,
		'Appointments booked through the online scheduler over all appointments booked.',
	),
	reviewsPerMonth: measured(9.333, 28, 3, 'New Google reviews over months in the window.'),
	frontDeskHours: measured(null, 0, 0, 'Not in practice-management data: the practice gives it.'),
};

export const MEASUREMENT: Measurement = {
	from: '2026-08-25',
	to: '2026-11-22',
	windowDays: 90,
	metrics: MEASURED,
	practiceMetrics: {
		noShowRate: 0.12,
		unscheduledRecovery: 0.548,
		recallReactivation: 0.213,
		onlineBookingShare: 0.381,
		reviewsPerMonth: 9.333,
		frontDeskHours: null,
	},
	economics: { averageAppointmentValue: 185, appointmentsPerWeek: 80 },
	read: { appointments: 1040, procedures: 2210, plans: 270, skipped: 3 },
};

type RiskSeed = [
	name: string | null,
	vip: boolean,
	atStake: number,
	lastVisit: string,
	reasons: PatientRisk['reasons'],
];

const SEEDS: RiskSeed[] = [
	[
		'Maria G.',
		true,
		6840,
		'2026-05-14',
		[
			{ reason: 'cadence_drift', text: 'Usually comes every 16 weeks; it has been 27 weeks.' },
			{ reason: 'no_future_visit', text: 'No visit on the books.' },
		],
	],
	[
		'James O.',
		true,
		5210,
		'2026-06-02',
		[
			{ reason: 'shrinking_spend', text: 'Spent $1,240 in the last year against $3,980 the year before.' },
			{ reason: 'no_future_visit', text: 'No visit on the books.' },
		],
	],
	[
		'Priya S.',
		false,
		3400,
		'2026-07-21',
		[
			{ reason: 'missed_appointments', text: 'Missed 3 appointments in the last year.' },
			{ reason: 'cadence_drift', text: 'Usually comes every 12 weeks; it has been 18 weeks.' },
		],
	],
	[
		'Tom B.',
		false,
		2980,
		'2026-04-30',
		[{ reason: 'cadence_drift', text: 'Usually comes every 26 weeks; it has been 29 weeks.' }],
	],
	[
		'Angela R.',
		false,
		2650,
		'2026-06-18',
		[{ reason: 'missed_appointments', text: 'Missed 2 appointments in the last year.' }],
	],
	[
		'Kevin L.',
		false,
		2410,
		'2026-05-05',
		[
			{ reason: 'shrinking_spend', text: 'Spent $610 in the last year against $2,020 the year before.' },
			{ reason: 'no_future_visit', text: 'No visit on the books.' },
		],
	],
	[
		'Sofia M.',
		false,
		2200,
		'2026-03-11',
		[{ reason: 'cadence_drift', text: 'Usually comes every 24 weeks; it has been 36 weeks.' }],
	],
	[
		null,
		false,
		1980,
		'2026-06-26',
		[{ reason: 'missed_appointments', text: 'Missed 2 appointments in the last year.' }],
	],
	[
		'Daniel K.',
		false,
		1760,
		'2026-05-28',
		[{ reason: 'no_future_visit', text: 'No visit on the books since the last cleaning.' }],
	],
	[
		"Aoife O'B.",
		false,
		1520,
		'2026-07-02',
		[{ reason: 'cadence_drift', text: 'Usually comes every 12 weeks; it has been 20 weeks.' }],
	],
	[
		'Luis H.',
		false,
		1390,
		'2026-04-09',
		[{ reason: 'shrinking_spend', text: 'Spent $420 in the last year against $1,310 the year before.' }],
	],
	['Grace W.', false, 1150, '2026-06-11', [{ reason: 'no_future_visit', text: 'No visit on the books.' }]],
];

export const RISKS: PatientRisk[] = SEEDS.map(([displayName, vip, atStake, lastVisit, reasons], i) => ({
	rank: i + 1,
	patientId: `pat-88${String(i).padStart(2, '0')}`,
	displayName,
	mobile: `+1512555${String(140 + i).padStart(4, '0')}`,
	churnRisk: 0.9 - i * 0.04,
	vip,
	reasons,
	atStake,
	lastVisit,
	usualIntervalWeeks: 16,
	weeksSinceVisit: 27,
	missedLastYear: 0,
	spendLastYear: 1240,
	spendYearBefore: 3980,
}));

export const INPUT: WeeklyReportInput = {
	practiceName: 'Bright Smiles Family Dental',
	weekOf: '2026-11-23',
	zone: 'America/Chicago',
	assessment: ASSESSMENT,
	measurement: MEASUREMENT,
	risks: RISKS,
	benchmarks: BENCHMARKS,
};
