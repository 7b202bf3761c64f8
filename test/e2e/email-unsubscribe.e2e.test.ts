/**
 * One-click email unsubscribe in a real n8n 2.41.1, from the shipped workflow: the link in an email
 * shows a button (a GET unsubscribes nobody: mail scanners prefetch links), the one-click POST stops
 * every later email to that address in every Patient Message node and notes it in the chart once,
 * even when three POSTs arrive at the same instant; a forged link changes nothing.
 */
import { DateTime } from 'luxon';
import { unsubscribeLink } from '../../core/messaging/unsubscribe';
import { setupOwner } from '../../sandbox/n8n/owner';
import { freePort, N8nSandbox, type WorkflowJson } from '../../sandbox/n8n/runner';
import { loadWorkflow } from '../../sandbox/n8n/workflows';
import { generatePractice } from '../../sandbox/practice/generate';
import { startJourneyWorld, type JourneyWorld } from './journey-world';
import { untilActive } from './ticks';
import { CREDENTIAL_NAMES } from '../../sandbox/n8n/credential-names';

const SECRET = 'e2e-unsubscribe-secret-'.padEnd(48, 'x');
const UNSUBSCRIBE_CREDENTIAL = { id: 'chairsideunsubsbx', name: CREDENTIAL_NAMES.chairsideUnsubscribeApi };
const WORKFLOW_ID = 'e2eunsubscribe01';
const START = DateTime.fromISO('2026-03-10T16:00:00Z');

const SHIPPED = loadWorkflow('email-unsubscribe.json');
// n8n serves a trigger's webhook under its webhookId: the Production URL the credential holds.
const HOOK_PATH = `${(SHIPPED.nodes as Array<{ type: string; webhookId?: string }>).find((n) => n.type.endsWith('emailUnsubscribeTrigger'))?.webhookId}/chairside-unsubscribe`;
let world: JourneyWorld;
let n8n: N8nSandbox;
let base = '';
let log = '';

type Json = Record<string, unknown>;
const link = (patientId: string, email: string) =>
	unsubscribeLink(SECRET, `${base}/webhook/${HOOK_PATH}`, patientId, email);
const post = (url: string) =>
	fetch(url, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: 'List-Unsubscribe=One-Click',
	});
const chartNotes = (patNum: number) =>
	world.od.state.commlogs.filter(
		(c) => c.PatNum === patNum && /Unsubscribed from practice emails/.test(String(c.Note)),
	);

/**
 * Patient Message with Fields Below, as a consultant would email a patient from a sheet row; called
 * over a webhook so it runs in the n8n process that took the unsubscribe.
 */
function emailer(): WorkflowJson {
	const profile = world.credentials.find((c) => c.type === 'chairsidePracticeApi') as Json | undefined;
	const q = (name: string) => `={{ $json.query.${name} }}`;
	return {
		id: 'e2eunsubemailer1',
		name: 'e2e email one patient',
		nodes: [
			{
				name: 'Hook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				webhookId: 'e2e-unsub-email',
				position: [0, 0],
				parameters: {
					httpMethod: 'GET',
					path: 'e2e-email',
					responseMode: 'lastNode',
					responseData: 'allEntries',
					options: {},
				},
			},
			{
				name: 'Patient Message',
				type: 'n8n-nodes-chairside.patientMessage',
				typeVersion: 1,
				position: [220, 0],
				parameters: {
					messageFrom: 'fields',
					channel: 'email',
					to: q('to'),
					patientId: q('patientId'),
					firstName: 'Pat',
					timezone: 'America/Chicago',
					sendKey: q('key'),
					subject: 'Your next visit',
					body: 'We have openings next week. Reply or call us to book.',
					purpose: 'appointment',
					options: { now: START.toISO() },
				},
				credentials: {
					chairsideGmailOAuth2Api: { id: 'chairsidegmailsbx', name: CREDENTIAL_NAMES.chairsideGmailOAuth2Api },
					chairsideUnsubscribeApi: UNSUBSCRIBE_CREDENTIAL,
					...(profile ? { chairsidePracticeApi: { id: profile.id, name: profile.name } } : {}),
				},
			},
			{ name: 'Outcome', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [440, 0], parameters: {} },
		],
		connections: {
			Hook: { main: [[{ node: 'Patient Message', type: 'main', index: 0 }]] },
			'Patient Message': { main: [0, 1, 2].map(() => [{ node: 'Outcome', type: 'main', index: 0 }]) },
		},
		settings: { executionOrder: 'v1' },
	};
}

