import type { SheetsSimulator } from '../../../sandbox/sheets';
import { append, batch, BOOK, call, start } from './helpers';

const titles = async (sim: SheetsSimulator) =>
	(await call(sim, `/v4/spreadsheets/${BOOK}`)).body.sheets.map(
		(s: { properties: { title: string } }) => s.properties.title,
	);

describe('Sheets simulator: batchUpdate addSheet', () => {
	let sim: SheetsSimulator;
	beforeEach(async () => {
		({ sim } = await start());
	});
	afterEach(() => sim.close());

	it('adds a tab at the end with a new grid, which values.append can then fill', async () => {
		const res = await batch(sim, [{ addSheet: { properties: { title: 'Monthly' } } }]);
		expect(res.status).toBe(200);
		expect(res.body).toEqual({
			spreadsheetId: BOOK,
			replies: [
				{
					addSheet: {
						properties: {
							sheetId: expect.any(Number),
							title: 'Monthly',
							index: 2,
							sheetType: 'GRID',
							gridProperties: { rowCount: 1000, columnCount: 26 },
						},
					},
				},
			],
		});
		expect(await titles(sim)).toEqual(['Weekly', "Bob's Q1 tab", 'Monthly']);
		expect((await append(sim, 'Monthly', [['m']])).status).toBe(200);
		expect(sim.sheet(BOOK, 'Monthly')).toEqual([['m']]);
	});

	it('honours index, sheetId and gridProperties, names an untitled tab SheetN, and can answer the spreadsheet', async () => {
		const res = await batch(
			sim,
			[
				{
					addSheet: {
						properties: { title: 'First', index: 0, sheetId: 42, gridProperties: { rowCount: 10, columnCount: 5 } },
					},
				},
				{ addSheet: {} },
			],
			{ includeSpreadsheetInResponse: true },
		);
		expect(res.body.replies.map((r: { addSheet: { properties: unknown } }) => r.addSheet.properties)).toEqual([
			{ sheetId: 42, title: 'First', index: 0, sheetType: 'GRID', gridProperties: { rowCount: 10, columnCount: 5 } },
			expect.objectContaining({ title: 'Sheet4', index: 3 }),
		]);
		expect(res.body.updatedSpreadsheet.sheets).toHaveLength(4);
		expect(await titles(sim)).toEqual(['First', 'Weekly', "Bob's Q1 tab", 'Sheet4']);
	});

	it('refuses a title already taken, whatever its case, and applies nothing of the batch', async () => {
		const res = await batch(sim, [
			{ addSheet: { properties: { title: 'Fine' } } },
			{ addSheet: { properties: { title: 'WEEKLY' } } },
		]);
		expect(res.status).toBe(400);
		expect(res.body).toEqual({
			error: {
				code: 400,
				message:
					'Invalid requests[1].addSheet: A sheet with the name "WEEKLY" already exists. Please enter another name.',
				status: 'INVALID_ARGUMENT',
			},
		});
		expect(await titles(sim)).toEqual(['Weekly', "Bob's Q1 tab"]);
	});

	it.each([
		['no requests', [], 'Must specify at least one request.'],
		[
			'another kind of request',
			[{ deleteSheet: { sheetId: 0 } }],
			'Invalid requests[0]: deleteSheet is not supported by the sandbox; use addSheet.',
		],
		['an empty request', [{}], 'Invalid requests[0]: a request sets exactly one kind of request.'],
		[
			'a sheetId in use',
			[{ addSheet: { properties: { sheetId: 0 } } }],
			'Invalid requests[0].addSheet: Sheet with id 0 already exists.',
		],
	])('refuses %s with 400', async (_, requests, message) => {
		const res = await batch(sim, requests);
		expect(res.body.error).toEqual({ code: 400, message, status: 'INVALID_ARGUMENT' });
	});

	it('answers 404 for an unknown spreadsheet', async () => {
		expect(
			(await call(sim, '/v4/spreadsheets/nope:batchUpdate', { json: { requests: [{ addSheet: {} }] } })).status,
		).toBe(404);
	});
});
