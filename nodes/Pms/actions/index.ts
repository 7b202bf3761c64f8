import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { practiceOptions } from '../../shared/options';
import { readPmsRun, type PmsRun } from '../../shared/pms/context';
import type { Router } from '../../shared/router';
import { book } from './appointment/book';
import { cancel } from './appointment/cancel';
import { confirm } from './appointment/confirm';
import { findSlots } from './appointment/findSlots';
import { getMany } from './appointment/getMany';
import { create } from './commlog/create';
import { check } from './connection/check';
import type { PmsOperation } from './common';
import { get } from './patient/get';
import { getLapsed } from './patient/getLapsed';
import { updateConsent } from './patient/updateConsent';
import { getCompleted } from './procedure/getCompleted';
import { getDue } from './recall/getDue';
import { getPresented } from './treatment/getPresented';
import { getUnscheduled } from './treatment/getUnscheduled';

const OPERATIONS: Record<string, PmsOperation> = {
	'treatment:getUnscheduled': getUnscheduled,
	'treatment:getPresented': getPresented,
	'procedure:getCompleted': getCompleted,
	'appointment:getMany': getMany,
	'appointment:findSlots': findSlots,
	'appointment:book': book,
	'appointment:confirm': confirm,
	'appointment:cancel': cancel,
	'commlog:create': create,
	'recall:getDue': getDue,
	'patient:get': get,
	'patient:getLapsed': getLapsed,
	'patient:updateConsent': updateConsent,
	'connection:check': check,
};

export const PMS_ROUTER: Router<PmsRun, PmsOperation> = {
	operations: OPERATIONS,
	readRun: (ctx, _key, operation) => readPmsRun(ctx, operation.writes === true),
};

const resource: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Appointment', value: 'appointment' },
		{ name: 'Communication Log', value: 'commlog' },
		{ name: 'Connection', value: 'connection' },
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

export const properties: INodeProperties[] = [
	resource,
	operation(
		'treatment',
		[
			{
				name: 'Get Presented',
				value: 'getPresented',
				action: 'Get presented treatment plans',
				description: 'Treatment plans presented in a date range, with what the patient accepted',
			},
			{
				name: 'Get Unscheduled',
				value: 'getUnscheduled',
				action: 'Get unscheduled treatment',
				description: "Treatment planned but not booked, as Open Dental's Treatment Finder defines it",
			},
		],
		'getUnscheduled',
	),
	operation(
		'procedure',
		[
			{
				name: 'Get Completed',
				value: 'getCompleted',
				action: 'Get completed procedures',
				description: 'Procedures completed in a date range, by code family',
			},
		],
		'getCompleted',
	),
	operation(
		'appointment',
		[
			{
				name: 'Book',
				value: 'book',
				action: 'Book an appointment',
				description: 'Book a slot (or schedule a planned appointment) once, re-checking that it is still free',
			},
			{
				name: 'Cancel',
				value: 'cancel',
				action: 'Cancel an appointment',
				description: 'Break an appointment as missed or cancelled',
			},
			{
				name: 'Confirm',
				value: 'confirm',
				action: 'Confirm an appointment',
				description: "Set an appointment's confirmation status",
			},
			{
				name: 'Find Open Slots',
				value: 'findSlots',
				action: 'Find open slots',
				description: 'A few good openings in the preferred windows',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many appointments',
				description: 'Appointments by status and date range',
			},
		],
		'getMany',
	),
	operation(
		'commlog',
		[
			{
				name: 'Create',
				value: 'create',
				action: 'Create a communication log entry',
				description:
					"Record a text or email in the patient's Open Dental communication log. NexHealth has no chart-note write: nothing is written and the note stays in the Chairside journal.",
			},
		],
		'create',
	),
	operation(
		'recall',
		[{ name: 'Get Due', value: 'getDue', action: 'Get due recalls', description: 'Recalls coming due or overdue' }],
		'getDue',
	),
	operation(
		'connection',
		[
			{
				name: 'Check',
				value: 'check',
				action: 'Check the PMS connection',
				description: 'Whether the PMS answers with this credential, and its version (for the go-live check)',
			},
		],
		'check',
	),
	operation(
		'patient',
		[
			{ name: 'Get', value: 'get', action: 'Get a patient', description: 'One patient by ID' },
			{
				name: 'Get Lapsed',
				value: 'getLapsed',
				action: 'Get lapsed patients',
				description: 'Active patients with no visit for months and nothing booked',
			},
			{
				name: 'Update Contact Consent',
				value: 'updateConsent',
				action: 'Update contact consent',
				description: 'Set whether the patient accepts text messages (e.g. No after STOP)',
			},
		],
		'get',
	),
	...Object.values(OPERATIONS).flatMap((op) => op.description),
	practiceOptions,
];
