/**
 * The shipped workflows on the practice profile: no zone, practice fact or send window in any
 * workflow or node, and every Chairside node whose operation needs the profile (its own
 * description says so) names the same credential, so one profile serves every import.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { INodeCredentialDescription, INodeType } from 'n8n-workflow';
import { PRACTICE_CREDENTIAL } from '../../../sandbox/journeys/setup';

const ROOT = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { n8n: { nodes: string[] } };

/** Each Chairside node type's credential entry for the profile, from its source (null: it takes none). */
const PROFILE_ENTRY = new Map<string, INodeCredentialDescription | null>();
for (const built of pkg.n8n.nodes) {
	const source = path.join(ROOT, built.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const module = require(source) as Record<string, new () => INodeType>;
	for (const NodeClass of Object.values(module)) {
		const { description } = new NodeClass();
		PROFILE_ENTRY.set(
			description.name,
			description.credentials?.find((c) => c.name === 'chairsidePracticeApi') ?? null,
		);
	}
}

interface WorkflowNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string | null; name: string }>;
}

/** Whether the node, as configured, shows the profile credential (n8n's displayOptions on operation). */
function needsProfile(node: WorkflowNode): boolean | null {
	const type = node.type.replace(/^n8n-nodes-chairside\./, '').replace(/Tool$/, '');
	if (!PROFILE_ENTRY.has(type)) return null;
	const entry = PROFILE_ENTRY.get(type);
	if (!entry) return false;
	const show = entry.displayOptions?.show as Record<string, unknown[]> | undefined;
	return !show || Object.entries(show).every(([name, values]) => values.includes(node.parameters[name]));
}

const FILES = fs.readdirSync(path.join(ROOT, 'workflows')).filter((f) => f.endsWith('.json'));
const FORBIDDEN = [
	'timezone',
	'practice',
	'practiceName',
	'practicePhone',
	'practiceHours',
	'closedDates',
	'windowStart',
	'windowEnd',
	'quietHoursStart',
	'quietHoursEnd',
	'maxPerDay',
	'maxPerWeek',
];

describe.each(FILES)('workflows/%s', (file) => {
	const raw = fs.readFileSync(path.join(ROOT, 'workflows', file), 'utf8');
	const workflow = JSON.parse(raw) as { settings?: Record<string, unknown>; nodes: WorkflowNode[] };
	const chairside = workflow.nodes.filter((n) => n.type.startsWith('n8n-nodes-chairside.'));

	it('carries no time zone of its own', () => {
		expect(raw).not.toContain('America/Chicago');
		expect(workflow.settings?.timezone).toBeUndefined();
	});

	it('no Chairside node sets a zone, a practice fact or a send window', () => {
		for (const node of chairside) {
			const options = (node.parameters.options ?? {}) as Record<string, unknown>;
			const set = FORBIDDEN.filter((k) => k in options || (k !== 'timezone' && k in node.parameters));
			// Patient Message > Fields Below may name a patient's own zone per item, never the practice's.
			if (node.type.endsWith('patientMessage') && node.parameters.timezone !== undefined) set.push('timezone');
			expect([node.name, set]).toEqual([node.name, []]);
		}
	});

	it('every Chairside node that needs the practice profile names the one shipped credential', () => {
		for (const node of chairside) {
			const needs = needsProfile(node);
			const ref = node.credentials?.chairsidePracticeApi;
			if (needs) expect([node.name, ref]).toEqual([node.name, PRACTICE_CREDENTIAL]);
			else if (ref) expect([node.name, ref]).toEqual([node.name, PRACTICE_CREDENTIAL]);
		}
	});
});
