/** The Practice Report node's fields. */
import type { INodeProperties } from 'n8n-workflow';
import { referenceTimeOption } from '../shared/options';

const show = (...operation: string[]): INodeProperties['displayOptions'] => ({ show: { operation } });

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
	{
		displayName: 'To',
		name: 'staffTo',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'coordinator@practice.com',
		displayOptions: show('alert'),
	},
	{
		displayName: 'Subject',
		name: 'alertSubject',
		type: 'string',
		default:
			'={{ "Healing check: " + ($json.healing.outcome === "escalate" ? "call" : "read the reply of") + " patient " + $json.patientId + " by " + DateTime.fromISO($json.healing.dueAt).setZone($today.zoneName).toFormat("ccc LLL d, h:mm a") }}',
		description: 'Patient IDs only: the email leaves the PMS',
		displayOptions: show('alert'),
	},
	{
		displayName: 'Message',
		name: 'alertText',
		type: 'string',
		typeOptions: { rows: 5 },
		default:
			'={{ "The patient answered the healing check " + $json.daysSinceMilestone + " day(s) after " + ($json.milestone || "their last visit").replace(/_/g, " ") + ": “" + ($json.body || "the healing form") + "”\\n\\nOutcome: " + $json.healing.outcome + " (" + $json.healing.reason + ")\\nCall back by: " + $json.healing.dueAt + "\\nPatient ID: " + $json.patientId + ", mobile " + ($json.from || "not given") + "\\n\\nThe patient was sent: “" + $json.healing.reply + "”" }}',
		displayOptions: show('alert'),
	},
	{
		displayName: 'To',
		name: 'to',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'owner@practice.com',
		description: 'The owner, or several addresses separated by commas',
		displayOptions: show('email'),
	},
	{
		displayName: 'Spreadsheet ID',
		name: 'spreadsheetId',
		type: 'string',
		default: '',
		required: true,
		description: "The long ID in the sheet's URL, between /d/ and /edit",
		displayOptions: show('sheet'),
	},
	{
		displayName: 'Sheet Name',
		name: 'sheetName',
		type: 'string',
		default: 'Weekly',
		description: 'The tab; created with a header row when it does not exist',
		displayOptions: show('sheet'),
	},
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
