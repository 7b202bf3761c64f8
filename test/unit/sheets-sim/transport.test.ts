import { ProviderError } from '../../../core/messaging/provider';
import { appendRows, ensureHeader, type SheetsAccount } from '../../../core/report/sheets';
import { startSheetsSimulator, type SheetsSimulator } from '../../../sandbox/sheets';
import { fakePause, fetchHttp } from '../messaging/http';
import { ACCESS, BOOK, CLIENT, SHEETS_SCOPES, start } from './helpers';

const HEADER = ['week', 'stage', 'noShowRate'];
const fail = (p: Promise<unknown>) =>
	p.then(
		() => null,
		(e: unknown) => e as ProviderError,
	);

describe('Sheets transport against the simulator', () => {
	let sim: SheetsSimulator;
	let account: SheetsAccount;
	let log: Array<{ method: string; url: string }>;
	const http = (token = ACCESS) => fetchHttp(() => `Bearer ${token}`, log);
	const options = () => ({ pause: fakePause() });

	beforeEach(async () => {
		({ sim } = await start());
		account = { baseUrl: sim.url, spreadsheetId: BOOK, sheet: 'Weekly' };
		log = [];
	});
	afterEach(() => sim.close());

	it('appends rows with valueInputOption RAW, in order, values kept as given but a formula start quoted', async () => {
		const first = await appendRows(http(), account, [['2026-11-16', 2, 0.12, null, true]], options());
		expect(first).toEqual({ updatedRange: 'Weekly!A1:E1', updatedRows: 1 });
		expect(log).toEqual([
			{
				method: 'POST',
				url: `${sim.url}/v4/spreadsheets/${BOOK}/values/%27Weekly%27%21A1:append?valueInputOption=RAW&insertDataOption=INSERT_ROWS`,
			},
		]);
		const second = await appendRows(
			http(),
			{ ...account, baseUrl: `${sim.url}/` },
			[['2026-11-23', 3, '=SUM(1)']],
			options(),
		);
		expect(second).toEqual({ updatedRange: 'Weekly!A2:C2', updatedRows: 1 });
		expect(sim.sheet(BOOK, 'Weekly')).toEqual([
			['2026-11-16', '2', '0.12', '', 'TRUE'],
			['2026-11-23', '3', "'=SUM(1)"],
		]);
	});

	it('sends nothing for no rows', async () => {
		expect(await appendRows(http(), account, [], options())).toEqual({ updatedRange: null, updatedRows: 0 });
		expect(log).toHaveLength(0);
	});

	it('retries 429 and 503 with back-off, then appends once', async () => {
		sim.fault({ status: 429 });
		sim.fault({ status: 503 });
		const pause = fakePause();
		await appendRows(http(), account, [['x']], { pause });
		expect(pause.sleeps).toHaveLength(2);
		expect(sim.sheet(BOOK, 'Weekly')).toEqual([['x']]);
	});

	it('gives up when the budget is spent, naming the spreadsheet and tab but not the cells', async () => {
		sim.fault({ status: 503, times: 10 });
		const error = await fail(
			appendRows(http(), account, [['Maria Garcia']], {
				pause: fakePause(),
				retry: { attempts: 2, maxWaitMs: 10_000 },
			}),
		);
		expect(error).toBeInstanceOf(ProviderError);
		expect(error).toMatchObject({
			provider: 'sheets',
			kind: 'unavailable',
			httpStatus: 503,
			code: 'UNAVAILABLE',
			attempts: 2,
		});
		expect(error?.message).toBe(
			`Google Sheets answered 503 for spreadsheet ${BOOK}, tab "Weekly": The service is currently unavailable.`,
		);
	});

	it.each([
		[
			'an expired token',
			'configuration',
			401,
			/^Google refused the Google Sheets credential \(401\): reconnect it/,
			{ token: 'expired' },
		],
		[
			'an unknown spreadsheet',
			'configuration',
			404,
			/^Google Sheets has no spreadsheet nope \(404\): check the Spreadsheet ID/,
			{ spreadsheetId: 'nope' },
		],
		[
			'an unknown tab',
			'rejected',
			400,
			/^Google Sheets refused the request for spreadsheet trend-book, tab "Nope" \(INVALID_ARGUMENT\)$/,
			{ sheet: 'Nope' },
		],
	] as const)('%s is a %s error (%i)', async (_, kind, status, message, change) => {
		const { token, ...where }: { token: string; spreadsheetId?: string; sheet?: string } = { token: ACCESS, ...change };
		const error = await fail(appendRows(http(token), { ...account, ...where }, [['Maria Garcia']], options()));
		expect(error).toMatchObject({ provider: 'sheets', kind, httpStatus: status, attempts: 1 });
		expect(error?.message).toMatch(message);
		expect(error?.message).not.toContain('Maria');
	});

	it('a read-only credential is a configuration error naming the scope', async () => {
		const readOnly = await startSheetsSimulator({ ...CLIENT, accessToken: ACCESS, scopes: [SHEETS_SCOPES.readonly] });
		try {
			const error = await fail(
				appendRows(
					http(),
					{ ...account, baseUrl: readOnly.url, spreadsheetId: 'chairside-practice-trend' },
					[['x']],
					options(),
				),
			);
			expect(error).toMatchObject({ kind: 'configuration', httpStatus: 403, code: 'PERMISSION_DENIED' });
			expect(error?.message).toContain('scope (spreadsheets)');
		} finally {
			await readOnly.close();
		}
	});

	describe('ensureHeader', () => {
		it('creates a missing tab with addSheet and writes the header, then rows go under it', async () => {
			const tab = { ...account, sheet: "Q1 'trend'" };
			expect(await ensureHeader(http(), tab, HEADER, options())).toEqual({ outcome: 'created', found: [] });
			expect(log.map((l) => l.method + ' ' + decodeURIComponent(l.url.slice(sim.url.length)))).toEqual([
				`GET /v4/spreadsheets/${BOOK}?fields=sheets.properties.title`,
				`POST /v4/spreadsheets/${BOOK}:batchUpdate`,
				`POST /v4/spreadsheets/${BOOK}/values/'Q1 ''trend'''!A1:append?valueInputOption=RAW&insertDataOption=INSERT_ROWS`,
			]);
			await appendRows(http(), tab, [['2026-11-23', 3, 0.1]], options());
			expect(sim.sheet(BOOK, "Q1 'trend'")).toEqual([HEADER, ['2026-11-23', '3', '0.1']]);
		});

		it('writes the header on an empty tab, and finds it there the next time', async () => {
			expect(await ensureHeader(http(), account, HEADER, options())).toEqual({ outcome: 'written', found: [] });
			expect(await ensureHeader(http(), account, HEADER, options())).toEqual({ outcome: 'present', found: HEADER });
			expect(sim.sheet(BOOK, 'Weekly')).toEqual([HEADER]);
		});

		it('leaves another row 1 alone, and reports what it found', async () => {
			await appendRows(http(), account, [['week', 'stage']], options());
			expect(await ensureHeader(http(), account, HEADER, options())).toEqual({
				outcome: 'different',
				found: ['week', 'stage'],
			});
			expect(sim.sheet(BOOK, 'Weekly')).toEqual([['week', 'stage']]);
		});

		it('writes nothing when row 1 is blank but rows below are not', async () => {
			await appendRows(http(), { ...account, sheet: 'Weekly' }, [[null], ['someone else']], options());
			expect(await ensureHeader(http(), account, HEADER, options())).toEqual({ outcome: 'different', found: [] });
			expect(sim.sheet(BOOK, 'Weekly')).toEqual([[], ['someone else']]);
		});

		it('matches the tab whatever its case', async () => {
			expect((await ensureHeader(http(), { ...account, sheet: 'weekly' }, HEADER, options())).outcome).toBe('written');
			expect(sim.sheet(BOOK, 'Weekly')).toEqual([HEADER]);
		});

		it('fails on an unknown spreadsheet before writing anything', async () => {
			const error = await fail(ensureHeader(http(), { ...account, spreadsheetId: 'nope' }, HEADER, options()));
			expect(error).toMatchObject({ kind: 'configuration', httpStatus: 404 });
			expect(log).toHaveLength(1);
		});
	});
});
