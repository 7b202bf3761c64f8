/**
 * A patient's reply matched to the enrollment it answers: the patient's newest open enrollment in
 * the journey, found by the mobile the journal holds. An implant enrollment also says which
 * milestone the reply is about and how many days ago it was, for the Healing Check.
 */
import type { DateTime } from 'luxon';
import type { PatientReply } from '../messaging/touch';
import { dayNumber } from '../normalize/date';
import type { JournalIndex } from './journal';
import { milestoneOfSubject } from './subject';

export interface MatchedReply {
	patientId: string;
	enrollment: string;
	journey: string;
	subjectId: string;
	milestone: string | null;
	daysSinceMilestone: number | null;
}

export function matchReply(
	reply: Pick<PatientReply, 'from'>,
	journal: JournalIndex,
	journey: string,
	now: DateTime,
): MatchedReply | null {
	const patientId = journal.patientsByMobile.get(reply.from);
	if (!patientId) return null;
	const open = journal
		.enrollmentsOf(patientId)
		.filter((e) => e.journey === journey && (e.status === 'active' || e.status === 'paused'))
		.sort((a, b) => String(b.startedAt ?? '').localeCompare(String(a.startedAt ?? '')));
	const enrollment = open[0];
	if (!enrollment) return null;
	const subjectId = enrollment.subjectId ?? '';
	const milestone = milestoneOfSubject(subjectId);
	// Calendar days on "now"'s own calendar (the workflow's zone), as the patient counts them.
	const days = milestone ? dayNumber(now.toISODate() as string) - dayNumber(milestone.on) : null;
	return {
		patientId,
		enrollment: enrollment.key,
		journey,
		subjectId,
		milestone: milestone?.milestone ?? null,
		daysSinceMilestone: days,
	};
}
