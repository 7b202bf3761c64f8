/**
 * A patient's healing check-in as the decision reads it, from the item the node receives: an SMS
 * reply (the text; the rating found as core/reply/score.ts finds it) or an n8n Form Trigger
 * submission. The Form Trigger outputs each field under its label (its Field Name from v2.4 on),
 * plus submittedAt and formMode; number fields arrive as numbers, checkboxes as arrays, an unanswered
 * field as null. Answers are matched to questions by label or id, ignoring case and punctuation.
 * Nothing is judged here: a rating of 7 or an unknown option is kept for the decision to refuse.
 * The item's milestone and days since it are read here too, refused by name when they make no sense.
 */
import { z } from 'zod';
import { IMPLANT_MILESTONES, milestoneOf, type ImplantMilestone } from '../model/clinical';
import { findHealingScore } from '../reply/score';
import { normaliseReply } from '../reply/text';
import { answerKey, type Question, type Questionnaire } from './questionnaire';

/** The node's Input parameter: auto reads a Form Trigger submission as a form, anything else as SMS. */
export type InputMode = 'auto' | 'sms' | 'form';

export type FormAnswer =
	| { kind: 'scale'; value: number }
	| { kind: 'choice'; value: string }
	| { kind: 'yesno'; value: boolean }
	| { kind: 'multi'; value: string[] }
	| { kind: 'text'; value: string }
	| { kind: 'invalid'; problem: string };

export type HealingAnswer =
	| {
			kind: 'sms';
			text: string;
			/** The 0-10 number read as a rating, or null when there is none. */
			score: number | null;
			/** Two different numbers read as ratings ("a 7 yesterday, a 4 today"); score is the last. */
			ambiguous: boolean;
	  }
	| {
			kind: 'form';
			/** By question id; a question left unanswered is absent. */
			answers: Record<string, FormAnswer>;
	  };

/** What n8n's Form Trigger (and Form node) adds to every submission. */
export function isFormSubmission(json: Record<string, unknown>): boolean {
	return typeof json.formMode === 'string' && typeof json.submittedAt === 'string';
}

const YES = new Set(['yes', 'y', 'true']);
const NO = new Set(['no', 'n', 'false']);

/** A single value: a radio or dropdown answer, or a checkbox list holding exactly one. */
function single(value: unknown): unknown {
	return Array.isArray(value) && value.length === 1 ? value[0] : value;
}

function option(options: readonly string[], value: unknown): string | null {
	return typeof value === 'string' ? (options.find((o) => answerKey(o) === answerKey(value)) ?? null) : null;
}

function readScale(question: Extract<Question, { kind: 'scale' }>, raw: unknown): FormAnswer {
	const value = single(raw);
	// A dropdown may read "3" or "3 - okay".
	const text = typeof value === 'string' ? /^\s*(-?\d+(?:\.\d+)?)(?![\d.])/.exec(value)?.[1] : undefined;
	const n = typeof value === 'number' ? value : text === undefined ? NaN : Number(text);
	if (!Number.isInteger(n)) return { kind: 'invalid', problem: 'is not a whole number' };
	if (n < question.min || n > question.max)
		return { kind: 'invalid', problem: `${n} is outside ${question.min}-${question.max}` };
	return { kind: 'scale', value: n };
}

