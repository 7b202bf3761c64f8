/**
 * Patient Message > Send: each touch (a Cadence Step item, or built from the fields below) through
 * the guard, then Twilio or Gmail, once; out on Sent, Deferred or Blocked with its outcome.
 */
import { DateTime } from 'luxon';
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
	type JsonObject,
} from 'n8n-workflow';
import { blockedOutcome } from '../../../core/messaging/outcome';
import { ProviderError } from '../../../core/messaging/provider';
import { MESSAGE_PURPOSES, type MessageOutcome, type OutboundTouch } from '../../../core/messaging/touch';
import { parseTouch, ruleForField } from '../../../core/messaging/touch-schema';
import { toNodeError } from '../../shared/errors';
import { FailedItem, type NodeFailure, type PerItemOperation } from '../../shared/router';
import { readTouch } from '../items';
import type { MessageRun } from './common';

export const SEND_OUTPUTS = ['Sent', 'Deferred', 'Blocked'];
const OUTPUT = { sent: 0, deferred: 1, blocked: 2 } as const;

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

const messageFrom: INodeProperties = {
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
};

/** What a failed item becomes under Continue On Fail: the item on Blocked, with the outcome that says why. */
function fail(failure: NodeFailure, json: IDataObject, outcome: MessageOutcome): never {
	throw new FailedItem(failure, {
		json: { ...json, outcome: outcome as unknown as IDataObject },
		output: OUTPUT.blocked,
	});
}

/** Item i as a touch the guard can judge; a touch it cannot read fails naming the item and the field. */
function touchOf(ctx: IExecuteFunctions, i: number, now: DateTime, run: MessageRun): OutboundTouch {
	const json = ctx.getInputData()[i].json;
	let parsed: ReturnType<typeof parseTouch>;
	try {
		parsed = parseTouch(run.messageFrom === 'fields' ? readTouch(ctx, i, now, run.phones, run.practice.zone) : json);
	} catch (error) {
		const failure = toNodeError(ctx.getNode(), error, i);
		return fail(
			failure,
			{ ...json, error: failure.message },
			blockedOutcome(now, 'consent', `not a valid touch: ${failure.message}`),
		);
	}
	if (parsed.ok) return parsed.touch;
	const failure = new NodeOperationError(ctx.getNode(), `Item ${i}: ${parsed.field} ${parsed.problem}`, {
		itemIndex: i,
		description:
			run.messageFrom === 'cadence'
				? 'Patient Message expects the touches Cadence Step outputs (kind "chairside.touch").'
				: undefined,
	});
	return fail(
		failure,
		{ ...json, error: failure.message },
		blockedOutcome(now, ruleForField(parsed.field), `not a valid touch: ${parsed.field} ${parsed.problem}`),
	);
}

export const send: PerItemOperation<MessageRun> = {
	runs: 'perItem',
	outputs: SEND_OUTPUTS.length,
	description: [messageFrom, ...fieldProperties],
	async execute(ctx, i, run) {
		// Without a Reference Time each item is checked at its own moment: a long run can cross 20:00.
		const now = run.fixedNow ?? DateTime.utc();
		const json = ctx.getInputData()[i].json;
		const touch = touchOf(ctx, i, now, run);
		const base = run.messageFrom === 'fields' ? { ...json, ...touch } : json;
		let outcome: MessageOutcome;
		try {
			outcome = await run.dispatcher.dispatch(touch, now);
		} catch (error) {
			// Anything but the provider's answer stops the run, Continue On Fail or not.
			if (!(error instanceof ProviderError))
				throw new NodeOperationError(ctx.getNode(), error as Error, { itemIndex: i });
			// Credentials or sender settings: every message would fail the same way.
			const failure = new NodeApiError(
				ctx.getNode(),
				{ message: error.message, httpCode: String(error.httpStatus) } as JsonObject,
				{
					itemIndex: i,
					message: error.message,
					httpCode: error.httpStatus ? String(error.httpStatus) : undefined,
					description: `${error.provider === 'twilio' ? 'Twilio' : 'Gmail'} refused the request (send key ${touch.sendKey}). Check the credential.`,
				},
			);
			return fail(failure, base, blockedOutcome(now, 'provider', error.message, { providerCode: error.code }));
		}
		return { json: { ...base, outcome: outcome as unknown as IDataObject }, output: OUTPUT[outcome.status] };
	},
	// Any other failure stops the run, Continue On Fail or not.
	onError: () => null,
};
