/**
 * The words that sort a patient's reply, per intent, as data a practice can tune.
 *
 * An entry is a word or phrase matched as whole words anywhere in the reply ("end" never matches
 * "weekend", "no" never matches "know"). Two marks narrow it:
 * - "=word" counts only as the whole reply, give or take punctuation, emoji, repeats and a
 *   "please"/"thanks": "=cancel" is an opt-out, "can I cancel my appointment" is not.
 * - "^word" counts only at the start of the reply: "ok, sounds good" books, "I'm ok" does not.
 * Apostrophes and hyphens are optional ("don't" matches "dont", "opt-out" matches "optout").
 * An okay or thanks on its own ("ok", "sounds good", "👍") is an acknowledgement, not a booking
 * (core/reply/classify.ts): "^ok" and "sounds good" book only with more said ("ok, book me").
 */
import type { ReplyIntent } from '../messaging/touch';

/** Intents decided by words; healing scores are numbers and "other" is what is left. */
export type KeywordIntent = Exclude<ReplyIntent, 'healing_score' | 'other'>;
export type ReplyKeywordLists = Record<KeywordIntent, string[]>;

export const KEYWORD_INTENTS: readonly KeywordIntent[] = [
	'opt_out',
	'opt_in',
	'help',
	'book',
	'decline',
	'cost',
	'timing',
	'clinical',
];

export const DEFAULT_REPLY_KEYWORDS: Readonly<Record<KeywordIntent, readonly string[]>> = {
	// Twilio's default opt-out keywords as whole replies, plus the FCC's 2024 "any reasonable means".
	opt_out: [
		'=stop',
		'=stopall',
		'=unsubscribe',
		'=cancel',
		'=end',
		'=quit',
		'=revoke',
		'=optout',
		'opt out',
		'optout',
		'stop texting',
		'stop messaging',
		'stop contacting',
		'stop sending',
		'quit texting',
		'remove me',
		'take me off',
		'unsubscribe',
		'revoke consent',
		'do not text',
		"don't text",
		'do not contact',
		"don't contact",
		'no more texts',
		'no more messages',
		'leave me alone',
	],
	// Twilio also re-subscribes on YES, but to a practice YES means "book" (see classify.ts).
	opt_in: ['=start', '=unstop'],
	help: ['=help', '=info'],
	book: [
		'^yes',
		'^yeah',
		'^yep',
		'^yup',
		'^ok',
		'^okay',
		'^sure',
		'=ya',
		'=y',
		'yes please',
		'book',
		'book me',
		'book it',
		'schedule me',
		'schedule it',
		'to schedule',
		'can i schedule',
		'please schedule',
		'get scheduled',
		'make an appointment',
		'appointment please',
		"let's do it",
		"let's do this",
		'sounds good',
		'that works',
		'works for me',
		'go ahead',
		'sign me up',
		"i'm ready",
		"i'm interested",
		'set it up',
		'can i come in',
		'what times',
		'available',
		'availability',
		'openings',
		'call me',
		'give me a call',
		'please call',
		'can you call',
	],
	decline: [
		'=no',
		'=nope',
		'=nah',
		'=pass',
		'no thanks',
		'no thank you',
		'no thx',
		'not interested',
		'no longer interested',
		"don't need it",
		"don't want it",
		'decided against',
		'going elsewhere',
		'another dentist',
		'different dentist',
		'another office',
		'new dentist',
		'not for me',
		"i'll pass",
		'changed my mind',
		'not going to do it',
		'got it done elsewhere',
		'had it done elsewhere',
	],
	cost: [
		'how much',
		'cost',
		'costs',
		'price',
		'pricing',
		'expensive',
		'afford',
		'affordable',
		'insurance',
		'covered',
		'coverage',
		'payment plan',
		'payment plans',
		'pay',
		'financing',
		'finance',
		'carecredit',
		'care credit',
		'sunbit',
		'copay',
		'co-pay',
		'deductible',
		'out of pocket',
		'estimate',
		'quote',
		'discount',
		'cheaper',
		'billing',
		'my bill',
		'money',
	],
	timing: [
		'not now',
		'not right now',
		'not yet',
		'later',
		'next week',
		'next month',
		'next year',
		'after the holidays',
		'after christmas',
		'new year',
		'busy',
		'hold off',
		'not ready',
		'in a few weeks',
		'in a few months',
		'a few weeks',
		'few months',
		'travel',
		'traveling',
		'travelling',
		'vacation',
		'out of town',
		'end of the month',
		'reschedule',
		'cancel my appointment',
		'cancel the appointment',
		'cancel my appt',
		'move my appointment',
		"can't make it",
	],
	clinical: [
		'pain',
		'painful',
		'hurts',
		'hurt',
		'hurting',
		'ache',
		'aches',
		'aching',
		'achy',
		'throbbing',
		'throbs',
		'swelling',
		'swollen',
		'bleeding',
		'bleed',
		'blood',
		'fever',
		'infection',
		'infected',
		'pus',
		'numb',
		'numbness',
		'medication',
		'meds',
		'antibiotic',
		'antibiotics',
		'ibuprofen',
		'advil',
		'tylenol',
		'painkiller',
		'painkillers',
		'prescription',
		'is this normal',
		'is it normal',
		'stitches',
		'sutures',
		'sore',
		'tender',
		'dry socket',
		'bad taste',
		'loose',
		'fell out',
		'cracked',
		'chipped',
		'broken',
		'allergic',
		'emergency',
		'urgent',
	],
};

/** A comma-separated list from a node field: trimmed, lower case, blanks dropped. */
export function parseKeywordList(text: string | null | undefined): string[] {
	return (text ?? '')
		.split(',')
		.map((word) => word.trim().toLowerCase())
		.filter((word) => unmarked(word) !== '');
}

/** An entry without its "=" or "^" mark: what staff see as the matched word. */
export function unmarked(entry: string): string {
	return entry.replace(/^[=^]\s*/, '').trim();
}

/**
 * The default lists with a practice's extra words added and the words it does not want removed
 * (ignoring "ok" drops "ok", "^ok" and "=ok" alike). Opt-out words are never removed: Twilio
 * unsubscribes the patient on them whatever the practice's lists say, and revocation by any
 * reasonable means has to be honoured.
 */
export function replyKeywords(
	extra: Partial<Record<KeywordIntent, readonly string[]>> = {},
	ignore: readonly string[] = [],
): ReplyKeywordLists {
	const dropped = new Set(ignore.map((word) => unmarked(word.toLowerCase())));
	const lists = {} as ReplyKeywordLists;
	for (const intent of KEYWORD_INTENTS) {
		const words = [
			...DEFAULT_REPLY_KEYWORDS[intent],
			...(extra[intent] ?? []).map((word) => word.trim().toLowerCase()),
		];
		lists[intent] = [...new Set(words)].filter(
			(word) => unmarked(word) !== '' && (intent === 'opt_out' || !dropped.has(unmarked(word))),
		);
	}
	return lists;
}
