import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { practiceTimezoneOption, referenceTimeOption } from '../../shared/options';
import { getMany } from './appointment/getMany';
import type { Operation } from './common';
import { get } from './patient/get';
import { getLapsed } from './patient/getLapsed';
import { getCompleted } from './procedure/getCompleted';
import { getDue } from './recall/getDue';
import { getPresented } from './treatment/getPresented';
import { getUnscheduled } from './treatment/getUnscheduled';

export const OPERATIONS: Record<string, Record<string, Operation>> = {
	treatment: { getUnscheduled, getPresented },
	procedure: { getCompleted },
	appointment: { getMany },
	recall: { getDue },
	patient: { get, getLapsed },
};

const resource: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Appointment', value: 'appointment' },
		{ name: 'Patient', value: 'patient' },
		{ name: 'Procedure', value: 'procedure' },
		{ name: 'Recall', value: 'recall' },
		{ name: 'Treatment', value: 'treatment' },
	],
	default: 'treatment',
};

/** The operation menu of one resource; n8n's lint wants each default written out. */
function operation(res: string, options: INodePropertyOptions[], defaultValue: string): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [res] } },
		options,
		default: defaultValue,
	};
}

const shared: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [practiceTimezoneOption, referenceTimeOption],
};

export const properties: INodeProperties[] = [
	resource,
	operation(
		'treatment',
		[
			{ name: 'Get Presented', value: 'getPresented', action: 'Get presented treatment plans', description: 'Treatment plans presented in a date range, with what the patient accepted' },
			{ name: 'Get Unscheduled', value: 'getUnscheduled', action: 'Get unscheduled treatment', description: "Treatment planned but not booked, as Open Dental's Treatment Finder defines it" },
		],
		'getUnscheduled',
	),
	operation(
		'procedure',
		[{ name: 'Get Completed', value: 'getCompleted', action: 'Get completed procedures', description: 'Procedures completed in a date range, by code family' }],
		'getCompleted',
	),
	operation('appointment', [{ name: 'Get Many', value: 'getMany', action: 'Get many appointments', description: 'Appointments by status and date range' }], 'getMany'),
	operation('recall', [{ name: 'Get Due', value: 'getDue', action: 'Get due recalls', description: 'Recalls coming due or overdue' }], 'getDue'),
	operation(
		'patient',
		[
			{ name: 'Get', value: 'get', action: 'Get a patient', description: 'One patient by ID' },
			{ name: 'Get Lapsed', value: 'getLapsed', action: 'Get lapsed patients', description: 'Active patients with no visit for months and nothing booked' },
		],
		'get',
	),
	...Object.values(OPERATIONS).flatMap((ops) => Object.values(ops).flatMap((op) => op.description)),
	shared,
];
