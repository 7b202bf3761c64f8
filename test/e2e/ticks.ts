/**
 * Journey workflows made tickable for the e2e tests: the schedule becomes a webhook that carries
 * "now" (every Chairside node it reaches takes its Reference Time from it), a reader for the
 * journal, and the check that the last execution of a workflow ended in success.
 */
import type { DateTime } from 'luxon';
import { getJson } from '../../sandbox/n8n/owner';
import type { WorkflowJson } from '../../sandbox/n8n/runner';
import { JOURNAL_COLUMNS, JOURNAL_TABLE } from '../../core/journey/journal';
import { DEFAULT_CLINICAL_WORDS, phiMatcher } from '../../core/guard/phi';

/** A workflow with its schedule replaced by a webhook that carries "now", so the test can tick it. */
export function tickable(workflow: WorkflowJson, path: string): WorkflowJson {
	const copy = JSON.parse(JSON.stringify(workflow)) as WorkflowJson;
	const schedule = copy.nodes.find((n) => n.type === 'n8n-nodes-base.scheduleTrigger')!;
	const connections = copy.connections as Record<string, unknown>;
	connections.Tick = connections[schedule.name];
	delete connections[schedule.name];
	Object.assign(schedule, {
		name: 'Tick',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: `e2e-${path}`,
		parameters: { httpMethod: 'GET', path, responseMode: 'lastNode', responseData: 'noData', options: {} },
	});
	// Every Chairside node the tick reaches takes its "now" from the tick (other triggers' branches: see pinned()).
	const tickNow = "DateTime.fromISO($('Tick').first().json.query.now)";
	for (const node of chairsideNodesFrom(copy, 'Tick')) {
		// Date ranges written against $now (the no-show window) follow the tick too.
		node.parameters = JSON.parse(JSON.stringify(node.parameters).replaceAll('$now', tickNow)) as Record<
			string,
			unknown
		>;
		node.parameters.options = {
			...(node.parameters.options as object),
			now: "={{ $('Tick').first().json.query.now }}",
		};
	}
	return copy;
}

/**
 * A workflow whose Chairside nodes reached from `trigger` (a reply or form trigger, which a test
 * cannot tick) all take `now` as their Reference Time instead of the wall clock, so what they decide
 * does not depend on the hour the test runs. Nodes that already have a Reference Time keep it.
 */
export function pinned(workflow: WorkflowJson, trigger: string, now: DateTime): WorkflowJson {
	const copy = JSON.parse(JSON.stringify(workflow)) as WorkflowJson;
	const iso = now.toUTC().toISO() as string;
	for (const node of chairsideNodesFrom(copy, trigger)) {
		const options = (node.parameters.options as Record<string, unknown> | undefined) ?? {};
		if (options.now) continue;
		// ($now elsewhere in the parameters stays: the reply branch reads only its zone, the workflow's.)
		node.parameters.options = { ...options, now: iso };
	}
	return copy;
}

/** The Chairside nodes downstream of `start` (not `start` itself). */
function chairsideNodesFrom(workflow: WorkflowJson, start: string): WorkflowJson['nodes'] {
	const connections = workflow.connections as Record<
		string,
		{ main?: Array<Array<{ node: string }> | null> } | undefined
	>;
	const reached = new Set<string>();
	const visit = (name: string) => {
		if (reached.has(name)) return;
		reached.add(name);
		for (const out of connections[name]?.main ?? []) for (const link of out ?? []) visit(link.node);
	};
	visit(start);
	return workflow.nodes.filter(
		(n) => n.name !== start && n.type.startsWith('n8n-nodes-chairside.') && reached.has(n.name),
	);
}

/**
 * A run under libfaketime (`LD_PRELOAD=.../libfaketime.so.1 FAKETIME='@2026-12-07 02:20:00' npx jest ...`)
 * fakes the test's clock; n8n starts with a clean environment, so its clock is faked only with this.
 */
export function fakeClockEnv(): Record<string, string> {
	const passed = Object.entries(process.env).filter(
		([name, value]) => value !== undefined && (name === 'LD_PRELOAD' || name.startsWith('FAKETIME')),
	);
	return Object.fromEntries(passed) as Record<string, string>;
}

