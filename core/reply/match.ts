/**
 * Finding a keyword list's entries in a normalised reply: whole words only, "=" entries as the
 * whole reply, "^" entries at its start, and (where it matters) not right after a negation:
 * "don't stop texting" is no opt-out, "not sure" is no yes, "no pain" is no clinical question.
 */
import { unmarked } from './keywords';
import { stripEdges } from './text';

interface Keyword {
	/** The entry without its mark, as staff see it in `matched`. */
	word: string;
	pattern: RegExp;
	/** Where the pattern is tried: anywhere (global), at the start, or against the whole reply. */
	mode: 'anywhere' | 'start' | 'whole';
}

// A space in an entry also matches a comma or hyphen: "no, thank you", "opt-out".
const GAP = '(?:\\s*[,-]\\s*|\\s+)';
const BOUNDARY_BEFORE = '(?<![\\p{L}\\p{N}])';
const BOUNDARY_AFTER = '(?![\\p{L}\\p{N}])';
// Politeness around a one-word reply does not change it: "stop please", "no, STOP", "yes thanks".
const LEADING_FILLER = `(?:(?:please|pls|plz|oh|no|ok|just)${GAP})?`;
const TRAILING_FILLER = `(?:${GAP}(?:please|pls|plz|thanks|thank you|thank u|thx|ty|now))?`;

const NEGATIONS = new Set([
	'no',
	'not',
	'never',
	'dont',
	'didnt',
	'doesnt',
	'isnt',
	'wasnt',
	'arent',
	'without',
	'nor',
]);
// Words a negation reaches across: "I don't want to opt out", "please don't ever stop texting".
// Deliberately short: "why don't you stop texting me" is still an opt-out.
const REACHES_ACROSS = new Set(['ever', 'really', 'want', 'wanna', 'need', 'mean', 'plan', 'going', 'to']);
const MAX_REACH = 3;

const compiled = new WeakMap<readonly string[], Keyword[]>();

function phrase(word: string): string {
	return word
		.split(/\s+/)
		.map((part) =>
			part
				.replace(/[.*+?${}()|[\]\\/]/g, '\\$&')
				// Apostrophes and hyphens are optional: "dont", "opt out" and "optout" all match.
				.replace(/'/g, "'?")
				.replace(/-/g, '[-\\s]?'),
		)
		.join(GAP);
}

function compile(entry: string): Keyword | null {
	const word = unmarked(entry.toLowerCase());
	if (!word) return null;
	const body = phrase(word);
	if (entry.startsWith('='))
		return { word, mode: 'whole', pattern: new RegExp(`^${LEADING_FILLER}${body}${TRAILING_FILLER}$`, 'u') };
	if (entry.startsWith('^')) return { word, mode: 'start', pattern: new RegExp(`^${body}${BOUNDARY_AFTER}`, 'u') };
	return { word, mode: 'anywhere', pattern: new RegExp(`${BOUNDARY_BEFORE}${body}${BOUNDARY_AFTER}`, 'gu') };
}

function keywords(list: readonly string[]): Keyword[] {
	let found = compiled.get(list);
	if (!found) {
		found = list.map(compile).filter((k): k is Keyword => k !== null);
		compiled.set(list, found);
	}
	return found;
}

/** The reply as a whole, without edge punctuation, and "stop stop stop" as "stop". */
function wholeReply(text: string): string {
	const core = stripEdges(text);
	const words = core.split(/[\s,!.]+/);
	return words.length > 1 && words.every((w) => w === words[0]) ? words[0] : core;
}

function negated(text: string, index: number): boolean {
	// The words right before the match, within its clause (a comma or full stop ends the negation).
	const before = /([\p{L}'\s]*)$/u.exec(text.slice(0, index))?.[1] ?? '';
	const words = before
		.trim()
		.split(/\s+/)
		.filter(Boolean)
		.map((w) => w.replace(/'/g, ''));
	for (let reach = 0; reach <= MAX_REACH && words.length > 0; reach++) {
		const word = words.pop() as string;
		if (NEGATIONS.has(word)) return true;
		if (!REACHES_ACROSS.has(word)) return false;
	}
	return false;
}

export interface MatchOptions {
	/** Skip an occurrence that directly follows a negation ("not", "don't", "no"...). */
	negatable?: boolean;
}

/** The first entry of the list found in the normalised reply, or null. */
export function findKeyword(text: string, list: readonly string[], options: MatchOptions = {}): string | null {
	const whole = wholeReply(text);
	const start = stripEdges(text);
	for (const keyword of keywords(list)) {
		if (keyword.mode === 'whole') {
			if (keyword.pattern.test(whole)) return keyword.word;
			continue;
		}
		if (keyword.mode === 'start') {
			if (keyword.pattern.test(start)) return keyword.word;
			continue;
		}
		keyword.pattern.lastIndex = 0;
		for (let m = keyword.pattern.exec(text); m !== null; m = keyword.pattern.exec(text)) {
			if (!options.negatable || !negated(text, m.index)) return keyword.word;
		}
	}
	return null;
}
