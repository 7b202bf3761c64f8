/**
 * Screening a message for the topics only staff may handle: a patient's message before the AI
 * coordinator answers it, or the coordinator's draft before it is sent. The rules are the table in
 * rules.ts; what comes back names topics and the table's own phrases, never the text, so a result
 * can be logged or shown to an LLM without carrying the patient's words.
 */
import { z } from 'zod';
import { DEFAULT_CLINICAL_WORDS, PHI_KIND_WORDS, phiMatcher, type PhiMatcher } from '../guard/phi';
import { findKeyword } from '../reply/match';
import { normaliseReply } from '../reply/text';
import { inputError } from './errors';
import { SCREEN_RULES, type ScreenDirection, type TopicRule } from './rules';
import { TOPICS, type Topic } from './topics';

/** A topic in a screening reason. */
const SCREEN_WORDS: Record<Topic, string> = {
	clinical: 'a clinical matter',
	prognosis: 'prognosis',
	financing: 'financing, insurance or cost',
	fee_negotiation: 'fees or discounts',
	complaint: 'a complaint',
	sensitive: 'a sensitive situation',
};

export const SCREEN_DIRECTIONS: readonly ScreenDirection[] = ['patient', 'draft'];

export interface ScreenResult {
	handOff: boolean;
	/** In TOPICS order, each once. */
	topics: Topic[];
	/** The table's phrases and pattern names that matched (or the kind of PHI), never the text. */
	matched: string[];
	reason: string;
}

const screenInput = z.object({
	text: z.string().refine((text) => text.trim() !== '', 'is empty'),
	direction: z.enum(['patient', 'draft']),
});

const defaultPhi = phiMatcher(DEFAULT_CLINICAL_WORDS);

function listed(words: string[]): string {
	return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** What one rule finds: the first phrase (outside a negation where it may be negated), every pattern, PHI. */
function hits(rule: TopicRule, text: string, original: string, phi: PhiMatcher): string[] {
	const found: string[] = [];
	const phrase = findKeyword(text, rule.phrases, { negatable: rule.negatable === true });
	if (phrase) found.push(phrase);
	for (const { name, pattern } of rule.patterns ?? []) if (pattern.test(text)) found.push(name);
	if (rule.phi) {
		// The guard reads the text as written: a capital letter after "tooth" is a primary tooth.
		const kind = phi.find(original);
		if (kind) found.push(PHI_KIND_WORDS[kind]);
	}
	return found;
}

/**
 * Screen `text` sent by the patient (`patient`) or drafted for them (`draft`). A patient message
 * that touches a topic, or a draft that carries clinical, prognosis, financing, price or PHI
 * wording, hands off: a person answers, and the draft is not sent.
 */
export function screenMessage(
	text: string,
	direction: ScreenDirection,
	rules: Readonly<Record<ScreenDirection, readonly TopicRule[]>> = SCREEN_RULES,
	phi: PhiMatcher = defaultPhi,
): ScreenResult {
	const parsed = screenInput.safeParse({ text, direction });
	if (!parsed.success) throw inputError(parsed.error, { text: 'Text', direction: 'Direction' });
	const normalised = normaliseReply(parsed.data.text);
	const found = new Map<Topic, string[]>();
	for (const rule of rules[parsed.data.direction]) {
		const matched = hits(rule, normalised, parsed.data.text, phi);
		if (matched.length) found.set(rule.topic, [...(found.get(rule.topic) ?? []), ...matched]);
	}
	const topics = TOPICS.filter((topic) => found.has(topic));
	const matched = [...new Set(topics.flatMap((topic) => found.get(topic) ?? []))];
	const words = listed(topics.map((topic) => SCREEN_WORDS[topic]));
	const handOff = topics.length > 0;
	let reason: string;
	if (parsed.data.direction === 'patient') {
		reason = handOff
			? `Hand off to staff: the patient's message touches ${words}. Do not answer it yourself.`
			: 'No staff-only topic found: the coordinator may answer (booking, timing, logistics).';
	} else {
		reason = handOff
			? `Do not send this draft: it touches ${words}. Hand off to staff instead.`
			: 'The draft may be sent: no clinical, prognosis, financing, price or PHI wording found.';
	}
	return { handOff, topics, matched, reason };
}