/** A webhook at /webhook/<path> that starts a test's own workflow (GET, or POST with a JSON body). */
const hook = (path: string, httpMethod: 'GET' | 'POST' = 'GET') => ({
	name: 'Hook',
	type: 'n8n-nodes-base.webhook',
	typeVersion: 2,
	webhookId: `e2e-${path}`,
	position: [0, 0],
	parameters: { httpMethod, path, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
});

/** Every row of an n8n Data Table (by name), answered by GET /webhook/<path>. */
export function tableReader(table: string, path: string): WorkflowJson {
	return {
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
	};
}

export const journalReader: WorkflowJson = tableReader(JOURNAL_TABLE, 'journal');

/**
 * Puts journal rows (POST /webhook/<path>, JSON body `{ rows }`) into the practice's journal table,
 * creating it first as the journeys do when it is not there yet.
 */
export function journalSeeder(path: string): WorkflowJson {
	return {
		name: 'e2e seed the journal',
		nodes: [
			hook(path, 'POST'),
			{
				name: 'Table',
				type: 'n8n-nodes-base.dataTable',
				typeVersion: 1.1,
				position: [200, 0],
				parameters: {
					resource: 'table',
					operation: 'create',
					tableName: JOURNAL_TABLE,
					columns: { column: JOURNAL_COLUMNS.map((name) => ({ name, type: 'string' })) },
					options: { createIfNotExists: true },
				},
			},
			{
				name: 'Rows',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [400, 0],
				parameters: { jsCode: "return $('Hook').first().json.body.rows.map((json) => ({ json }));" },
			},
			{
				name: 'Insert',
				type: 'n8n-nodes-base.dataTable',
				typeVersion: 1.1,
				position: [600, 0],
				parameters: {
					operation: 'insert',
					dataTableId: { __rl: true, mode: 'name', value: JOURNAL_TABLE },
					columns: { mappingMode: 'autoMapInputData', value: {}, matchingColumns: [], schema: [] },
					options: {},
				},
			},
		],
		connections: {
			Hook: { main: [[{ node: 'Table', type: 'main', index: 0 }]] },
			Table: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
			Rows: { main: [[{ node: 'Insert', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/** n8n answers REST before it has activated published workflows: wait for one of their webhooks. */
export async function untilActive(probe: () => Promise<Response>, log: () => string = () => ''): Promise<void> {
	await until(
		'the published workflows to activate',
		async () => ((await probe()).status === 404 ? undefined : true),
		60_000,
	).catch((error: Error) => {
		throw new Error(`${error.message}\n${log().slice(-4000)}`);
	});
}

/** Every tick's execution must end in success: a node error would otherwise just look like "nothing sent". */
export async function expectLastExecutionSucceeded(
	base: string,
	cookie: string,
	workflowId: string,
	what: string,
): Promise<void> {
	let last: { id: string; status: string } | undefined;
	// The response comes when the last node is done; the execution's status is saved a moment later.
	for (let attempt = 0; attempt < 100; attempt++) {
		const path = `/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}&limit=1`;
		// Just after a restart the REST API may briefly answer oddly; only the last attempt's error counts.
		const list = await getJson<{ data: { results: Array<{ id: string; status: string }> } }>(base, path, cookie).catch(
			(error: Error) => {
				if (attempt === 99) throw error;
				return null;
			},
		);
		if (!list) {
			await new Promise((r) => setTimeout(r, 100));
			continue;
		}
		last = list.data.results[0];
		if (last?.status !== 'running' && last?.status !== 'new') break;
		await new Promise((r) => setTimeout(r, 100));
	}
	if (last?.status === 'success') return;
	const detail = last ? await getJson<{ data: { data: string } }>(base, `/rest/executions/${last.id}`, cookie) : null;
	const messages = detail ? [...detail.data.data.matchAll(/"message":"([^"]{0,300})"/g)].map((m) => m[1]) : [];
	throw new Error(`${what}: execution ${last?.id} ended "${last?.status}": ${messages.slice(0, 3).join(' | ')}`);
}

const phi = phiMatcher(DEFAULT_CLINICAL_WORDS);

/**
 * The texts (message bodies, chart notes) in which the guard's own detector (core/guard/phi.ts)
 * finds a procedure or diagnosis code, a tooth number or a diagnosis, with what it found: a test
 * expects `[]`. One reading of "a code" everywhere: "D 2740" and "tooth #14" count, a hex id
 * such as "8d0795" in a task link does not.
 */
export function withPhi(texts: string[]): Array<[string, string]> {
	return texts.flatMap((text) => {
		const kind = phi.find(text);
		return kind ? [[kind, text] as [string, string]] : [];
	});
}

/** A chart note without the key Chairside may tag into it (hex: "d1600" is no procedure code). */
export const untagged = (note: string) => note.replace(/ \[chairside:[0-9a-f]{16}\]$/, '');

/** A journey's chart note without its key (every one carries a key: asserted here). */
export function chartText(note: string): string {
	const text = untagged(note);
	if (text === note) throw new Error(`chart note without its key: "${note}"`);
	return text;
}

/** What `probe` finds within 30 s (a reply's workflow runs after its webhook has answered). */
export async function until<T>(
	what: string,
	probe: () => Promise<T | undefined> | T | undefined,
	timeoutMs = 30_000,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const found = await probe();
		if (found !== undefined) return found;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 200));
	}
}
