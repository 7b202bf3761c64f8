/**
 * Patient Message > Check Only: the go-live check. Each planned message from Cadence Step >
 * Preview (Show: Upcoming Messages) goes through the guard in a dry run (Dispatcher.check: the
 * state's facts and caps, no claim, no send, no journal row); the accounts are asked who they are
 * (Twilio's account, Gmail's profile), never to send. Outputs: what would go out, what is held or
 * blocked and why, and the checks (profile, accounts, webhook URL, consent coverage, warnings).
 */
import { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import {
	consentCoverage,
	messageRow,
	pmsCheck,
	silenceWarnings,
	summary,
	webhookCheck,
	whenText,
	type GoLiveCheck,
	type GoLiveRow,
} from '../../../core/golive/report';
import type { MessageOutcome, OutboundTouch } from '../../../core/messaging/touch';
import { parseTouch } from '../../../core/messaging/touch-schema';
import type { PracticeProfile } from '../../../core/practice/profile';
import { clockText } from '../../../core/practice/send-policy';
import type { PerRunOperation } from '../../shared/router';
import { accountChecks } from '../transport';
import type { MessageRun } from './common';

export const CHECK_OUTPUTS = ['Would Send', 'Held or Blocked', 'Checks'];

/** The Patient Reply node of the shipped "Chairside: Patient replies" (workflows/patient-replies.json). */
const FOLLOW_UP_REPLY_WEBHOOK = '65662921-fadb-5609-8315-522caf9515ee';

/** n8n's public webhook base: its REST URL is that base plus the REST path (n8n's url.service). */
function webhookBase(ctx: IExecuteFunctions): string {
	return ctx.getRestApiUrl().replace(/[^/]+\/?$/, '');
}

function profileCheck(practice: PracticeProfile): GoLiveCheck[] {
	const s = practice.send;
	const checks: GoLiveCheck[] = [
		{
			check: 'Practice profile',
			ok: true,
			detail: `${practice.name}${practice.location ? ` (${practice.location})` : ''}, ${practice.zone}; messages ${clockText(s.window.start)}-${clockText(s.window.end)} patient time, at most ${s.maxPerDay} a day and ${s.maxPerWeek} a week`,
		},
	];
	if (!practice.bookingLink)
		checks.push({
			check: 'Practice profile',
			ok: false,
			detail: 'No Booking Link: journeys whose messages give it refuse to run.',
			fix: 'Fill in Booking Link in the Chairside Practice Profile.',
		});
	if (!practice.address)
		checks.push({
			check: 'Practice profile',
			ok: null,
			detail: 'No Practice Address: US law (CAN-SPAM) wants it in every email.',
			fix: 'Fill in Practice Address.',
		});
	if (!practice.staff.email && !practice.staff.slackWebhookUrl && !practice.staff.mobile) {
		checks.push({
			check: 'Practice profile',
			ok: false,
			detail: 'No staff contact: front-desk calls and hand-offs would reach nobody.',
			fix: 'Fill in Front Desk Email, Slack webhook or Front Desk Mobile.',
		});
	}
	return checks;
}

const description: INodeProperties[] = [
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
			"The Patient Reply Trigger that receives texts: the part of its Production URL after /webhook/ (prefilled with the one in Chairside: Patient replies; use the workflow your number points at). The check shows the full URL Twilio must call, from n8n's public URL (WEBHOOK_URL).",
		displayOptions: { show: { operation: ['check'] } },
	},
];

