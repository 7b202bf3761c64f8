import type { INodeProperties } from 'n8n-workflow';
import { MESSAGE_PURPOSES } from '../../core/messaging/touch';
import { referenceTimeOption } from '../shared/options';
import { FOLLOW_UP_REPLY_WEBHOOK } from './check';

const PURPOSE_NAMES: Record<(typeof MESSAGE_PURPOSES)[number], string> = {
	appointment: 'Appointment Reminder',
	care_reply: 'Reply to the Patient (Skips Send Window and Caps Right After They Write)',
	implant_care: 'Implant Care (Pre/Post-Op)',
	no_show: 'No-Show Follow-Up',
	reactivation: 'Reactivation (Needs SMS Consent)',
	recall: 'Hygiene Recall',
	review_request: 'Review Request (Needs SMS Consent)',
	treatment_follow_up: 'Treatment Follow-Up (Needs SMS Consent)',
};

const fields = { show: { operation: ['send'], messageFrom: ['fields'] } };

const fieldProperties: INodeProperties[] = [
	{
		displayName: 'Channel',
		name: 'channel',
		type: 'options',
		options: [
			{ name: 'SMS (Twilio)', value: 'sms' },
			{ name: 'Email (Gmail)', value: 'email' },
		],
		default: 'sms',
		displayOptions: fields,
	},
	{
		displayName: 'To',
		name: 'to',
		type: 'string',
		default: '',
		required: true,
		placeholder: '={{ $json.mobile }}',
		description: 'Mobile number (any US format; E.164 for other countries) or email address',
		displayOptions: fields,
	},
	{
		displayName: 'Patient ID',
		name: 'patientId',
		type: 'string',
		default: '',
		required: true,
		description: 'Frequency caps count per patient across every journey',
		displayOptions: fields,
	},
	{
		displayName: 'First Name',
		name: 'firstName',
		type: 'string',
		default: '',
		displayOptions: fields,
	},
	{
		displayName: 'Patient Time Zone',
		name: 'timezone',
		type: 'string',
		default: '',
		placeholder: 'America/Chicago',
		description: "IANA zone the send window is measured in. Empty uses the practice profile's time zone.",
		displayOptions: fields,
	},
	{
		displayName: 'Send-Once Key',
		name: 'sendKey',
		type: 'string',
		default: '',
		required: true,
		placeholder: '={{ $json.patientId }}-recall-2026-03',
		description: 'A message with this key is sent at most once, across runs and retries of this workflow',
		displayOptions: fields,
	},
	{
		displayName: 'Subject',
		name: 'subject',
		type: 'string',
		default: '',
		displayOptions: { show: { messageFrom: ['fields'], channel: ['email'] } },
	},
	{
		displayName: 'Message',
		name: 'body',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		description:
			'Plain text: the SMS, or the text of the email. Layman words only: no procedure codes, tooth numbers or diagnoses.',
		displayOptions: fields,
	},
	{
		displayName: 'Purpose',
		name: 'purpose',
		type: 'options',
		options: MESSAGE_PURPOSES.map((value) => ({ name: PURPOSE_NAMES[value], value })).sort((a, b) =>
			a.name.localeCompare(b.name),
		),
		default: 'appointment',
		description:
			'Treatment follow-up and reactivation texts are outside the TCPA healthcare exemption and need SMS consent on file. A reply to the patient goes out at any hour and past the daily and weekly caps, but only when it names the message it answers and that message arrived within the Care Reply Window (option, 60 minutes by default); otherwise the send window and caps apply as usual.',
		displayOptions: fields,
	},
	{
		displayName: 'Answers Message Key',
		name: 'answersKey',
		type: 'string',
		default: '',
		placeholder: '={{ $json.messageSid }}',
		description:
			"The patient's message this replies to: its key from Patient Reply Trigger (messageSid). Empty means the send window and caps apply.",
		displayOptions: { show: { messageFrom: ['fields'], purpose: ['care_reply'] } },
	},
	{
		displayName: 'Answered Message Received At',
		name: 'answersReceivedAt',
		type: 'string',
		default: '',
		placeholder: '={{ $json.receivedAt }}',
		description:
			"When the patient's message arrived (ISO time, Patient Reply Trigger's receivedAt). The reply skips the send window and caps only within the Care Reply Window after it.",
		displayOptions: { show: { messageFrom: ['fields'], purpose: ['care_reply'] } },
	},
	{
		displayName: 'SMS Consent',
		name: 'smsConsent',
		type: 'options',
		options: [
			{ name: 'Yes', value: 'yes' },
			{ name: 'No', value: 'no' },
			{ name: 'Unknown', value: 'unknown' },
		],
		default: 'unknown',
		displayOptions: fields,
	},
	{
		displayName: 'Recent Sends',
		name: 'recentSends',
		type: 'string',
		default: '',
		placeholder: '={{ $json.lastMessages }}',
		description:
			'ISO times of messages this patient got in the last 7 days from any workflow (a list or comma-separated text), so the daily and weekly caps hold across workflows. Sends in this run are counted anyway.',
		displayOptions: fields,
	},
];

export const properties: INodeProperties[] = [
	{
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
	},
	{
		displayName: 'Days Ahead',
		name: 'daysAhead',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 90 },
		default: 14,
		description: 'The same as in Cadence Step > Preview: how far the check looks',
		displayOptions: { show: { operation: ['check'] } },
	},
	{
		displayName: 'Inbound Text Webhook ID',
		name: 'replyWebhookId',
		type: 'string',
		default: FOLLOW_UP_REPLY_WEBHOOK,
		description:
			"The Patient Reply Trigger that receives texts: the part of its Production URL after /webhook/ (prefilled with the shipped treatment follow-up's). The check shows the full URL Twilio must call, from n8n's public URL (WEBHOOK_URL).",
		displayOptions: { show: { operation: ['check'] } },
	},
	{
		displayName: 'Message From',
		name: 'messageFrom',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { operation: ['send'] } },
		options: [
			{
				name: 'Cadence Step Item',
				value: 'cadence',
				description: 'Each item is a touch from Cadence Step (SMS or Email output)',
			},
			{ name: 'Fields Below', value: 'fields', description: 'Build the message here, from any data' },
		],
		default: 'cadence',
	},
	...fieldProperties,
	{
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
	},
];
