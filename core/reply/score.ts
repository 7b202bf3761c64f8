/**
 * A 0-10 healing score in a reply: "2", " 4 ", "7/10", "8 out of 10", "a three", or a number
 * inside free text ("prob a 2, it's throbbing"). Times, dates, money, counts and ranges are not
 * scores: "at 3pm", "$200", "on the 5th", "3/15", "took 2 advil", "2 weeks", "3-4".
 * This only finds the number; the Healing Check node decides what it means.
 */
import { stripEdges } from './text';

export interface HealingScore {
	score: number;
	/** The number as written ("2", "7/10", "8 out of 10", "three"). */
	matched: string;
	/** More than one different number read as a score ("a 7 yesterday, a 4 today"): the last one is kept. */
	ambiguous: boolean;
}

const WORDS: Record<string, number> = {
	zero: 0,
	one: 1,
	two: 2,
	three: 3,
	four: 4,
	five: 5,
	six: 6,
	seven: 7,
	eight: 8,
	nine: 9,
	ten: 10,
};
const HEDGE = "(?:a|an|maybe|prob|probably|about|like|around|i'd say|id say|i would say|its|it's|it is|im|i'm)";
const OUT_OF_TEN = '(?:\\s*(?:\\/|out of|of)\\s*(?:10|ten))';
// Number words only count as the whole reply: "no one called" holds no score.
const WHOLE_WORD_SCORE = new RegExp(
	`^(?:${HEDGE}\\s+)?(zero|one|two|three|four|five|six|seven|eight|nine|ten)${OUT_OF_TEN}?$`,
	'u',
);
const OUT_OF_TEN_NEXT = new RegExp(`^${OUT_OF_TEN}(?![\\p{L}\\p{N}])`, 'u');

// Words right before a number that make it a rating ("a 2", "pain is 4", "I'd say 5").
const RATING_BEFORE = new Set([
	'a',
	'an',
	'is',
	'was',
	'its',
	"it's",
	'say',
	'level',
	'maybe',
	'prob',
	'probably',
	'about',
	'abt',
	'like',
	'rate',
	'rating',
	'score',
	'im',
	"i'm",
	'am',
	'feel',
	'feels',
	'feeling',
	'now',
	'still',
	'only',
	'just',
	'solid',
	'bout',
	'pain',
	'sore',
]);
// Words right before a number that make it a time, date, count or choice ("at 3", "took 2", "option 2").
const NOT_RATING_BEFORE = new Set([
	'at',
	'by',
	'after',
	'before',
	'until',
	'till',
	'til',
	'from',
	'on',
	'around',
	'in',
	'for',
	'within',
	'every',
	'each',
	'the',
	'next',
	'than',
	'past',
	'to',
	'and',
	'or',
	'between',
	'took',
	'take',
	'taking',
	'taken',
	'had',
	'have',
	'has',
	'got',
	'my',
	'option',
	'slot',
	'choice',
	'number',
	'no',
	'x',
	'tomorrow',
	'jan',
	'january',
	'feb',
	'february',
	'mar',
	'march',
	'apr',
	'april',
	'may',
	'jun',
	'june',
	'jul',
	'july',
	'aug',
	'august',
	'sep',
	'sept',
	'september',
	'oct',
	'october',
	'nov',
	'november',
	'dec',
	'december',
	'mon',
	'monday',
	'tue',
	'tues',
	'tuesday',
	'wed',
	'wednesday',
	'thu',
	'thur',
	'thurs',
	'thursday',
	'fri',
	'friday',
	'sat',
	'saturday',
	'sun',
	'sunday',
]);
// Words right after a number that make it a time, amount or count ("3 pm", "2 weeks", "5 dollars").
const NOT_RATING_AFTER = new Set([
	'am',
	'pm',
	'a.m',
	'p.m',
	'oclock',
	"o'clock",
	'day',
	'days',
	'week',
	'weeks',
	'wk',
	'wks',
	'month',
	'months',
	'mo',
	'mos',
	'year',
	'years',
	'yr',
	'yrs',
	'hour',
	'hours',
	'hr',
	'hrs',
	'min',
	'mins',
	'minute',
	'minutes',
	'sec',
	'second',
	'seconds',
	'time',
	'times',
	'night',
	'nights',
	'pill',
	'pills',
	'tab',
	'tabs',
	'tablet',
	'tablets',
	'capsule',
	'capsules',
	'mg',
	'ml',
	'dose',
	'doses',
	'advil',
	'ibuprofen',
	'tylenol',
	'tooth',
	'teeth',
	'implant',
	'implants',
	'crown',
	'crowns',
	'kid',
	'kids',
	'child',
	'children',
	'people',
	'person',
	'more',
	'dollar',
	'dollars',
	'bucks',
	'usd',
	'k',
	'percent',
	'question',
	'questions',
	'thing',
	'things',
	'or',
	'to',
	'and',
	'on',
	'at',
	'visit',
	'visits',
	'appointment',
	'appointments',
	'appt',
	'appts',
	'stitches',
	'of',
	'tomorrow',
]);
// Words after a number at the start of a reply that keep it a rating ("4 today", "3 but sore").
const RATING_AFTER = new Set([
	'today',
	'now',
	'tonight',
	'this',
	'but',
	'i',
	'im',
	"i'm",
	'maybe',
	'still',
	'so',
	'though',
	'tbh',
	'honestly',
	'probably',
	'prob',
	'ish',
	'yesterday',
	'thanks',
	'thank',
	'thx',
	'ty',
	'pain',
	'feeling',
	'it',
	"it's",
	'its',
	'not',
	'no',
	'much',
	'better',
	'worse',
	'a',
	'bit',
	'lol',
	'haha',
	'hurts',
	'sore',
	'with',
	'mostly',
	'pretty',
	'very',
	'really',
	'getting',
]);

