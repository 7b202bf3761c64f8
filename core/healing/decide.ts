/**
 * The healing check-in decision: one pure function of the answer, the milestone and "now".
 * Rules in priority order (the first that holds decides; `rule` names it):
 * 1. A red flag escalates whatever the score: a phrase in the text ("red_flag:fever") or a
 *    flagged form answer ("form:pain" for pain 8+).
 * 2. An answer that cannot be read goes to a person, never guessed: no rating ("unparseable"),
 *    two different ratings ("ambiguous"), a rating outside 1-5 ("out_of_range"), a form answer
 *    that fits no option or range ("invalid_answer").
 * 3. 1-2 escalates ("score_1_2").
 * 4. A 3-5 that asks a question ("?") goes to a person ("question"): an automatic reply would leave it unanswered.
 * 5. 3 reassures ("score_3"); 4-5 celebrates ("score_4_5").
 * Escalate and Needs review are due within the same business hours: an answer we cannot read
 * may hide the same pain a 1 reports.
 */
import type { DateTime } from 'luxon';
import type { ImplantMilestone } from '../model/clinical';
import type { FormAnswer, HealingAnswer } from './answer';
import { healingReply, type PracticeContact } from './copy';
import { addBusinessHours, type PracticeHours } from './hours';
import { answerKey, SCORE_MAX, SCORE_MIN, type Question, type Questionnaire, type RedFlag } from './questionnaire';
import { countsOnDay, findRedFlags } from './redflags';

import { HEALING_OUTCOMES, type HealingOutcome } from './outcome';

export { HEALING_OUTCOMES, type HealingOutcome };

export type HealingRule =
	| 'score_1_2'
	| 'score_3'
	| 'score_4_5'
	| `red_flag:${string}`
	| `form:${string}`
	| 'unparseable'
	| 'ambiguous'
	| 'out_of_range'
	| 'invalid_answer'
	| 'question';

interface Basis {
	/** The rating read (even one outside 1-5), or null when there is none. */
	score: number | null;
	rule: HealingRule;
	/** For staff: why, in a few words. */
	reason: string;
	/** For the patient. */
	reply: string;
}

export type HealingDecision =
	| (Basis & { outcome: 'escalate'; dueAt: string })
	| (Basis & { outcome: 'needs_review'; dueAt: string })
	| (Basis & { outcome: 'reassure'; dueAt: null })
	| (Basis & { outcome: 'celebrate'; dueAt: null });

export interface HealingContext {
	milestone: ImplantMilestone | null;
	daysSince: number | null;
	now: DateTime;
	hours: PracticeHours;
	/** Business hours within which a coordinator calls (or reviews an unclear answer). */
	escalateWithinHours: number;
	questionnaire: Questionnaire;
	redFlags: readonly RedFlag[];
	practice: PracticeContact;
}

interface Finding {
	rule: HealingRule;
	reason: string;
}

type Rating = { kind: 'rated'; score: number } | ({ kind: 'unrated'; score: number | null } & Finding);

/** What an answer says, before the rules weigh it. */
interface Reading {
	flags: Finding[];
	rating: Rating;
	asked: boolean;
}

const OF = `of ${SCORE_MAX}`;
const inRange = (score: number) => score >= SCORE_MIN && score <= SCORE_MAX;

function textFlags(text: string, context: HealingContext): Finding[] {
	return findRedFlags(text, context.redFlags, context.daysSince).map((f) => ({
		rule: `red_flag:${f.flag}`,
		reason: `mentions "${f.phrase}"`,
	}));
}

function smsReading(answer: Extract<HealingAnswer, { kind: 'sms' }>, context: HealingContext): Reading {
	const { score } = answer;
	let rating: Rating;
	if (score === null)
		rating = {
			kind: 'unrated',
			score,
			rule: 'unparseable',
			reason: `no ${SCORE_MIN}-${SCORE_MAX} rating in the reply`,
		};
	else if (answer.ambiguous)
		rating = { kind: 'unrated', score, rule: 'ambiguous', reason: 'more than one rating in the reply' };
	else if (!inRange(score))
		rating = {
			kind: 'unrated',
			score,
			rule: 'out_of_range',
			reason: `rating ${score} is outside ${SCORE_MIN}-${SCORE_MAX}`,
		};
	else rating = { kind: 'rated', score };
	return { flags: textFlags(answer.text, context), rating, asked: answer.text.includes('?') };
}

