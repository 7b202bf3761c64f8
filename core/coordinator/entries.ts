/**
 * What the AI coordinator writes to the chart: why a patient has not booked yet, and a hand-off
 * to staff. Each is a communication log entry that says that something happened and why, in the
 * coordinator's words, without clinical detail (the same PHI rule as patient messages).
 */
import type { DateTime } from 'luxon';
import { z } from 'zod';
import { DEFAULT_CLINICAL_WORDS, PHI_KIND_WORDS, phiMatcher, type PhiMatcher } from '../guard/phi';
import { CoordinatorInputError, inputError } from './errors';
import {
	HANDOFF_TOPICS,
	HESITATION_NEXT,
	HESITATION_REASONS,
	TOPIC_WORDS,
	type HandOffTopic,
	type HesitationReason,
} from './topics';

/** A note or summary is a sentence or two; the chart and the conversation hold the rest. */
export const NOTE_MAX_LENGTH = 300;

const LABELS: Record<string, string> = {
	patientId: 'Patient ID',
	reason: 'Reason',
	note: 'Note',
	topic: 'Topic',
	summary: 'Summary',
};

// An agent may pass the id as a number.
const patientId = z.preprocess(
	(value) => (typeof value === 'number' ? String(value) : value),
	z.string().trim().regex(/^\d+$/, 'must be a whole number (an Open Dental PatNum)'),
);
const shortText = z
	.string()
	.trim()
	.max(NOTE_MAX_LENGTH)
	.optional()
	.transform((text) => text ?? '');

// An agent may write "Cost" or "fee negotiation" for cost and fee_negotiation.
const choice = <T extends [string, ...string[]]>(values: T) =>
	z.preprocess(
		(value) =>
			typeof value === 'string'
				? value
						.trim()
						.toLowerCase()
						.replace(/[\s-]+/g, '_')
				: value,
		z.enum(values),
	);

const hesitationSchema = z.object({ patientId, reason: choice([...HESITATION_REASONS]), note: shortText });
const handOffSchema = z.object({ patientId, topic: choice([...HANDOFF_TOPICS]), summary: shortText });

const defaultPhi = phiMatcher(DEFAULT_CLINICAL_WORDS);

function parse<T extends z.ZodTypeAny>(schema: T, input: unknown): z.infer<T> {
	const parsed = schema.safeParse(input);
	if (!parsed.success) throw inputError(parsed.error, LABELS);
	return parsed.data;
}

/** Refuses free text with a code, a tooth number or a diagnosis, naming the field only. */
function withoutPhi(field: string, text: string, phi: PhiMatcher): string {
	const kind = phi.find(text);
	if (kind) {
		throw new CoordinatorInputError(
			field,
			`${LABELS[field]} contains ${PHI_KIND_WORDS[kind]}: a communication log entry carries no clinical detail`,
			'Describe it in lay terms without procedure codes, tooth numbers or diagnoses (e.g. "Asked whether the crown visit can wait").',
		);
	}
	return text;
}

const sentence = (...parts: string[]) => parts.filter((part) => part !== '').join(' ');

export interface HesitationEntry {
	patientId: string;
	reason: HesitationReason;
	/** The communication log note. */
	note: string;
	/** Cost is a financing conversation: staff own it. */
	handOff: boolean;
	/** What the coordinator does next, for the agent. */
	next: string;
}

/** Why a patient has not booked yet, as a chart note: "Treatment follow-up: patient hesitant (cost). ..." */
export function hesitationEntry(
	input: { patientId: unknown; reason: unknown; note?: unknown },
	phi: PhiMatcher = defaultPhi,
): HesitationEntry {
	const { patientId: id, reason, note } = parse(hesitationSchema, input);
	withoutPhi('note', note, phi);
	const handOff = reason === 'cost';
	return {
		patientId: id,
		reason,
		note: sentence(
			`Treatment follow-up: patient hesitant (${reason}).`,
			handOff ? `Needs staff follow-up: ${TOPIC_WORDS.financing}.` : '',
			note,
		),
		handOff,
		next: HESITATION_NEXT[reason],
	};
}

export interface HandOffEntry {
	patientId: string;
	topic: HandOffTopic;
	/** "Needs staff follow-up: <topic words>." */
	reason: string;
	summary: string;
	/** The communication log note. */
	note: string;
}

/** A conversation passed to staff, as a chart note: "Needs staff follow-up: fee negotiation. ..." */
export function handOffEntry(
	input: { patientId: unknown; topic: unknown; summary?: unknown },
	phi: PhiMatcher = defaultPhi,
): HandOffEntry {
	const { patientId: id, topic, summary } = parse(handOffSchema, input);
	withoutPhi('summary', summary, phi);
	const reason = `Needs staff follow-up: ${TOPIC_WORDS[topic]}.`;
	return { patientId: id, topic, reason, summary, note: sentence(reason, summary) };
}

export interface StaffTask {
	kind: 'chairside.task';
	patientId: string;
	topic: HandOffTopic;
	reason: string;
	summary: string;
	commlogId: string;
	/** ISO, in the practice's zone. */
	at: string;
}

/** The item a hand-off puts out for a staff queue (a task list, a Slack message, an email). */
export function staffTask(entry: HandOffEntry, commlogId: string, at: DateTime): StaffTask {
	return {
		kind: 'chairside.task',
		patientId: entry.patientId,
		topic: entry.topic,
		reason: entry.reason,
		summary: entry.summary,
		commlogId,
		at: at.toISO() as string,
	};
}

/** Open Dental's CommDateTime: practice-local, without a zone. */
export function commlogTime(at: DateTime, timezone: string): string {
	return at.setZone(timezone).toFormat('yyyy-MM-dd HH:mm:ss');
}
