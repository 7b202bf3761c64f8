/** What `npm run demo` puts in n8n, shared with the editor test so both run the same code. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { EXPORT_FILES, writeExports } from '../exports/write';
import type { N8nSandbox, WorkflowJson } from '../n8n/runner';
import { loadWorkflow, pointAtFiles, workflowFiles } from '../n8n/workflows';
import { startOpenDentalSimulator, type OpenDentalSimulator } from '../opendental';
import { startNexHealthSimulator, type NexHealthSimulator } from '../nexhealth';
import { LOCATION_ID_BASE } from '../nexhealth/store';
import { NEXHEALTH_SANDBOX, NEXHEALTH_SANDBOX_CREDENTIAL, onNexHealth } from '../nexhealth/workflows';
import { generatePractice } from '../practice/generate';
import { SANDBOX_GMAIL } from '../gmail/defaults';
import { startGmailSimulator, type GmailSimulator } from '../gmail';
import {
	startLlmSimulator,
	openAiCredential,
	coordinatorDoorCredentials,
	SANDBOX_LLM,
	type LlmSimulator,
} from '../llm';
import { startSheetsSimulator, type SheetsSimulator } from '../sheets';
import { SANDBOX_SHEETS, sheetsCredential } from '../sheets/defaults';
import { configureJourney, isJourney, messagingCredentials } from '../journeys/setup';
import { SANDBOX_TWILIO } from '../twilio/defaults';
import { startTwilioSimulator, type TwilioSimulator } from '../twilio';
import { startSlackSimulator, type SlackSimulator } from '../slack';
import type { Practice } from '../practice/types';
import { CREDENTIAL_NAMES } from '../n8n/credential-names';

/** The credential id the ready-made workflows carry, so they open already connected to the sandbox. */
export const SANDBOX_CREDENTIAL_ID = 'chairsideodsndbx';
export const SANDBOX_KEYS = { developerKey: 'sandbox-developer-key', customerKey: 'sandbox-customer-key' };
/** The credential workflows/email-unsubscribe.json names; the demo selects it on every Patient Message too. */
export const SANDBOX_UNSUBSCRIBE_CREDENTIAL = {
	id: 'chairsideunsubsbx',
	name: CREDENTIAL_NAMES.chairsideUnsubscribeApi,
};
/** Not a secret: the demo's unsubscribe links are signed with it. */
const SANDBOX_UNSUBSCRIBE_SECRET = 'chairside-sandbox-unsubscribe-secret-not-for-production-0001';

export interface DemoContent {
	practice: Practice;
	exportsDir: string;
	workflows: WorkflowJson[];
	openDental: OpenDentalSimulator;
	/** A second, Dentrix-flavoured practice behind the NexHealth simulator (credential "NexHealth account"). */
	nexHealth: NexHealthSimulator;
	twilio: TwilioSimulator;
	gmail: GmailSimulator;
	sheets: SheetsSimulator;
	/** The front desk's Slack channel: staff tasks land here (GET <url>/sandbox/posts). */
	slack: SlackSimulator;
	/** A scripted stand-in for the AI coordinator's chat model (no script: it refuses, and the workflow hands off). */
	llm: LlmSimulator;
}

/**
 * The sandbox practice: its exports in n8n's file folder, its Open Dental API on loopback (the
 * Local API's port by default), a credential for it, and every workflow imported and pointed at them.
 */
