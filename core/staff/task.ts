/**
 * Staff tasks: what a person at the practice must do, taken from what the workflows already
 * record as open `task` rows in the journal (core/journey/journal.ts) - a journey's call task, a
 * reply that needs a person, a booking that needs a call, a healing check-in to call back, a
 * chart note Open Dental would not take - and given a deadline in the practice's business hours.
 *
 * The journal stays the one task list (README "Hand-offs to staff"): a handed-off task is its
 * row with `at` = the deadline, `startedAt` = when it was handed off and `channel` = where it was
 * delivered; a closed one has status `closed`, `reason` = who closed it and `at` = when.
 */
import { DateTime } from 'luxon';
import { addBusinessHours, type PracticeHours } from '../healing/hours';
import { row, type JournalRow } from '../journey/journal';
import { firstWord } from './names';

export type TaskKind = 'call' | 'reply' | 'booking' | 'healing' | 'chart_note' | 'coordinator' | 'message_blocked';

export interface StaffTask {
	/** The journal key ("task/..."). */
	key: string;
	kind: TaskKind;
	patientId: string | null;
	/** Only a first name ever reaches a staff channel; null when the source does not know it. */
	firstName: string | null;
	/** The PMS was asked for the first name and gave none: the alert says so (core/staff/names.ts). */
	nameNotFound?: boolean;
	/** What is needed, in lay words, without the patient's own words (those stay in the journal). */
	what: string;
	/** A healing check-in to call back or a clinical question: also texted to the front desk. */
	urgent: boolean;
	/** ISO, UTC. */
	openedAt: string;
	dueAt: string;
	/** The journal row as recorded (its `detail` keeps the full text for the journal). */
	row: JournalRow;
}

export interface DeadlineRules {
	hours: PracticeHours;
	/** Business hours to act on an ordinary task. */
	respondWithin: number;
	/** Business hours to act on an urgent one. */
	urgentWithin: number;
}

export class StaffTaskInputError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(message);
		this.name = 'StaffTaskInputError';
	}
}

/** Reply intents (core/journey/record.ts) in the words a task alert uses. */
const REPLY_NEEDS: Array<[RegExp, string]> = [
	[/^asked about cost/, 'asked about cost or financing by text: call or text back'],
	[/^asked about timing/, 'asked about timing by text: call or text back'],
	[/^asked a clinical question/, 'asked a question for the dentist by text: call back'],
	[/^wants to book: no approved openings/, 'wants to book, and no approved opening was free: call to book'],
	[/^wants to book/, 'wants to book by text: call to book'],
	[/^sent a healing check-in/, 'sent a healing check-in: read it and call if needed'],
	[/^sent a reply that needs a person/, 'sent a text that needs a person: read it and answer'],
];

/**
 * What the AI coordinator hands off (Treatment Coordinator > Hand Off, core/coordinator/entries.ts),
 * in the words a task alert uses. The model's summary stays in the journal's detail: it may retell
 * what the patient wrote. A clinical question, a complaint or a sensitive situation is urgent.
 */
const COORDINATOR_NEEDS: Record<string, string> = {
	clinical: 'asked the AI coordinator a question for the dentist: call back',
	prognosis: 'asked the AI coordinator whether the treatment can wait: call back',
	financing: 'asked the AI coordinator about cost, financing or insurance: call or text back',
	fee_negotiation: 'asked the AI coordinator about the price: call back',
	complaint: 'is unhappy (told the AI coordinator): call back',
	sensitive: 'told the AI coordinator about a personal situation: call back with care',
	booking_help: 'wants to book and the AI coordinator could not finish: call to book',
	other: 'needs an answer the AI coordinator could not give: call or text back',
};
const COORDINATOR_URGENT = new Set(['clinical', 'complaint', 'sensitive']);
const COORDINATOR_TASKS = 'task/coordinator/';

function kindOf(r: JournalRow): TaskKind {
	if (r.key.startsWith('task/chart/')) return 'chart_note';
	if (r.key.startsWith(COORDINATOR_TASKS)) return 'coordinator';
	if (r.reason?.startsWith('healing check')) return 'healing';
	if (r.key.startsWith('task/reply/')) return r.reason?.startsWith('wants to book') ? 'booking' : 'reply';
	if (r.step) return 'call';
	return 'message_blocked';
}

