/**
 * Who complained, as the journal tells it: the one definition every journey that must not ask an
 * unhappy patient (a review request) reads. A complaint is a reply, within the look-back, that
 * - the coordinator's screen calls a complaint ("rude", "overcharged", "refund": core/coordinator/rules.ts),
 *   marked on the reply row when it is recorded (core/journey/record.ts), or
 * - said no to us (decline), or raised a clinical worry or a healing red flag (the reply trigger's
 *   clinical intent), or was a Healing Check answer that escalated or needed a person.
 * Opt-outs are not here: they stop everything anyway (the guard, every journey's opt_out stop).
 */
import type { DateTime } from 'luxon';
import { screenMessage } from '../coordinator/screen';
import type { JournalIndex, JournalRow } from './journal';

/** Reply statuses (the intent, or Healing Check's `healing_<outcome>`) that count as a complaint. */
export const COMPLAINT_REPLY_STATUSES: ReadonlySet<string> = new Set([
	'decline',
	'clinical',
	'healing_escalate',
	'healing_needs_review',
]);

/** The mark a reply row carries in `detail` when its words are a complaint. */
export const COMPLAINT_MARK = 'complaint';

/** Whether a patient's words are a complaint (the AI coordinator's hand-off screen, patient side). */
export function isComplaint(body: string): boolean {
	if (!body.trim()) return false;
	return screenMessage(body, 'patient').topics.includes('complaint');
}

export function isComplaintRow(reply: JournalRow): boolean {
	return (
		reply.kind === 'reply' && (reply.detail === COMPLAINT_MARK || COMPLAINT_REPLY_STATUSES.has(reply.status ?? ''))
	);
}

/** The patient's replies within `days` before `now` include a complaint. A row without a readable time counts (never guess in the patient's disfavour). */
export function complainedWithin(journal: JournalIndex, patientId: string, now: DateTime, days: number): boolean {
	const since = now.minus({ days }).toMillis();
	return (journal.repliesByPatient.get(patientId) ?? []).some((r) => {
		if (!isComplaintRow(r)) return false;
		const at = r.at ? Date.parse(r.at) : NaN;
		return Number.isNaN(at) || at >= since;
	});
}
