/**
 * Cell values in and out. RAW stores a value as given: a number stays a number, "=1+1" and "0012"
 * stay text. USER_ENTERED parses text as the Sheets UI does, in part: plain numbers ("12.5",
 * "-3", "1e3") become numbers, TRUE and FALSE (any case) booleans, and a leading apostrophe keeps
 * the rest as text. Everything else stays text as typed: formulas are kept, not evaluated, and
 * dates, percentages, currency and grouped numbers ("1,234") are not recognised.
 */

export type Cell = string | number | boolean;
export type InputOption = 'RAW' | 'USER_ENTERED';
export type RenderOption = 'FORMATTED_VALUE' | 'UNFORMATTED_VALUE' | 'FORMULA';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** What a cell holds after the value is written; null: empty ("" empties a cell too). */
export function enter(value: Cell, option: InputOption): Cell | null {
	if (value === '') return null;
	if (option === 'RAW' || typeof value !== 'string') return value;
	if (value.startsWith("'")) return value.slice(1);
	const text = value.trim();
	if (NUMBER.test(text)) return Number(text);
	if (/^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
	return value;
}

/** The value as values.get answers it. FORMULA is UNFORMATTED_VALUE here: there are no formulas. */
export function render(cell: Cell | null, option: RenderOption): Cell {
	if (cell === null) return '';
	if (option !== 'FORMATTED_VALUE' || typeof cell === 'string') return cell;
	if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
	// The automatic number format: up to ten significant digits, exponents as 1E+21.
	return String(Number.isInteger(cell) ? cell : Number(cell.toPrecision(10))).toUpperCase();
}