function wordBefore(before: string): string | null {
	const m = /([\p{L}'.]+)\s+$/u.exec(before);
	return m ? m[1].replace(/\.$/, '') : null;
}

function wordAfter(after: string): string | null {
	const m = /^\s+([\p{L}'.]+)/u.exec(after);
	return m ? m[1].replace(/\.$/, '') : null;
}

/** Whether the digit at text[start, end) reads as a 0-10 rating, and how it was written. */
function ratingAt(text: string, start: number, end: number): string | null {
	const before = text.slice(0, start);
	const after = text.slice(end);
	const charBefore = before.slice(-1);
	// Glued to a letter, money, a date or a range: "x2", "$5", "3/5", "3-4", "+1".
	if (/[\p{L}\p{N}$/+]/u.test(charBefore) || (charBefore === '-' && /\d\s*-$/.test(before))) return null;
	const number = text.slice(start, end);
	const outOf = OUT_OF_TEN_NEXT.exec(after);
	if (outOf) return number + outOf[0];
	// Glued to letters or followed by a date, time or range: "3pm", "5th", "5k", "3/15", "3:30", "3-4", "50%".
	if (/^(?:[\p{L}%']|\s*\/|\s*-\s*\d|[.,:]\d)/u.test(after)) return null;
	const next = wordAfter(after);
	if (next && NOT_RATING_AFTER.has(next)) return null;
	const previous = wordBefore(before);
	if (previous && NOT_RATING_BEFORE.has(previous)) return null;
	if (previous && RATING_BEFORE.has(previous)) return number;
	// Leading the reply, or set off by punctuation ("feeling better, 3"), and followed by nothing
	// that makes it a count: "4 today, bit sore" is a rating, "3 questions" is not.
	const setOff = /^[\s\p{P}]*$/u.test(before) || /[,;:-]\s*$/.test(before);
	const endsHere = /^[\s\p{P}]*$/u.test(after) || /^\s*[,;:.!?-]/.test(after);
	if (setOff && (endsHere || (next !== null && RATING_AFTER.has(next)))) return number;
	return null;
}

/** The healing score in a normalised reply, or null when there is none. */
export function findHealingScore(text: string): HealingScore | null {
	const whole = WHOLE_WORD_SCORE.exec(stripEdges(text));
	if (whole) return { score: WORDS[whole[1]], matched: whole[1], ambiguous: false };

	const found: Array<{ score: number; matched: string }> = [];
	// Whole numeric tokens, so "3:30", "2.5", "1,200" and "200" are never read as a small number.
	for (const m of text.matchAll(/\d+(?:[.,:]\d+)*/g)) {
		if (!/^(?:10|\d)$/.test(m[0])) continue;
		const matched = ratingAt(text, m.index, m.index + m[0].length);
		if (matched) found.push({ score: Number(m[0]), matched });
	}
	if (!found.length) return null;
	const last = found[found.length - 1];
	return { ...last, ambiguous: found.some((f) => f.score !== last.score) };
}
