/**
 * The PMS Export node with a stand-in for n8n's execute context (in-memory binary mode): each item's
 * file goes to Cases, Rejected Rows and Warnings paired with its item; a file that cannot be read is
 * that item's rejected row under Continue On Fail, and stops the run without it.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
	NodeOperationError,
	type IBinaryData,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
} from 'n8n-workflow';
import { PmsExport } from '../../nodes/PmsExport/PmsExport.node';
import { withProfile } from './practice/profile-fields';

const fixtures = path.join(__dirname, '..', 'fixtures');
const csv = fs.readFileSync(path.join(fixtures, 'malformed-treatment-manager.csv'));
const expected = JSON.parse(fs.readFileSync(path.join(fixtures, 'malformed-treatment-manager.expected.json'), 'utf8'));

const node: INode = {
	id: 'x',
	name: 'PMS Export',
	type: 'n8n-nodes-chairside.pmsExport',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

interface Item {
	file?: { name: string; bytes: Buffer };
	params?: Record<string, unknown>;
}

function context(items: Item[], continueOnFail = false): IExecuteFunctions {
	const input: INodeExecutionData[] = items.map(({ file }) => ({
		json: {},
		...(file
			? { binary: { data: { data: file.bytes.toString('base64'), mimeType: 'text/csv', fileName: file.name } } }
			: {}),
	}));
	const defaults = {
		preset: 'dentrixTreatmentManager',
		binaryPropertyName: 'data',
		output: 'cases',
		options: { now: expected.now },
	};
	return {
		getNode: () => node,
		getInputData: () => input,
		getNodeParameter: (name: string, i: number, fallback?: unknown) =>
			(({ ...defaults, ...items[i].params }) as Record<string, unknown>)[name] ?? fallback,
		getCredentials: withProfile({ timeZone: expected.timezone }),
		continueOnFail: () => continueOnFail,
		helpers: {
			assertBinaryData: (i: number, field: string): IBinaryData => {
				const binary = input[i].binary?.[field];
				if (!binary) throw new NodeOperationError(node, `No binary data "${field}" on item ${i}`, { itemIndex: i });
				return binary;
			},
		},
	} as unknown as IExecuteFunctions;
}

const run = (ctx: IExecuteFunctions) => new PmsExport().execute.call(ctx);
const itemOf = (o: INodeExecutionData) => (o.pairedItem as { item: number }).item;
const export1 = { name: 'treatment-manager.csv', bytes: csv };

describe('PMS Export node', () => {
	it("puts each item's cases, rejected rows and warnings on their outputs, paired with the item and naming the file", async () => {
		const [cases, rejected, warnings] = await run(context([{ file: export1 }, { file: export1 }]));
		for (const item of [0, 1]) {
			expect(cases.filter((o) => itemOf(o) === item).map((o) => o.json.caseId)).toEqual(
				expected.cases.map((c: { caseId: string }) => c.caseId),
			);
			expect(rejected.filter((o) => itemOf(o) === item)).toHaveLength(expected.rejected.length);
			expect(warnings.filter((o) => itemOf(o) === item)).toHaveLength(expected.warnings.length);
		}
		expect([...rejected, ...warnings].every((o) => o.json.file === 'treatment-manager.csv')).toBe(true);
		expect(cases.map(itemOf)).toEqual([...cases.map(itemOf)].sort());
	});

	it("Continue On Fail: a missing file and a bad setting are each their item's rejected row; the good file still reads", async () => {
		const items: Item[] = [{}, { file: export1, params: { options: { headerSearchLines: 0 } } }, { file: export1 }];
		await expect(run(context(items))).rejects.toThrow('No binary data "data" on item 0');
		const [cases, rejected, warnings] = await run(context(items, true));
		const failed = rejected.filter((o) => o.json.reasonCode === 'file_error');
		expect(failed.map((o) => ({ item: itemOf(o), file: o.json.file, row: o.json.row, field: o.json.field }))).toEqual([
			{ item: 0, file: null, row: null, field: 'file' },
			{ item: 1, file: null, row: null, field: 'file' },
		]);
		expect(failed[0].json.error).toBe('No binary data "data" on item 0');
		expect(failed[1].json.reason).toMatch(/^Setting "headerSearchLines"/);
		expect(cases.every((o) => itemOf(o) === 2)).toBe(true);
		expect(cases).toHaveLength(expected.cases.length);
		expect(warnings).toHaveLength(expected.warnings.length);
	});

	it('a file that cannot be read names the file on its rejected row', async () => {
		const broken = { name: 'not-an-export.csv', bytes: Buffer.from('Name,Phone\nMaria,312\n') };
		const [cases, rejected] = await run(context([{ file: broken }], true));
		expect(cases).toEqual([]);
		expect(rejected).toEqual([
			{
				json: expect.objectContaining({ file: 'not-an-export.csv', reasonCode: 'file_error', row: null }),
				pairedItem: { item: 0 },
			},
		]);
	});
});
