import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { practiceCredential } from '../shared/practice';
import { GMAIL, TWILIO } from '../PatientMessage/transport';
import { LINK_CREDENTIAL, practiceNowOptions } from './actions/common';
import { OPERATIONS, operation, route } from './actions/router';

/**
 * Hand-offs that reach a person: staff tasks delivered to the practice profile's staff channels,
 * followed up when overdue, listed every morning, and closed from a signed link. The tasks are the
 * journal's open task rows (README "Hand-offs to staff"); core/staff holds every rule.
 */
export class StaffTask implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Staff Task',
		name: 'staffTask',
		icon: { light: 'file:staffTask.svg', dark: 'file:staffTask.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ {"handOff": "Hand off to staff", "followUp": "Follow up overdue tasks", "digest": "Daily list of open tasks", "close": "Close a task"}[$parameter["operation"]] }}',
		description: "Deliver staff tasks to the front desk (email, Slack, a text when urgent) with the patient's first name, what is needed and by when; remind and escalate overdue ones; a daily list; close from a signed link",
		defaults: { name: 'Staff Task' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			practiceCredential,
			{ name: LINK_CREDENTIAL, required: true },
			{ name: GMAIL, required: true, displayOptions: { show: { operation: ['handOff', 'followUp', 'digest'] } } },
			{ name: TWILIO, required: false, displayOptions: { show: { operation: ['handOff', 'followUp'] } } },
		],
		properties: [operation, ...Object.values(OPERATIONS).flatMap((op) => op.description), practiceNowOptions],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return route(this);
	}
}
