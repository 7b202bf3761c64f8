/**
 * spreadsheets.values: reading an area and appending rows after the table in it. Sheets finds
 * the table its own way; here the table is every row from the first to the last with a value
 * inside the range's columns (a one-cell range searches right and down from that cell), and rows
 * go below it, from its first column. INSERT_ROWS pushes what is below down; OVERWRITE writes in
 * place. Either way the grid grows to fit, as it does in Sheets.
 */
import { type Bounds, formatRange } from './a1';
import type { Sheet } from './book';
import { type Cell, enter, type InputOption, render, type RenderOption } from './cells';
import { sheetsErrors } from './errors';

interface Area {
	top: number;
	left: number;
	bottom: number;
	right: number;
}

export type Dimension = 'ROWS' | 'COLUMNS';

/** The bounds inside the grid; a start outside it is Google's "exceeds grid limits". */
function clip(sheet: Sheet, bounds: Bounds): Area {
	const area = {
		top: bounds.top,
		left: bounds.left,
		bottom: Math.min(bounds.bottom ?? sheet.rowCount, sheet.rowCount),
		right: Math.min(bounds.right ?? sheet.columnCount, sheet.columnCount),
	};
	if (area.top >= sheet.rowCount || area.left >= sheet.columnCount) {
		const asked = formatRange(sheet.title, { ...area, bottom: area.top + 1, right: area.left + 1 });
		throw sheetsErrors.invalidArgument(
			`Range (${asked}) exceeds grid limits. Max rows: ${sheet.rowCount}, max columns: ${sheet.columnCount}`,
		);
	}
	return area;
}

/** Trailing empty cells and rows left out, as Sheets leaves them out. */
function trim(matrix: Cell[][]): Cell[][] {
	const rows = matrix.map((row) => {
		let end = row.length;
		while (end > 0 && row[end - 1] === '') end--;
		return row.slice(0, end);
	});
	while (rows.length > 0 && rows[rows.length - 1].length === 0) rows.pop();
	return rows;
}

export function readValues(
	sheet: Sheet,
	bounds: Bounds,
	option: RenderOption,
	major: Dimension,
): { range: string; values: Cell[][] } {
	const area = clip(sheet, bounds);
	const rows: Cell[][] = [];
	for (let r = area.top; r < Math.min(area.bottom, sheet.cells.length); r++) {
		const row = sheet.cells[r] ?? [];
		rows.push(Array.from({ length: area.right - area.left }, (_, i) => render(row[area.left + i] ?? null, option)));
	}
	const matrix =
		major === 'ROWS' ? rows : Array.from({ length: area.right - area.left }, (_, c) => rows.map((row) => row[c]));
	return { range: formatRange(sheet.title, area), values: trim(matrix) };
}

export interface Appended {
	/** The table found, absent when the range was empty. */
	tableRange?: string;
	updatedRange?: string;
	updatedRows?: number;
	updatedColumns?: number;
	updatedCells?: number;
}

export function appendValues(
	sheet: Sheet,
	bounds: Bounds,
	rows: Array<Array<Cell | null>>,
	option: InputOption,
	insertRows: boolean,
): Appended {
	const single = bounds.bottom === bounds.top + 1 && bounds.right === bounds.left + 1;
	const area = clip(sheet, single ? { top: bounds.top, left: bounds.left, bottom: null, right: null } : bounds);
	const filled: number[] = [];
	let left = Infinity;
	let right = -1;
	for (let r = area.top; r < Math.min(area.bottom, sheet.cells.length); r++) {
		const columns = (sheet.cells[r] ?? [])
			.map((cell, c) => (cell !== null && cell !== undefined && c >= area.left && c < area.right ? c : -1))
			.filter((c) => c >= 0);
		if (columns.length === 0) continue;
		filled.push(r);
		left = Math.min(left, columns[0]);
		right = Math.max(right, columns[columns.length - 1] + 1);
	}
	const table = filled.length > 0 ? { top: filled[0], left, bottom: filled[filled.length - 1] + 1, right } : null;
	const answer: Appended = table ? { tableRange: formatRange(sheet.title, table) } : {};
	const width = Math.max(0, ...rows.map((r) => r.length));
	if (rows.length === 0 || width === 0) return answer;

	const at = { top: table ? table.bottom : area.top, left: table ? table.left : area.left };
	if (insertRows) {
		if (at.top < sheet.cells.length) sheet.cells.splice(at.top, 0, ...rows.map(() => []));
		sheet.rowCount += rows.length;
	}
	let cells = 0;
	rows.forEach((values, i) => {
		const target = (sheet.cells[at.top + i] ??= []);
		values.forEach((value, j) => {
			// null leaves the cell as it is, as the API documents.
			if (value === null) return;
			target[at.left + j] = enter(value, option);
			cells++;
		});
	});
	sheet.rowCount = Math.max(sheet.rowCount, at.top + rows.length);
	sheet.columnCount = Math.max(sheet.columnCount, at.left + width);
	const written = { top: at.top, left: at.left, bottom: at.top + rows.length, right: at.left + width };
	return {
		...answer,
		updatedRange: formatRange(sheet.title, written),
		updatedRows: rows.length,
		updatedColumns: width,
		updatedCells: cells,
	};
}
