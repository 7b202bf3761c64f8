/**
 * The go-live check (workflows/go-live-check.json) in a real n8n against the sandbox practice:
 * the Open Dental simulator's unscheduled treatment, recalls, lapsed patients and missed visits
 * through Cadence Step > Preview (Upcoming Messages) and Patient Message > Check Only. It lists
 * the next 14 days (who, what, when) and what is held or blocked and why, checks the accounts and
 * shows the inbound-text URL from n8n's WEBHOOK_URL, and the Twilio and Gmail simulators receive
 * no message.
 */
import { DateTime } from 'luxon';
import { parse as unflatten } from 'flatted';
import { getJson, login } from '../../sandbox/n8n/owner';
import { freePort, N8nSandbox, type NodeRun, type WorkflowJson } from '../../sandbox/n8n/runner';
import { loadWorkflow } from '../../sandbox/n8n/workflows';
import { PRACTICE_CREDENTIAL, SANDBOX_PROFILE_ID } from '../../sandbox/journeys/setup';
import { generatePractice } from '../../sandbox/practice/generate';
import { installJourneys, startJourneyWorld, type JourneyWorld } from './journey-world';
import { pinned } from './ticks';

type Json = Record<string, unknown>;
const ZONE = 'America/Chicago';
// n8n's public URL as a practice sets it: only written into the check's answer, never called.
const PUBLIC_URL = 'https://n8n.riverside-sandbox.example/';
// 09:00 today in the practice: the sandbox practice is generated around today.
const start = DateTime.now().setZone(ZONE).startOf('day').plus({ hours: 9 });
let world: JourneyWorld;
let n8n: N8nSandbox;
let status: string;
let runData: Record<string, NodeRun[]>;
let runError: unknown;
let wouldSend: Json[];
let held: Json[];
let checks: Json[];

/**
 * The shipped workflow as the test runs it: its Manual Trigger (what "Execute workflow" starts in
 * the editor) becomes a webhook the test can call, and every Chairside node takes "now" from the test.
 */
function runnable(): WorkflowJson {
	const workflow = pinned(loadWorkflow('go-live-check.json'), 'Run check', start);
	const trigger = workflow.nodes.find((n) => n.name === 'Run check')!;
	Object.assign(trigger, {
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: 'e2e-go-live',
		parameters: { httpMethod: 'GET', path: 'go-live', responseMode: 'lastNode', responseData: 'noData', options: {} },
	});
	workflow.settings = { ...(workflow.settings as object), saveDataSuccessExecution: 'all' };
	// The profile as the sandbox practice created it (its own id): the test installs through the REST API, which maps ids only.
	for (const node of workflow.nodes) {
		const refs = node.credentials as Record<string, { id: string; name: string }> | undefined;
		if (refs?.chairsidePracticeApi)
			refs.chairsidePracticeApi = { id: SANDBOX_PROFILE_ID, name: PRACTICE_CREDENTIAL.name };
	}
	return workflow;
}

beforeAll(async () => {
	const practice = generatePractice({ seed: 41, patients: 300, stage: 3, today: start.toISODate() as string });
	world = await startJourneyWorld({ practice, start, zone: ZONE });
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	n8n = await N8nSandbox.create({ env: { GENERIC_TIMEZONE: ZONE, WEBHOOK_URL: PUBLIC_URL } });
	await n8n.start(port);
	const { workflowIds } = await installJourneys(base, world, [runnable()]);
	// The answer comes when the run has ended (its last node's); the run itself is read below.
	await fetch(`${base}/webhook/go-live`, { signal: AbortSignal.timeout(300_000) });
	const cookie = await login(base);
	const list = await getJson<{ data: { results: Array<{ id: string; status: string }> } }>(
		base,
		`/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: workflowIds[0] }))}&limit=1`,
		cookie,
	);
	const [last] = list.data.results;
	status = last.status;
	const detail = await getJson<{ data: { data: string } }>(base, `/rest/executions/${last.id}`, cookie);
	const data = unflatten(detail.data.data) as { resultData: { runData: Record<string, NodeRun[]>; error?: unknown } };
	runData = data.resultData.runData;
	runError = data.resultData.error;
	const runs = runData['Go-Live Check'] ?? [];
	[wouldSend, held, checks] = (runs[runs.length - 1]?.data?.main ?? []).map((items) =>
		(items ?? []).map((i) => i.json),
	);
}, 600_000);

