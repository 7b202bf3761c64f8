/**
 * Cells of a file a person opens (a CSV in Excel, a Google Sheet). A text that starts with "=",
 * "+", "-", "@", a tab or a carriage return is read as a formula by Excel, LibreOffice and Sheets,
 * so a patient named "=HYPERLINK(...)" in the PMS would become a live link in the huddle list.
 * OWASP's rule (https://owasp.org/www-community/attacks/CSV_Injection): prefix such a cell with a
 * single quote, which spreadsheets show as text. Numbers and booleans Chairside computed itself stay
 * what they are, so the columns still sort and sum.
 */

export type Cell = string | number | boolean | null;

const FORMULA_START = /^[=+\-@\t\r]/;
// What a spreadsheet would turn into a number (and so drop a leading zero or a "+", or show
// "5.13E+09"): digits with an optional sign, separators and exponent.
const READS_AS_NUMBER = /^\s*[+-]?[\d.,]+(?:e[+-]?\d+)?\s*$/i;

/** The value as a cell that can never run as a formula. */
export function safeCell(value: Cell): Cell {
	return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * A text that must stay text, such as a phone number: "+15125550100" is a formula start and
 * "5125550100" a number to a spreadsheet; both get the quote, so what is shown is what was written.
 */
export function textCell(value: string | null | undefined): string {
	const text = value ?? '';
	return FORMULA_START.test(text) || READS_AS_NUMBER.test(text) ? `'${text}` : text;
}
