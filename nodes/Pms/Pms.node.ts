import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { practiceProfileTest } from '../shared/practice';
import { queueStateTest } from '../shared/state';
import { PMS_ROUTER, properties } from './actions';
import { pmsParameter } from '../shared/pms/backend';
import { route } from '../shared/router';
import { operationSubtitle } from '../shared/subtitle';

export class Pms implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'PMS',
		name: 'pms',
		icon: { light: 'file:pms.svg', dark: 'file:pms.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: operationSubtitle(properties),
		description:
			'Read treatment plans, procedures, appointments, recalls and patients from Open Dental or NexHealth (Dentrix, Eaglesoft); book, confirm and cancel appointments, log messages, record consent',
		defaults: { name: 'PMS' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [
			{ name: 'openDentalApi', required: true, displayOptions: { show: { pms: ['openDental'] } } },
			{ name: 'nexHealthApi', required: true, displayOptions: { show: { pms: ['nexHealth'] } } },
			{ name: 'chairsidePracticeApi', required: true, testedBy: 'practiceProfileTest' },
			{ name: 'chairsideQueueStateApi', required: false, testedBy: 'queueStateTest' },
		],
		properties: [pmsParameter, ...properties],
	};

	methods = { credentialTest: { queueStateTest, practiceProfileTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return route(this, PMS_ROUTER);
	}
}
