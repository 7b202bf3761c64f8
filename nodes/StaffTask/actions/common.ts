/**
 * What every Staff Task operation reads once per run (the practice profile, "now", the link
 * secret) and the staff channels an alert goes out on: the front desk's inbox through the
 * Chairside Gmail credential, Slack through the profile's incoming webhook, a text to the front
 * desk's mobile through the Twilio credential. Each delivery is claimed once (core/staff/once.ts).
 */
import { DateTime } from 'luxon';
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import type { PracticeProfile } from '../../../core/practice/profile';
import { closeLink } from '../../../core/staff/link';
import type { StaffAlert } from '../../../core/staff/message';
import { deliverOnce } from '../../../core/staff/once';
import type { JournalRow } from '../../../core/journey/journal';
import { readJournal } from '../../../core/journey/journal';
import type { RetryBudget } from '../../../core/messaging/provider';
import { emailChannel, smsChannel } from '../../shared/channels';
import { referenceNow } from '../../shared/options';
import { readPracticeProfile } from '../../shared/practice';
import type { PerRunOperation } from '../../shared/router';
import { sharedState } from '../../shared/state';
import { pmsBackend, pmsParameter } from '../../shared/pms/backend';
import { firstNames, type ReadFirstName } from '../../../core/staff/names';
import type { StaffTask } from '../../../core/staff/task';

export const LINK_CREDENTIAL = 'chairsideTaskLinkApi';
const RETRY: RetryBudget = { attempts: 4, maxWaitMs: 30_000 };

export interface StaffRun {
	profile: PracticeProfile;
	now: DateTime;
	secret: string;
	validDays: number;
	/** The close form's public address (n8n's form URL + the path), or null: no link in alerts. */
	formUrl: string | null;
}

/** Every Staff Task operation works over the whole run: the journal's rows, or tasks whose alerts are claimed once. */
export type StaffOperation = PerRunOperation<StaffRun>;

export const CLOSE_FORM_PATH = 'chairside-close-task';

/** The form URL n8n serves production forms under (it honours WEBHOOK_URL, as Twilio's and the staff's links must). */
function formBase(ctx: IExecuteFunctions): string {
	const resume = String(ctx.evaluateExpression('{{ $execution.resumeFormUrl }}', 0) ?? '');
	// $execution.resumeFormUrl is <webhook base>form-waiting/<execution id>; forms live at <webhook base>form/<path>.
	const base = resume.replace(/form-waiting\/[^/]*$/, '');
	return base || ctx.getInstanceBaseUrl();
}

export async function readRun(ctx: IExecuteFunctions, operation: string): Promise<StaffRun> {
	const profile = await readPracticeProfile(ctx);
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const now = referenceNow(ctx.getNode(), options.now, profile.zone);
	const link = (await ctx.getCredentials(LINK_CREDENTIAL)) as { secret?: string; validDays?: number };
	let formUrl: string | null = null;
	if (operation !== 'close') {
		const path = String(options.closeFormPath ?? CLOSE_FORM_PATH)
			.trim()
			.replace(/^\/+/, '');
		formUrl = path ? `${formBase(ctx).replace(/\/?$/, '/')}form/${path}` : null;
	}
	return {
		profile,
		now,
		secret: String(link.secret ?? ''),
		validDays: Number(link.validDays) > 0 ? Number(link.validDays) : 14,
		formUrl,
	};
}

export function linkFor(run: StaffRun, taskKey: string): string | null {
	return run.formUrl ? closeLink(run.formUrl, taskKey, run.now.plus({ days: run.validDays }), run.secret) : null;
}

/** Journal rows from the input (a Data table Get rows), an error naming the row when one is malformed. */
export function rowsFrom(ctx: IExecuteFunctions): JournalRow[] {
	try {
		return readJournal(ctx.getInputData().map((item) => item.json));
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), (error as Error).message, {
			description:
				'Connect the rows of the "chairside_journal" Data table (Get rows, Return All, Always Output Data on).',
		});
	}
}

export type StaffChannel = 'email' | 'slack' | 'sms';

export interface Target {
	channel: StaffChannel;
	to: string;
}

/** The front desk's channels from the profile: email and Slack always when set, a text only for urgent tasks. */
export function frontDesk(profile: PracticeProfile, urgent: boolean): Target[] {
	const targets: Target[] = [];
	if (profile.staff.email) targets.push({ channel: 'email', to: profile.staff.email });
	if (profile.staff.slackWebhookUrl) targets.push({ channel: 'slack', to: profile.staff.slackWebhookUrl });
	if (urgent && profile.staff.mobile) targets.push({ channel: 'sms', to: profile.staff.mobile });
	return targets;
}

