export type Delimiter = ',' | ';' | '\t';
const CANDIDATES: Delimiter[] = [',', ';', '\t'];

/**
 * Guesses the delimiter from the first lines: the candidate that appears outside quotes the same
 * (non-zero) number of times on most lines wins; ties go to the one appearing most. Exports from
 * European Excel use ';', Open Dental grid exports use tabs.
 */
export function sniffDelimiter(sample: string): Delimiter {
	const lines = splitLogicalLines(sample)
		.filter((l) => l.trim() !== '')
		.slice(0, 30);
	let best: Delimiter = ',';
	let bestScore = -1;
	for (const delimiter of CANDIDATES) {
		const counts = lines.map((line) => countOutsideQuotes(line, delimiter)).filter((n) => n > 0);
		if (!counts.length) continue;
		const frequency = new Map<number, number>();
		for (const n of counts) frequency.set(n, (frequency.get(n) ?? 0) + 1);
		const [mode, modeLines] = [...frequency.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0];
		const score = modeLines * 1000 + mode;
		if (score > bestScore) {
			best = delimiter;
			bestScore = score;
		}
	}
	return best;
}

function countOutsideQuotes(line: string, delimiter: string): number {
	let inQuotes = false;
	let n = 0;
	for (const ch of line) {
		if (ch === '"') inQuotes = !inQuotes;
		else if (ch === delimiter && !inQuotes) n++;
	}
	return n;
}

/** Lines, keeping quoted newlines inside their line; the last partial line of a sample is dropped. */
function splitLogicalLines(sample: string): string[] {
	const lines: string[] = [];
	let inQuotes = false;
	let start = 0;
	for (let i = 0; i < sample.length; i++) {
		const ch = sample[i];
		if (ch === '"') inQuotes = !inQuotes;
		else if (ch === '\n' && !inQuotes) {
			lines.push(sample.slice(start, i).replace(/\r$/, ''));
			start = i + 1;
		}
	}
	if (lines.length === 0) lines.push(sample);
	return lines;
}
