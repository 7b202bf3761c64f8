/** The Practice Report node's fields: the Operation, those the weekly report's operations share, and each operation's own (actions/). */
import type { INodeProperties } from 'n8n-workflow';
import { referenceTimeOption } from '../shared/options';
import { alert } from './actions/alert';
import { show } from './actions/common';
import { email } from './actions/email';
import { huddle } from './actions/huddle';
import { render } from './actions/render';
import { sheet } from './actions/sheet';

export const properties: INodeProperties[] = [
	{
		displayName:
			'The input is one Maturity Score "Assess Stage" item and any "Patient Risk" items (merge them with a Merge node in Append mode)',
		name: 'notice',
		type: 'notice',
		default: '',
		displayOptions: show('email', 'sheet', 'render'),
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'email',
		options: [
			{
				name: 'Append to Sheet',
				value: 'sheet',
				action: 'Append a trend row to a sheet',
				description: 'One row per week for the trend',
			},
			{
				name: 'Email Staff',
				value: 'alert',
				action: 'Email a hand off to staff',
				description: "One email per item to the coordinator, e.g. from Healing Check's Escalate output",
			},
			{
				name: 'Huddle Rows',
				value: 'huddle',
				action: 'Make the huddle list rows',
				description:
					'One row per PMS "Get Unscheduled" case for Convert to File (CSV): a text that could run as a formula is quoted, phones stay text',
			},
			{
				name: 'Render',
				value: 'render',
				action: 'Render the weekly report',
				description: 'The subject, HTML and text, sending nothing',
			},
			{
				name: 'Send Email',
				value: 'email',
				action: 'Email the weekly report',
				description: 'The HTML report to the owner through Gmail',
			},
		],
	},
	...alert.description,
	...email.description,
	...sheet.description,
	...render.description,
	...huddle.description,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show('email', 'sheet', 'render'),
		options: [{ ...referenceTimeOption, description: 'The day the report is for ("week of"). Empty means today.' }],
	},
];
