/** The Maturity Score node's fields; what each operation does with them lives in actions/. */
import type { INodeProperties } from 'n8n-workflow';
import { referenceTimeOption } from '../shared/options';
import { LAPSED_MONTHS } from '../../core/model/lapsed';

const show = (...operation: string[]): INodeProperties['displayOptions'] => ({ show: { operation } });

const operation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	default: 'assess',
	options: [
		{
			name: 'Assess Stage',
			value: 'assess',
			action: 'Assess the practice stage',
			description:
				'The stage (1 Paper + Phone to 5 Predictive) per metric and overall, the dollars leaking, and the one next move',
		},
		{
			name: 'Measure',
			value: 'measure',
			action: 'Measure the practice from PMS data',
			description:
				'No-show rate, unscheduled-treatment recovery, recall reactivation, treatment acceptance and rebooking from appointments, completed procedures and presented plans',
		},
		{
			name: 'Provider Pay',
			value: 'providerPay',
			action: 'Compare provider pay with production',
			description:
				'Compensation (payroll rows) over production (PMS completed procedures) per provider, flagged outside 35-50%',
		},
		{
			name: 'Patient Risk',
			value: 'patientRisk',
			action: 'List the patients most likely to leave',
			description: 'A ranked call list: visit-cadence drift, shrinking spend, missed visits, with the dollars at stake',
		},
	],
};

const measureFields: INodeProperties[] = [
	{
		displayName:
			'How each metric is measured over the window: no-show rate = broken / (broken + completed) appointments before now; unscheduled-treatment recovery = plans presented in the window now scheduled or completed / all presented; treatment acceptance = accepted / presented fees; recall reactivation = patients lapsed 12+ months at the window start who completed a visit in it / those lapsed; rebooking = patients with a completed visit who have a later appointment booked; online-booking share = online bookings / appointments in the window.',
		name: 'definitions',
		type: 'notice',
		default: '',
		displayOptions: show('measure'),
	},
	{
		displayName: 'Window (Days)',
		name: 'windowDays',
		type: 'number',
		typeOptions: { minValue: 7, maxValue: 730 },
		default: 90,
		description:
			'Days measured, ending on the reference day. The PMS nodes before this one must read at least this far back (and 12 months further for recall reactivation).',
		displayOptions: show('measure'),
	},
	{
		displayName: 'Lapsed After (Months)',
		name: 'lapsedMonths',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 60 },
		default: LAPSED_MONTHS,
		description:
			'A patient whose last completed visit is older than this at the start of the window counts as lapsed for recall reactivation',
		displayOptions: show('measure'),
	},
	{
		displayName: 'Other Sources',
		name: 'otherSources',
		type: 'collection',
		placeholder: 'Add Source',
		default: {},
		description: 'Numbers the PMS does not hold. Leave one out and its metric is not scored.',
		displayOptions: show('measure'),
		options: [
			{
				displayName: 'Online Bookings in Window',
				name: 'onlineBookings',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'Appointments booked online (web scheduler, NexHealth, Google) in the window',
			},
			{
				displayName: 'Google Reviews in Window',
				name: 'reviews',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'New Google reviews in the window',
			},
			{
				displayName: 'Front-Desk Hours a Week on Manual Work',
				name: 'frontDeskHours',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'Hours a week the team spends copying data between systems and calling through lists',
			},
		],
	},
];

const rate = (displayName: string, name: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	placeholder: '12%',
	description,
});

