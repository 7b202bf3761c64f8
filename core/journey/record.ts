/**
 * Record: what happened, folded into journal rows to upsert. Inputs are Patient Message results,
 * Cadence Step decisions and tasks (which carry their rows), and patient replies (matched to the
 * patient by mobile number through the journal).
 */
import type { DateTime } from 'luxon';
import type { MessageResult, PatientReply } from '../messaging/touch';
import { patientKey, row, type JournalIndex, type JournalRow } from './journal';
import { COMPLAINT_MARK, isComplaint } from './complaints';

export interface RecordOutput {
	rows: JournalRow[];
	/** Hand-offs for staff (also in rows, as task rows). */
	tasks: JournalRow[];
}

const HANDOFF_INTENTS: Record<string, string> = {
	cost: 'asked about cost or financing',
	timing: 'asked about timing',
	clinical: 'asked a clinical question',
	other: 'sent a reply that needs a person',
	book: 'wants to book',
	healing_score: 'sent a healing check-in',
};

/** What a Cadence Step item carries through Patient Message to Record. */
export type CarriedResult = MessageResult & {
	journal?: JournalRow[];
	subjectId?: string;
	enrollmentRow?: JournalRow;
	/** Why staff must act when this message could not go out (an answer the patient is waiting for). */
	taskIfBlocked?: string;
};

export function recordResult(result: CarriedResult, now: DateTime): RecordOutput {
	const { outcome } = result;
	// Openings the patient never received are not on offer.
	const carried = (result.journal ?? []).filter(
		(r) => outcome.status === 'sent' || !(r.kind === 'offer' && r.status === 'open'),
	);
	if (outcome.status === 'deferred') return { rows: carried, tasks: [] };
	const touch = row({
		key: result.sendKey,
		kind: 'touch',
		journey: result.journey,
		patientId: result.contact.patientId,
		subjectId: result.subjectId ?? null,
		enrollment: result.enrollment,
		step: result.step,
		channel: result.channel,
		status: outcome.status === 'sent' ? 'sent' : 'blocked',
		reason:
			outcome.status === 'sent'
				? null
				: `${outcome.rule}${outcome.providerCode ? ` ${outcome.providerCode}` : ''}: ${outcome.reason}`,
		at: outcome.at,
		providerId: outcome.providerId,
		// A reply workflow reads the texting number's rows only: the touch must be among them
		// (a reminder or a booking question open, a healing check waiting: core/booking/conversation.ts).
		mobile: result.contact.mobile,
	});
	const rows = [...carried, touch];
	const tasks: JournalRow[] = [];
	if (outcome.status === 'blocked' && result.taskIfBlocked) {
		const task = row({
			key: `task/${result.sendKey}`,
			kind: 'task',
			patientId: result.contact.patientId,
			mobile: result.contact.mobile,
			enrollment: result.enrollment,
			status: 'open',
			reason: result.taskIfBlocked,
			at: outcome.at,
			detail: `Patient ${result.contact.patientId} ${result.taskIfBlocked} (${outcome.rule}).`,
		});
		rows.push(task);
		tasks.push(task);
	}
	if (outcome.optOut) {
		rows.push(optOutRow(result.contact.patientId, result.contact.mobile, 'sms', 'carrier: Twilio 21610', now));
		if (result.enrollmentRow)
			rows.push({ ...result.enrollmentRow, status: 'stopped', reason: 'opted_out', at: now.toUTC().toISO() });
	}
	return { rows, tasks };
}

function optOutRow(
	patientId: string,
	mobile: string | null,
	channel: 'sms' | 'email' | 'all',
	reason: string,
	now: DateTime,
): JournalRow {
	return row({
		key: patientKey(patientId),
		kind: 'patient',
		patientId,
		mobile,
		status: 'opted_out',
		channel,
		reason,
		at: now.toUTC().toISO(),
	});
}

/** A reply, possibly already read by Healing Check (its outcome carried along). */
export type RecordedReply = PatientReply & { healing?: { outcome: string; rule: string; dueAt: string | null } };

