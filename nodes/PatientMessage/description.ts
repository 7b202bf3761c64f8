/** Patient Message's Operation and the Options both operations read; each operation's own fields are in actions/. */
import type { INodeProperties } from 'n8n-workflow';
import { referenceTimeOption } from '../shared/options';

export const operation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Send',
			value: 'send',
			action: 'Send a patient message',
			description: 'Send each message that passes the guard',
		},
		{
			name: 'Check Only (Send Nothing)',
			value: 'check',
			action: 'Check planned messages without sending',
			description:
				'The go-live check: each planned message from Cadence Step > Preview (Show: Upcoming Messages) through the guard without sending, claiming or recording anything, plus the accounts, the inbound-text webhook URL and text consent coverage',
		},
	],
	default: 'send',
};

export const options: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Care Reply Window (Minutes)',
			name: 'careReplyWindowMinutes',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 1440 },
			default: 60,
			description:
				"How long after the patient's message a reply to it may skip the send window and the daily and weekly caps. Later replies, and replies that do not name the patient's message, wait for the send window like any other message.",
		},
		{
			displayName: 'Clinical Words',
			name: 'clinicalWords',
			type: 'string',
			default: '',
			placeholder: 'bruxism, TMJ',
			description:
				'More words (comma-separated) that block a message, on top of the built-in list (abscess, decay, infection, periodontitis...). Procedure codes and tooth numbers are always blocked.',
		},
		{
			displayName: 'Max SMS Segments',
			name: 'maxSegments',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 10 },
			default: 3,
			description:
				'Longer texts are blocked. One segment is 160 plain characters, or 70 when the text has an emoji or a curly quote.',
		},
		{
			...referenceTimeOption,
			description:
				'The "now" the send window and caps are checked at. Empty means the current time; set it to replay or simulate.',
		},
		{
			displayName: 'Retry Attempts',
			name: 'retryAttempts',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 10 },
			default: 4,
			description:
				'Tries per message when Twilio or Gmail answers "too many requests" or a server error, the first included',
		},
		{
			displayName: 'Retry Max Seconds',
			name: 'retryMaxSeconds',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 300 },
			default: 30,
			description: 'Most time spent waiting between the tries of one message',
		},
		{
			displayName: 'Send Window for Email',
			name: 'quietHoursForEmail',
			type: 'boolean',
			default: true,
			description: 'Whether emails also wait for the send window of the practice profile (texts always do)',
		},
		{
			displayName: 'Status Callback URL',
			name: 'statusCallback',
			type: 'string',
			default: '',
			placeholder: 'https://n8n.example.com/webhook/twilio-status',
			description: 'Twilio posts delivery updates (sent, delivered, undelivered) for each text here',
		},
	],
};