export async function prepareDemo(
	n8n: N8nSandbox,
	options: {
		today: string;
		timezone: string;
		openDentalPort: number;
		nexHealthPort?: number;
		twilioPort?: number;
		gmailPort?: number;
		sheetsPort?: number;
		llmPort?: number;
		slackPort?: number;
		/**
		 * Where n8n will listen (http://127.0.0.1:<port>): given, the demo gets the Chairside Unsubscribe
		 * Link credential, pointed at the Email Unsubscribe workflow's production URL, on that workflow
		 * and every Patient Message (README, "Email unsubscribe", steps 1-2 done for the newcomer).
		 */
		n8nUrl?: string;
	},
): Promise<DemoContent> {
	const practice = generatePractice({ seed: 42, patients: 500, stage: 3, today: options.today });
	const exportsDir = path.join(n8n.filesDir, 'exports');
	writeExports(practice, exportsDir);
	// Where the export-driven follow-up (workflows/export-follow-up.json) finds the practice's scheduled export.
	fs.mkdirSync(path.join(n8n.filesDir, 'pms-exports'), { recursive: true });
	fs.copyFileSync(
		path.join(exportsDir, EXPORT_FILES.dentrixTreatmentManager),
		path.join(n8n.filesDir, 'pms-exports', 'treatment-export.csv'),
	);
	const openDental = await startOpenDentalSimulator({
		practice,
		...SANDBOX_KEYS,
		mode: 'local',
		port: options.openDentalPort,
		now: () => DateTime.now().setZone(options.timezone),
	});
	// A Dentrix practice synced by NexHealth: Dentrix chart numbers as its patients' foreign ids.
	const dentrix = generatePractice({ seed: 43, patients: 300, stage: 2, today: options.today });
	const nexHealth = await startNexHealthSimulator({
		practice: dentrix,
		...NEXHEALTH_SANDBOX,
		port: options.nexHealthPort ?? (options.openDentalPort === 0 ? 0 : 30256),
		now: () => DateTime.now().setZone(options.timezone),
	});
	const twilio = await startTwilioSimulator({
		accountSid: SANDBOX_TWILIO.accountSid,
		authToken: SANDBOX_TWILIO.authToken,
		apiKeys: [{ sid: SANDBOX_TWILIO.apiKeySid, secret: SANDBOX_TWILIO.apiKeySecret }],
		messagingServiceSid: SANDBOX_TWILIO.messagingServiceSid,
		phoneNumbers: [SANDBOX_TWILIO.phoneNumber],
		port: options.twilioPort ?? SANDBOX_TWILIO.port,
	});
	const gmail = await startGmailSimulator({ ...SANDBOX_GMAIL, port: options.gmailPort ?? SANDBOX_GMAIL.port });
	const sheets = await startSheetsSimulator({ ...SANDBOX_SHEETS, port: options.sheetsPort ?? SANDBOX_SHEETS.port });
	const llm = await startLlmSimulator({ port: options.llmPort ?? SANDBOX_LLM.port });
	const slack = await startSlackSimulator({ port: options.slackPort ?? 30255 });
	await n8n.importCredentials([
		...messagingCredentials({ ...SANDBOX_TWILIO, url: twilio.url }, gmail.url, {
			zone: options.timezone,
			slackWebhookUrl: slack.webhook('#front-desk'),
			practice,
		}),
		sheetsCredential(sheets.url),
		openAiCredential(llm.baseUrl),
		...coordinatorDoorCredentials(),
		{
			id: SANDBOX_CREDENTIAL_ID,
			name: CREDENTIAL_NAMES.openDentalApi,
			type: 'openDentalApi',
			data: { connection: 'custom', baseUrl: openDental.url, ...SANDBOX_KEYS, readOnly: false },
		},
		{
			...NEXHEALTH_SANDBOX_CREDENTIAL,
			type: 'nexHealthApi',
			data: {
				apiKey: NEXHEALTH_SANDBOX.apiKey,
				subdomain: NEXHEALTH_SANDBOX.subdomain,
				locationId: String(LOCATION_ID_BASE + dentrix.clinics[0].ClinicNum),
				baseUrl: nexHealth.url,
			},
		},
	]);
	// Stable ids per file: re-running the demo updates the workflows instead of duplicating them.
	// The practice's details, zone and send window are in its profile (messagingCredentials above).
	const files = workflowFiles();
	const workflows = files.map((file) => {
		const workflow = pointAtFiles(loadWorkflow(file), n8n.filesDir);
		return {
			...(isJourney(workflow) ? configureJourney(workflow) : workflow),
			id: createHash('sha1').update(`chairside:${file}`).digest('hex').slice(0, 16),
		};
	});
	if (options.n8nUrl) await withUnsubscribeLinks(n8n, workflows, options.n8nUrl);
	// The follow-up once more, on the NexHealth practice: only its PMS is switched. Chosen by its
	// file: the go-live check has an "Unscheduled Treatment" node too, and sorts first.
	const followUp = workflows[files.indexOf('treatment-follow-up.json')];
	if (followUp) {
		workflows.push({
			...ownJournal(onNexHealth(followUp), NEXHEALTH_DEMO_JOURNAL),
			name: `${followUp.name.replace(' (Open Dental)', '')} (NexHealth sandbox)`,
			id: createHash('sha1').update('chairside:nexhealth-follow-up').digest('hex').slice(0, 16),
		});
	}
	await n8n.importWorkflows(workflows);
	return { practice, exportsDir, workflows, openDental, nexHealth, twilio, gmail, sheets, llm, slack };
}

/**
 * The NexHealth practice's journal. It is another practice: in the Open Dental one's table its
 * Decide would stop every Open Dental enrollment as `booked` (the case is not in its PMS list).
 * No "chairside_journal" inside the name: n8n 2.41 finds a table by name with LIKE (README).
 */
const NEXHEALTH_DEMO_JOURNAL = 'lakeside_journal';

/** A copy whose Data table nodes use `table` instead of chairside_journal. */
function ownJournal(workflow: WorkflowJson, table: string): WorkflowJson {
	const swap = (value: unknown): unknown => {
		if (value === 'chairside_journal') return table;
		if (Array.isArray(value)) return value.map(swap);
		if (value && typeof value === 'object')
			return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, swap(inner)]));
		return value;
	};
	return {
		...workflow,
		nodes: workflow.nodes.map((node) =>
			node.type === 'n8n-nodes-base.dataTable'
				? { ...node, parameters: swap(node.parameters) as Record<string, unknown> }
				: node,
		),
	};
}

/**
 * The unsubscribe link credential a practice creates by hand (README, "Email unsubscribe"): the
 * Email Unsubscribe trigger's production URL on this n8n, and the credential on every Patient
 * Message, so the demo's emails carry the one-click link once that workflow is published.
 */
async function withUnsubscribeLinks(n8n: N8nSandbox, workflows: WorkflowJson[], n8nUrl: string): Promise<void> {
	const trigger = workflows
		.flatMap((w) => w.nodes)
		.find((n) => n.type === 'n8n-nodes-chairside.emailUnsubscribeTrigger') as { webhookId?: string } | undefined;
	if (!trigger?.webhookId) return;
	await n8n.importCredentials([
		{
			...SANDBOX_UNSUBSCRIBE_CREDENTIAL,
			type: 'chairsideUnsubscribeApi',
			data: {
				secret: SANDBOX_UNSUBSCRIBE_SECRET,
				webhookUrl: `${n8nUrl}/webhook/${trigger.webhookId}/chairside-unsubscribe`,
			},
		},
	]);
	for (const node of workflows.flatMap((w) => w.nodes))
		if (node.type === 'n8n-nodes-chairside.patientMessage')
			node.credentials = { ...(node.credentials as object), chairsideUnsubscribeApi: SANDBOX_UNSUBSCRIBE_CREDENTIAL };
}
