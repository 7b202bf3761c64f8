/**
 * Listing executions past one page (sandbox/n8n/queue.ts listExecutions, which the queue tests and
 * their failure messages read): n8n 2.41 answers at most 100 a request and pages with a cursor.
 * 130 runs of a one-node webhook workflow in a real n8n are all listed, once each, newest first.
 */
import { login, setupOwner } from '../../sandbox/n8n/owner';
import { listExecutions } from '../../sandbox/n8n/queue';
import { freePort, N8nSandbox, type WorkflowJson } from '../../sandbox/n8n/runner';
import { untilWebhookRegistered } from './journey-world';

const RUNS = 130;
const WORKFLOW_ID = 'e2epagingwebhk01';
const workflow: WorkflowJson = {
	id: WORKFLOW_ID,
	name: 'e2e one run per call',
	nodes: [
		{
			name: 'Hook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			webhookId: 'e2e-paging',
			position: [0, 0],
			parameters: { httpMethod: 'GET', path: 'paging', responseMode: 'onReceived', options: {} },
		},
	],
	connections: {},
	settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all' },
};

let n8n: N8nSandbox;
let base = '';
let cookie = '';

beforeAll(async () => {
	const port = await freePort();
	base = `http://127.0.0.1:${port}`;
	n8n = await N8nSandbox.create({ env: { WEBHOOK_URL: `${base}/` } });
	await n8n.importWorkflow(workflow);
	expect((await n8n.cli(['publish:workflow', `--id=${WORKFLOW_ID}`])).code).toBe(0);
	await n8n.start(port);
	await untilWebhookRegistered(base, 'paging');
	await setupOwner(base);
	cookie = await login(base);
	for (let batch = 0; batch < RUNS; batch += 10) {
		const calls = Array.from({ length: Math.min(10, RUNS - batch) }, () => fetch(`${base}/webhook/paging`));
		expect((await Promise.all(calls)).map((r) => r.status)).toEqual(calls.map(() => 200));
	}
}, 300_000);

afterAll(async () => {
	await n8n?.stop();
	n8n?.dispose();
});

/** Every run has finished and been saved (a webhook answering on receipt runs on a moment later). */
async function allFinished(): Promise<Awaited<ReturnType<typeof listExecutions>>> {
	for (let attempt = 0; ; attempt++) {
		const executions = await listExecutions(base, cookie, { workflowId: WORKFLOW_ID });
		if (executions.length === RUNS && executions.every((e) => e.status === 'success')) return executions;
		if (attempt === 100) return executions;
		await new Promise((r) => setTimeout(r, 200));
	}
}

describe("listing executions past n8n's 100 a page", () => {
	it('lists all 130, each once, newest first', async () => {
		const executions = await allFinished();
		expect(executions).toHaveLength(RUNS);
		expect(new Set(executions.map((e) => e.id)).size).toBe(RUNS);
		expect(executions.map((e) => e.status)).toEqual(executions.map(() => 'success'));
		const started = executions.map((e) => e.startedAt as string);
		expect(started).toEqual([...started].sort().reverse());
	}, 60_000);

	it('stops at a limit that falls on the second page', async () => {
		const all = await listExecutions(base, cookie, { workflowId: WORKFLOW_ID });
		const some = await listExecutions(base, cookie, { workflowId: WORKFLOW_ID }, 105);
		expect(some.map((e) => e.id)).toEqual(all.slice(0, 105).map((e) => e.id));
	}, 60_000);
});
