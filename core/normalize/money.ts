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

const PLAIN = /^\d{1,9}(?:\.\d{1,2})?$/;
const seen: Record<DecimalSeparator, Map<string, number | null>> = { '.': new Map(), ',': new Map() };

/** A fee schedule has a few hundred distinct amounts on thousands of lines: each is read once. */
export function parseMoney(raw: string, decimal: DecimalSeparator = '.'): number | null {
	const cache = seen[decimal];
	let amount = cache.get(raw);
	if (amount === undefined) {
		amount = readMoney(raw, decimal);
		if (cache.size < 10_000) cache.set(raw, amount);
	}
	return amount;
}

function readMoney(raw: string, decimal: DecimalSeparator): number | null {
	let text = raw.trim();
	if (decimal === '.' && PLAIN.test(text)) return Number(text);
	// At most one sign marker: "(120.00)", "-120", "$-120" or "120-"; "--5" is not an amount.
	let signs = 0;
	if (text.startsWith('(') && text.endsWith(')')) {
		signs++;
		text = text.slice(1, -1).trim();
	}
	if (text.endsWith('-')) {
		signs++;
		text = text.slice(0, -1).trim();
	}
	text = text.replace(/^-\s*/, () => {
		signs++;
		return '';
	});
	text = text.replace(/^(?:usd|us\$|\$)\s*/i, '').replace(/\s*usd$/i, '');
	text = text.replace(/^-/, () => {
		signs++;
		return '';
	});
	const match = signs <= 1 ? PATTERNS[decimal].exec(text) : null;
	if (!match) return null;
	const cents = match[2] ? Number(match[2].padEnd(2, '0')) : 0;
	const value = Number(match[1].replace(/[^\d]/g, '')) + cents / 100;
	return signs && value !== 0 ? -value : value;
}

/** Rounded to the cent, so sums added up in a different order still compare equal. */
export function cents(amount: number): number {
	return Math.round(amount * 100) / 100;
}