export function recordReply(reply: RecordedReply, journal: JournalIndex, now: DateTime): RecordOutput {
	const key = `reply/${reply.messageSid}`;
	if (journal.replies.has(key)) return { rows: [], tasks: [] }; // a duplicate delivery: already recorded
	const patientId = journal.patientsByMobile.get(reply.from) ?? null;
	const at = now.toUTC().toISO();
	// A complaint is marked on the row (never the words): a review request must not follow it (core/journey/complaints.ts).
	const detail = isComplaint(reply.body) ? COMPLAINT_MARK : null;
	const rows: JournalRow[] = [
		row({
			key,
			kind: 'reply',
			patientId,
			mobile: reply.from,
			status: reply.intent,
			reason: reply.matched,
			at,
			providerId: reply.messageSid,
			detail,
		}),
	];
	const tasks: JournalRow[] = [];
	const active = patientId
		? journal.enrollmentsOf(patientId).filter((e) => e.status === 'active' || e.status === 'paused')
		: [];
	/** An open staff task for this reply: a journal row, and an item on Staff Tasks. */
	const handOff = (reason: string, due: string | null, what: string) => {
		const who = `Patient ${patientId ?? `with number ${reply.from}`}`;
		const task = row({
			key: `task/${key}`,
			kind: 'task',
			patientId,
			mobile: reply.from,
			status: 'open',
			reason,
			at: due,
			providerId: reply.messageSid,
			detail: `${who} ${what}`,
		});
		rows.push(task);
		tasks.push(task);
	};
	if (reply.healing) {
		// Healing Check already answered the patient: the journey goes on; a person calls when it says so.
		rows[0] = { ...rows[0], status: `healing_${reply.healing.outcome}`, reason: reply.healing.rule };
		if (reply.healing.outcome === 'escalate' || reply.healing.outcome === 'needs_review') {
			const reason =
				reply.healing.outcome === 'escalate' ? 'healing check: call the patient' : 'healing check: read the reply';
			const due = reply.healing.dueAt ?? 'now';
			handOff(
				reason,
				reply.healing.dueAt ?? at,
				`answered the healing check: "${reply.body.slice(0, 300)}" (${reply.healing.rule}). Due ${due}.`,
			);
		}
		return { rows, tasks };
	}
	const update = (status: string, reason: string) => active.forEach((e) => rows.push({ ...e, status, reason, at }));

	switch (reply.intent) {
		case 'opt_out':
			// Recorded against the patient, so every journey (and every workflow sharing the journal) honours it.
			if (patientId) rows.push(optOutRow(patientId, reply.from, 'sms', `replied ${reply.matched ?? 'STOP'}`, now));
			else
				rows.push(
					row({
						key: `patient/mobile-${reply.from}`,
						kind: 'patient',
						mobile: reply.from,
						status: 'opted_out',
						channel: 'sms',
						reason: 'replied STOP (unknown number)',
						at,
					}),
				);
			update('stopped', 'opted_out');
			break;
		case 'opt_in':
			if (patientId)
				rows.push(
					row({
						key: patientKey(patientId),
						kind: 'patient',
						patientId,
						mobile: reply.from,
						status: 'ok',
						channel: 'sms',
						reason: 'replied START',
						at,
					}),
				);
			break;
		case 'decline':
			update('stopped', 'declined');
			break;
		case 'help':
			break;
		default: {
			// A bare acknowledgement ("ok", "thanks") asks nothing of anyone: the journey goes on.
			if (reply.intent === 'other' && !reply.needsHuman) break;
			update('paused', 'handoff');
			const said = HANDOFF_INTENTS[reply.intent] ?? 'replied';
			handOff(
				said,
				at,
				`${said}: "${reply.body.slice(0, 300)}". Their journeys are paused; set an enrollment back to "active" to resume.`,
			);
		}
	}
	return { rows, tasks };
}
