/**
 * The world a journey e2e drives, for any started n8n (regular mode with SQLite or queue mode):
 * the Open Dental, Twilio and Gmail simulators on one simulated clock, the credentials that point
 * at them, the shipped journey workflows configured for the practice and made tickable, and a
 * tick that moves the clock and fires a workflow's webhook with "now".
 *
 *   const world = await startJourneyWorld({ practice, start });
 *   const running = await startJourneyN8n(world, [world.journey('treatment-follow-up.json', 'tick')]);
 *   await running.fire('tick', start.plus({ days: 1 })); // and its execution succeeded
 *   ...
 *   await running.close(); // n8n and the simulators
 *
 * startJourneyN8n starts a regular-mode n8n (SQLite) and installs through installJourneys, which
 * works through the REST API of any n8n that is already up (queue mode too). For n8n started from
 * a user folder, world.credentials is the same set in `n8n import:credentials` form, with the ids
 * the shipped workflows use. The practice's patients are shaped with reachable() and planCrown().
 */
import { DateTime } from 'luxon';
import { login, setupOwner } from '../../sandbox/n8n/owner';
import { freePort, N8nSandbox, type WorkflowJson } from '../../sandbox/n8n/runner';
import { loadWorkflow } from '../../sandbox/n8n/workflows';
import { configureJourney, messagingCredentials, practiceProfile } from '../../sandbox/journeys/setup';
import { SANDBOX_GMAIL } from '../../sandbox/gmail/defaults';
import { startGmailSimulator, type GmailSimulator } from '../../sandbox/gmail';
import { startOpenDentalSimulator, type OpenDentalSimulator } from '../../sandbox/opendental';
import type { Patient, Practice } from '../../sandbox/practice/types';
import { startSlackSimulator, type SlackSimulator } from '../../sandbox/slack';
import { startTwilioSimulator, type TwilioSimulator } from '../../sandbox/twilio';
import { SANDBOX_TWILIO } from '../../sandbox/twilio/defaults';
import { expectLastExecutionSucceeded, journalReader, tickable } from './ticks';
import { CREDENTIAL_NAMES } from '../../sandbox/n8n/credential-names';

type Json = Record<string, unknown>;

export const OD_KEYS = { developerKey: 'e2e-dev', customerKey: 'e2e-cust' };
/** The Open Dental credential the shipped workflows name. */
export const OPEN_DENTAL_CREDENTIAL = { id: 'chairsideodsndbx', name: CREDENTIAL_NAMES.openDentalApi };

export interface JourneyWorld {
	practice: Practice;
	zone: string;
	od: OpenDentalSimulator;
	twilio: TwilioSimulator;
	gmail: GmailSimulator;
	/** The front desk's Slack channel (the practice profile's incoming webhook). */
	slack: SlackSimulator;
	/** The simulators' "now" (the wall clock's when the world was started without one). */
	readonly now: DateTime;
	/** Moves the simulators' clock; does nothing on the wall clock. */
	setNow(now: DateTime): void;
	/** Open Dental, Twilio and Gmail credentials in `n8n import:credentials` form (ids as the shipped workflows use). */
	credentials: Array<Record<string, unknown>>;
	/** A shipped workflow configured for the practice, its schedule replaced by a webhook at /webhook/<path>. */
	journey(file: string, path: string, id?: string): WorkflowJson;
	/**
	 * Moves the clock to `now` and fires the tick webhook at `path`; resolves with the webhook's answer
	 * (the workflow has run when the answer comes: the webhooks answer from their last node).
	 */
	tick(base: string, path: string, now: DateTime, timeoutMs?: number): Promise<Response>;
	/** Outbound texts (not inbound ones) in the Twilio simulator. */
	texts(): TwilioSimulator['outbox'];
	close(): Promise<void>;
}

export interface JourneyWorldOptions {
	practice: Practice;
	/**
	 * The simulators' first "now", moved by each tick. Without it the simulators keep the wall clock
	 * and a tick moves nothing: for tests whose replies run on real time, as Twilio delivers them.
	 */
	start?: DateTime;
	/** The practice zone; default America/Chicago. */
	zone?: string;
	/** The Open Dental version the simulator answers as (default: a current one). */
	openDentalVersion?: string;
	/** What the Twilio credential points at, given the simulator's URL (a proxy in front of it); default the simulator. */
	twilioUrl?: (simulatorUrl: string) => Promise<string>;
}