function read(question: Question, raw: unknown): FormAnswer | null {
	if (raw === null || raw === undefined || raw === '') return null;
	switch (question.kind) {
		case 'scale':
			return readScale(question, raw);
		case 'choice': {
			const value = option(question.options, single(raw));
			return value === null
				? { kind: 'invalid', problem: `is not one of ${question.options.join(', ')}` }
				: { kind: 'choice', value };
		}
		case 'yesno': {
			const value = single(raw);
			const word = typeof value === 'boolean' ? String(value) : typeof value === 'string' ? answerKey(value) : '';
			if (YES.has(word)) return { kind: 'yesno', value: true };
			if (NO.has(word)) return { kind: 'yesno', value: false };
			return { kind: 'invalid', problem: 'is not yes or no' };
		}
		case 'multi': {
			const values = (Array.isArray(raw) ? raw : [raw]).map((v) => option(question.options, v));
			if (values.some((v) => v === null))
				return { kind: 'invalid', problem: `holds an answer that is not one of ${question.options.join(', ')}` };
			return { kind: 'multi', value: values as string[] };
		}
		case 'text':
			return typeof raw === 'string' || typeof raw === 'number'
				? { kind: 'text', value: String(raw) }
				: { kind: 'invalid', problem: 'is not text' };
	}
}

function readForm(json: Record<string, unknown>, questionnaire: Questionnaire): HealingAnswer {
	const byKey = new Map<string, Question>();
	for (const q of questionnaire.questions) byKey.set(answerKey(q.id), q).set(answerKey(q.label), q);
	const answers: Record<string, FormAnswer> = {};
	let matched = false;
	for (const [key, raw] of Object.entries(json)) {
		const question = byKey.get(answerKey(key));
		if (!question) continue;
		matched = true;
		const answer = read(question, raw);
		if (answer) answers[question.id] = answer;
	}
	// Not one field matches: the form's labels differ from the questionnaire's, which no patient can fix.
	if (!matched) {
		const expected = questionnaire.questions.slice(0, 2).map((q) => `"${q.label}" (or "${q.id}")`);
		throw new Error(
			`The form submission has none of the questionnaire's questions: name the form fields like the questionnaire, e.g. ${expected.join(', ')}`,
		);
	}
	return { kind: 'form', answers };
}

/**
 * The answer in an item. `text` is the reply text the node read (Reply Text); in auto mode a Form
 * Trigger submission is read as a form and anything else as an SMS reply.
 */
export function readAnswer(
	json: Record<string, unknown>,
	text: unknown,
	mode: InputMode,
	questionnaire: Questionnaire,
): HealingAnswer {
	if (mode === 'form' || (mode === 'auto' && isFormSubmission(json))) return readForm(json, questionnaire);
	// An empty text is a real reply (a picture, say) and goes to a person; a missing one is a wiring mistake.
	if (typeof text !== 'string' && typeof text !== 'number') {
		throw new Error('Reply Text is not text: map the reply, e.g. {{ $json.body }} from the Patient Reply Trigger');
	}
	const found = findHealingScore(normaliseReply(String(text)));
	return { kind: 'sms', text: String(text), score: found?.score ?? null, ambiguous: found?.ambiguous ?? false };
}

/**
 * The item's milestone: a milestone name or the procedure's code ("D6010"); empty is unknown
 * (generic copy). Anything else is refused rather than silently sent the generic copy.
 */
export function parseMilestone(value: unknown): ImplantMilestone | null {
	if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) return null;
	const text = String(value).trim().toLowerCase();
	const milestone = IMPLANT_MILESTONES.find((m) => m === text) ?? milestoneOf(text);
	if (!milestone)
		throw new Error(
			`Milestone "${text.slice(0, 40)}" is not one of ${IMPLANT_MILESTONES.join(', ')} or an implant procedure code`,
		);
	return milestone;
}

// Whole days: a fractional count from a date difference is the day it falls in.
const daysSchema = z
	.union([
		z.number(),
		z
			.string()
			.trim()
			.regex(/^\d+(?:\.\d+)?$/)
			.transform(Number),
	])
	.pipe(z.number().finite().min(0))
	.transform(Math.floor);

/** Days since the milestone, or null when the item does not say. */
export function parseDaysSince(value: unknown): number | null {
	if (value === null || value === undefined || value === '') return null;
	const parsed = daysSchema.safeParse(value);
	if (!parsed.success) throw new Error(`Days Since Milestone "${String(value).slice(0, 40)}" is not a number of days`);
	return parsed.data;
}
