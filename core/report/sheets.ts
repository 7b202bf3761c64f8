/**
 * Rows appended to one tab of a Google Sheet over n8n's authenticated HTTP
 * (core/messaging/google.ts), so n8n signs the requests and refreshes the OAuth2 token. 429 and 5xx are retried within the budget; note that a 5xx on an append may
 * have landed, so a retry can add the rows twice. Failure messages name the spreadsheet and
 * tab, never what is in the cells. Every cell goes through safeCell (./cells.ts): RAW already
 * keeps Sheets from running a formula, but the sheet is also downloaded and opened in Excel.
 */
import {
	googleCall,
	googleFailure,
	pathParam,
	type GoogleCall,
	type GoogleRequest,
	type GoogleWords,
} from '../messaging/google';
import { safeCell, type Cell } from './cells';
import type { ProviderHttp, TransportOptions } from '../messaging/provider';

// Sheets API v4, the methods and fields used here (https://developers.google.com/sheets/api/reference/rest).

/** ValueRange: cells of a range, row by row (spreadsheets.values). */
interface ValueRange {
	range?: string;
	values?: unknown[][];
}

/** spreadsheets.values.append's answer. */
interface AppendValuesResponse {
	updates?: { updatedRange?: string; updatedRows?: number };
}

/** The Spreadsheet resource, as `fields=sheets.properties.title` trims it. */
interface Spreadsheet {
	sheets?: Array<{ properties?: { title?: string } }>;
}

/** spreadsheets.batchUpdate with the one request used: add a tab. */
interface BatchUpdateSpreadsheetRequest {
	requests: Array<{ addSheet: { properties: { title: string } } }>;
}

const spreadsheet = (id: string) => `v4/spreadsheets/${pathParam(id)}`;

/**
 * spreadsheets.values.append. RAW: a value lands as given (no "=" formulas or date guessing);
 * INSERT_ROWS: nothing below the table is written over.
 */
function appendValues(spreadsheetId: string, range: string, body: ValueRange): GoogleRequest<AppendValuesResponse> {
	return {
		method: 'POST',
		path: `${spreadsheet(spreadsheetId)}/values/${pathParam(range)}:append`,
		query: { valueInputOption: 'RAW', insertDataOption: 'INSERT_ROWS' },
		body,
	};
}

/** spreadsheets.values.get. */
function getValues(spreadsheetId: string, range: string): GoogleRequest<ValueRange> {
	return { method: 'GET', path: `${spreadsheet(spreadsheetId)}/values/${pathParam(range)}` };
}

/** spreadsheets.get, only the tab titles. */
function getTabTitles(spreadsheetId: string): GoogleRequest<Spreadsheet> {
	return { method: 'GET', path: spreadsheet(spreadsheetId), query: { fields: 'sheets.properties.title' } };
}

/** spreadsheets.batchUpdate (its answer is not read). */
function batchUpdate(spreadsheetId: string, body: BatchUpdateSpreadsheetRequest): GoogleRequest<unknown> {
	return { method: 'POST', path: `${spreadsheet(spreadsheetId)}:batchUpdate`, body };
}

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

function connect(http: ProviderHttp, account: SheetsAccount, options: TransportOptions): GoogleCall {
	const failure = words(account);
	return googleCall(http, account.baseUrl, (response) => googleFailure(response, 'sheets', failure), options);
}

/** The tab in A1 notation, always quoted: a title may have spaces or look like a cell ("Q1"). */
function tab(account: SheetsAccount): string {
	return `'${account.sheet.replace(/'/g, "''")}'`;
}

async function append(call: GoogleCall, account: SheetsAccount, rows: SheetCell[][]): Promise<RowsAppended> {
	if (rows.length === 0) return { updatedRange: null, updatedRows: 0 };
	const answer = await call(
		appendValues(account.spreadsheetId, `${tab(account)}!A1`, { values: rows.map((row) => row.map(safeCell)) }),
	);
	return { updatedRange: answer.updates?.updatedRange ?? null, updatedRows: answer.updates?.updatedRows ?? 0 };
}

/** Appends `rows` below the table on the tab. Throws ProviderError when Google refuses or the budget runs out. */
export function appendRows(
	http: ProviderHttp,
	account: SheetsAccount,
	rows: SheetCell[][],
	options: TransportOptions,
): Promise<RowsAppended> {
	return append(connect(http, account, options), account, rows);
}

/** Makes sure the tab exists and starts with `header`, writing it only where nothing is: row 1 as found comes back too. */
export async function ensureHeader(
	http: ProviderHttp,
	account: SheetsAccount,
	header: string[],
	options: TransportOptions,
): Promise<{ outcome: HeaderOutcome; found: string[] }> {
	const call = connect(http, account, options);
	const { spreadsheetId } = account;
	const book = await call(getTabTitles(spreadsheetId));
	// Tab titles are unique whatever their case, so "weekly" is the "Weekly" tab.
	const exists = (book.sheets ?? []).some((s) => s.properties?.title?.toLowerCase() === account.sheet.toLowerCase());
	if (!exists) {
		await call(batchUpdate(spreadsheetId, { requests: [{ addSheet: { properties: { title: account.sheet } } }] }));
		await append(call, account, [header]);
		return { outcome: 'created', found: [] };
	}
	const read = (range: string) => call(getValues(spreadsheetId, range));
	const found = ((await read(`${tab(account)}!1:1`)).values?.[0] ?? []).map(String);
	if (found.length > 0)
		return {
			outcome: found.length === header.length && found.every((v, i) => v === header[i]) ? 'present' : 'different',
			found,
		};
	// Row 1 is blank; the header goes in only if the whole tab is, or it would land below someone's rows.
	if ((await read(tab(account))).values?.length) return { outcome: 'different', found };
	await append(call, account, [header]);
	return { outcome: 'written', found };
}

/** The first column under the header (the week of each row): what the tab already has a row for. */
export async function firstColumn(
	http: ProviderHttp,
	account: SheetsAccount,
	options: TransportOptions,
): Promise<string[]> {
	const call = connect(http, account, options);
	const answer = await call(getValues(account.spreadsheetId, `${tab(account)}!A2:A`));
	return (answer.values ?? []).map((row) => String(row[0] ?? ''));
}