async function goLiveCheck(
	ctx: IExecuteFunctions,
	{ dispatcher, practice }: MessageRun,
): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const days = ctx.getNodeParameter('daysAhead', 0, 14) as number;
	const webhookId =
		String(ctx.getNodeParameter('replyWebhookId', 0, FOLLOW_UP_REPLY_WEBHOOK)).trim() || FOLLOW_UP_REPLY_WEBHOOK;
	const rows: Array<{ row: GoLiveRow; item: number }> = [];
	const planned = new Map<string, string[]>();
	const texting = new Map<string, MessageOutcome | 'no mobile'>();
	const withoutCases: string[] = [];
	const pms: GoLiveCheck[] = [];

	// In time order, so a patient's earlier messages count toward the caps of the later ones.
	const order = items
		.map((item, i) => ({ json: item.json, i }))
		.sort((a, b) => String(a.json.plannedAt ?? '').localeCompare(String(b.json.plannedAt ?? '')));
	for (const { json, i } of order) {
		const base = {
			firstName: String(json.firstName ?? ''),
			journey: String(json.journeyName ?? json.journey ?? ''),
			what: String(json.what ?? ''),
		};
		if (json.kind === 'chairside.pms-connection') {
			pms.push(pmsCheck(json as unknown as Parameters<typeof pmsCheck>[0]));
			continue;
		}
		if (json.kind === 'chairside.no-cases') {
			withoutCases.push(base.journey);
			continue;
		}
		if (json.kind === 'chairside.not-starting') {
			rows.push({
				row: {
					...base,
					how: '-',
					when: null,
					at: null,
					status: 'not starting',
					why: String(json.reason ?? ''),
					rule: null,
				},
				item: i,
			});
			if (json.reason === 'no mobile number or email') texting.set(String(json.patientId), 'no mobile');
			continue;
		}
		if (json.kind === 'chairside.upcoming-task') {
			const at = String(json.plannedAt);
			rows.push({
				row: {
					...base,
					how: 'front desk call',
					when: whenText(at, practice.zone),
					at,
					status: 'front desk call',
					why: null,
					rule: null,
				},
				item: i,
			});
			continue;
		}
		const parsed = json.goLive === true ? parseTouch(json) : null;
		if (!parsed?.ok) {
			const why = parsed
				? `not a planned message: ${parsed.field} ${parsed.problem}`
				: 'not a planned message: connect Cadence Step > Preview with Show set to Upcoming Messages';
			rows.push({ row: { ...base, how: '-', when: null, at: null, status: 'blocked', why, rule: null }, item: i });
			continue;
		}
		const touch: OutboundTouch = parsed.touch;
		const at = DateTime.fromISO(String(json.plannedAt), { setZone: true });
		const mine = planned.get(touch.contact.patientId) ?? [];
		const outcome = await dispatcher.check(touch, at, mine);
		if (outcome.status === 'sent') planned.set(touch.contact.patientId, [...mine, at.toUTC().toISO() as string]);
		rows.push({
			row: messageRow(
				{
					...base,
					journeyName: base.journey,
					plannedAt: at.toISO() as string,
					channel: touch.channel,
					zone: touch.contact.timezone,
				},
				outcome,
			),
			item: i,
		});
		// Consent coverage: could this patient be texted at all (consent, STOP, a mobile), whatever the hour?
		if (!texting.has(touch.contact.patientId)) {
			// A preference for email is not a missing consent: the probe asks about texting only.
			const probe: OutboundTouch = {
				...touch,
				channel: 'sms',
				contact: { ...touch.contact, preferredChannel: null },
				subject: null,
				html: null,
				body: 'Hi',
				sendKey: `${touch.sendKey}/consent`,
				recentSends: [],
			};
			texting.set(touch.contact.patientId, touch.contact.mobile ? await dispatcher.check(probe, at, []) : 'no mobile');
		}
	}

	const checks: GoLiveCheck[] = [
		summary(
			rows.map((r) => r.row),
			days,
		),
		...profileCheck(practice),
		...pms,
		...(await accountChecks(ctx)),
		webhookCheck(webhookBase(ctx), webhookId),
		consentCoverage(texting, practice.smsConsentWhenUnknown),
		...silenceWarnings(
			rows.map((r) => r.row),
			withoutCases,
			days,
		),
	];
	const out: INodeExecutionData[][] = [[], [], []];
	for (const { row, item } of rows)
		out[row.status === 'would send' || row.status === 'front desk call' ? 0 : 1].push({
			json: row as unknown as IDataObject,
			pairedItem: { item },
		});
	const first = items.length ? [{ item: 0 }] : undefined;
	out[2] = checks.map((c) => ({ json: c as unknown as IDataObject, ...(first ? { pairedItem: first } : {}) }));
	return out;
}

export const check: PerRunOperation<MessageRun> = { runs: 'perRun', description, execute: goLiveCheck };