function whatOf(r: JournalRow, kind: TaskKind): string {
	const reason = (r.reason ?? '').trim();
	switch (kind) {
		case 'chart_note':
			return 'a note for the chart could not be saved in Open Dental: add it by hand (the note is in the journal)';
		case 'healing':
			return reason === 'healing check: call the patient'
				? 'answered the healing check-in with a warning sign: call the patient'
				: 'answered the healing check-in unclearly: read the reply and call';
		case 'coordinator':
			return COORDINATOR_NEEDS[r.step ?? ''] ?? COORDINATOR_NEEDS.other;
		case 'call':
			// The journey's own call task, written in lay words by its template (no codes or tooth numbers).
			return (r.detail ?? '').trim() || 'call the patient';
		case 'reply':
		case 'booking':
			return (
				REPLY_NEEDS.find(([pattern]) => pattern.test(reason))?.[1] ??
				(reason ? `${reason}: call back` : 'replied by text: call back')
			);
		default:
			return reason.replace(/^is /, '') || 'a message could not go out: call the patient';
	}
}

const isUrgent = (r: JournalRow, kind: TaskKind) =>
	kind === 'coordinator'
		? COORDINATOR_URGENT.has(r.step ?? '')
		: (kind === 'healing' && r.reason === 'healing check: call the patient') || /clinical/.test(r.reason ?? '');

function isTaskRow(value: unknown): value is JournalRow {
	const v = value as Record<string, unknown> | null;
	return !!v && v.kind === 'task' && typeof v.key === 'string' && v.key.startsWith('task/');
}

/**
 * A Healing Check result that needs a person (the healing check form's Escalate or Needs Review
 * output) as the task row the journal keeps: the call-back deadline Healing Check set, one row per
 * form submission.
 */
function healingRow(json: Record<string, unknown>): JournalRow | null {
	const healing = json.healing as { outcome?: unknown; dueAt?: unknown; rule?: unknown } | undefined;
	if (!healing || (healing.outcome !== 'escalate' && healing.outcome !== 'needs_review')) return null;
	const patientId =
		typeof json.patientId === 'string' || typeof json.patientId === 'number' ? String(json.patientId).trim() : '';
	if (!patientId)
		throw new StaffTaskInputError(
			'patientId',
			'The healing check has no patient ID: the form link must carry patientId',
		);
	const when =
		typeof json.submittedAt === 'string' ? json.submittedAt : typeof healing.dueAt === 'string' ? healing.dueAt : '';
	const escalate = healing.outcome === 'escalate';
	return row({
		key: `task/healing/${patientId}/${when}`,
		kind: 'task',
		patientId,
		status: 'open',
		reason: escalate ? 'healing check: call the patient' : 'healing check: read the reply',
		at: typeof healing.dueAt === 'string' ? healing.dueAt : null,
		detail: `Patient ${patientId} answered the healing check form (${String(healing.rule ?? '')}): ${escalate ? 'call the patient' : 'read the answers and call'}.`,
	});
}

/**
 * A Treatment Coordinator > Hand Off item (`kind: 'chairside.task'` with its topic and the chart
 * note's id) as the task row the journal keeps: one row per hand-off (its chart note), the topic in
 * `step`, the coordinator's reason and summary in `detail` for the journal only.
 */
function coordinatorRow(json: Record<string, unknown>): JournalRow | null {
	if (json.kind !== 'chairside.task' || typeof json.topic !== 'string' || Array.isArray(json.journal)) return null;
	const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v).trim() : '');
	const patientId = text(json.patientId);
	if (!patientId) throw new StaffTaskInputError('patientId', 'The coordinator hand-off has no patient ID');
	const which = text(json.commlogId) || text(json.at);
	if (!which)
		throw new StaffTaskInputError(
			'commlogId',
			`The coordinator hand-off for patient ${patientId} has neither a chart note id nor a time`,
		);
	return row({
		key: `${COORDINATOR_TASKS}${patientId}/${which}`,
		kind: 'task',
		journey: 'ai-coordinator',
		patientId,
		step: json.topic,
		status: 'open',
		reason: text(json.reason) || 'Needs staff follow-up.',
		at: null,
		detail: [text(json.reason), text(json.summary)].filter(Boolean).join(' '),
	});
}

/**
 * The open task rows an item carries: a task row itself (Cadence Step > Record's task output), or
 * a `chairside.task` carrying its rows (a journey step, a lost chart note), a Healing Check
 * result that needs a person, or an AI coordinator hand-off. An item with none is
 * an error naming what was expected.
 */
