/**
 * A loopback Google Sheets API (v4) and OAuth token endpoint for the demo and the tests:
 * spreadsheets.get, values.get, values.append and batchUpdate's addSheet, on the spreadsheets it
 * is given; bearer tokens that expire on the simulator's clock and scopes checked per method;
 * Google's error JSON; faults a test injects. Query parameters other than those below are ignored
 * (fields, includeGridData, dateTimeRenderOption...): answers are always whole. Bound to
 * 127.0.0.1 only.
 */
import { DateTime } from 'luxon';
import {
	addSheet,
	findSheet,
	locate,
	openBook,
	sheetProperties,
	type Sheet,
	type Spreadsheet,
	spreadsheetResource,
	type SpreadsheetSeed,
} from './book';
import type { Cell } from './cells';
import { SANDBOX_SHEETS } from './defaults';
import { sheetsErrors } from './errors';
import { appendValues, type Dimension, readValues } from './values';
import {
	decodeSegment,
	type FrontEnd,
	type GoogleControls,
	jsonObject,
	type Reply,
	type Router,
	scopeCheck,
	startFrontEnd,
	withControls,
} from '../google/front';
import { TokenIssuer } from '../google/oauth';

export type { SheetSeed, SpreadsheetSeed } from './book';

export const SHEETS_SCOPES = {
	spreadsheets: 'https://www.googleapis.com/auth/spreadsheets',
	readonly: 'https://www.googleapis.com/auth/spreadsheets.readonly',
	drive: 'https://www.googleapis.com/auth/drive',
	driveReadonly: 'https://www.googleapis.com/auth/drive.readonly',
} as const;

export interface SheetsSimulatorOptions {
	clientId: string;
	clientSecret: string;
	/** Default SANDBOX_SHEETS.refreshToken. */
	refreshToken?: string;
	/** An access token valid for 3599 s from the start, as after a refresh. */
	accessToken?: string;
	/** Granted to every token; default spreadsheets, as the package asks for. */
	scopes?: string[];
	/** Default: SANDBOX_SHEETS' spreadsheet with an empty "Weekly" tab. */
	spreadsheets?: SpreadsheetSeed[];
	port?: number;
	/** Default: real time, UTC. */
	now?: () => DateTime;
}

/** url (e.g. http://127.0.0.1:40123) is the Sheets root URL, with the token endpoint at /token. */
export interface SheetsSimulator extends FrontEnd, GoogleControls {
	/** A tab's rows as the Sheets UI shows them (formatted; trailing empty cells and rows left out). */
	sheet(spreadsheetId: string, title: string): string[][];
}

// drive.file is not modelled: it reaches only files the app created or was handed.
const WRITE_SCOPES: string[] = [SHEETS_SCOPES.spreadsheets, SHEETS_SCOPES.drive];
const READ_SCOPES: string[] = [...WRITE_SCOPES, SHEETS_SCOPES.readonly, SHEETS_SCOPES.driveReadonly];
const WHOLE = { top: 0, left: 0, bottom: null, right: null };

/** An enum parameter, refused in Google's words when it is not one of `allowed`. */
function choice<T extends string>(value: unknown, field: string, type: string, allowed: readonly T[], fallback: T): T {
	if (value === null || value === undefined) return fallback;
	if (!allowed.includes(value as T))
		throw sheetsErrors.invalidArgument(
			`Invalid value at '${field}' (type.googleapis.com/google.apps.sheets.v4.${type}), "${String(value)}"`,
		);
	return value as T;
}

/** ValueRange.values: rows of strings, numbers, booleans or null. */
function rowsOf(values: unknown): Array<Array<Cell | null>> {
	if (values === undefined || values === null) return [];
	if (!Array.isArray(values) || values.some((row) => !Array.isArray(row)))
		throw sheetsErrors.invalidArgument(
			"Invalid value at 'data.values': expected a list of rows, each a list of values.",
		);
	(values as unknown[][]).forEach((row, r) =>
		row.forEach((cell, c) => {
			if (cell !== null && !['string', 'number', 'boolean'].includes(typeof cell))
				throw sheetsErrors.invalidArgument(
					`Invalid values[${r}][${c}]: ${Array.isArray(cell) ? 'list_value' : 'struct_value'}`,
				);
		}),
	);
	return values as Array<Array<Cell | null>>;
}

