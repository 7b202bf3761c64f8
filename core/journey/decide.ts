/**
 * The journey engine's one decision: what happens next for an enrollment at "now", given the
 * freshest PMS facts and the journal. Pure and deterministic; the clock is a parameter.
 */
import { DateTime } from 'luxon';
import type { Journey, JourneyStep, StopReason } from './template';
import type { JourneySubject } from './subject';
import type { JournalRow } from './journal';
import { holds } from './copy';
import { intoWindow, TickClock } from './clock';

export { intoWindow };

export type { SendWindow } from './clock';
import type { SendWindow } from './clock';

export type Decision =
	| { type: 'send'; channel: 'sms' | 'email'; step: JourneyStep; dueAt: DateTime; skipped: JourneyStep[] }
	| { type: 'task'; step: JourneyStep; dueAt: DateTime; skipped: JourneyStep[] }
	| {
			type: 'wait';
			until: DateTime | null;
			reason: 'next_step' | 'paused' | 'send_window' | 'daily_limit' | 'booked_ahead';
	  }
	| { type: 'finish'; reason: 'completed' | 'expired' | 'cap_reached' | 'next_phase' | 'handed_off' }
	| { type: 'stop'; reason: StopReason };

export interface EnrollmentFacts {
	enrollment: JournalRow;
	/** null when the freshest PMS facts no longer list the subject (booked, completed or removed). */
	subject: JourneySubject | null;
	touches: JournalRow[];
	optedOut: { sms: boolean; email: boolean };
	/** The patient complained within the journey's look-back (core/journey/complaints.ts); only read when the journey stops on it. */
	complained?: boolean;
}

/** An appointment reminder goes out at least this long before the visit, or not at all. */
export const REMINDER_LEAD_HOURS = 1;

const INACTIVE = new Set(['inactive', 'archived', 'deceased', 'non_patient']);
const DONE_TOUCH = new Set(['sent', 'blocked', 'skipped', 'task', 'unconfirmed']);

/** The day the journey counts from, in the patient's zone. */
export function anchorDay(
	journey: Journey,
	enrollment: JournalRow,
	subject: JourneySubject | null,
	zone: string,
	clock?: TickClock,
): DateTime {
	const date = journey.anchor === 'enrolled' || !subject?.anchorDate ? null : subject.anchorDate;
	const iso = date ?? enrollment.startedAt ?? '';
	return clock ? clock.day(iso, zone) : DateTime.fromISO(iso, { zone }).startOf('day');
}

/**
 * The step's day counted from the anchor: a phase-window step adds the days until the subject's
 * next-phase window opens. null when the subject has no such window (the final crown).
 */
export function stepDay(step: JourneyStep, subject: JourneySubject): number | null {
	if (step.from === 'anchor') return step.day;
	return subject.phaseWindow ? subject.phaseWindow.opensDays + step.day : null;
}

export function dueAt(
	journey: Journey,
	day: number,
	anchor: DateTime,
	clock?: TickClock,
	step?: Pick<JourneyStep, 'at'>,
): DateTime {
	const [hour, minute] = (step?.at ?? journey.sendAt).split(':').map(Number);
	// Calendar days in the patient's zone, then the local send time: DST days keep 10:00 at 10:00.
	if (clock) return clock.at(anchor, day, hour, minute);
	return anchor.plus({ days: day }).set({ hour, minute, second: 0, millisecond: 0 });
}

function stopReason(journey: Journey, facts: EnrollmentFacts): StopReason | null {
	const { subject } = facts;
	if (!subject || subject.state === 'booked') return 'booked';
	if (subject.state === 'declined') return 'declined';
	if (subject.patient.status && INACTIVE.has(subject.patient.status)) return 'inactive_patient';
	if (journey.stopOn.includes('opted_out') && (facts.optedOut.sms || facts.optedOut.email)) return 'opted_out';
	if (journey.stopOn.includes('complained') && facts.complained) return 'complained';
	if (!subject.patient.mobile && !subject.patient.email && journey.steps.some((s) => s.channel !== 'staff_task'))
		return 'unreachable';
	return null;
}

