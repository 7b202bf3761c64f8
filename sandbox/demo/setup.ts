/** What `npm run demo` puts in n8n, shared with the editor test so both run the same code. */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { writeExports } from '../exports/write';
import type { N8nSandbox, WorkflowJson } from '../n8n/runner';
import { loadWorkflow, pointAtFiles, workflowFiles } from '../n8n/workflows';
import { generatePractice } from '../practice/generate';
import type { Practice } from '../practice/types';

export interface DemoContent {
	practice: Practice;
	exportsDir: string;
	workflows: WorkflowJson[];
}

/** The sandbox practice's exports in n8n's file folder, and every workflow imported and pointed at them. */
export async function prepareDemo(n8n: N8nSandbox, today: string): Promise<DemoContent> {
	const practice = generatePractice({ seed: 42, patients: 500, stage: 3, today });
	const exportsDir = path.join(n8n.filesDir, 'exports');
	writeExports(practice, exportsDir);
	// Stable ids per file: re-running the demo updates the workflows instead of duplicating them.
	const workflows = workflowFiles().map((file) => ({
		...pointAtFiles(loadWorkflow(file), n8n.filesDir),
		id: createHash('sha1').update(`chairside:${file}`).digest('hex').slice(0, 16),
	}));
	await n8n.importWorkflows(workflows);
	return { practice, exportsDir, workflows };
}
