/**
 * Rows appended to one tab of a Google Sheet through @googleapis/sheets, its requests forwarded
 * to n8n's authenticated HTTP (core/messaging/google.ts), so n8n signs them and refreshes the
 * OAuth2 token. 429 and 5xx are retried within the budget; note that a 5xx on an append may
 * have landed, so a retry can add the rows twice. Failure messages name the spreadsheet and
 * tab, never what is in the cells. Every cell goes through safeCell (./cells.ts): RAW already
 * keeps Sheets from running a formula, but the sheet is also downloaded and opened in Excel.
 */
import { sheets, type sheets_v4 } from '@googleapis/sheets';
import { attempt, clientOptions, googleFailure, type GoogleWords } from '../messaging/google';
import { safeCell, type Cell } from './cells';
import { withRetry, type ProviderHttp, type TransportOptions } from '../messaging/provider';

export interface SheetsAccount {
	/** https://sheets.googleapis.com, or the sandbox. */
	baseUrl: string;
	spreadsheetId: string;
	/** The tab's title. */
	sheet: string;
}

export type SheetCell = Cell;

export interface RowsAppended {
	/** e.g. "Weekly!A7:P7"; null when there was nothing to append. */
	updatedRange: string | null;
	updatedRows: number;
}

/**
 * - created: the tab did not exist; it was added with the header.
 * - written: the tab was empty; the header is row 1 now.
 * - present: row 1 is the header.
 * - different: row 1 (or the tab) holds something else; it is left as it is.
 */
export type HeaderOutcome = 'created' | 'written' | 'present' | 'different';

function words(account: SheetsAccount): GoogleWords {
	const where = `spreadsheet ${account.spreadsheetId}, tab "${account.sheet}"`;
	return {
		credential: (f) => `Google refused the Google Sheets credential (401): reconnect it${f.tail}`,
		rateLimited: (f) => `Google Sheets: too many requests (${f.code}) for ${where}`,
		noAnswer: (f) => `No answer from Google Sheets for ${where}${f.tail}`,
		serverError: (f) => `Google Sheets answered ${f.status} for ${where}${f.tail}`,
		access: (f) =>
			f.status === 404
				? `Google Sheets has no spreadsheet ${account.spreadsheetId} (404): check the Spreadsheet ID and that the connected Google account can open it`
				: `Google Sheets refused ${where} (${f.code}): check that the connected Google account can edit it and the credential's scope (spreadsheets)`,
		// Google's own words are left out here: refusing a write, they can quote the cells.
		refused: (f) => `Google Sheets refused the request for ${where} (${f.code})`,
	};
}

type Call = <T>(request: (api: sheets_v4.Sheets) => Promise<unknown>) => Promise<T>;

function connect(http: ProviderHttp, account: SheetsAccount, options: TransportOptions): Call {
	const api = sheets({ version: 'v4', ...clientOptions<sheets_v4.Options['auth']>(http, account.baseUrl) });
	const failure = words(account);
	return (request) => withRetry(() => attempt(() => request(api), (response) => googleFailure(response, 'sheets', failure)), options);
}

/** The tab in A1 notation, always quoted: a title may have spaces or look like a cell ("Q1"). */
function tab(account: SheetsAccount): string {
	return `'${account.sheet.replace(/'/g, "''")}'`;
}

async function append(call: Call, account: SheetsAccount, rows: SheetCell[][]): Promise<RowsAppended> {
	if (rows.length === 0) return { updatedRange: null, updatedRows: 0 };
	const answer = await call<sheets_v4.Schema$AppendValuesResponse>((api) =>
		api.spreadsheets.values.append({
			spreadsheetId: account.spreadsheetId,
			range: `${tab(account)}!A1`,
			// RAW: a value lands as given (no "=" formulas or date guessing); INSERT_ROWS: nothing below the table is written over.
			valueInputOption: 'RAW',
			insertDataOption: 'INSERT_ROWS',
			requestBody: { values: rows.map((row) => row.map(safeCell)) },
		}),
	);
	return { updatedRange: answer.updates?.updatedRange ?? null, updatedRows: answer.updates?.updatedRows ?? 0 };
}

/** Appends `rows` below the table on the tab. Throws ProviderError when Google refuses or the budget runs out. */
export function appendRows(http: ProviderHttp, account: SheetsAccount, rows: SheetCell[][], options: TransportOptions): Promise<RowsAppended> {
	return append(connect(http, account, options), account, rows);
}

/** Makes sure the tab exists and starts with `header`, writing it only where nothing is: row 1 as found comes back too. */
export async function ensureHeader(http: ProviderHttp, account: SheetsAccount, header: string[], options: TransportOptions): Promise<{ outcome: HeaderOutcome; found: string[] }> {
	const call = connect(http, account, options);
	const { spreadsheetId } = account;
	const book = await call<sheets_v4.Schema$Spreadsheet>((api) => api.spreadsheets.get({ spreadsheetId, fields: 'sheets.properties.title' }));
	// Tab titles are unique whatever their case, so "weekly" is the "Weekly" tab.
	const exists = (book.sheets ?? []).some((s) => s.properties?.title?.toLowerCase() === account.sheet.toLowerCase());
	if (!exists) {
		await call((api) => api.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests: [{ addSheet: { properties: { title: account.sheet } } }] } }));
		await append(call, account, [header]);
		return { outcome: 'created', found: [] };
	}
	const read = (range: string) => call<sheets_v4.Schema$ValueRange>((api) => api.spreadsheets.values.get({ spreadsheetId, range }));
	const found = ((await read(`${tab(account)}!1:1`)).values?.[0] ?? []).map(String);
	if (found.length > 0) return { outcome: found.length === header.length && found.every((v, i) => v === header[i]) ? 'present' : 'different', found };
	// Row 1 is blank; the header goes in only if the whole tab is, or it would land below someone's rows.
	if ((await read(tab(account))).values?.length) return { outcome: 'different', found };
	await append(call, account, [header]);
	return { outcome: 'written', found };
}

/** The first column under the header (the week of each row): what the tab already has a row for. */
export async function firstColumn(http: ProviderHttp, account: SheetsAccount, options: TransportOptions): Promise<string[]> {
	const call = connect(http, account, options);
	const answer = await call<sheets_v4.Schema$ValueRange>((api) => api.spreadsheets.values.get({ spreadsheetId: account.spreadsheetId, range: `${tab(account)}!A2:A` }));
	return (answer.values ?? []).map((row) => String(row[0] ?? ''));
}