export async function startSheetsSimulator(options: SheetsSimulatorOptions): Promise<SheetsSimulator> {
	let clock = options.now ?? (() => DateTime.utc());
	const scopes = options.scopes ?? [SHEETS_SCOPES.spreadsheets];
	const tokens = new TokenIssuer({
		...options,
		refreshToken: options.refreshToken ?? SANDBOX_SHEETS.refreshToken,
		scopes,
		nowMs: () => clock().toMillis(),
	});
	if (options.accessToken) tokens.seed(options.accessToken);
	const seeds = options.spreadsheets ?? [
		{
			spreadsheetId: SANDBOX_SHEETS.spreadsheetId,
			title: SANDBOX_SHEETS.spreadsheetTitle,
			sheets: [{ title: SANDBOX_SHEETS.sheet }],
		},
	];
	const books = new Map(seeds.map((seed) => [seed.spreadsheetId, openBook(seed)]));

	const open = (id: string): Spreadsheet => {
		const book = books.get(decodeSegment(id));
		if (!book) throw sheetsErrors.notFound();
		return book;
	};

	const scoped = scopeCheck(sheetsErrors);

	const getValues = (id: string, range: string, query: URLSearchParams): Reply => {
		const major = choice<Dimension>(
			query.get('majorDimension'),
			'major_dimension',
			'Dimension',
			['ROWS', 'COLUMNS'],
			'ROWS',
		);
		const render = choice(
			query.get('valueRenderOption'),
			'value_render_option',
			'ValueRenderOption',
			['FORMATTED_VALUE', 'UNFORMATTED_VALUE', 'FORMULA'] as const,
			'FORMATTED_VALUE',
		);
		const { sheet, bounds } = locate(open(id), range);
		const read = readValues(sheet, bounds, render, major);
		// Sheets leaves "values" out when the range is empty.
		return {
			status: 200,
			json: { range: read.range, majorDimension: major, ...(read.values.length > 0 ? { values: read.values } : {}) },
		};
	};

	const append = (id: string, range: string, query: URLSearchParams, raw: Buffer): Reply => {
		if (query.get('valueInputOption') === null)
			throw sheetsErrors.invalidArgument("'valueInputOption' is required but not specified");
		const input = choice(
			query.get('valueInputOption'),
			'value_input_option',
			'ValueInputOption',
			['RAW', 'USER_ENTERED'] as const,
			'RAW',
		);
		const insert = choice(
			query.get('insertDataOption'),
			'insert_data_option',
			'InsertDataOption',
			['OVERWRITE', 'INSERT_ROWS'] as const,
			'OVERWRITE',
		);
		const body = jsonObject(raw, sheetsErrors);
		const major = choice<Dimension>(
			body.majorDimension,
			'data.major_dimension',
			'Dimension',
			['ROWS', 'COLUMNS'],
			'ROWS',
		);
		if (body.range !== undefined && body.range !== range)
			throw sheetsErrors.invalidArgument(
				`The range in the body (${String(body.range)}) must match the range in the URL (${range}).`,
			);
		const given = rowsOf(body.values);
		const width = Math.max(0, ...given.map((r) => r.length));
		const rows =
			major === 'ROWS' ? given : Array.from({ length: width }, (_, r) => given.map((column) => column[r] ?? null));
		const book = open(id);
		const { sheet, bounds } = locate(book, range);
		const { tableRange, ...updates } = appendValues(sheet, bounds, rows, input, insert === 'INSERT_ROWS');
		const spreadsheetId = book.spreadsheetId;
		return {
			status: 200,
			json: { spreadsheetId, ...(tableRange ? { tableRange } : {}), updates: { spreadsheetId, ...updates } },
		};
	};

	const batchUpdate = (id: string, raw: Buffer): Reply => {
		const body = jsonObject(raw, sheetsErrors);
		const book = open(id);
		if (!Array.isArray(body.requests) || body.requests.length === 0)
			throw sheetsErrors.invalidArgument('Must specify at least one request.');
		// All or nothing, as Sheets applies a batch: the tabs are added to a draft first.
		const draft: Spreadsheet = { ...book, sheets: [...book.sheets] };
		const added = (body.requests as unknown[]).map((request, i): Sheet => {
			const kinds = request && typeof request === 'object' ? Object.keys(request) : [];
			if (kinds.length !== 1)
				throw sheetsErrors.invalidArgument(`Invalid requests[${i}]: a request sets exactly one kind of request.`);
			if (kinds[0] !== 'addSheet')
				throw sheetsErrors.invalidArgument(
					`Invalid requests[${i}]: ${kinds[0]} is not supported by the sandbox; use addSheet.`,
				);
			const add = (request as { addSheet: { properties?: Record<string, unknown> } | null }).addSheet;
			return addSheet(draft, add?.properties ?? {}, `requests[${i}].addSheet`);
		});
		book.sheets = draft.sheets;
		const json: Record<string, unknown> = {
			spreadsheetId: book.spreadsheetId,
			replies: added.map((sheet) => ({ addSheet: { properties: sheetProperties(book, sheet) } })),
		};
		if (body.includeSpreadsheetInResponse === true) json.updatedSpreadsheet = spreadsheetResource(book, viewUrl());
		return { status: 200, json };
	};

	const route: Router = (method, path) => {
		const meta = /^\/v4\/spreadsheets\/([^/:]+)$/.exec(path);
		const batch = /^\/v4\/spreadsheets\/([^/:]+):batchUpdate$/.exec(path);
		// The range may come with its ":" escaped or not: "Weekly%21A1%3AZ:append" or "Weekly!A1:Z:append".
		const values = /^\/v4\/spreadsheets\/([^/:]+)\/values\/([^/]+?)(:append)?$/.exec(path);
		if (method === 'GET' && meta)
			return scoped(READ_SCOPES, 'GetSpreadsheet', () => ({
				status: 200,
				json: spreadsheetResource(open(meta[1]), viewUrl()),
			}));
		if (method === 'POST' && batch)
			return scoped(WRITE_SCOPES, 'BatchUpdateSpreadsheet', ({ raw }) => batchUpdate(batch[1], raw));
		if (method === 'GET' && values && !values[3])
			return scoped(READ_SCOPES, 'GetValues', ({ query }) => getValues(values[1], decodeSegment(values[2]), query));
		if (method === 'POST' && values?.[3])
			return scoped(WRITE_SCOPES, 'AppendValues', ({ query, raw }) =>
				append(values[1], decodeSegment(values[2]), query, raw),
			);
		return null;
	};

	const rowsOfTab = (sheet: Sheet): string[][] =>
		readValues(sheet, WHOLE, 'FORMATTED_VALUE', 'ROWS').values as string[][];
	const view = () =>
		[...books.values()].map((b) => ({
			spreadsheetId: b.spreadsheetId,
			title: b.title,
			sheets: b.sheets.map((s) => ({ title: s.title, rows: rowsOfTab(s) })),
		}));
	const front = await startFrontEnd({
		port: options.port,
		tokens,
		route,
		errors: sheetsErrors,
		now: () => clock(),
		views: { spreadsheets: view },
	});
	const viewUrl = () => `${front.url}/sandbox/spreadsheets`;

	return withControls<Omit<SheetsSimulator, keyof GoogleControls>>(
		{
			...front,
			sheet: (spreadsheetId, title) => {
				const book = books.get(spreadsheetId);
				const sheet = book && findSheet(book, title);
				if (!sheet) throw new Error(`No tab "${title}" in spreadsheet ${spreadsheetId}`);
				return rowsOfTab(sheet);
			},
		},
		tokens,
		(now) => (clock = now),
	);
}
