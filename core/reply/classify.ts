/**
 * What a patient's SMS reply means, and whether a person should answer it.
 *
 * Rules in priority order (the first that holds decides):
 * 1. opt_out: Twilio's OptOutType=STOP, or an opt-out keyword/phrase (never after a negation).
 * 2. opt_in: OptOutType=START or START/UNSTOP. Twilio also sends OptOutType=START for a bare
 *    YES, but a practice asked "shall we book?" so YES is `book`; Twilio re-subscribes the
 *    number on its side either way.
 * 3. help: OptOutType=HELP or HELP/INFO.
 * 4. clinical for a red flag (core/healing/redflags.ts: fever, heavy bleeding, pus...), whatever
 *    else the reply says: "3 but it's bleeding a lot" is not a routine healing score.
 * 5. healing_score: a 0-10 number ("2", "7/10", "prob a 2, it's throbbing"). A person is needed
 *    when the text also carries clinical words beyond the pain being rated, a cost question, a
 *    question mark, or two different numbers.
 * 6. clinical, 7. cost (words or a $ amount), 8. decline,
 * 9. a bare acknowledgement ("ok", "thanks", "sounds good", "👍") is `other` with needsHuman false:
 *    on its own it answers nothing, so it books only where a question is open - the booking
 *    conversation decides that from the journal (core/booking/conversation.ts). A new intent
 *    would add a Patient Reply Trigger output every shipped workflow would have to wire.
 * 10. book (a person is needed for a call request or when timing words come with it),
 * 11. timing, 12. other (a person always; never guess).
 */
import { DEFAULT_RED_FLAGS } from '../healing/questionnaire';
import { findRedFlags } from '../healing/redflags';
import type { ReplyIntent } from '../messaging/touch';
import { DEFAULT_REPLY_KEYWORDS, unmarked, type KeywordIntent, type ReplyKeywordLists } from './keywords';
import { findKeyword } from './match';
import { findHealingScore } from './score';
import { normaliseReply, stripEdges } from './text';

export interface ReplyClassification {
	intent: ReplyIntent;
	/** The keyword, pattern or Twilio parameter that decided. */
	matched: string | null;
	/** 0-10 for a healing score, otherwise null. */
	score: number | null;
	needsHuman: boolean;
}

/** Words that name what a healing score rates: "pain is a 3" is a score, not a red flag. */
const RATED_WORDS = new Set([
	'pain',
	'painful',
	'sore',
	'tender',
	'ache',
	'achy',
	'aching',
	'hurts',
	'hurt',
	'hurting',
]);
const MONEY = /\$\s?\d|\d\s?(?:dollars|bucks|usd)(?![\p{L}])/u;
const CALL_REQUEST = /(?<![\p{L}])(?:call|phone|ring)(?![\p{L}])/u;

// The whole reply is thanks or an okay, in any mix and repeat: "ok thanks", "great, thank you!".
const ACK_WORDS =
	'ok|okay|k|kk|okie|thanks|thank you|thank u|thx|ty|tysm|sounds good|got it|great|perfect|cool|noted|will do|awesome|alright|all right';
const ACKNOWLEDGEMENT = new RegExp(`^(?:(?:${ACK_WORDS})(?:[\\s,.!]+|$))+$`, 'u');
// A thumbs-up, OK hand or folded hands sent alone.
const ACK_EMOJI = /^(?:\u{1F44D}|\u{1F44C}|\u{1F64F}|\p{Emoji_Modifier}|\u{FE0F}|\s)+$/u;

/** The reply is only an acknowledgement: it answers a question when one is open, and asks nothing. */
export function isAcknowledgement(body: string): boolean {
	const raw = (body ?? '').trim();
	if (raw !== '' && ACK_EMOJI.test(raw)) return true;
	const text = stripEdges(normaliseReply(raw));
	return text !== '' && ACKNOWLEDGEMENT.test(text);
}

const redFlagLists = new WeakMap<readonly string[], string[]>();
function redFlags(clinical: readonly string[]): string[] {
	let list = redFlagLists.get(clinical);
	if (!list) {
		list = clinical.filter((entry) => !RATED_WORDS.has(unmarked(entry)));
		redFlagLists.set(clinical, list);
	}
	return list;
}

const result = (
	intent: ReplyIntent,
	matched: string | null,
	needsHuman: boolean,
	score: number | null = null,
): ReplyClassification => ({
	intent,
	matched,
	score,
	needsHuman,
});

/**
 * Classify one reply. `lists` replaces the default list of each intent it names (build it with
 * replyKeywords() to add to the defaults instead); `optOutType` is Twilio's OptOutType parameter.
 */
export function classifyReply(
	body: string,
	lists: Partial<ReplyKeywordLists> = {},
	optOutType?: string | null,
): ReplyClassification {
	const words = (intent: KeywordIntent): readonly string[] => lists[intent] ?? DEFAULT_REPLY_KEYWORDS[intent];
	const text = normaliseReply(body ?? '');
	const twilio = (optOutType ?? '').trim().toUpperCase();

	if (twilio === 'STOP') return result('opt_out', 'OptOutType=STOP', false);
	const optOut = findKeyword(text, words('opt_out'), { negatable: true });
	if (optOut) return result('opt_out', optOut, false);

	const optIn = findKeyword(text, words('opt_in'));
	if (optIn) return result('opt_in', optIn, false);
	if (twilio === 'START' && !findKeyword(text, words('book'))) return result('opt_in', 'OptOutType=START', false);

	if (twilio === 'HELP') return result('help', 'OptOutType=HELP', false);
	const help = findKeyword(text, words('help'));
	if (help) return result('help', help, false);

	// Red flags count whatever day it is (null): the trigger does not know the milestone.
	const [redFlag] = findRedFlags(text, DEFAULT_RED_FLAGS, null);
	if (redFlag) return result('clinical', redFlag.phrase, true);

	const cost = findKeyword(text, words('cost')) ?? (MONEY.test(text) ? '$' : null);

	const healing = findHealingScore(text);
	if (healing) {
		const flagged = findKeyword(text, redFlags(words('clinical')), { negatable: true }) !== null;
		const needsHuman = flagged || cost !== null || text.includes('?') || healing.ambiguous;
		return result('healing_score', healing.matched, needsHuman, healing.score);
	}

	const clinical = findKeyword(text, words('clinical'), { negatable: true });
	if (clinical) return result('clinical', clinical, true);
	if (cost) return result('cost', cost, true);

	const decline = findKeyword(text, words('decline'));
	if (decline) return result('decline', decline, false);

	if (isAcknowledgement(body)) return result('other', 'acknowledgement', false);

	const timing = findKeyword(text, words('timing'));
	const book = findKeyword(text, words('book'), { negatable: true });
	if (book) return result('book', book, CALL_REQUEST.test(text) || timing !== null);
	if (timing) return result('timing', timing, true);

	return result('other', null, true);
}
