/** Staff Task's operations, one file each under actions/, its operation menu and its options. */
import type { INodeProperties } from 'n8n-workflow';
import { close } from './actions/close';
import { CLOSE_FORM_PATH, type StaffOperation } from './actions/common';
import { digest } from './actions/digest';
import { followUp } from './actions/followUp';
import { handOff } from './actions/handOff';

export const OPERATIONS: Record<string, StaffOperation> = { handOff, followUp, digest, close };

const operation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Close',
			value: 'close',
			action: 'Close a task',
			description: 'Close the task a signed link names and record who closed it and when',
		},
		{
			name: 'Daily Digest',
			value: 'digest',
			action: 'Send the list of open tasks',
			description: 'One message to the front desk listing every open task, oldest first',
		},
		{
			name: 'Follow Up Overdue',
			value: 'followUp',
			action: 'Follow up overdue tasks',
			description: 'Remind the front desk once about a task past its deadline, then tell the escalation contact',
		},
		{
			name: 'Hand Off',
			value: 'handOff',
			action: 'Hand off a task to staff',
			description:
				"Alert the front desk (email, Slack, a text when urgent) with the patient's first name, what is needed and by when, and record the task as open",
		},
	],
	default: 'handOff',
};

const practiceNowOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Reference Time',
			name: 'now',
			type: 'dateTime',
			default: '',
			description:
				'The "now" deadlines and overdue tasks are measured from, in the practice\'s time zone (practice profile). Empty means the current time; set it to replay or simulate.',
		},
		{
			displayName: 'Close Form Path',
			name: 'closeFormPath',
			type: 'string',
			default: CLOSE_FORM_PATH,
			description:
				'The path of the n8n Form that closes tasks (the "Chairside: Staff Tasks" workflow). Empty: alerts carry no close link.',
		},
	],
};

export const properties: INodeProperties[] = [
	operation,
	...Object.values(OPERATIONS).flatMap((op) => op.description),
	practiceNowOptions,
];
