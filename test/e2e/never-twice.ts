/**
 * The "never twice" drive, shared by regular mode (one n8n on SQLite) and queue mode (main and two
 * workers on PostgreSQL and Redis): the five journey workflows a practice imports, each fired
 * twice at the same instant, at 10:00 and 16:00 for 14 simulated days, then the same inbound text
 * delivered three times at once. What it counts is what a patient and the chart would see.
 */
import { DateTime } from 'luxon';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { getJson, login } from '../../sandbox/n8n/owner';
import type { WorkflowJson } from '../../sandbox/n8n/runner';
import type { Practice } from '../../sandbox/practice/types';
import { SANDBOX_TWILIO } from '../../sandbox/twilio/defaults';
import { installJourneys, type JourneyWorld } from './journey-world';
import { untagged } from './ticks';

export const ZONE = 'America/Chicago';
export const START = DateTime.fromISO('2026-03-02T08:00', { zone: ZONE });
export const DAYS = 14;
/** How many executions of each workflow a tick fires at the same instant. */
export const COPIES = 2;

/** The five journeys, each at its own tick path. */
export const JOURNEYS = [
	{ file: 'treatment-follow-up.json', path: 'tick-follow-up' },
	{ file: 'implant-journey.json', path: 'tick-implant' },
	{ file: 'hygiene-recall.json', path: 'tick-recall' },
	{ file: 'reactivation.json', path: 'tick-reactivation' },
	{ file: 'no-show-recovery.json', path: 'tick-no-show' },
] as const;

const CLAIMING_NODES = new Set([
	'n8n-nodes-chairside.patientMessage',
	'n8n-nodes-chairside.pms',
	'n8n-nodes-chairside.patientReplyTrigger',
]);

/** Every claiming node of the workflow uses the queue-mode state credential. */
export function withQueueState(workflow: WorkflowJson, credential: { id: string; name: string }): WorkflowJson {
	const copy = JSON.parse(JSON.stringify(workflow)) as WorkflowJson;
	for (const node of copy.nodes) {
		if (CLAIMING_NODES.has(node.type))
			node.credentials = { ...(node.credentials as object), chairsideQueueStateApi: credential };
	}
	return copy;
}

/** Everyone textable, each with a number of their own (the caps are counted per number). */
export function shapePractice(p: Practice): void {
	let n = 0;
	for (const pat of p.patients) {
		if (!pat.WirelessPhone) continue;
		n++;
		if (n > 89) {
			pat.WirelessPhone = '';
			continue;
		}
		Object.assign(pat, { WirelessPhone: `(512) 555-01${String(10 + n).padStart(2, '0')}`, TxtMsgOk: 'Yes' });
	}
}

export interface DriveResult {
	ticks: number;
	executions: number;
	failed: string[];
}

/** Fires every journey COPIES times at once per tick time; returns how many executions ran. */
export async function drive(
	base: string,
	world: JourneyWorld,
	onTick?: (now: DateTime) => Promise<void>,
): Promise<DriveResult> {
	let ticks = 0;
	const failed: string[] = [];
	for (let day = 0; day <= DAYS; day++) {
		for (const hour of [10, 16]) {
			const now = START.plus({ days: day }).set({ hour });
			world.setNow(now);
			const fired = JOURNEYS.flatMap((j) => Array.from({ length: COPIES }, () => j.path));
			const answers = await Promise.all(
				fired.map((path) =>
					fetch(`${base}/webhook/${path}?now=${encodeURIComponent(now.toUTC().toISO() as string)}`, {
						signal: AbortSignal.timeout(180_000),
					}).then(
						async (r) => (r.ok ? null : `${path} at ${now.toISO()}: ${r.status} ${(await r.text()).slice(0, 300)}`),
						(error: Error) => `${path} at ${now.toISO()}: ${error.message}`,
					),
				),
			);
			failed.push(...answers.filter((a): a is string => a !== null));
			ticks++;
			await onTick?.(now);
		}
	}
	return { ticks, executions: ticks * JOURNEYS.length * COPIES, failed };
}

/** The same signed inbound text delivered `times` times at the same instant (one MessageSid, one token). */
export async function deliverAtOnce(url: string, from: string, body: string, times: number): Promise<number[]> {
	const sid = `SM${Math.random().toString(16).slice(2).padEnd(32, '0').slice(0, 32)}`;
	const params: Record<string, string> = {
		AccountSid: SANDBOX_TWILIO.accountSid,
		ApiVersion: '2010-04-01',
		Body: body,
		From: from,
		MessageSid: sid,
		NumMedia: '0',
		NumSegments: '1',
		SmsMessageSid: sid,
		SmsSid: sid,
		SmsStatus: 'received',
		To: SANDBOX_TWILIO.phoneNumber,
		MessagingServiceSid: SANDBOX_TWILIO.messagingServiceSid,
	};
	const headers = {
		'content-type': 'application/x-www-form-urlencoded',
		'x-twilio-signature': getExpectedTwilioSignature(SANDBOX_TWILIO.authToken, url, params),
		'i-twilio-idempotency-token': `${sid}-token`,
	};
	const answers = await Promise.all(
		Array.from({ length: times }, () =>
			fetch(url, {
				method: 'POST',
				headers,
				body: new URLSearchParams(params).toString(),
				signal: AbortSignal.timeout(60_000),
			}),
		),
	);
	return answers.map((a) => a.status);
}

