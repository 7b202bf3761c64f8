/** A healing check at 10:00 on Tuesday 10 March 2026 in Chicago, day 3 after an implant placement. */
import { DateTime } from 'luxon';
import { readAnswer, type HealingAnswer } from '../../../core/healing/answer';
import { checkHealing, type HealingContext, type HealingDecision } from '../../../core/healing/decide';
import { parsePracticeHours } from '../../../core/healing/hours';
import { DEFAULT_QUESTIONNAIRE, DEFAULT_RED_FLAGS } from '../../../core/healing/questionnaire';

export const ZONE = 'America/Chicago';
export const NOW = DateTime.fromISO('2026-03-10T10:00:00', { zone: ZONE });
export const PRACTICE = { name: 'Riverside Dental', phone: '(512) 555-0100' };

export function context(over: Partial<HealingContext> = {}): HealingContext {
	return {
		milestone: 'implant_placement',
		daysSince: 3,
		now: NOW,
		hours: parsePracticeHours('Mon-Fri 08:00-17:00', ZONE),
		escalateWithinHours: 4,
		questionnaire: DEFAULT_QUESTIONNAIRE,
		redFlags: DEFAULT_RED_FLAGS,
		practice: PRACTICE,
		...over,
	};
}

export const sms = (text: string): HealingAnswer => readAnswer({ body: text }, text, 'sms', DEFAULT_QUESTIONNAIRE);

/** A Form Trigger submission of the default questionnaire, keyed by label as the Form Trigger does. */
export function formItem(answers: Partial<Record<string, unknown>>): Record<string, unknown> {
	const json: Record<string, unknown> = { submittedAt: '2026-03-10T10:00:00.000-05:00', formMode: 'production' };
	for (const question of DEFAULT_QUESTIONNAIRE.questions) json[question.label] = answers[question.id] ?? null;
	return json;
}

export const form = (answers: Partial<Record<string, unknown>>): HealingAnswer =>
	readAnswer(formItem(answers), undefined, 'auto', DEFAULT_QUESTIONNAIRE);

export const check = (answer: HealingAnswer | string, over: Partial<HealingContext> = {}): HealingDecision =>
	checkHealing(typeof answer === 'string' ? sms(answer) : answer, context(over));
