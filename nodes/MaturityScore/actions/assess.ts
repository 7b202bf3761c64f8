/** Assess Stage: per input item, the stage, the leakage and the next move. */
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';
import { assess as assessPractice } from '../../../core/maturity/assess';
import { parseEconomics, parseFootprint, parseMetrics } from '../../../core/maturity/inputs';
import { DEFAULT_ECONOMICS } from '../../../core/maturity/leakage';
import type { PracticeEconomics, PracticeMetrics } from '../../../core/maturity/types';
import { show, type MaturityOperation } from './common';

const measured = z
	.object({ practiceMetrics: z.record(z.number().nullable()), economics: z.record(z.number()) })
	.passthrough();

/** Measured numbers as the assessment takes them: not-measured (null) metrics stay out. */
function fromMeasurement(
	json: IDataObject,
	itemIndex: number,
): { metrics: PracticeMetrics; economics: Partial<PracticeEconomics> } {
	const parsed = measured.safeParse(json);
	if (!parsed.success) {
		throw new Error(
			`item ${itemIndex} is not a Measure result (no practiceMetrics/economics): set Metrics From to "Fields Below", or put Maturity Score (Measure) before this node`,
		);
	}
	const metrics = Object.fromEntries(
		Object.entries(parsed.data.practiceMetrics).filter(([, v]) => v !== null),
	) as PracticeMetrics;
	const economics = Object.fromEntries(
		Object.entries(parsed.data.economics).filter(([, v]) => Number.isFinite(v)),
	) as Partial<PracticeEconomics>;
	return { metrics, economics };
}

const rate = (displayName: string, name: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	placeholder: '12%',
	description,
});

export const assess: MaturityOperation = {
	runs: 'perItem',
	description: [
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
				rate(
					'Front-Desk Hours a Week',
					'frontDeskHours',
					'Hours a week on manual operations (Stage 1: 28, Stage 5: 6)',
				),
				rate(
					'Google Reviews per Month',
					'reviewsPerMonth',
					'New Google reviews a month (Stage 1: 1-2, Stage 5: 25-40)',
				),
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
	],
	execute(ctx, i) {
		const item = ctx.getInputData()[i];
		const source = ctx.getNodeParameter('metricsFrom', i) as string;
		const base = source === 'measurement' ? fromMeasurement(item.json, i) : { metrics: {}, economics: {} };
		// Typed-in numbers win over measured ones, measured ones over the defaults.
		const metrics = { ...base.metrics, ...parseMetrics(ctx.getNodeParameter('metrics', i, {}) as IDataObject) };
		const economics = {
			...DEFAULT_ECONOMICS,
			...base.economics,
			...parseEconomics(ctx.getNodeParameter('economics', i, {}) as IDataObject),
		};
		const tools = ctx.getNodeParameter('footprint', i, []) as string[];
		const footprint = parseFootprint(Object.fromEntries(tools.map((t) => [t, true])));
		const assessment = assessPractice(metrics, footprint, economics);
		const measurement = source === 'measurement' ? item.json : null;
		return { json: { ...assessment, economics, measurement } as unknown as IDataObject };
	},
};