export interface Tally {
	texts: number;
	emails: number;
	chartNotes: number;
	duplicateTexts: string[];
	duplicateEmails: string[];
	duplicateChartNotes: string[];
	/** Patient-days with more messages than the 1-a-day cap, and patient-weeks over 3 in 7 days. */
	overCap: string[];
}

/** What the patients and the chart got, and every way it breaks the promise. */
export function tally(world: JourneyWorld): Tally {
	const patientOf = new Map<string, number>();
	// Texts go to E.164, emails to an address: either way back to the patient.
	for (const p of world.practice.patients) {
		if (p.WirelessPhone) patientOf.set(`+1${p.WirelessPhone.replace(/\D/g, '')}`, p.PatNum);
		if (p.Email) patientOf.set(p.Email.toLowerCase(), p.PatNum);
	}
	const texts = world.texts();
	const emails = world.gmail.outbox;
	const dupes = (keys: string[]) => [...new Set(keys.filter((k, i) => keys.indexOf(k) !== i))];
	const sends: Array<{ patient: string; at: DateTime }> = [
		...texts.map((m) => ({
			patient: String(patientOf.get(m.to) ?? m.to),
			at: DateTime.fromISO(m.dateCreated).setZone(ZONE),
		})),
		...emails.map((m) => ({
			patient: String(patientOf.get(m.to.toLowerCase()) ?? m.to),
			at: DateTime.fromISO(m.at).setZone(ZONE),
		})),
	];
	const overCap: string[] = [];
	const byPatient = new Map<string, DateTime[]>();
	for (const s of sends) byPatient.set(s.patient, [...(byPatient.get(s.patient) ?? []), s.at]);
	for (const [patient, ats] of byPatient) {
		const days = ats.map((at) => at.toISODate());
		for (const day of dupes(days as string[]))
			overCap.push(`patient ${patient}: ${days.filter((d) => d === day).length} on ${day}`);
		for (const at of ats) {
			const week = ats.filter((other) => other <= at && other > at.minus({ days: 7 })).length;
			if (week > 3) overCap.push(`patient ${patient}: ${week} in the 7 days to ${at.toISO()}`);
		}
	}
	const notes = world.od.state.commlogs;
	return {
		texts: texts.length,
		emails: emails.length,
		chartNotes: notes.length,
		duplicateTexts: dupes(texts.map((m) => `${m.to} ${m.body}`)),
		duplicateEmails: dupes(emails.map((m) => `${m.to} ${m.subject} ${m.text}`)),
		// A chart note carries its key: the same key twice is the same note written twice.
		duplicateChartNotes: dupes(notes.map((c) => `${c.PatNum} ${c.Note}`)).map(untagged),
		overCap: [...new Set(overCap)],
	};
}

interface ExecutionPage {
	data: { count: number; results: Array<{ id: string; status: string; workflowId: string }> };
}

/** Executions with a status (and of one workflow): n8n's own count, and the newest hundred. */
async function executions(
	base: string,
	cookie: string,
	filter: { status?: string[]; workflowId?: string },
): Promise<ExecutionPage['data']> {
	const page = await getJson<ExecutionPage>(
		base,
		`/rest/executions?filter=${encodeURIComponent(JSON.stringify(filter))}&limit=100`,
		cookie,
	);
	return page.data;
}

/** Executions that did not end in success, once none is running any more. */
export async function unsuccessful(base: string): Promise<string[]> {
	const cookie = await login(base);
	for (let attempt = 0; attempt < 300; attempt++) {
		const open = (await executions(base, cookie, { status: ['running', 'new'] })).count;
		if (!open) {
			const failed = await executions(base, cookie, { status: ['error', 'crashed', 'canceled'] });
			return Promise.all(
				failed.results.map(
					async (e) =>
						`${e.id} ${e.status} (workflow ${e.workflowId}): ${(await errorsOf(base, cookie, e.id)).join(' | ')}`,
				),
			);
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error('executions still running after 60 s');
}

/** The messages a failed execution stored (what a failure message needs to be read). */
async function errorsOf(base: string, cookie: string, id: string): Promise<string[]> {
	const detail = await getJson<{ data: { data: string } }>(base, `/rest/executions/${id}`, cookie).catch(() => null);
	return detail
		? [...new Set([...detail.data.data.matchAll(/"(?:message|description)":"([^"]{0,300})"/g)].map((m) => m[1]))].slice(
				0,
				6,
			)
		: [];
}

/** Executions of one workflow so far. */
export async function executionCount(base: string, workflowId: string): Promise<number> {
	return (await executions(base, await login(base), { workflowId })).count;
}

export { installJourneys };
