/**
 * Hand-offs reach a person (README "Hand-offs to staff"): in every shipped workflow, the tasks a
 * Cadence Step Record or Treatment Coordinator hands on go to a Staff Task node, never to a No
 * Operation placeholder, and the Staff Task's rows reach the journal.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

interface Workflow {
	nodes: Array<{ name: string; type: string; parameters: { operation?: string } }>;
	connections: Record<string, { main?: Array<Array<{ node: string }> | null> }>;
}

const workflows = fs
	.readdirSync(path.join(ROOT, 'workflows'))
	.filter((f) => f.endsWith('.json'))
	.map((file) => ({ file, w: JSON.parse(fs.readFileSync(path.join(ROOT, 'workflows', file), 'utf8')) as Workflow }));

const records = workflows.flatMap(({ file, w }) =>
	w.nodes
		.filter((n) => n.type === 'n8n-nodes-chairside.cadenceStep' && n.parameters.operation === 'record')
		.map((n) => ({ file, w, name: n.name })),
);
const typeOf = (w: Workflow, name: string) => w.nodes.find((n) => n.name === name)?.type;

describe('hand-offs in the shipped workflows', () => {
	it('every journey and reply workflow records (and so has tasks to hand off)', () => {
		expect(new Set(records.map((r) => r.file)).size).toBeGreaterThanOrEqual(13);
	});

	it.each(records.map((r) => [r.file, r.name, r]))("%s: %s's tasks go to Staff Task, whose rows reach the journal", (_f, _n, r) => {
		const { w, name } = r as (typeof records)[number];
		const tasks = w.connections[name]?.main?.[1] ?? [];
		expect(tasks.length).toBeGreaterThan(0);
		for (const { node } of tasks) {
			expect(typeOf(w, node)).toBe('n8n-nodes-chairside.staffTask');
			const onward = (w.connections[node]?.main?.[0] ?? []).map((t) => typeOf(w, t.node));
			expect(onward).toContain('n8n-nodes-base.dataTable');
		}
	});

	it('no shipped workflow has a No Operation node standing in for the front desk', () => {
		const placeholders = workflows.flatMap(({ file, w }) =>
			w.nodes.filter((n) => n.type === 'n8n-nodes-base.noOp' && /desk|task|staff/i.test(n.name)).map((n) => `${file}: ${n.name}`),
		);
		expect(placeholders).toEqual([]);
	});
});
