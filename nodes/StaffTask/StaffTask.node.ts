import { DateTime } from 'luxon';
import {
	NodeConnectionTypes,
	type ICredentialsDecrypted,
	type ICredentialTestFunctions,
	type IExecuteFunctions,
	type INodeCredentialTestResult,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { closeLink, verifyCloseLink } from '../../core/staff/link';
import { readRun } from './actions/common';
import { OPERATIONS, properties } from './description';
import { practiceProfileTest } from '../shared/practice';
import { route } from '../shared/router';

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
		subtitle:
			'={{ {"handOff": "Hand off to staff", "followUp": "Follow up overdue tasks", "digest": "Daily list of open tasks", "close": "Close a task"}[$parameter["operation"]] }}',
		description:
			"Deliver staff tasks to the front desk (email, Slack, a text when urgent) with the patient's first name, what is needed and by when; remind and escalate overdue ones; a daily list; close from a signed link",
		defaults: { name: 'Staff Task' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			// Literal names: n8n's lint reads this list without resolving constants.
			{ name: 'chairsidePracticeApi', required: true, testedBy: 'practiceProfileTest' },
			{ name: 'chairsideTaskLinkApi', required: true, testedBy: 'taskLinkTest' },
			{
				name: 'chairsideGmailOAuth2Api',
				required: true,
				displayOptions: { show: { operation: ['handOff', 'followUp', 'digest'] } },
			},
			{ name: 'twilioSmsApi', required: false, displayOptions: { show: { operation: ['handOff', 'followUp'] } } },
			// The first-name lookup (the PMS field of Hand Off, Follow Up Overdue, Daily Digest): the PMS node's credentials.
			{
				name: 'openDentalApi',
				required: true,
				displayOptions: { show: { operation: ['handOff', 'followUp', 'digest'], pms: ['openDental'] } },
			},
			{
				name: 'nexHealthApi',
				required: true,
				displayOptions: { show: { operation: ['handOff', 'followUp', 'digest'], pms: ['nexHealth'] } },
			},
		],
		properties,
	};

	methods = {
		credentialTest: {
			practiceProfileTest,
			/** Nothing to call: the test signs and verifies a link, so a secret too short to be safe is caught when it is saved. */
			async taskLinkTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const secret = String((credential.data ?? {}).secret ?? '');
				try {
					const now = DateTime.now();
					const link = new URL(
						closeLink('https://n8n.example/form/test', 'task/test', now.plus({ minutes: 1 }), secret),
					);
					verifyCloseLink(Object.fromEntries(link.searchParams), secret, now);
					return { status: 'OK', message: 'The secret signs and verifies task links' };
				} catch (error) {
					return { status: 'Error', message: (error as Error).message };
				}
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return route(this, { operations: OPERATIONS, readRun });
	}
}
