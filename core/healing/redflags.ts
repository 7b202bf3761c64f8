/**
 * Red-flag phrases in a patient's free text, except where the patient says they are absent or over:
 * "no fever", "I don't have a fever", "no pus or fever", "not bleeding a lot", "fever's gone".
 * When unsure it flags: a call that was not needed costs minutes, a missed fever costs more.
 *
 * A negation counts up to three words before the phrase, within the sentence and before any
 * "but"/"and" (so "no pain and a fever" flags the fever). Symptom words, other red flags, "or" and
 * commas between them do not use up those words: "no swelling, pus or fever" negates all three.
 */
import { DEFAULT_REPLY_KEYWORDS } from '../reply/keywords';
import { normaliseReply } from '../reply/text';
import type { RedFlag } from './questionnaire';

export interface FoundFlag {
	flag: string;
	/** The phrase as listed. */
	phrase: string;
}

const NEGATIONS = new Set([
	'no',
	'not',
	'never',
	'without',
	'nor',
	'dont',
	'didnt',
	'doesnt',
	'isnt',
	'wasnt',
	'arent',
	'aint',
	'havent',
	'hasnt',
	'hadnt',
]);
// A new clause: a negation before it says nothing about what follows.
const BOUNDARIES = new Set(['but', 'though', 'although', 'however', 'yet', 'except', 'and', 'also', 'plus']);
const CONNECTORS = new Set(['or', ',']);
// Said right after a phrase: it is over ("fever's gone", "fever went away", "heavy bleeding stopped").
const RESOLVED = new Set(['gone', 'free', 'stopped', 'resolved', 'broke', 'over']);
const DENIED_NEXT = new Set(['no', 'none', 'nope']);
// Symptom words that make a list, so a negation reaches across it.
const LIST_WORDS = new Set(
	DEFAULT_REPLY_KEYWORDS.clinical.filter((word) => !word.includes(' ')).map((word) => word.replace(/'/g, '')),
);
const BEFORE = 3;
const AFTER = 3;

/** Lower case, no apostrophes ("don't" is "dont"), hyphens as spaces ("fever-free"). */
function flat(text: string): string {
	return normaliseReply(text)
		.replace(/'/g, '')
		.replace(/[-_/]+/g, ' ');
}

/** Sentences as words and commas. */
function sentences(text: string): string[][] {
	return flat(text)
		.split(/[.;!?]+/)
		.map((sentence) => sentence.match(/[\p{L}\p{N}]+|,/gu) ?? []);
}

const compiled = new WeakMap<readonly RedFlag[], Array<{ flag: RedFlag; phrase: string; words: string[] }>>();
function phrases(flags: readonly RedFlag[]) {
	let list = compiled.get(flags);
	if (!list) {
		list = flags.flatMap((flag) =>
			flag.phrases.map((phrase) => ({ flag, phrase, words: flat(phrase).split(' ').filter(Boolean) })),
		);
		compiled.set(flags, list);
	}
	return list;
}

/** A word of the text matches a phrase word, or its plural or possessive ("fevers", "fever's"). */
const same = (token: string | undefined, word: string) =>
	token === word || token === `${word}s` || token === `${word}es`;

function negatedBefore(tokens: string[], start: number, listed: (j: number) => boolean): boolean {
	let budget = BEFORE;
	for (let j = start - 1; j >= 0 && budget > 0; j--) {
		const token = tokens[j];
		if (NEGATIONS.has(token)) return true;
		if (BOUNDARIES.has(token)) return false;
		// A comma carries a negation only along a list of symptoms: "no fever, pus or ...".
		if (token === ',' && !(j > 0 && listed(j - 1))) return false;
		if (!CONNECTORS.has(token) && !listed(j)) budget--;
	}
	return false;
}

function resolvedAfter(tokens: string[], end: number): boolean {
	if (DENIED_NEXT.has(tokens[end])) return true;
	for (let j = end; j < Math.min(tokens.length, end + AFTER); j++) {
		const token = tokens[j];
		// "hasn't stopped", "isn't gone": still there.
		if (NEGATIONS.has(token) || BOUNDARIES.has(token) || token === ',') return false;
		if (RESOLVED.has(token) || (token === 'away' && tokens[j - 1] === 'went')) return true;
	}
	return false;
}

/** Whether an answer flagged from day `fromDay` counts on day `daysSince` (an unknown day counts). */
export function countsOnDay(fromDay: number | undefined, daysSince: number | null): boolean {
	return fromDay === undefined || daysSince === null || daysSince >= fromDay;
}

/** The red flags the text raises, one per flag, in the order of the list. */
export function findRedFlags(text: string, flags: readonly RedFlag[], daysSince: number | null): FoundFlag[] {
	const found = new Map<RedFlag, string>();
	for (const tokens of sentences(text)) {
		const matches = phrases(flags).flatMap(({ flag, phrase, words }) =>
			tokens.flatMap((_, start) =>
				words.every((word, k) => same(tokens[start + k], word))
					? [{ flag, phrase, start, end: start + words.length }]
					: [],
			),
		);
		const covered = new Set(matches.flatMap((m) => Array.from({ length: m.end - m.start }, (_, k) => m.start + k)));
		const listed = (j: number) => covered.has(j) || LIST_WORDS.has(tokens[j]);
		for (const m of matches) {
			if (found.has(m.flag) || !countsOnDay(m.flag.fromDay, daysSince)) continue;
			if (!negatedBefore(tokens, m.start, listed) && !resolvedAfter(tokens, m.end)) found.set(m.flag, m.phrase);
		}
	}
	return flags.flatMap((flag) => {
		const phrase = found.get(flag);
		return phrase === undefined ? [] : [{ flag: flag.flag, phrase }];
	});
}
