/**
 * The spreadsheets the simulator holds: tabs with a grid size and cells, the Spreadsheet
 * resource spreadsheets.get answers, A1 ranges resolved to a tab, and addSheet.
 */
import { randomInt } from 'node:crypto';
import { type Bounds, parseCells, splitRange } from './a1';
import type { Cell } from './cells';
import { sheetsErrors } from './errors';

export interface SheetSeed {
	title: string;
	/** Rows already in the tab, from A1. */
	rows?: Cell[][];
}

export interface SpreadsheetSeed {
	spreadsheetId: string;
	title: string;
	/** The tabs in order; default one empty "Sheet1". */
	sheets?: SheetSeed[];
}

export interface Sheet {
	sheetId: number;
	title: string;
	rowCount: number;
	columnCount: number;
	/** Row by row from A1; null or missing: empty. */
	cells: Array<Array<Cell | null>>;
}

export interface Spreadsheet {
	spreadsheetId: string;
	title: string;
	/** In tab order: a tab's index is its position. */
	sheets: Sheet[];
}

// A new tab's grid, as Sheets makes it.
const ROWS = 1000;
const COLUMNS = 26;

export function openBook(seed: SpreadsheetSeed): Spreadsheet {
	const tabs = seed.sheets ?? [{ title: 'Sheet1' }];
	// The first tab of a new spreadsheet has sheetId 0 (gid=0 in its URL).
	const sheets = tabs.map((tab, i) => newSheet(i === 0 ? 0 : randomInt(1, 2 ** 31 - 1), tab.title, tab.rows ?? []));
	return { spreadsheetId: seed.spreadsheetId, title: seed.title, sheets };
}

function newSheet(
	sheetId: number,
	title: string,
	rows: Cell[][],
	grid = { rowCount: ROWS, columnCount: COLUMNS },
): Sheet {
	const width = Math.max(0, ...rows.map((r) => r.length));
	return {
		sheetId,
		title,
		rowCount: Math.max(grid.rowCount, rows.length),
		columnCount: Math.max(grid.columnCount, width),
		cells: rows.map((r) => [...r]),
	};
}

export function sheetProperties(book: Spreadsheet, sheet: Sheet) {
	const { sheetId, title, rowCount, columnCount } = sheet;
	return {
		sheetId,
		title,
		index: book.sheets.indexOf(sheet),
		sheetType: 'GRID',
		gridProperties: { rowCount, columnCount },
	};
}

/** spreadsheets.get without grid data; spreadsheetUrl points at the simulator's own view. */
export function spreadsheetResource(book: Spreadsheet, viewUrl: string) {
	return {
		spreadsheetId: book.spreadsheetId,
		properties: { title: book.title, locale: 'en_US', autoRecalc: 'ON_CHANGE', timeZone: 'Etc/GMT' },
		sheets: book.sheets.map((sheet) => ({ properties: sheetProperties(book, sheet) })),
		spreadsheetUrl: viewUrl,
	};
}

/** Titles match whatever their case, as in formulas. */
export function findSheet(book: Spreadsheet, title: string): Sheet | undefined {
	return book.sheets.find((s) => s.title.toLowerCase() === title.toLowerCase());
}

/** The tab and cells an A1 range names, or Google's "Unable to parse range". */
export function locate(book: Spreadsheet, range: string): { sheet: Sheet; bounds: Bounds } {
	const split = splitRange(range);
	const sheet = split && findSheet(book, split.title);
	const whole = { top: 0, left: 0, bottom: null, right: null };
	if (sheet && split) {
		const bounds = split.cells === null ? whole : parseCells(split.cells);
		if (bounds) return { sheet, bounds };
	} else if (split?.bare && book.sheets.length > 0) {
		// Cells alone ("A1:C") are on the first tab.
		const bounds = parseCells(split.title);
		if (bounds) return { sheet: book.sheets[0], bounds };
	}
	throw sheetsErrors.unparsableRange(range);
}

/** One addSheet request's properties, checked against the tabs there and those added before it in the batch. */
export function addSheet(book: Spreadsheet, properties: Record<string, unknown>, at: string): Sheet {
	const invalid = (why: string) => sheetsErrors.invalidArgument(`Invalid ${at}: ${why}`);
	let title = typeof properties.title === 'string' ? properties.title : '';
	for (let n = book.sheets.length + 1; title === ''; n++) if (!findSheet(book, `Sheet${n}`)) title = `Sheet${n}`;
	if (findSheet(book, title))
		throw invalid(`A sheet with the name "${title}" already exists. Please enter another name.`);
	const given = properties.sheetId;
	if (given !== undefined && (!Number.isInteger(given) || (given as number) < 0))
		throw invalid(`sheetId must be a non-negative integer.`);
	if (given !== undefined && book.sheets.some((s) => s.sheetId === given))
		throw invalid(`Sheet with id ${String(given)} already exists.`);
	const grid = (properties.gridProperties ?? {}) as Record<string, unknown>;
	const size = (v: unknown, fallback: number) => (Number.isInteger(v) && (v as number) > 0 ? (v as number) : fallback);
	const sheet = newSheet((given as number | undefined) ?? randomInt(1, 2 ** 31 - 1), title, [], {
		rowCount: size(grid.rowCount, ROWS),
		columnCount: size(grid.columnCount, COLUMNS),
	});
	const index = Number.isInteger(properties.index)
		? Math.min(Math.max(properties.index as number, 0), book.sheets.length)
		: book.sheets.length;
	book.sheets.splice(index, 0, sheet);
	return sheet;
}