export function taskRowsOf(json: Record<string, unknown>): JournalRow[] {
	if (isTaskRow(json)) return [row(json as Partial<JournalRow> & JournalRow)];
	const healing = healingRow(json);
	if (healing) return [healing];
	const coordinator = coordinatorRow(json);
	if (coordinator) return [coordinator];
	const journal = (json as { journal?: unknown }).journal;
	if (Array.isArray(journal)) {
		const rows = journal.filter(isTaskRow).map((r) => row(r));
		if (rows.length) return rows;
	}
	throw new StaffTaskInputError(
		'key',
		'is not a staff task: expected a journal row of kind "task" (Cadence Step > Record, second output) or a Chairside task item',
	);
}

/**
 * The task a row becomes when it is handed off at `now`: a deadline the row already carries (a
 * healing call-back due in 4 business hours) is kept when it is still ahead; otherwise the
 * deadline is the practice's response time counted in its business hours.
 */
export function handOffTask(
	r: JournalRow,
	now: DateTime,
	rules: DeadlineRules,
	firstName: string | null = null,
): StaffTask {
	const kind = kindOf(r);
	const urgent = isUrgent(r, kind);
	const carried = r.at ? DateTime.fromISO(r.at, { zone: 'utc' }) : null;
	const due =
		carried?.isValid && carried > now
			? carried
			: addBusinessHours(now, rules.hours, urgent ? rules.urgentWithin : rules.respondWithin);
	const name = firstWord(firstName);
	return {
		key: r.key,
		kind,
		patientId: r.patientId,
		firstName: name,
		what: whatOf(r, kind),
		urgent,
		openedAt: now.toUTC().toISO() as string,
		dueAt: due.toUTC().toISO() as string,
		row: r,
	};
}

/** The journal row of a handed-off task: open, due at its deadline, delivered on `channels`. */
export function openRow(task: StaffTask, channels: string[]): JournalRow {
	return {
		...task.row,
		status: 'open',
		at: task.dueAt,
		startedAt: task.openedAt,
		channel: channels.join(' ') || 'none',
	};
}

/** A handed-off task read back from the journal (Follow Up Overdue, Daily Digest). */
export function taskFromRow(r: JournalRow): StaffTask {
	const kind = kindOf(r);
	return {
		key: r.key,
		kind,
		patientId: r.patientId,
		firstName: null,
		what: whatOf(r, kind),
		urgent: isUrgent(r, kind),
		openedAt: r.startedAt ?? r.at ?? '',
		dueAt: r.at ?? '',
		row: r,
	};
}

/** Open task rows, oldest first (by when they were handed off, then opened). */
export function openTasks(rows: JournalRow[]): StaffTask[] {
	return rows
		.filter((r) => r.kind === 'task' && r.status === 'open')
		.map(taskFromRow)
		.sort((a, b) => (a.openedAt < b.openedAt ? -1 : a.openedAt > b.openedAt ? 1 : a.key.localeCompare(b.key)));
}

export type FollowUpStage = 'reminder' | 'escalation';

export interface FollowUp {
	task: StaffTask;
	stage: FollowUpStage;
}

/**
 * What is owed at `now` for each handed-off open task: past its deadline, one reminder to the
 * front desk; `escalateAfter` business hours past it, one note to the escalation contact. Rows
 * never handed off (no `startedAt`) are only listed in the digest: an old row's `at` is when it
 * was written, not a deadline anyone was told.
 */
export function followUps(rows: JournalRow[], now: DateTime, hours: PracticeHours, escalateAfter: number): FollowUp[] {
	const out: FollowUp[] = [];
	for (const task of openTasks(rows)) {
		if (!task.row.startedAt) continue;
		const due = DateTime.fromISO(task.dueAt, { zone: 'utc' });
		if (!due.isValid || now < due) continue;
		out.push({ task, stage: 'reminder' });
		if (now >= addBusinessHours(due, hours, escalateAfter)) out.push({ task, stage: 'escalation' });
	}
	return out;
}

/** The row of a task staff closed: who (as they typed it or as n8n knows them) and when. */
export function closedRow(r: JournalRow, closedBy: string, now: DateTime): JournalRow {
	const who = closedBy.replace(/\s+/g, ' ').trim().slice(0, 80);
	if (!who) throw new StaffTaskInputError('closedBy', 'Closed By is empty: the journal records who closed the task');
	return { ...r, status: 'closed', reason: `closed by ${who}`, at: now.toUTC().toISO() };
}

/** Claim keys: one place, so every run claims the same alert under the same key. */
export const alertKeys = {
	handOff: (taskKey: string, channel: string) => `staff:${taskKey}:handoff:${channel}`,
	reminder: (taskKey: string, channel: string) => `staff:${taskKey}:reminder:${channel}`,
	escalation: (taskKey: string) => `staff:${taskKey}:escalation`,
	digest: (day: string, channel: string) => `staff:digest:${day}:${channel}`,
};
