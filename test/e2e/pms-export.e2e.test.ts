/**
 * The PMS Export node inside a real n8n 2.41.1: the ready-made workflow a practice imports
 * (Manual Trigger -> Read Export File -> PMS Export), run with `n8n execute` on the synthetic
 * practice's exports, checked against the generator's truth.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeExports, EXPORT_FILES, type TruthFile } from '../../sandbox/exports/write';
import { N8nSandbox, outputOf, type Execution, type WorkflowJson } from '../../sandbox/n8n/runner';
import { loadWorkflow, pointAtFiles, withParameters } from '../../sandbox/n8n/workflows';
import { generatePractice } from '../../sandbox/practice/generate';
import { PRACTICE_CREDENTIAL, staffCredentials } from '../../sandbox/journeys/setup';

const NOW = '2026-11-23T12:00:00-06:00';
const fixtures = path.join(__dirname, '..', 'fixtures');
type Json = Record<string, unknown>;
type Preset = keyof typeof EXPORT_FILES;

let n8n: N8nSandbox;
let truth: TruthFile;
const runs = new Map<string, Execution>();

function exportWorkflow(name: string, file: string, pmsExport: Json, settings: Json = {}): WorkflowJson {
	let workflow = pointAtFiles(loadWorkflow('import-pms-export.json'), n8n.filesDir);
	workflow = withParameters(workflow, 'Read Export File', { fileSelector: path.join(n8n.filesDir, file) });
	workflow = withParameters(workflow, 'PMS Export', {
		...pmsExport,
		options: { now: NOW, timezone: 'America/Chicago', ...(pmsExport.options as Json) },
	});
	const node = workflow.nodes.find((n) => n.name === 'PMS Export')!;
	// The practice's zone comes from its profile (export dates carry none).
	node.credentials = { chairsidePracticeApi: PRACTICE_CREDENTIAL };
	Object.assign(node, settings);
	return { ...workflow, name };
}

beforeAll(async () => {
	n8n = await N8nSandbox.create();
	await n8n.importCredentials(staffCredentials({ zone: 'America/Chicago' }));
	const practice = generatePractice({ seed: 7, patients: 600, stage: 3, today: '2026-11-23' });
	writeExports(practice, path.join(n8n.filesDir, 'exports'));
	truth = JSON.parse(fs.readFileSync(path.join(n8n.filesDir, 'exports', 'truth.json'), 'utf8'));
	fs.copyFileSync(path.join(fixtures, 'malformed-treatment-manager.csv'), path.join(n8n.filesDir, 'malformed.csv'));
	fs.writeFileSync(path.join(n8n.filesDir, 'not-an-export.csv'), 'Hello,World\nthis is,not a report\n');

	const workflows: Array<[string, WorkflowJson]> = [
		...(Object.keys(EXPORT_FILES) as Preset[]).map(
			(preset) =>
				[preset, exportWorkflow(preset, `exports/${EXPORT_FILES[preset]}`, { preset })] as [string, WorkflowJson],
		),
		['malformed', exportWorkflow('malformed', 'malformed.csv', { preset: 'dentrixTreatmentManager' })],
		// Switching presets must not relabel cases: another PMS's file is refused, naming it.
		[
			'wrong preset',
			exportWorkflow('wrong preset', `exports/${EXPORT_FILES.dentrixTreatmentManager}`, {
				preset: 'eaglesoftPlannedServices',
			}),
		],
		['rows', exportWorkflow('rows', 'malformed.csv', { preset: 'dentrixTreatmentManager', output: 'rows' })],
		['wrong file', exportWorkflow('wrong file', 'not-an-export.csv', { preset: 'dentrixTreatmentManager' })],
		[
			'wrong file, continue',
			exportWorkflow(
				'wrong file, continue',
				'not-an-export.csv',
				{ preset: 'dentrixTreatmentManager' },
				{ onError: 'continueRegularOutput' },
			),
		],
		// Read Export File matches two files: a good export and a bad one, one item each.
		[
			'two files, continue',
			exportWorkflow(
				'two files, continue',
				'{malformed,not-an-export}.csv',
				{ preset: 'dentrixTreatmentManager' },
				{ onError: 'continueRegularOutput' },
			),
		],
	];
	const ids = await n8n.importWorkflows(workflows.map(([, w]) => w));
	// n8n runs one execution per process: run them two at a time to fit the machine's two cores.
	const queue = workflows.map(([key], i) => [key, ids[i]] as const);
	const worker = async () => {
		for (let next = queue.shift(); next; next = queue.shift())
			runs.set(next[0], (await n8n.execute(next[1])).execution);
	};
	await Promise.all([worker(), worker()]);
}, 600_000);

afterAll(() => n8n?.dispose());

describe.each(Object.keys(EXPORT_FILES) as Preset[])('the %s export of the synthetic practice', (preset) => {
	it('yields exactly the cases and rejected rows the generator says it holds', () => {
		const expected = truth.exports[preset].truth;
		const [cases, rejected, warnings] = outputOf(runs.get(preset)!, 'PMS Export');
		expect(expected.cases.length).toBeGreaterThan(30);
		const byId = new Map(cases.map((c) => [(c.patient as Json).id as string, c]));
		expect(cases).toHaveLength(expected.cases.length);
		for (const want of expected.cases) {
			const got = byId.get(want.patientId);
			expect(got).toBeDefined();
			const patient = got!.patient as Json;
			const procedures = got!.procedures as Json[];
			expect({
				patientId: patient.id,
				firstName: patient.firstName,
				lastName: patient.lastName,
				mobile: patient.mobile,
				...('homePhone' in want && { homePhone: patient.homePhone }),
				email: patient.email,
				procedureCodes: procedures.map((p) => p.code as string).sort(),
				totalFee: got!.totalFee,
				presentedAt: got!.presentedAt,
				procedureLines: procedures.map((p) => p.line),
			}).toEqual(want);
			expect(got!.status).toBe('unscheduled');
		}
		expect(rejected.map((r) => ({ row: r.row, field: r.field, reasonCode: r.reasonCode }))).toEqual(expected.rejected);
		// An invalid mobile or email: the patient is a case above, and a warning names the rows and field.
		expect(expected.warnings.length).toBeGreaterThan(0);
		expect(
			warnings.map((w) => ({
				row: w.row,
				rows: w.rows,
				field: w.field,
				reasonCode: w.reasonCode,
				patientId: w.patientId,
			})),
		).toEqual(expected.warnings);
		const acceptedRows = cases.reduce((n, c) => n + (c.procedures as Json[]).length, 0);
		expect(acceptedRows + rejected.length).toBe(expected.dataRows);
	});
});

describe('a messy export in n8n', () => {
	const expected = JSON.parse(
		fs.readFileSync(path.join(fixtures, 'malformed-treatment-manager.expected.json'), 'utf8'),
	);

	it('puts the good rows on Cases and every bad row, with its reason, on Rejected Rows', () => {
		const [cases, rejected, warnings] = outputOf(runs.get('malformed')!, 'PMS Export');
		expect(cases.map((c) => c.caseId)).toEqual(expected.cases.map((c: Json) => c.caseId));
		expect(
			warnings.map((w) => ({
				row: w.row,
				rows: w.rows,
				field: w.field,
				reasonCode: w.reasonCode,
				patientId: w.patientId,
			})),
		).toEqual(expected.warnings);
		expect(cases.map((c) => c.totalFee)).toEqual(expected.cases.map((c: Json) => c.totalFee));
		expect(
			rejected.map((r) => ({
				row: r.row,
				field: r.field,
				reasonCode: r.reasonCode,
				reason: r.reasonCode === 'column_count' ? null : r.reason,
			})),
		).toEqual(expected.rejected);
		for (const r of rejected) expect(r.file).toBe('malformed.csv');
	});

	it('links every output item to the file item it came from', () => {
		const run = runs.get('malformed')!.data.resultData.runData['PMS Export'][0];
		for (const output of run.data!.main!) for (const item of output!) expect(item.pairedItem).toEqual({ item: 0 });
	});

	it('can output one item per accepted procedure row', () => {
		const [rows, rejected] = outputOf(runs.get('rows')!, 'PMS Export');
		expect(rows.map((r) => r.line)).toEqual([5, 6, 9, 10, 13, 14, 17, 19, 21, 22]);
		expect(rows.length + rejected.length).toBe(expected.dataRows);
	});
});

describe('several files in one run', () => {
	it('keeps the good file flowing when another file fails, each output linked to its file', () => {
		const run = runs.get('two files, continue')!;
		const [cases, rejected] = outputOf(run, 'PMS Export');
		const bad = rejected.filter((r) => r.reasonCode === 'file_error');
		expect(bad).toEqual([expect.objectContaining({ file: 'not-an-export.csv' })]);
		expect(cases.map((c) => c.caseId)).toHaveLength(7);
		const items = run.data.resultData.runData['PMS Export'][0].data!.main!;
		const fileIndex = (name: string) =>
			(
				run.data.resultData.runData['Read Export File'][0].data!.main![0] as Array<{
					binary?: { data: { fileName: string } };
				}>
			).findIndex((item) => item.binary?.data.fileName === name);
		for (const item of items[0]!) expect(item.pairedItem).toEqual({ item: fileIndex('malformed.csv') });
		const failed = items[1]!.find((item) => item.json.reasonCode === 'file_error')!;
		expect(failed.pairedItem).toEqual({ item: fileIndex('not-an-export.csv') });
	});
});

describe('a file from another PMS', () => {
	it('is refused with the format it looks like, nothing read', () => {
		const error = runs.get('wrong preset')!.data.resultData.error!;
		expect(error.message).toMatch(
			/^This file looks like a Dentrix Treatment Manager export, not Eaglesoft Planned Services/,
		);
		expect(error.node?.name).toBe('PMS Export');
	});
});

describe('a file that is not an export', () => {
	it('fails the run with an error that says what is missing', () => {
		const error = runs.get('wrong file')!.data.resultData.error!;
		expect(error.message).toMatch(/No header row with the columns a Dentrix Treatment Manager export has/);
		expect(error.node?.name).toBe('PMS Export');
	});

	it('with "continue on error", reports the file on Rejected Rows instead', () => {
		const execution = runs.get('wrong file, continue')!;
		expect(execution.data.resultData.error).toBeUndefined();
		const [cases, rejected] = outputOf(execution, 'PMS Export');
		expect(cases).toEqual([]);
		expect(rejected).toEqual([
			expect.objectContaining({ file: 'not-an-export.csv', reasonCode: 'file_error', field: 'file' }),
		]);
	});
});