afterAll(async () => {
	await n8n?.stop();
	n8n?.dispose();
	await world?.close();
});

const check = (name: string) => checks.filter((c) => c.check === name);

describe('go-live check', () => {
	it('runs to the end', () => {
		expect(JSON.stringify(runError ?? null).slice(0, 2000)).toBe('null');
		expect(status).toBe('success');
		expect(runData['Go-Live Check']).toHaveLength(1);
	});

	it('lists the upcoming messages: first name, journey, step in lay words, when; never the message', () => {
		expect(wouldSend.length).toBeGreaterThan(0);
		for (const row of wouldSend) {
			expect(Object.keys(row).sort()).toEqual([
				'at',
				'firstName',
				'how',
				'journey',
				'rule',
				'status',
				'what',
				'when',
				'why',
			]);
			expect(row.what).toMatch(/^the /);
			expect(row.what).not.toMatch(/day-\d+-|step /);
			const at = DateTime.fromISO(String(row.at));
			expect(at >= start.minus({ minutes: 1 }) && at <= start.plus({ days: 14 })).toBe(true);
		}
		expect(new Set(wouldSend.filter((r) => r.status === 'would send').map((r) => r.how))).toContain('text');
		expect(new Set(wouldSend.map((r) => r.journey)).size).toBeGreaterThan(1);
	});

	it('lists what is held or blocked, each with its reason', () => {
		expect(held.length).toBeGreaterThan(0);
		for (const row of held) {
			expect(['held', 'blocked', 'not starting']).toContain(row.status);
			expect(String(row.why ?? '')).not.toBe('');
		}
		const rules = new Set(held.map((r) => r.rule ?? r.status));
		// The sandbox practice has patients without text consent and patients who already had a message that day.
		expect(
			[...rules].some((r) => ['consent', 'opt_out', 'frequency_cap', 'e164', 'not starting'].includes(String(r))),
		).toBe(true);
	});

	it('checks the profile, Open Dental and the accounts, and shows the URL Twilio must call from WEBHOOK_URL', () => {
		expect(check('Practice profile')[0]).toMatchObject({
			ok: true,
			detail: expect.stringContaining('Riverside Dental'),
		});
		expect(check('Open Dental')[0]).toMatchObject({
			ok: true,
			detail: expect.stringMatching(
				/^Answers with this credential; version \d+\.\d+\.\d+ \(Chairside needs 22\.4\.16 or later\)\.$/,
			),
		});
		expect(check('Twilio')[0]).toMatchObject({ ok: true, detail: expect.stringContaining('active') });
		expect(check('Gmail')[0]).toMatchObject({ ok: true });
		const webhook = check('Inbound text webhook')[0];
		expect(webhook).toMatchObject({
			ok: true,
			detail: expect.stringContaining(`${PUBLIC_URL}webhook/65662921-fadb-5609-8315-522caf9515ee/twilio-sms`),
		});
		expect(check('Text consent coverage')[0].detail).toMatch(/^\d+ of \d+ patients can be texted/);
		expect(check('Summary')[0].detail).toMatch(/Nothing was sent\.$/);
	});

	it('sends nothing: the Twilio and Gmail simulators received no message', () => {
		expect(world.texts()).toHaveLength(0);
		expect(world.twilio.outbox).toHaveLength(0);
		expect(world.gmail.outbox).toHaveLength(0);
		// Twilio was only asked for the account.
		expect(world.twilio.requests.every((r) => r.method === 'GET')).toBe(true);
	});
});
