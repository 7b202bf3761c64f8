import type { SheetsSimulator } from '../../../sandbox/sheets';
import { BOOK, call, start, values } from './helpers';

describe('Sheets simulator: spreadsheets.get and values.get', () => {
	let sim: SheetsSimulator;
	beforeAll(async () => {
		({ sim } = await start({
			spreadsheets: [
				{
					spreadsheetId: BOOK,
					title: 'Practice trend',
					sheets: [
						{
							title: 'Weekly',
							rows: [['week', 'stage', 'rate'], ['2026-11-16', 2, 0.12], ['2026-11-23', 3, 1 / 3, true], [], ['note']],
						},
						{ title: "Bob's Q1 tab", rows: [['q']] },
						{ title: 'A1', rows: [['looks like a cell']] },
					],
				},
			],
		}));
	});
	afterAll(() => sim.close());

	it('describes the spreadsheet and its tabs', async () => {
		const res = await call(sim, `/v4/spreadsheets/${BOOK}`);
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({
			spreadsheetId: BOOK,
			properties: { title: 'Practice trend' },
			spreadsheetUrl: `${sim.url}/sandbox/spreadsheets`,
		});
		expect(res.body.sheets.map((s: { properties: unknown }) => s.properties)).toEqual([
			{ sheetId: 0, title: 'Weekly', index: 0, sheetType: 'GRID', gridProperties: { rowCount: 1000, columnCount: 26 } },
			{
				sheetId: expect.any(Number),
				title: "Bob's Q1 tab",
				index: 1,
				sheetType: 'GRID',
				gridProperties: { rowCount: 1000, columnCount: 26 },
			},
			{
				sheetId: expect.any(Number),
				title: 'A1',
				index: 2,
				sheetType: 'GRID',
				gridProperties: { rowCount: 1000, columnCount: 26 },
			},
		]);
	});

	it('answers 404 NOT_FOUND for an unknown spreadsheet, on every method', async () => {
		const expected = { error: { code: 404, message: 'Requested entity was not found.', status: 'NOT_FOUND' } };
		expect((await call(sim, '/v4/spreadsheets/nope')).body).toEqual(expected);
		expect((await call(sim, values('Weekly', '', 'nope'))).body).toEqual(expected);
	});

	it('reads a whole tab as formatted text: the grid-bounded range, trailing empties left out, empty rows kept inside', async () => {
		const res = await call(sim, values('Weekly'));
		expect(res.body).toEqual({
			range: 'Weekly!A1:Z1000',
			majorDimension: 'ROWS',
			values: [
				['week', 'stage', 'rate'],
				['2026-11-16', '2', '0.12'],
				['2026-11-23', '3', '0.3333333333', 'TRUE'],
				[],
				['note'],
			],
		});
	});

	it.each([
		['Weekly!A1:Z', 'Weekly!A1:Z1000', 5],
		['Weekly!A2:B3', 'Weekly!A2:B3', 2],
		['Weekly!B3:A2', 'Weekly!A2:B3', 2],
		['Weekly!B:C', 'Weekly!B1:C1000', 3],
		['Weekly!2:3', 'Weekly!A2:Z3', 2],
		['Weekly!A1', 'Weekly!A1', 1],
		["'Weekly'!A1:C1", 'Weekly!A1:C1', 1],
		['weekly!A1:C1', 'Weekly!A1:C1', 1],
		['A1:C2', 'Weekly!A1:C2', 2],
		["'Bob''s Q1 tab'!A1", "'Bob''s Q1 tab'!A1", 1],
		["'A1'", "'A1'!A1:Z1000", 1],
		["Bob's Q1 tab", "'Bob''s Q1 tab'!A1:Z1000", 1],
	])('reads %s as %s (%i rows)', async (range, answered, rows) => {
		const res = await call(sim, values(range));
		expect(res.status).toBe(200);
		expect(res.body.range).toBe(answered);
		expect(res.body.values).toHaveLength(rows);
	});

	it('takes the range unescaped in the path as well', async () => {
		expect((await call(sim, `/v4/spreadsheets/${BOOK}/values/Weekly!A1:B1`)).body.values).toEqual([['week', 'stage']]);
	});

	it('leaves values out for an empty area', async () => {
		expect((await call(sim, values('Weekly!F1:G2'))).body).toEqual({ range: 'Weekly!F1:G2', majorDimension: 'ROWS' });
	});

	it('answers typed values with UNFORMATTED_VALUE, and columns with majorDimension=COLUMNS', async () => {
		const res = await call(sim, `${values('Weekly!A1:D3')}?valueRenderOption=UNFORMATTED_VALUE&majorDimension=COLUMNS`);
		expect(res.body).toEqual({
			range: 'Weekly!A1:D3',
			majorDimension: 'COLUMNS',
			values: [
				['week', '2026-11-16', '2026-11-23'],
				['stage', 2, 3],
				['rate', 0.12, 1 / 3],
				['', '', true],
			],
		});
	});

	it.each([
		['Nope', 'Unable to parse range: Nope'],
		['Nope!A1:B2', 'Unable to parse range: Nope!A1:B2'],
		['Weekly!A0', 'Unable to parse range: Weekly!A0'],
		['Weekly!1A', 'Unable to parse range: Weekly!1A'],
		["'Weekly!A1", "Unable to parse range: 'Weekly!A1"],
		['Weekly!A:5', 'Unable to parse range: Weekly!A:5'],
		['Weekly!AB1', 'Range (Weekly!AB1) exceeds grid limits. Max rows: 1000, max columns: 26'],
	])('refuses %s with 400 INVALID_ARGUMENT', async (range, message) => {
		const res = await call(sim, values(range));
		expect(res.status).toBe(400);
		expect(res.body).toEqual({ error: { code: 400, message, status: 'INVALID_ARGUMENT' } });
	});

	it('refuses an unknown enum value in Google words', async () => {
		const res = await call(sim, `${values('Weekly')}?majorDimension=DIAGONAL`);
		expect(res.body.error.message).toBe(
			`Invalid value at 'major_dimension' (type.googleapis.com/google.apps.sheets.v4.Dimension), "DIAGONAL"`,
		);
	});

	it('answers an unknown path with an HTML 404, as Google front ends do', async () => {
		const res = await call(sim, `/v4/spreadsheets/${BOOK}/values:batchGet`);
		expect(res.status).toBe(404);
		expect(res.text).toContain('Error 404 (Not Found)');
	});
});