export async function startJourneyWorld(options: JourneyWorldOptions): Promise<JourneyWorld> {
	const zone = options.zone ?? 'America/Chicago';
	const wall = !options.start;
	let clock = options.start ?? DateTime.now().setZone(zone);
	const now = () => (wall ? DateTime.now().setZone(zone) : clock);
	const od = await startOpenDentalSimulator({
		practice: options.practice,
		...OD_KEYS,
		mode: 'local',
		version: options.openDentalVersion,
		now,
	});
	const twilio = await startTwilioSimulator({
		accountSid: SANDBOX_TWILIO.accountSid,
		authToken: SANDBOX_TWILIO.authToken,
		messagingServiceSid: SANDBOX_TWILIO.messagingServiceSid,
		phoneNumbers: [SANDBOX_TWILIO.phoneNumber],
		now,
	});
	const gmail = await startGmailSimulator({ ...SANDBOX_GMAIL, port: 0, now });
	const slack = await startSlackSimulator({ now });
	const setNow = (at: DateTime) => {
		if (wall) return;
		clock = at;
		twilio.setNow(at);
		gmail.setNow(at);
		slack.setNow(at);
	};
	setNow(clock);
	const credentials = [
		{
			...OPEN_DENTAL_CREDENTIAL,
			type: 'openDentalApi',
			data: { connection: 'custom', baseUrl: od.url, ...OD_KEYS, readOnly: false },
		},
		...messagingCredentials(
			{
				url: options.twilioUrl ? await options.twilioUrl(twilio.url) : twilio.url,
				accountSid: SANDBOX_TWILIO.accountSid,
				authToken: SANDBOX_TWILIO.authToken,
				messagingServiceSid: SANDBOX_TWILIO.messagingServiceSid,
			},
			gmail.url,
			{ zone, slackWebhookUrl: slack.webhook('#front-desk') },
		),
	];
	const profile = practiceProfile(options.practice);
	return {
		practice: options.practice,
		zone,
		od,
		twilio,
		gmail,
		slack,
		get now() {
			return now();
		},
		setNow,
		credentials,
		journey: (file, path, id) => ({
			...tickable(configureJourney(loadWorkflow(file), profile, zone), path),
			...(id ? { id } : {}),
		}),
		async tick(base, path, at, timeoutMs = 120_000) {
			setNow(at);
			return fetch(`${base}/webhook/${path}?now=${encodeURIComponent(at.toUTC().toISO() as string)}`, {
				signal: AbortSignal.timeout(timeoutMs),
			});
		},
		texts: () => twilio.outbox.filter((m) => m.direction === 'outbound-api'),
		async close() {
			await Promise.all([od.close(), twilio.close(), gmail.close(), slack.close()]);
		},
	};
}

export interface InstalledJourneys {
	/** The owner's session cookie. */
	cookie: string;
	/** n8n's workflow id per workflow, in the order given. */
	workflowIds: string[];
	/** The credential ids n8n gave, by the id the workflows named. */
	credentialIds: Record<string, string>;
}

