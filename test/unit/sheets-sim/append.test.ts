import type { SheetsSimulator } from '../../../sandbox/sheets';
import { append, BOOK, call, start, values } from './helpers';

describe('Sheets simulator: values.append', () => {
	let sim: SheetsSimulator;
	beforeEach(async () => {
		({ sim } = await start());
	});
	afterEach(() => sim.close());

	it('appends to an empty tab from A1, then below the table, in order', async () => {
		const first = await append(sim, 'Weekly', [
			['week', 'stage'],
			['2026-11-16', 2],
		]);
		expect(first.status).toBe(200);
		expect(first.body).toEqual({
			spreadsheetId: BOOK,
			updates: {
				spreadsheetId: BOOK,
				updatedRange: 'Weekly!A1:B2',
				updatedRows: 2,
				updatedColumns: 2,
				updatedCells: 4,
			},
		});
		const second = await append(sim, 'Weekly!A1:Z', [['2026-11-23', 3, 'extra']]);
		expect(second.body).toEqual({
			spreadsheetId: BOOK,
			tableRange: 'Weekly!A1:B2',
			updates: {
				spreadsheetId: BOOK,
				updatedRange: 'Weekly!A3:C3',
				updatedRows: 1,
				updatedColumns: 3,
				updatedCells: 3,
			},
		});
		expect(sim.sheet(BOOK, 'Weekly')).toEqual([
			['week', 'stage'],
			['2026-11-16', '2'],
			['2026-11-23', '3', 'extra'],
		]);
	});

	it('appends to a quoted title with an apostrophe, and names it quoted in the answer', async () => {
		const res = await append(sim, "'Bob''s Q1 tab'", [['d', 'e']]);
		expect(res.body).toMatchObject({
			tableRange: "'Bob''s Q1 tab'!A1:B2",
			updates: { updatedRange: "'Bob''s Q1 tab'!A3:B3" },
		});
	});

	it('takes the range and the :append verb unescaped too', async () => {
		const res = await call(sim, `/v4/spreadsheets/${BOOK}/values/Weekly!A1:Z:append?valueInputOption=RAW`, {
			json: { values: [['x']] },
		});
		expect(res.body.updates.updatedRange).toBe('Weekly!A1');
	});

	it('RAW keeps values as given; USER_ENTERED parses numbers, booleans and the apostrophe but keeps formulas and dates as text', async () => {
		await append(sim, 'Weekly', [['0012', '=1+1', 7, false, 0.125]]);
		await append(
			sim,
			'Weekly',
			[['0012', '=1+1', ' 7.5 ', 'true', "'42", '12%', '2026-11-23', '1,234']],
			'valueInputOption=USER_ENTERED',
		);
		const res = await call(sim, `${values('Weekly')}?valueRenderOption=UNFORMATTED_VALUE`);
		expect(res.body.values).toEqual([
			['0012', '=1+1', 7, false, 0.125],
			[12, '=1+1', 7.5, true, '42', '12%', '2026-11-23', '1,234'],
		]);
		expect(sim.sheet(BOOK, 'Weekly')[0]).toEqual(['0012', '=1+1', '7', 'FALSE', '0.125']);
	});

	it('skips null cells and empties "" ones', async () => {
		const res = await append(sim, 'Weekly', [['a', null, 'c', '']]);
		expect(res.body.updates).toMatchObject({ updatedRange: 'Weekly!A1:D1', updatedColumns: 4, updatedCells: 3 });
		expect(sim.sheet(BOOK, 'Weekly')).toEqual([['a', '', 'c']]);
	});

	it("starts at the table's first column, and searches only the columns of the range", async () => {
		await append(sim, 'Weekly!B2', [['b2', 'c2']]);
		await append(sim, 'Weekly!E1:F', [['e1']]);
		expect((await append(sim, 'Weekly', [['next']])).body).toMatchObject({
			tableRange: 'Weekly!B1:E2',
			updates: { updatedRange: 'Weekly!B3' },
		});
		expect((await append(sim, 'Weekly!E:F', [['e2']])).body.updates.updatedRange).toBe('Weekly!E2');
		expect(sim.sheet(BOOK, 'Weekly')).toEqual([
			['', '', '', '', 'e1'],
			['', 'b2', 'c2', '', 'e2'],
			['', 'next'],
		]);
	});

	it('INSERT_ROWS pushes what is below down and grows the grid; OVERWRITE writes over it', async () => {
		await append(sim, 'Weekly', [['h1', 'h2']]);
		await append(sim, 'Weekly!D5', [['below']]);
		await append(sim, 'Weekly!A1:B', [['r2']], 'valueInputOption=RAW&insertDataOption=INSERT_ROWS');
		expect(sim.sheet(BOOK, 'Weekly').map((r) => r.join('|'))).toEqual(['h1|h2', 'r2', '', '', '', '|||below']);
		const grid = (await call(sim, `/v4/spreadsheets/${BOOK}`)).body.sheets[0].properties.gridProperties;
		expect(grid).toEqual({ rowCount: 1001, columnCount: 26 });
		await append(sim, 'Weekly!A1:D', [['x', '', '', 'over']], 'valueInputOption=RAW&insertDataOption=OVERWRITE');
		expect(sim.sheet(BOOK, 'Weekly').map((r) => r.join('|'))).toEqual([
			'h1|h2',
			'r2',
			'',
			'',
			'',
			'|||below',
			'x|||over',
		]);
	});

	it('grows the grid when rows go past its edge', async () => {
		await append(sim, 'Weekly!A1000', [['last']]);
		const res = await append(sim, 'Weekly!A1:AC', [
			['one', 2],
			['wide', ...Array(28).fill(1)],
		]);
		expect(res.body.updates.updatedRange).toBe('Weekly!A1001:AC1002');
		const grid = (await call(sim, `/v4/spreadsheets/${BOOK}`)).body.sheets[0].properties.gridProperties;
		expect(grid).toEqual({ rowCount: 1002, columnCount: 29 });
	});

	it('appends columns with majorDimension COLUMNS', async () => {
		await call(sim, `${values('Weekly', ':append')}?valueInputOption=RAW`, {
			json: { majorDimension: 'COLUMNS', values: [['a', 'b'], ['c']] },
		});
		expect(sim.sheet(BOOK, 'Weekly')).toEqual([['a', 'c'], ['b']]);
	});

	it('answers an empty append without writing', async () => {
		expect((await append(sim, 'Weekly', [])).body).toEqual({ spreadsheetId: BOOK, updates: { spreadsheetId: BOOK } });
	});

	it.each([
		['no valueInputOption', '', "'valueInputOption' is required but not specified"],
		[
			'an unknown valueInputOption',
			'valueInputOption=PARSED',
			`Invalid value at 'value_input_option' (type.googleapis.com/google.apps.sheets.v4.ValueInputOption), "PARSED"`,
		],
		[
			'an unknown insertDataOption',
			'valueInputOption=RAW&insertDataOption=APPEND',
			`Invalid value at 'insert_data_option' (type.googleapis.com/google.apps.sheets.v4.InsertDataOption), "APPEND"`,
		],
	])('refuses %s with 400 and writes nothing', async (_, query, message) => {
		const res = await append(sim, 'Weekly', [['x']], query);
		expect(res.status).toBe(400);
		expect(res.body).toEqual({ error: { code: 400, message, status: 'INVALID_ARGUMENT' } });
		expect(sim.sheet(BOOK, 'Weekly')).toEqual([]);
	});

	it.each([
		['an unknown tab', { values: [['x']] }, 'Nope', 'Unable to parse range: Nope'],
		['a cell that is an object', { values: [['x', { a: 1 }]] }, 'Weekly', 'Invalid values[0][1]: struct_value'],
		[
			'values that are not rows',
			{ values: ['x'] },
			'Weekly',
			"Invalid value at 'data.values': expected a list of rows, each a list of values.",
		],
		[
			'a body range other than the URL one',
			{ range: 'Weekly!B1', values: [['x']] },
			'Weekly',
			'The range in the body (Weekly!B1) must match the range in the URL (Weekly).',
		],
	])('refuses %s with 400 INVALID_ARGUMENT', async (_, json, range, message) => {
		const res = await call(sim, `${values(range, ':append')}?valueInputOption=RAW`, { json });
		expect(res.body).toEqual({ error: { code: 400, message, status: 'INVALID_ARGUMENT' } });
	});

	it('refuses a body that is not JSON', async () => {
		const res = await call(sim, `${values('Weekly', ':append')}?valueInputOption=RAW`, {
			body: '{nope',
			type: 'application/json',
		});
		expect(res.body.error.message).toBe('Invalid JSON payload received. Unexpected token.');
	});
});
