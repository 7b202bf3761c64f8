/**
 * A1 notation as the Sheets API reads and writes it: 'Weekly', 'Weekly!A1:Z', "'Q1 trend'!B2",
 * 'A:C', '2:5', or 'A1:B2' alone (the first sheet). Rows and columns are 0-based here; an end is
 * exclusive, and null runs to the grid's edge.
 */

export interface Bounds {
	top: number;
	left: number;
	bottom: number | null;
	right: number | null;
}

/** A range split into its sheet title and its cells; null cells: the whole sheet. */
export interface SplitRange {
	title: string;
	cells: string | null;
	/** No quotes and no "!": the text may be a title or the cells of the first sheet. */
	bare: boolean;
}

export function splitRange(text: string): SplitRange | null {
	if (text.startsWith("'")) {
		// A quoted title doubles its own quotes: 'Bob''s tab'!A1.
		const quoted = /^'((?:[^']|'')+)'(?:!(.+))?$/.exec(text);
		return quoted ? { title: quoted[1].replace(/''/g, "'"), cells: quoted[2] ?? null, bare: false } : null;
	}
	const bang = text.lastIndexOf('!');
	if (bang < 0) return { title: text, cells: null, bare: true };
	return bang > 0 && bang < text.length - 1
		? { title: text.slice(0, bang), cells: text.slice(bang + 1), bare: false }
		: null;
}

const CELL = /^([A-Za-z]{1,3})?([1-9]\d{0,6})?$/;

/** 'B2', 'A1:C', 'A:C' or '2:5'; null when it is not A1 notation. */
export function parseCells(text: string): Bounds | null {
	const parts = text.split(':');
	if (parts.length > 2) return null;
	const [a, b] = parts.map((p) => CELL.exec(p));
	if (!a || (parts.length === 2 && !b) || parts.some((p) => p === '')) return null;
	if (!b)
		return a[1] && a[2] ? { top: row(a[2]), left: column(a[1]), bottom: row(a[2]) + 1, right: column(a[1]) + 1 } : null;
	// A missing column (or row) at the start must be missing at the end too: '2:5', 'A:C', 'A1:C'.
	if ((!a[1] && b[1]) || (!a[2] && b[2])) return null;
	const box = {
		top: a[2] ? row(a[2]) : 0,
		left: a[1] ? column(a[1]) : 0,
		bottom: b[2] ? row(b[2]) + 1 : null,
		right: b[1] ? column(b[1]) + 1 : null,
	};
	// Sheets accepts the corners in either order.
	if (box.bottom !== null && box.bottom <= box.top) [box.top, box.bottom] = [box.bottom - 1, box.top + 1];
	if (box.right !== null && box.right <= box.left) [box.left, box.right] = [box.right - 1, box.left + 1];
	return box;
}

function row(digits: string): number {
	return Number(digits) - 1;
}

function column(letters: string): number {
	return [...letters.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
}

export function columnName(index: number): string {
	let name = '';
	for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
	return name;
}

/** "Weekly!A1:D4", quoting the title when Sheets would: "'Q1 trend'!A1". A one-cell area is "A1". */
export function formatRange(title: string, area: { top: number; left: number; bottom: number; right: number }): string {
	const plain =
		/^[A-Za-z_][A-Za-z0-9_]*$/.test(title) && !/^[A-Za-z]{1,3}\d+$/.test(title) && !/^R\d*C\d*$/i.test(title);
	const sheet = plain ? title : `'${title.replace(/'/g, "''")}'`;
	const start = `${columnName(area.left)}${area.top + 1}`;
	const end = `${columnName(area.right - 1)}${area.bottom}`;
	return `${sheet}!${start === end ? start : `${start}:${end}`}`;
}
