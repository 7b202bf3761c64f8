/**
 * The world a journey e2e drives, for any started n8n (regular mode with SQLite or queue mode):
 * the Open Dental, Twilio and Gmail simulators on one simulated clock, the credentials that point
 * at them, the shipped journey workflows configured for the practice and made tickable, and a
 * tick that moves the clock and fires a workflow's webhook with "now".
 *
 *   const world = await startJourneyWorld({ practice, start });
 *   const installed = await installJourneys(base, world, [world.journey('treatment-follow-up.json', 'tick')]);
 *   await world.tick(base, 'tick', start.plus({ days: 1 }));
 *
 * installJourneys works through the REST API of an n8n that is already up. For n8n started from
 * a user folder, world.credentials is the same set in `n8n import:credentials` form, with the ids
 * the shipped workflows use.
 */
import { DateTime } from 'luxon';
import { login, setupOwner } from '../../sandbox/n8n/owner';
import type { WorkflowJson } from '../../sandbox/n8n/runner';
import { loadWorkflow } from '../../sandbox/n8n/workflows';
import { configureJourney, messagingCredentials, practiceProfile } from '../../sandbox/journeys/setup';
import { SANDBOX_GMAIL } from '../../sandbox/gmail/defaults';
import { startGmailSimulator, type GmailSimulator } from '../../sandbox/gmail';
import { startOpenDentalSimulator, type OpenDentalSimulator } from '../../sandbox/opendental';
import type { Practice } from '../../sandbox/practice/types';
import { startSlackSimulator, type SlackSimulator } from '../../sandbox/slack';
import { startTwilioSimulator, type TwilioSimulator } from '../../sandbox/twilio';
import { SANDBOX_TWILIO } from '../../sandbox/twilio/defaults';
import { tickable } from './ticks';

export const OD_KEYS = { developerKey: 'e2e-dev', customerKey: 'e2e-cust' };
/** The Open Dental credential the shipped workflows name. */
export const OPEN_DENTAL_CREDENTIAL = { id: 'chairsideodsndbx', name: 'Open Dental (sandbox)' };

export interface JourneyWorld {
	practice: Practice;
	zone: string;
	od: OpenDentalSimulator;
	twilio: TwilioSimulator;
	gmail: GmailSimulator;
	/** The front desk's Slack channel (the practice profile's incoming webhook). */
	slack: SlackSimulator;
	/** The simulators' "now". */
	readonly now: DateTime;
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
	/** The first "now". */
	start: DateTime;
	/** The practice zone; default America/Chicago. */
	zone?: string;
	/** A URL the Twilio credential points at instead of the simulator (a proxy in front of it). */
	twilioUrl?: string;
}

export async function startJourneyWorld(options: JourneyWorldOptions): Promise<JourneyWorld> {
	const zone = options.zone ?? 'America/Chicago';
	let clock = options.start;
	const od = await startOpenDentalSimulator({
		practice: options.practice,
		...OD_KEYS,
		mode: 'local',
		now: () => clock,
	});
	const twilio = await startTwilioSimulator({
		accountSid: SANDBOX_TWILIO.accountSid,
		authToken: SANDBOX_TWILIO.authToken,
		messagingServiceSid: SANDBOX_TWILIO.messagingServiceSid,
		phoneNumbers: [SANDBOX_TWILIO.phoneNumber],
		now: () => clock,
	});
	const gmail = await startGmailSimulator({ ...SANDBOX_GMAIL, port: 0, now: () => clock });
	const slack = await startSlackSimulator({ now: () => clock });
	const setNow = (now: DateTime) => {
		clock = now;
		twilio.setNow(now);
		gmail.setNow(now);
		slack.setNow(now);
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
				url: options.twilioUrl ?? twilio.url,
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
			return clock;
		},
		setNow,
		credentials,
		journey: (file, path, id) => ({
			...tickable(configureJourney(loadWorkflow(file), profile, zone), path),
			...(id ? { id } : {}),
		}),
		async tick(base, path, now, timeoutMs = 120_000) {
			setNow(now);
			return fetch(`${base}/webhook/${path}?now=${encodeURIComponent(now.toUTC().toISO() as string)}`, {
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
	const paths = workflows.flatMap((w) =>
		w.nodes.filter((n) => n.type === 'n8n-nodes-base.webhook').map((n) => String(n.parameters.path)),
	);
	for (const path of paths) await untilWebhookRegistered(base, path);
	return { cookie, workflowIds, credentialIds };
}

/** Waits until n8n serves a production webhook, without running it (a CORS preflight fails until then). */
export async function untilWebhookRegistered(base: string, path: string, timeoutMs = 60_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const response = await fetch(`${base}/webhook/${path}`, {
			method: 'OPTIONS',
			// Only with an Origin does n8n look the webhook up; without one it answers 204 to anything.
			headers: { origin: base, 'access-control-request-method': 'GET' },
			signal: AbortSignal.timeout(10_000),
		});
		if (response.ok) return;
		if (Date.now() > deadline)
			throw new Error(`webhook /webhook/${path} was not registered within ${timeoutMs / 1000} s`);
		await new Promise((r) => setTimeout(r, 200));
	}
}
