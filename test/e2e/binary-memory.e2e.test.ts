/**
 * n8n's in-memory binary mode (N8N_DEFAULT_BINARY_DATA_MODE=default): the file reaches PMS Export
 * as base64 inside the item, not as a stored stream. Same workflow, same answer.
 */
import fs from 'node:fs';
import path from 'node:path';
import { N8nSandbox, outputOf } from '../../sandbox/n8n/runner';
import { loadWorkflow, withParameters } from '../../sandbox/n8n/workflows';
import { profileCredential } from '../../sandbox/journeys/setup';

const fixtures = path.join(__dirname, '..', 'fixtures');
let n8n: N8nSandbox;

beforeAll(async () => {
	n8n = await N8nSandbox.create({ env: { N8N_DEFAULT_BINARY_DATA_MODE: 'default' } });
	// The export's dates are in the practice profile's zone.
	await n8n.importCredentials([profileCredential('America/Chicago')]);
}, 300_000);

afterAll(() => n8n?.dispose());

it('reads the export held in memory exactly as the stored one', async () => {
	const file = path.join(n8n.filesDir, 'malformed.csv');
	fs.copyFileSync(path.join(fixtures, 'malformed-treatment-manager.csv'), file);
	let workflow = withParameters(loadWorkflow('import-pms-export.json'), 'Read Export File', { fileSelector: file });
	workflow = withParameters(workflow, 'PMS Export', { options: { now: '2026-11-23T12:00:00-06:00' } });
	const run = await n8n.execute(await n8n.importWorkflow(workflow));

	const read = run.execution.data.resultData.runData['Read Export File'][0].data!.main![0]![0] as {
		binary?: { data: { id?: string; data?: string } };
	};
	expect(read.binary?.data.id).toBeUndefined();
	expect(read.binary?.data.data?.length).toBeGreaterThan(1000);

	const expected = JSON.parse(
		fs.readFileSync(path.join(fixtures, 'malformed-treatment-manager.expected.json'), 'utf8'),
	);
	const [cases, rejected] = outputOf(run.execution, 'PMS Export');
	expect(cases.map((c) => [c.caseId, c.totalFee, c.ageDays])).toEqual(
		expected.cases.map((c: Record<string, unknown>) => [c.caseId, c.totalFee, c.ageDays]),
	);
	expect(rejected.map((r) => [r.row, r.reasonCode])).toEqual(
		expected.rejected.map((r: Record<string, unknown>) => [r.row, r.reasonCode]),
	);
}, 300_000);
