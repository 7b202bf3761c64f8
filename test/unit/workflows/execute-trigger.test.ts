/**
 * Which trigger the editor's "Execute workflow" button starts when a practice opens a shipped
 * workflow, and that it is the one the README tells them to run.
 *
 * n8n 2.41.1's editor picks it by type (n8n-editor-ui dist/assets/workflows.store-1K8xwhMX.js,
 * function `CC`, upstream `findTriggerNodeToAutoSelect`; called from NodeView-Bwl7osAM.js on the
 * workflow's trigger nodes that are not disabled and not chat triggers, when no trigger ran in
 * the workflow's last execution, as after an import): Form Trigger 10, Webhook 9, any trigger
 * outside n8n's "Core Nodes" codex category 8 (every community trigger: Patient Reply), Schedule
 * 7, Manual 6, Workflow Trigger 5, Error Trigger 4, other core triggers 0; the highest wins, ties
 * in the workflow's node order (a stable sort). So a Patient Reply trigger beside Run now made the
 * button read "Execute workflow from Patient Reply" and wait for a text: the replies live in
 * workflows of their own (README, "Patient Reply Trigger").
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const FILES = fs.readdirSync(path.join(ROOT, 'workflows')).filter((f) => f.endsWith('.json'));

interface Node {
	name: string;
	type: string;
	disabled?: boolean;
}
interface Workflow {
	name: string;
	nodes: Node[];
	connections: Record<string, { main?: Array<Array<{ node: string }> | null> }>;
}

const MANUAL = 'n8n-nodes-base.manualTrigger';
const SCHEDULE = 'n8n-nodes-base.scheduleTrigger';
const RANK: Record<string, number> = {
	'n8n-nodes-base.formTrigger': 10,
	'n8n-nodes-base.webhook': 9,
	[SCHEDULE]: 7,
	[MANUAL]: 6,
	'n8n-nodes-base.workflowTrigger': 5,
	'n8n-nodes-base.errorTrigger': 4,
};
const CHAT = ['@n8n/n8n-nodes-langchain.chatTrigger', '@n8n/n8n-nodes-langchain.manualChatTrigger'];

const isTrigger = (node: Node) => node.type === 'n8n-nodes-base.webhook' || /Trigger$/.test(node.type);

/** A community trigger's codex categories (nodes/<Name>/<Name>.node.json, which n8n loads as its codex). */
function communityCategories(type: string): string[] {
	const name = type.replace(/^n8n-nodes-chairside\./, '');
	const folder = name[0].toUpperCase() + name.slice(1);
	const codex = JSON.parse(fs.readFileSync(path.join(ROOT, 'nodes', folder, `${folder}.node.json`), 'utf8')) as {
		categories?: string[];
	};
	return codex.categories ?? [];
}

function rank(node: Node): number {
	if (node.type in RANK) return RANK[node.type];
	if (node.type.startsWith('n8n-nodes-chairside.')) return communityCategories(node.type).includes('Core Nodes') ? 0 : 8;
	throw new Error(`${node.type}: look up its rank in n8n's editor (see the comment above) and add it`);
}

/** The trigger n8n 2.41 preselects for "Execute workflow" in a freshly imported workflow. */
function preselectedTrigger(workflow: Workflow): Node | undefined {
	const candidates = workflow.nodes.filter((n) => isTrigger(n) && !n.disabled && !CHAT.includes(n.type));
	// Array.prototype.sort is stable (ES2019), like the editor's toSorted: ties keep the node order.
	return [...candidates].sort((a, b) => rank(b) - rank(a)).find((n) => !n.disabled);
}

function downstream(workflow: Workflow, start: string): string[] {
	const seen = new Set<string>();
	const visit = (name: string) => {
		for (const out of workflow.connections[name]?.main ?? [])
			for (const link of out ?? []) {
				if (seen.has(link.node)) continue;
				seen.add(link.node);
				visit(link.node);
			}
	};
	visit(start);
	return [...seen].sort();
}

const load = (file: string) =>
	JSON.parse(fs.readFileSync(path.join(ROOT, 'workflows', file), 'utf8')) as Workflow;