async function rest<T>(base: string, cookie: string, method: string, path: string, body: unknown): Promise<T> {
	const response = await fetch(`${base}${path}`, {
		method,
		headers: { 'content-type': 'application/json', cookie },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(60_000),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 500)}`);
	return (JSON.parse(text) as { data: T }).data;
}

/**
 * Through the REST API of a started n8n (regular or queue mode, any database): sets up the owner,
 * creates the world's credentials, creates the workflows (their credential references moved to the
 * new ids) and publishes them. When this returns, their webhooks are registered.
 */
export async function installJourneys(
	base: string,
	world: Pick<JourneyWorld, 'credentials'>,
	workflows: WorkflowJson[],
): Promise<InstalledJourneys> {
	await setupOwner(base);
	const cookie = await login(base);
	const credentialIds: Record<string, string> = {};
	// A reference whose id is not one of ours is found by type and name, as n8n matches a practice's own on import.
	const byTypeAndName: Record<string, string> = {};
	for (const credential of world.credentials) {
		const created = await rest<{ id: string }>(base, cookie, 'POST', '/rest/credentials', {
			name: credential.name,
			type: credential.type,
			data: credential.data,
		});
		credentialIds[String(credential.id)] = created.id;
		byTypeAndName[`${String(credential.type)}|${String(credential.name)}`] = created.id;
	}
	const workflowIds: string[] = [];
	for (const workflow of workflows) {
		const copy = JSON.parse(JSON.stringify(workflow)) as WorkflowJson;
		for (const node of copy.nodes) {
			const refs = node.credentials as Record<string, { id: string; name: string }> | undefined;
			for (const [type, ref] of Object.entries(refs ?? {})) {
				const id = credentialIds[ref.id] ?? byTypeAndName[`${type}|${ref.name}`];
				if (id) ref.id = id;
			}
		}
		const { name, nodes, connections, settings } = copy;
		const created = await rest<{ id: string; versionId: string }>(base, cookie, 'POST', '/rest/workflows', {
			name,
			nodes,
			connections,
			settings: settings ?? { executionOrder: 'v1' },
		});
		await rest(base, cookie, 'POST', `/rest/workflows/${created.id}/activate`, { versionId: created.versionId });
		workflowIds.push(created.id);
	}
	// n8n 2.41 publishes through an outbox: activate answers before the webhooks are registered.
	const hooks = workflows.flatMap((w) => w.nodes.filter((n) => n.type === 'n8n-nodes-base.webhook'));
	for (const hook of hooks)
		await untilWebhookRegistered(
			base,
			String(hook.parameters.path),
			60_000,
			String(hook.parameters.httpMethod ?? 'GET'),
		);
	return { cookie, workflowIds, credentialIds };
}

/** Waits until n8n serves a production webhook, without running it (a CORS preflight fails until then). */
export async function untilWebhookRegistered(
	base: string,
	path: string,
	timeoutMs = 60_000,
	method = 'GET',
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const response = await fetch(`${base}/webhook/${path}`, {
			method: 'OPTIONS',
			// Only with an Origin does n8n look the webhook up; without one it answers 204 to anything.
			headers: { origin: base, 'access-control-request-method': method },
			signal: AbortSignal.timeout(10_000),
		});
		if (response.ok) return;
		if (Date.now() > deadline)
			throw new Error(`webhook /webhook/${path} was not registered within ${timeoutMs / 1000} s`);
		await new Promise((r) => setTimeout(r, 200));
	}
}

/**
 * A patient the journeys can reach: a mobile (E.164, "+15125550170", kept as offices type it,
 * "(512) 555-0170") with text consent on file, an email, no preferred channel.
 */
export function reachable(
	patient: Patient,
	mobile: string,
	email: string,
	txtMsgOk: Patient['TxtMsgOk'] = 'Yes',
): void {
	const digits = mobile.replace(/^\+1/, '');
	Object.assign(patient, {
		WirelessPhone: `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`,
		Email: email,
		TxtMsgOk: txtMsgOk,
		PreferContactMethod: 'None',
	});
}

/**
 * The first `count` active patients (of one clinic when given) with nothing booked ahead, so that
 * Open Dental lists their plans as unscheduled, and (unless kept) no recall of their own.
 */
export function choosePatients(
	p: Practice,
	count: number,
	options: { clinic?: number; keepRecalls?: boolean } = {},
): Patient[] {
	const chosen = p.patients
		.filter((pat) => pat.PatStatus === 'Patient' && (options.clinic === undefined || pat.ClinicNum === options.clinic))
		.slice(0, count);
	const ids = new Set(chosen.map((pat) => pat.PatNum));
	p.appointments = p.appointments.filter((apt) => !(ids.has(apt.PatNum) && apt.AptStatus === 'Scheduled'));
	if (!options.keepRecalls) p.recalls = p.recalls.filter((r) => !ids.has(r.PatNum));
	return chosen;
}

/** A crown (D2740) for the patient, treatment-planned on `presented` unless another status is given; returns its ProcNum. */
export function planCrown(
	p: Practice,
	patient: Patient,
	presented: DateTime,
	options: { fee?: number; tooth?: string; status?: 'TP' | 'C' | 'D'; completed?: DateTime } = {},
): number {
	const procNum = Math.max(...p.procedures.map((x) => x.ProcNum)) + 1;
	p.procedures.push({
		ProcNum: procNum,
		PatNum: patient.PatNum,
		ProcCode: 'D2740',
		Descript: 'Crown - porcelain/ceramic',
		ProcFee: options.fee ?? 3200,
		ToothNum: options.tooth ?? '14',
		Surf: '',
		DateTP: presented.toISODate() as string,
		ProcDate: options.completed ? (options.completed.toISODate() as string) : '',
		ProcStatus: options.status ?? 'TP',
		AptNum: 0,
		ProvNum: patient.PriProv,
		ClinicNum: patient.ClinicNum,
	});
	return procNum;
}

/** A regular-mode n8n with a world's journeys installed and published, and the journal reader at /webhook/journal. */
export interface JourneyN8n {
	n8n: N8nSandbox;
	base: string;
	/** n8n's workflow id per workflow given, in that order. */
	workflowIds: string[];
	/** The owner's session cookie (it outlives a restart: same user folder and secret). */
	cookie: string;
	/** The end of n8n's output, for a failure message. */
	log(): string;
	/** The journal's rows (those with a key). */
	journal(): Promise<Json[]>;
	/** Where Twilio delivers a text for the workflow's Patient Reply trigger. */
	replyUrl(workflow: WorkflowJson): string;
	/**
	 * Moves the world's clock to `now`, fires the webhook at `path` with it (and `query`, "&a=b"),
	 * throws with n8n's answer unless 2xx, and checks that the run of the workflow behind `path`
	 * ended in success (a node error would otherwise look like "nothing sent"). Resolves with the
	 * answer, its body unread.
	 */
	fire(path: string, now: DateTime, options?: { query?: string; timeoutMs?: number }): Promise<Response>;
	/** `n8n start` again on the same port and folder (after kill()); resolves once the webhooks answer. */
	restart(): Promise<void>;
	/** Stops n8n, removes its folder and closes the world's simulators. */
	close(): Promise<void>;
}

/**
 * Starts n8n for a world (its zone, webhooks at its own loopback port) and installs `workflows`
 * and the journal reader through installJourneys: credentials, owner, workflows, published.
 */
export async function startJourneyN8n(
	world: JourneyWorld,
	workflows: WorkflowJson[],
	options: { env?: Record<string, string> } = {},
): Promise<JourneyN8n> {
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	const n8n = await N8nSandbox.create({
		env: { GENERIC_TIMEZONE: world.zone, WEBHOOK_URL: `${base}/`, ...options.env },
	});
	let output = '';
	const start = () => n8n.start(port, {}, (chunk) => (output = (output + chunk).slice(-20_000)));
	const all = [...workflows, journalReader];
	const installed = await start()
		.then(() => installJourneys(base, world, all))
		.catch(async (error: Error) => {
			// Nothing left running to keep jest alive after a failed start.
			await n8n.stop();
			n8n.dispose();
			await world.close();
			throw new Error(`${error.message}\n--- n8n log ---\n${output.slice(-4000)}`);
		});
	// Which workflow a webhook path starts: its runs are the ones fire() checks.
	const workflowOf = new Map(
		all.flatMap((w, i) =>
			w.nodes
				.filter((n) => n.type === 'n8n-nodes-base.webhook')
				.map((n) => [String(n.parameters.path), installed.workflowIds[i]] as const),
		),
	);
	return {
		n8n,
		base,
		workflowIds: installed.workflowIds.slice(0, workflows.length),
		cookie: installed.cookie,
		log: () => output.slice(-4000),
		async journal() {
			const rows = (await (await fetch(`${base}/webhook/journal`)).json()) as Json[];
			return rows.filter((r) => r.key);
		},
		replyUrl(workflow) {
			const trigger = workflow.nodes.find((n) => n.type === 'n8n-nodes-chairside.patientReplyTrigger');
			if (!trigger) throw new Error(`workflow "${workflow.name}" has no Patient Reply trigger`);
			return `${base}/webhook/${trigger.webhookId as string}/twilio-sms`;
		},
		async fire(path, now, { query = '', timeoutMs = 120_000 } = {}) {
			world.setNow(now);
			const at = encodeURIComponent(now.toUTC().toISO() as string);
			const response = await fetch(`${base}/webhook/${path}?now=${at}${query}`, {
				signal: AbortSignal.timeout(timeoutMs),
			});
			if (!response.ok)
				throw new Error(
					`${path} at ${now.toISO()} answered ${response.status}: ${(await response.text()).slice(0, 400)}\n--- n8n log ---\n${output.slice(-4000)}`,
				);
			const workflowId = workflowOf.get(path);
			if (workflowId)
				await expectLastExecutionSucceeded(base, installed.cookie, workflowId, `${path} at ${now.toISO()}`);
			return response;
		},
		async restart() {
			await start();
			await untilWebhookRegistered(base, 'journal');
		},
		async close() {
			await n8n.stop();
			n8n.dispose();
			await world.close();
		},
	};
}