/** The channel a message step goes out on: the template's, or email for a patient who prefers it or has no mobile. */
export function channelFor(
	step: JourneyStep,
	subject: JourneySubject,
	optedOut: EnrollmentFacts['optedOut'],
): 'sms' | 'email' {
	const p = subject.patient;
	if (step.channel === 'sms' && p.email && (p.preferredChannel === 'email' || !p.mobile || optedOut.sms))
		return 'email';
	return step.channel === 'email' ? 'email' : 'sms';
}

export function decide(
	journey: Journey,
	facts: EnrollmentFacts,
	now: DateTime,
	window: SendWindow,
	clock = new TickClock(now),
): Decision | null {
	const { enrollment } = facts;
	if (enrollment.status === 'stopped' || enrollment.status === 'finished') return null;
	const stop = stopReason(journey, facts);
	if (stop) return { type: 'stop', reason: stop };
	if (enrollment.status === 'paused') return { type: 'wait', until: null, reason: 'paused' };

	const subject = facts.subject as JourneySubject;
	if (subject.state === 'superseded') return { type: 'finish', reason: 'next_phase' };
	const zone = subject.patient.timezone;
	const local = clock.local(zone);
	const anchor = anchorDay(journey, enrollment, subject, zone, clock);
	if (local >= clock.at(anchor, journey.stopAfterDays, 0, 0)) return { type: 'finish', reason: 'expired' };

	const done = new Set(facts.touches.filter((t) => t.status && DONE_TOUCH.has(t.status)).map((t) => t.step));
	if (journey.steps.some((s) => s.endsJourney && done.has(s.id))) return { type: 'finish', reason: 'handed_off' };
	const sent = facts.touches.filter((t) => t.status === 'sent').length;
	const capped = sent >= journey.maxMessages;
	// A reminder is of use only ahead of the visit: one due, or still waiting, within the last hour before it is left out.
	const lastCall =
		subject.kind === 'appointment' && subject.appointmentAt
			? DateTime.fromISO(subject.appointmentAt).minus({ hours: REMINDER_LEAD_HOURS })
			: null;
	const left = journey.steps
		.map((step) => ({ step, day: stepDay(step, subject) }))
		.filter(
			(s): s is { step: JourneyStep; day: number } =>
				s.day !== null && !done.has(s.step.id) && !(capped && s.step.channel !== 'staff_task'),
		)
		.filter((s) => !lastCall || (local < lastCall && dueAt(journey, s.day, anchor, clock, s.step) < lastCall));
	const open = left.filter((s) => holds(s.step.when, subject)).sort((a, b) => a.day - b.day);
	if (!open.length) {
		// Steps held back only because a visit is booked ahead come back if it is cancelled: wait, do not finish.
		const held =
			subject.nextBooked &&
			left.some((s) => s.step.when?.unbooked && holds({ ...s.step.when, unbooked: undefined }, subject));
		if (held) return { type: 'wait', until: null, reason: 'booked_ahead' };
		return {
			type: 'finish',
			reason: capped && journey.steps.some((s) => !done.has(s.id)) ? 'cap_reached' : 'completed',
		};
	}

	const due = open.filter((s) => dueAt(journey, s.day, anchor, clock, s.step) <= local);
	if (!due.length)
		return {
			type: 'wait',
			until: intoWindow(dueAt(journey, open[0].day, anchor, clock, open[0].step), window).toUTC(),
			reason: 'next_step',
		};

	// A missed tick never causes a burst: only the latest due step goes out, the earlier ones are skipped.
	const { step, day } = due[due.length - 1];
	const skipped = due.slice(0, -1).map((s) => s.step);
	const at = dueAt(journey, day, anchor, clock, step);
	if (step.channel === 'staff_task') return { type: 'task', step, dueAt: at.toUTC(), skipped };
	const allowed = clock.intoWindow(zone, window);
	if (allowed > local) return { type: 'wait', until: allowed.toUTC(), reason: 'send_window' };
	return { type: 'send', channel: channelFor(step, subject, facts.optedOut), step, dueAt: at.toUTC(), skipped };
}