/**
 * What "Execute workflow" starts in each shipped workflow. A workflow with a Run now (Manual)
 * trigger is one the README runs by hand, and must start the same nodes Run now does (its
 * Schedule, which runs once at once from the editor, or Run now itself). The others listen:
 * a reply, a form, a chat widget, an unsubscribe link.
 */
const EXPECTED: Record<string, string> = {
	'ai-treatment-coordinator.json': 'Chat Widget',
	'appointment-reminders.json': 'Every Hour',
	'booking-from-reply.json': 'Patient Reply',
	'daily-unscheduled-treatment.json': 'Every Weekday 7:00',
	'email-unsubscribe.json': 'Email Unsubscribe',
	'export-follow-up.json': 'Every 2 Hours',
	'export-replies.json': 'Patient Reply',
	'go-live-check.json': 'Run check',
	'healing-check.json': 'Healing Check Form',
	'hygiene-recall.json': 'Every Day 9:00',
	'implant-journey.json': 'Every 2 Hours',
	'implant-replies.json': 'Patient Reply',
	'import-pms-export.json': "When clicking 'Execute workflow'",
	'journal-retention.json': 'Every Night 3:00',
	'no-show-recovery.json': 'Every Hour',
	'patient-replies.json': 'Patient Reply',
	'reactivation.json': 'Every Weekday 10:00',
	'review-request.json': 'Every Hour',
	'staff-tasks.json': 'Close Task Form',
	'treatment-follow-up.json': 'Every 2 Hours',
	'weekly-practice-report.json': 'Every Monday',
};

describe("n8n 2.41's choice of trigger for Execute workflow", () => {
	it('ranks a community trigger over Schedule and Manual, and a Form or Webhook over it', () => {
		const wf = (types: string[]): Workflow => ({
			name: 'w',
			nodes: types.map((type, i) => ({ name: `n${i}`, type })),
			connections: {},
		});
		const reply = 'n8n-nodes-chairside.patientReplyTrigger';
		expect(preselectedTrigger(wf([MANUAL, SCHEDULE, reply]))?.type).toBe(reply);
		expect(preselectedTrigger(wf([MANUAL, SCHEDULE]))?.type).toBe(SCHEDULE);
		expect(preselectedTrigger(wf([reply, 'n8n-nodes-base.webhook']))?.type).toBe('n8n-nodes-base.webhook');
		expect(preselectedTrigger(wf([SCHEDULE, 'n8n-nodes-base.formTrigger']))?.type).toBe('n8n-nodes-base.formTrigger');
		const disabled = wf([MANUAL, reply]);
		disabled.nodes[1].disabled = true;
		expect(preselectedTrigger(disabled)?.type).toBe(MANUAL);
		// Ties keep the node order.
		expect(preselectedTrigger(wf([SCHEDULE, SCHEDULE]))?.name).toBe('n0');
	});

	it('every shipped workflow is listed here', () => {
		expect([...FILES].sort()).toEqual(Object.keys(EXPECTED).sort());
	});

	it.each(FILES.map((f) => [f]))('%s starts what the README says to run', (file) => {
		const workflow = load(file);
		const chosen = preselectedTrigger(workflow);
		expect(chosen?.name).toBe(EXPECTED[file]);
		const manual = workflow.nodes.find((n) => n.type === MANUAL);
		if (manual) {
			expect([MANUAL, SCHEDULE]).toContain(chosen!.type);
			expect(downstream(workflow, chosen!.name)).toEqual(downstream(workflow, manual.name));
		}
	});

	it('no journey workflow also listens for texts: one Patient Reply per workflow, and only where nothing is run by hand', () => {
		for (const file of FILES) {
			const workflow = load(file);
			const replies = workflow.nodes.filter((n) => n.type === 'n8n-nodes-chairside.patientReplyTrigger');
			expect([file, replies.length <= 1]).toEqual([file, true]);
			if (replies.length)
				expect([file, workflow.nodes.some((n) => n.type === MANUAL || n.type === SCHEDULE)]).toEqual([file, false]);
		}
	});
});