/** The flagged part of a form answer ("yes", "9", "Worse", the flagged options), or null. */
function redAnswer(question: Question, answer: FormAnswer): string | null {
	const listed = (value: string) =>
		'redFlags' in question && question.redFlags.some((flag) => answerKey(flag) === answerKey(value));
	switch (answer.kind) {
		case 'scale':
			return question.kind === 'scale' &&
				question.redFlagAtLeast !== undefined &&
				answer.value >= question.redFlagAtLeast
				? String(answer.value)
				: null;
		case 'choice':
			return listed(answer.value) ? answer.value : null;
		case 'yesno':
			return question.kind === 'yesno' && question.redFlagWhen === (answer.value ? 'yes' : 'no')
				? question.redFlagWhen
				: null;
		case 'multi': {
			const flagged = answer.value.filter(listed);
			return flagged.length ? flagged.join(', ') : null;
		}
		case 'text':
		case 'invalid':
			return null;
	}
}

function formReading(answer: Extract<HealingAnswer, { kind: 'form' }>, context: HealingContext): Reading {
	const { questions, scoreQuestion } = context.questionnaire;
	const flags: Finding[] = [];
	const invalid: string[] = [];
	let asked = false;
	for (const question of questions) {
		const given = answer.answers[question.id];
		if (!given) continue;
		if (given.kind === 'invalid') invalid.push(`"${question.label}" ${given.problem}`);
		if (given.kind === 'text') {
			flags.push(...textFlags(given.value, context));
			asked ||= given.value.includes('?');
		}
		const red = redAnswer(question, given);
		if (red !== null && countsOnDay(question.flagFromDay, context.daysSince))
			flags.push({ rule: `form:${question.id}`, reason: `"${question.label}": ${red}` });
	}
	const given = answer.answers[scoreQuestion];
	const score = given?.kind === 'scale' ? given.value : null;
	const label = questions.find((q) => q.id === scoreQuestion)?.label ?? scoreQuestion;
	let rating: Rating;
	if (invalid.length) rating = { kind: 'unrated', score, rule: 'invalid_answer', reason: invalid.join('; ') };
	else if (score === null) rating = { kind: 'unrated', score, rule: 'unparseable', reason: `no answer to "${label}"` };
	else rating = { kind: 'rated', score };
	return { flags, rating, asked };
}

type Verdict = { outcome: HealingOutcome; score: number | null } & Finding;

function weigh({ flags, rating, asked }: Reading): Verdict {
	const { score } = rating;
	if (flags.length)
		return { outcome: 'escalate', score, rule: flags[0].rule, reason: flags.map((f) => f.reason).join('; ') };
	if (rating.kind === 'unrated') return { outcome: 'needs_review', score, rule: rating.rule, reason: rating.reason };
	if (rating.score <= 2) return { outcome: 'escalate', score, rule: 'score_1_2', reason: `rated ${score} ${OF}` };
	if (asked)
		return { outcome: 'needs_review', score, rule: 'question', reason: `rated ${score} ${OF} and asked a question` };
	if (rating.score === 3) return { outcome: 'reassure', score, rule: 'score_3', reason: `rated 3 ${OF}` };
	return { outcome: 'celebrate', score, rule: 'score_4_5', reason: `rated ${score} ${OF}` };
}

/** The outcome of one check-in, with the rule that decided, the due time and the reply to send. */
export function checkHealing(answer: HealingAnswer, context: HealingContext): HealingDecision {
	const verdict = weigh(answer.kind === 'sms' ? smsReading(answer, context) : formReading(answer, context));
	const reply = healingReply(verdict.outcome, context.milestone, context.daysSince, context.practice);
	switch (verdict.outcome) {
		case 'escalate':
		case 'needs_review': {
			const dueAt = addBusinessHours(context.now, context.hours, context.escalateWithinHours).toISO() as string;
			return { ...verdict, outcome: verdict.outcome, reply, dueAt };
		}
		case 'reassure':
		case 'celebrate':
			return { ...verdict, outcome: verdict.outcome, reply, dueAt: null };
	}
}