const assessFields: INodeProperties[] = [
	{
		displayName: 'Metrics From',
		name: 'metricsFrom',
		type: 'options',
		default: 'measurement',
		options: [
			{
				name: 'Measure Output',
				value: 'measurement',
				description: 'The input item is a Measure result; metrics below override what was measured',
			},
			{
				name: 'Fields Below',
				value: 'fields',
				description: 'Type the numbers in (or map them from a sheet): the 90-minute assessment meeting',
			},
		],
		displayOptions: show('assess'),
	},
	{
		displayName: 'Metrics',
		name: 'metrics',
		type: 'collection',
		placeholder: 'Add Metric',
		default: {},
		description: 'The six benchmark metrics. Rates take 0.12, 12 or 12%. A metric left out is not scored.',
		displayOptions: show('assess'),
		options: [
			rate('Front-Desk Hours a Week', 'frontDeskHours', 'Hours a week on manual operations (Stage 1: 28, Stage 5: 6)'),
			rate('Google Reviews per Month', 'reviewsPerMonth', 'New Google reviews a month (Stage 1: 1-2, Stage 5: 25-40)'),
			rate('No-Show Rate', 'noShowRate', 'Missed appointments over kept plus missed (Stage 1: 18%, Stage 5: 4%)'),
			rate(
				'Online-Booking Share',
				'onlineBookingShare',
				'Share of appointments booked online (Stage 1: 0%, Stage 5: 70%)',
			),
			rate(
				'Recall Reactivation',
				'recallReactivation',
				'Share of 12-month-lapsed patients brought back (Stage 1: 8%, Stage 5: 36%)',
			),
			rate(
				'Unscheduled-Treatment Recovery',
				'unscheduledRecovery',
				'Share of presented treatment that gets scheduled (Stage 1: 38%, Stage 5: 74%)',
			),
		],
	},
	{
		displayName: 'Tools in Use',
		name: 'footprint',
		type: 'multiOptions',
		default: ['pms'],
		description:
			'The tool footprint caps the stage: no Stage 4 without an orchestration layer, no Stage 5 without predictive scoring',
		displayOptions: show('assess'),
		options: [
			{ name: 'Email Provider', value: 'emailProvider' },
			{
				name: 'Orchestration Layer',
				value: 'orchestration',
				description: 'Workflows across the tools, e.g. Chairside journeys in n8n',
			},
			{ name: 'Patient Portal or Online Booking', value: 'portal' },
			{ name: 'Practice-Management System', value: 'pms' },
			{
				name: 'Predictive Scoring',
				value: 'predictiveScoring',
				description: 'Patient-level risk scores drive the cadence',
			},
			{ name: 'Reviews Tool', value: 'reviewsTool' },
			{ name: 'SMS Recall', value: 'smsRecall' },
		],
	},
	{
		displayName: 'Practice Numbers',
		name: 'economics',
		type: 'collection',
		placeholder: 'Add Number',
		default: {},
		description:
			'What a point of each metric is worth, for the leakage dollars. Measured numbers fill what is left out; then the defaults ($185 a visit, 80 visits a week, $25 a front-desk hour, 6 minutes a phone booking).',
		displayOptions: show('assess'),
		options: [
			{
				displayName: 'Appointments per Week',
				name: 'appointmentsPerWeek',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 80,
			},
			{
				displayName: 'Average Appointment Value',
				name: 'averageAppointmentValue',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 185,
				description: 'Production of an average visit, in dollars',
			},
			{
				displayName: 'Front-Desk Hourly Cost',
				name: 'frontDeskHourlyCost',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 25,
			},
			{
				displayName: 'Lapsed Patients',
				name: 'lapsedPatients',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'Patients 12 months or more past their last visit',
			},
			{
				displayName: 'Phone Booking Minutes',
				name: 'phoneBookingMinutes',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 6,
				description: 'Front-desk minutes an online booking saves',
			},
			{
				displayName: 'Reactivated Patient Value',
				name: 'reactivatedPatientValue',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: "A year's production of a patient who comes back",
			},
			{
				displayName: 'Treatment Presented per Week',
				name: 'treatmentPresentedPerWeek',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'Dollars of treatment presented a week',
			},
		],
	},
];

const riskFields: INodeProperties[] = [
	{
		displayName: 'Call List Size',
		name: 'listSize',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 12,
		description: 'How many patients the call list holds ("call these 12 patients")',
		displayOptions: show('patientRisk'),
	},
	{
		displayName: 'Risk Settings',
		name: 'risk',
		type: 'collection',
		placeholder: 'Add Setting',
		default: {},
		displayOptions: show('patientRisk'),
		options: [
			{
				displayName: 'Drift Threshold',
				name: 'driftThreshold',
				type: 'number',
				typeOptions: { minValue: 1, numberPrecision: 2 },
				default: 1.25,
				description:
					'Weeks since the last visit over the usual weeks between visits that counts as drifting (12 weeks usual, 16 now: 1.33)',
			},
			{
				displayName: 'Minimum Visits',
				name: 'minVisits',
				type: 'number',
				typeOptions: { minValue: 2 },
				default: 3,
				description: 'Visits needed before a usual interval is trusted',
			},
			{
				displayName: 'Shrinking Spend Threshold',
				name: 'shrinkThreshold',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
				default: 0.6,
				description: "Last year's production under this share of the year before counts as shrinking",
			},
		],
	},
];

const payFields: INodeProperties[] = [
	{
		displayName: 'Pay Period From',
		name: 'payFrom',
		type: 'dateTime',
		default: '',
		description: 'First day the payroll rows cover. Empty: 29 days before the reference day.',
		displayOptions: show('providerPay'),
	},
	{
		displayName: 'Pay Period To',
		name: 'payTo',
		type: 'dateTime',
		default: '',
		description: 'Last day, included. Empty: the reference day.',
		displayOptions: show('providerPay'),
	},
	{
		displayName: 'Payroll Provider Field',
		name: 'providerField',
		type: 'string',
		default: 'provider',
		description: "The payroll row's column naming the provider",
		displayOptions: show('providerPay'),
	},
	{
		displayName: 'Payroll Compensation Field',
		name: 'compensationField',
		type: 'string',
		default: 'compensation',
		description: "The column with the period's total compensation (base, commission, bonus, benefits)",
		displayOptions: show('providerPay'),
	},
	{
		displayName: 'Provider Names',
		name: 'providerNames',
		type: 'string',
		default: '',
		placeholder: 'Dr. Rivera=DOC1, Dr. Chen=DOC2',
		description: "Payroll's names for the PMS provider abbreviations, when they differ",
		displayOptions: show('providerPay'),
	},
];

export const properties: INodeProperties[] = [
	{
		displayName:
			'Measure and Patient Risk read the items of PMS nodes (appointments, completed procedures, presented plans) merged into one input; Assess Stage reads a Measure result or typed-in numbers.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	operation,
	...measureFields,
	...assessFields,
	...riskFields,
	...payFields,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show('measure', 'patientRisk', 'providerPay'),
		options: [referenceTimeOption],
	},
];
