/**
 * The shipped journal-retention workflow in a real n8n 2.41.1: three runs started at the same
 * instant on a fresh install all succeed (each creates both tables: the loser's create is retried,
 * not failed), and one run at a pinned "now" moves exactly the rows no tick needs to the archive.
 */
import { DateTime } from 'luxon';
import { login, setupOwner } from '../../sandbox/n8n/owner';
import { freePort, N8nSandbox, type WorkflowJson } from '../../sandbox/n8n/runner';
import { loadWorkflow } from '../../sandbox/n8n/workflows';
import { profileCredential } from '../../sandbox/journeys/setup';
import { row, JOURNAL_TABLE, type JournalRow } from '../../core/journey/journal';
import { ARCHIVE_TABLE } from '../../core/journey/retention';
import { expectLastExecutionSucceeded, tickable, untilActive } from './ticks';

const NOW = DateTime.fromISO('2027-06-01T08:00:00.000Z', { zone: 'utc' });
const daysAgo = (d: number) => NOW.minus({ days: d }).toISO() as string;
const enrollment = (subject: string, status: string, d: number) =>
	row({
		key: `treatment-follow-up/${subject}`,
		kind: 'enrollment',
		journey: 'treatment-follow-up',
		patientId: subject,
		subjectId: subject,
		status,
		at: daysAgo(d),
		startedAt: daysAgo(d + 12),
	});
const touch = (subject: string, step: string, d: number) =>
	row({
		key: `treatment-follow-up/${subject}#${step}`,
		kind: 'touch',
		journey: 'treatment-follow-up',
		patientId: subject,
		subjectId: subject,
		enrollment: `treatment-follow-up/${subject}`,
		step,
		channel: 'sms',
		status: 'sent',
		at: daysAgo(d),
		providerId: 'SM1',
	});
const SEED: JournalRow[] = [
	enrollment('active', 'active', 400),
	touch('active', 'day-1-text', 399),
	enrollment('old', 'finished', 400),
	touch('old', 'day-1-text', 410),
	enrollment('recent', 'stopped', 30),
	touch('recent', 'day-1-text', 40),
	touch('recent', 'day-3-email', 2),
	row({ key: 'patient/p9', kind: 'patient', patientId: 'p9', status: 'opted_out', channel: 'sms', at: daysAgo(3000) }),
];

const hook = (path: string) => ({
	name: 'Hook',
	type: 'n8n-nodes-base.webhook',
	typeVersion: 2,
	webhookId: `e2e-${path}`,
	position: [0, 0],
	parameters: { httpMethod: 'GET', path, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
});
const reader = (table: string, path: string, id: string): WorkflowJson => ({
	id,
	name: `e2e read ${table}`,
	nodes: [
		hook(path),
		{
			name: 'Rows',
			type: 'n8n-nodes-base.dataTable',
			typeVersion: 1.1,
			position: [200, 0],
			alwaysOutputData: true,
			parameters: { operation: 'get', dataTableId: { __rl: true, mode: 'name', value: table }, returnAll: true },
		},
	],
	connections: { Hook: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
});
const seeder: WorkflowJson = {
	id: 'e2eretentseed001',
	name: 'e2e seed the journal',
	nodes: [
		hook('seed'),
		{
			name: 'Rows',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [200, 0],
			parameters: { jsCode: `return ${JSON.stringify(SEED)}.map((json) => ({ json }));` },
		},
		{
			name: 'Insert',
			type: 'n8n-nodes-base.dataTable',
			typeVersion: 1.1,
			position: [400, 0],
			parameters: {
				operation: 'insert',
				dataTableId: { __rl: true, mode: 'name', value: JOURNAL_TABLE },
				columns: { mappingMode: 'autoMapInputData', value: {}, matchingColumns: [], schema: [] },
				options: {},
			},
		},
	],
	connections: {
		Hook: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
		Rows: { main: [[{ node: 'Insert', type: 'main', index: 0 }]] },
	},
	settings: { executionOrder: 'v1' },
};
const RETENTION = 'e2eretention0001';

let n8n: N8nSandbox;
let base = '';
let log = '';

const get = async (path: string, now?: DateTime) => {
	const response = await fetch(
		`${base}/webhook/${path}${now ? `?now=${encodeURIComponent(now.toISO() as string)}` : ''}`,
		{ signal: AbortSignal.timeout(120_000) },
	);
	if (!response.ok)
		throw new Error(
			`${path} answered ${response.status}: ${(await response.text()).slice(0, 400)}\n${log.slice(-3000)}`,
		);
	return response;
};
const keys = async (path: string) =>
	((await (await get(path)).json()) as Array<{ key?: string }>).flatMap((r) => (r.key ? [r.key] : [])).sort();

beforeAll(async () => {
	const retention = tickable(loadWorkflow('journal-retention.json'), 'retention');
	// The test reads each run's status; the shipped workflow keeps only failures.
	retention.settings = { ...(retention.settings as object), saveDataSuccessExecution: 'all' };
	n8n = await N8nSandbox.create();
	// Cadence Step reads the practice profile (its zone); a practice has one before it imports any workflow.
	await n8n.importCredentials([profileCredential('America/Chicago')]);
	const ids = await n8n.importWorkflows([
		{ ...retention, id: RETENTION },
		seeder,
		reader(JOURNAL_TABLE, 'journal', 'e2eretentread001'),
		reader(ARCHIVE_TABLE, 'archive', 'e2eretentread002'),
	]);
	for (const id of ids) expect((await n8n.cli(['publish:workflow', `--id=${id}`])).code).toBe(0);
	const port = await freePort();
	base = `http://127.0.0.1:${port}`;
	await n8n.start(port, {}, (chunk) => (log = (log + chunk).slice(-20_000)));
	await setupOwner(base);
	await untilActive(
		() => fetch(`${base}/webhook/journal`),
		() => log,
	);
}, 600_000);

afterAll(async () => {
	await n8n?.stop();
	n8n?.dispose();
});

it('three runs at once on a fresh install all create-or-reuse both tables and succeed', async () => {
	const cookie = await login(base);
	await Promise.all([0, 1, 2].map(() => get('retention', NOW)));
	const list = await fetch(
		`${base}/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: RETENTION }))}&limit=10`,
		{ headers: { cookie } },
	);
	const runs = ((await list.json()) as { data: { results: Array<{ status: string }> } }).data.results;
	expect(runs.map((r) => r.status)).toEqual(['success', 'success', 'success']);
});

it('moves what no tick needs to the archive, keeps the rest, and fails nothing', async () => {
	await get('seed');
	await get('retention', NOW);
	await expectLastExecutionSucceeded(base, await login(base), RETENTION, 'the retention run');
	expect(await keys('journal')).toEqual(
		[
			'patient/p9',
			'treatment-follow-up/active',
			'treatment-follow-up/active#day-1-text',
			'treatment-follow-up/recent',
			'treatment-follow-up/recent#day-3-email',
		].sort(),
	);
	expect(await keys('archive')).toEqual(
		['treatment-follow-up/old', 'treatment-follow-up/old#day-1-text', 'treatment-follow-up/recent#day-1-text'].sort(),
	);
});
