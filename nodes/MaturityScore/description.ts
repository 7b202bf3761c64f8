/** The Maturity Score node's operations (each with its fields, in actions/), its operation menu and its options. */
import type { INodeProperties } from 'n8n-workflow';
import { referenceTimeOption } from '../shared/options';
import { assess } from './actions/assess';
import { show, type MaturityOperation } from './actions/common';
import { measure } from './actions/measure';
import { patientRisk } from './actions/patientRisk';
import { providerPay } from './actions/providerPay';

export const OPERATIONS: Record<string, MaturityOperation> = { assess, measure, patientRisk, providerPay };

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

export const properties: INodeProperties[] = [
	{
		displayName:
			'Measure and Patient Risk read the items of PMS nodes (appointments, completed procedures, presented plans) merged into one input; Assess Stage reads a Measure result or typed-in numbers.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	operation,
	...measure.description,
	...assess.description,
	...patientRisk.description,
	...providerPay.description,
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
