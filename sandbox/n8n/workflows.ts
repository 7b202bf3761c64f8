/**
 * The ready-made workflows in workflows/, prepared for a sandbox n8n: file paths that a practice
 * would edit (under n8n's default file folder, /home/node/.n8n-files) are pointed at the sandbox's.
 */
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, type WorkflowJson } from './runner';

export const TEMPLATE_FILES_DIR = '/home/node/.n8n-files';

export function loadWorkflow(file: string): WorkflowJson {
	return JSON.parse(fs.readFileSync(path.resolve(REPO_ROOT, 'workflows', file), 'utf8')) as WorkflowJson;
}

export function workflowFiles(): string[] {
	return fs
		.readdirSync(path.join(REPO_ROOT, 'workflows'))
		.filter((f) => f.endsWith('.json'))
		.sort();
}

/** A copy with every parameter (plain or "=expression") under the template folder re-rooted at filesDir. */
export function pointAtFiles(workflow: WorkflowJson, filesDir: string): WorkflowJson {
	const rewrite = (value: unknown): unknown => {
		if (typeof value === 'string') {
			const expression = value.startsWith('=') ? '=' : '';
			const path = value.slice(expression.length);
			if (path.startsWith(TEMPLATE_FILES_DIR)) return expression + filesDir + path.slice(TEMPLATE_FILES_DIR.length);
		}
		if (Array.isArray(value)) return value.map(rewrite);
		if (value && typeof value === 'object')
			return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v)]));
		return value;
	};
	return rewrite(workflow) as WorkflowJson;
}

/** Sets parameters of one node (by name) in a copy of the workflow. */
export function withParameters(
	workflow: WorkflowJson,
	nodeName: string,
	parameters: Record<string, unknown>,
): WorkflowJson {
	const copy = JSON.parse(JSON.stringify(workflow)) as WorkflowJson;
	const node = copy.nodes.find((n) => n.name === nodeName);
	if (!node) throw new Error(`workflow "${workflow.name}" has no node "${nodeName}"`);
	node.parameters = { ...node.parameters, ...parameters };
	return copy;
}