let sends = 0;
/** The outcome of one email to `email`: its status and rule. */
async function sendEmail(patientId: string, email: string): Promise<Json> {
	const query = new URLSearchParams({ to: email, patientId, key: `e2e-unsubscribe/${patientId}/${++sends}` });
	const response = await fetch(`${base}/webhook/e2e-email?${query}`, { signal: AbortSignal.timeout(120_000) });
	if (!response.ok)
		throw new Error(
			`e2e-email answered ${response.status}: ${(await response.text()).slice(0, 400)}\n${log.slice(-3000)}`,
		);
	const [item] = (await response.json()) as Json[];
	const outcome = (item?.outcome ?? item) as Json;
	return { status: outcome.status, rule: outcome.rule };
}

beforeAll(async () => {
	const practice = generatePractice({ seed: 41, patients: 60, stage: 3, today: START.toISODate() as string });
	world = await startJourneyWorld({ practice, start: START });
	n8n = await N8nSandbox.create({ env: { GENERIC_TIMEZONE: 'America/Chicago' } });
	const port = await freePort();
	base = `http://127.0.0.1:${port}`;
	await n8n.importCredentials([
		...world.credentials,
		{
			...UNSUBSCRIBE_CREDENTIAL,
			type: 'chairsideUnsubscribeApi',
			data: { secret: SECRET, webhookUrl: `${base}/webhook/${HOOK_PATH}` },
		},
	]);
	const ids = await n8n.importWorkflows([{ ...SHIPPED, id: WORKFLOW_ID }, emailer()]);
	for (const id of ids) expect((await n8n.cli(['publish:workflow', `--id=${id}`])).code).toBe(0);
	await n8n.start(port, {}, (chunk) => (log = (log + chunk).slice(-20_000)));
	await setupOwner(base);
	await untilActive(
		() => fetch(`${base}/webhook/${HOOK_PATH}`),
		() => log,
	);
}, 600_000);

afterAll(async () => {
	await n8n?.stop();
	n8n?.dispose();
	await world?.close();
});

const patients = () => world.practice.patients.filter((p) => p.PatStatus === 'Patient' && p.Email);

it('an email carries the link; a GET shows a button and unsubscribes nobody', async () => {
	const p = patients()[0];
	expect(await sendEmail(String(p.PatNum), p.Email)).toMatchObject({ status: 'sent' });
	const mail = world.gmail.outbox.at(-1)!;
	const header = mail.headers['list-unsubscribe'];
	expect(header).toBe(`<${link(String(p.PatNum), p.Email)}>`);
	expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');

	const page = await fetch(header.slice(1, -1));
	expect(page.status).toBe(200);
	expect(await page.text()).toContain('<form method="post"');
	// Still subscribed: the next email waits only for the daily cap (the same pinned day).
	expect(await sendEmail(String(p.PatNum), p.Email)).toMatchObject({ status: 'deferred', rule: 'frequency_cap' });
	expect(chartNotes(p.PatNum)).toHaveLength(0);
}, 300_000);

it('three one-click POSTs at once: every later email to the address is blocked, one chart note', async () => {
	const p = patients()[1];
	const url = link(String(p.PatNum), p.Email);
	const answers = await Promise.all([post(url), post(url), post(url)]);
	expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
	// The item says nothing about opt-outs: the guard reads the state's fact.
	expect(await sendEmail(String(p.PatNum), p.Email)).toMatchObject({ status: 'blocked', rule: 'opt_out' });
	// The same mailbox written differently is the same mailbox.
	expect(await sendEmail(String(p.PatNum), p.Email.toUpperCase())).toMatchObject({
		status: 'blocked',
		rule: 'opt_out',
	});
	for (let i = 0; i < 60 && chartNotes(p.PatNum).length === 0; i++) await new Promise((r) => setTimeout(r, 500));
	await new Promise((r) => setTimeout(r, 2000));
	expect(chartNotes(p.PatNum)).toHaveLength(1);
	// Another patient's email still goes.
	const other = patients()[2];
	expect(await sendEmail(String(other.PatNum), other.Email)).toMatchObject({ status: 'sent' });
}, 300_000);

it('a forged or altered link gets 400 and changes nothing', async () => {
	const p = patients()[3];
	const forged = unsubscribeLink(
		'another-secret-'.padEnd(48, 'y'),
		`${base}/webhook/${HOOK_PATH}`,
		String(p.PatNum),
		p.Email,
	);
	const altered = link(String(p.PatNum), p.Email).replace(`.${p.PatNum}.`, `.${patients()[4].PatNum}.`);
	for (const url of [forged, altered, `${base}/webhook/${HOOK_PATH}`]) expect((await post(url)).status).toBe(400);
	expect(await sendEmail(String(p.PatNum), p.Email)).toMatchObject({ status: 'sent' });
	expect(chartNotes(p.PatNum)).toHaveLength(0);
}, 300_000);