/** Slack's answer to an incoming-webhook post: 200 "ok", or an error word (https://api.slack.com/messaging/webhooks#handling_errors). */
async function postSlack(ctx: IExecuteFunctions, url: string, payload: { text: string }): Promise<string | null> {
	const response = (await ctx.helpers.httpRequest({
		method: 'POST',
		url,
		body: JSON.stringify(payload),
		headers: { 'content-type': 'application/json' },
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		json: false,
	})) as { statusCode: number; body: unknown };
	const body = String(response.body ?? '').trim();
	if (response.statusCode !== 200 || body !== 'ok')
		throw new Error(
			`Slack refused the message (${response.statusCode} ${body.slice(0, 80) || 'no answer'}): check the Front Desk Slack Webhook URL in the practice profile`,
		);
	return null;
}

export interface Sender {
	send(target: Target, alert: StaffAlert, sendKey: string): Promise<string | null>;
}

/** The channels this node has credentials for, opened once per run. */
export async function openSender(ctx: IExecuteFunctions, now: DateTime): Promise<Sender> {
	const email = await emailChannel(ctx, RETRY);
	const sms = await smsChannel(ctx, RETRY);
	return {
		async send(target, alert, sendKey) {
			if (target.channel === 'slack') return postSlack(ctx, target.to, alert.slack);
			if (target.channel === 'email') {
				if (!email)
					throw new Error(
						'No Gmail credential on this node: select the Chairside Gmail credential to email the front desk',
					);
				return (
					await email.send({ to: target.to, subject: alert.subject, text: alert.text, html: null, sendKey, date: now })
				).id;
			}
			if (!sms)
				throw new Error(
					'No Twilio credential on this node: select one to text the front desk, or clear Front Desk Mobile in the practice profile',
				);
			return (await sms.send({ to: target.to, body: alert.sms })).sid;
		},
	};
}

export interface ChannelResult {
	channel: StaffChannel;
	status: 'sent' | 'already' | 'failed';
	error?: string;
}

/**
 * One alert to each target, each claimed once under `keyOf(channel)`: a second run at the same
 * instant finds the claim and sends nothing. A failed channel is released (tried again next time)
 * and reported; the others still go.
 */
export async function alertOnce(
	ctx: IExecuteFunctions,
	run: StaffRun,
	sender: Sender,
	targets: Target[],
	alert: StaffAlert,
	keyOf: (channel: StaffChannel) => string,
	patientId: string | null,
): Promise<ChannelResult[]> {
	const state = await sharedState(ctx, 'staff_alert', run.profile.location);
	const at = run.now.toUTC().toISO() as string;
	const results: ChannelResult[] = [];
	for (const target of targets) {
		const key = keyOf(target.channel);
		try {
			const delivered = await deliverOnce(state, key, at, patientId, () => sender.send(target, alert, key));
			results.push({ channel: target.channel, status: delivered.status });
		} catch (error) {
			results.push({ channel: target.channel, status: 'failed', error: (error as Error).message });
		}
	}
	return results;
}

/** Failed channels as one message, or null. */
export function failures(results: ChannelResult[]): string | null {
	const failed = results.filter((r) => r.status === 'failed');
	return failed.length ? failed.map((r) => `${r.channel}: ${r.error}`).join('; ') : null;
}

/** Hand Off, Follow Up Overdue and Daily Digest: where a task's first name comes from (core/staff/names.ts). */
export const firstNameField: INodeProperties = {
	...pmsParameter,
	options: [
		{
			name: 'None (Name From the Item)',
			value: 'none',
			description: 'The alert names the patient by first name only when the item carries it',
		},
		...(pmsParameter.options ?? []),
	],
	default: 'none',
	displayOptions: { show: { operation: ['handOff', 'followUp', 'digest'] } },
	description:
		"Where to read the patient's first name when the task does not carry it (a reply, a booking by text, a chart note; reminders and the daily list read the journal, which keeps no names). Only the first name is read, for the alert; it is not stored. If the read fails the task still goes out, naming the patient by number.",
};

/**
 * The PMS read that gives a task its first name when the item has none (core/staff/names.ts), or
 * null when the node has no PMS. A credential that cannot be read fails each lookup, not the hand-off.
 */
export async function firstNameReader(ctx: IExecuteFunctions, run: StaffRun): Promise<ReadFirstName | null> {
	if (ctx.getNodeParameter('pms', 0, 'none') === 'none') return null;
	try {
		const { reader } = await pmsBackend(ctx, run.profile);
		return async (patientId) => (await reader.getPatient(patientId)).item.firstName;
	} catch (error) {
		const kind = (error as Error).name;
		return () => Promise.reject(Object.assign(new Error('the PMS credential could not be used'), { name: kind }));
	}
}

/** Tasks read back from the journal (which keeps no names) with their first names, for reminders and the daily list. */
export async function named<T extends { task: StaffTask }>(
	ctx: IExecuteFunctions,
	run: StaffRun,
	list: T[],
): Promise<T[]> {
	const nameOf = firstNames(await firstNameReader(ctx, run));
	return Promise.all(
		list.map(async (entry) => {
			const name = await nameOf(entry.task.patientId, entry.task.firstName);
			return {
				...entry,
				task: { ...entry.task, firstName: name.firstName, nameNotFound: name.source === 'not_found' },
			};
		}),
	);
}
