/**
 * Money as PMS reports print it: "$1,234.50", "1234.5", "(120.00)" (accounting negative),
 * "-120", "$-120", "USD 99", and "1.234,50" when the practice exports with a decimal comma.
 * Returns null when the text is not an amount, so callers reject the row instead of guessing.
 */
export type DecimalSeparator = '.' | ',';

const PATTERNS: Record<DecimalSeparator, RegExp> = {
	'.': /^(\d{1,3}(?:[,' ]\d{3})+|\d+)(?:\.(\d{1,2}))?$/,
	',': /^(\d{1,3}(?:[.' ]\d{3})+|\d+)(?:,(\d{1,2}))?$/,
};

export function parseMoney(raw: string, decimal: DecimalSeparator = '.'): number | null {
	let text = raw.trim();
	let negative = false;
	if (text.startsWith('(') && text.endsWith(')')) {
		negative = true;
		text = text.slice(1, -1).trim();
	}
	if (text.endsWith('-')) {
		negative = true;
		text = text.slice(0, -1).trim();
	}
	if (text.startsWith('-')) {
		negative = true;
		text = text.slice(1).trim();
	}
	text = text.replace(/^(?:usd|us\$|\$)\s*/i, '').replace(/\s*usd$/i, '');
	if (text.startsWith('-')) {
		negative = true;
		text = text.slice(1);
	}
	const match = PATTERNS[decimal].exec(text);
	if (!match) return null;
	const cents = match[2] ? Number(match[2].padEnd(2, '0')) : 0;
	const value = Number(match[1].replace(/[^\d]/g, '')) + cents / 100;
	return negative && value !== 0 ? -value : value;
}
