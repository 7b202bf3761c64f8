/**
 * The go-live check's forecast for one case: what the journey would do in the next days, as the
 * touches Patient Message would get (so its guard can judge them in a dry run), the front-desk
 * calls it would create, or why the case would not start at all. Built on the journey preview
 * (core/journey/preview.ts): the same steps, days, conditions and copy a tick uses.
 */
import { DateTime } from 'luxon';
import type { OutboundTouch } from '../messaging/touch';
import { render, type PracticeProfile } from '../journey/copy';
import { channelFor, type SendWindow } from '../journey/decide';
import { preview } from '../journey/preview';
import { stepWords } from '../journey/step-words';
import type { JourneySubject } from '../journey/subject';
import type { Journey } from '../journey/template';

/** What every go-live row says: a first name and the journey's step in lay words, never the message. */
interface Row {
	journey: string;
	journeyName: string;
	patientId: string;
	firstName: string;
	/** "the first text (day 1)". */
	what: string;
}

export type UpcomingTouch = OutboundTouch & Row & { goLive: true; plannedAt: string };
export interface UpcomingTask extends Row {
	kind: 'chairside.upcoming-task';
	plannedAt: string;
}
export interface NotStarting extends Row {
	kind: 'chairside.not-starting';
	reason: string;
}
export type Upcoming = UpcomingTouch | UpcomingTask | NotStarting;

export function upcoming(
	journey: Journey,
	subject: JourneySubject,
	practice: PracticeProfile,
	window: SendWindow,
	now: DateTime,
	days: number,
	optedOut: { sms: boolean; email: boolean },
): Upcoming[] {
	const p = subject.patient;
	const row = { journey: journey.id, journeyName: journey.name, patientId: p.id, firstName: p.firstName };
	const plan = preview(journey, subject, practice, window, now);
	if (!plan.enrolls)
		return [
			{ kind: 'chairside.not-starting', ...row, what: 'the whole journey', reason: plan.refusal ?? 'does not start' },
		];
	const until = now.plus({ days });
	const out: Upcoming[] = [];
	for (const planned of plan.touches) {
		if (!planned.included || !planned.at) continue;
		const at = planned.at;
		const when = DateTime.fromISO(at, { setZone: true });
		if (when < now || when > until) continue;
		const step = journey.steps.find((s) => s.id === planned.step);
		if (!step) continue;
		if (step.channel === 'staff_task') {
			out.push({ kind: 'chairside.upcoming-task', ...row, what: stepWords(journey, step), plannedAt: at });
			continue;
		}
		// The channel a tick would use: email for a patient who prefers it, has no mobile or stopped texts.
		const channel = channelFor(step, subject, optedOut);
		const copy =
			channel === step.channel
				? { subject: planned.subject, body: planned.body ?? '', html: null }
				: render({ ...step, channel, subject: step.subject ?? 'A message from {{practiceName}}' }, subject, practice);
		out.push({
			kind: 'chairside.touch',
			goLive: true,
			...row,
			what: stepWords(journey, step, channel),
			plannedAt: at,
			sendKey: `go-live/${journey.id}/${subject.subjectId}/${step.id}`,
			enrollment: `go-live/${journey.id}/${subject.subjectId}`,
			step: step.id,
			channel,
			purpose: journey.purpose,
			contact: {
				patientId: p.id,
				firstName: p.firstName,
				mobile: p.mobile,
				email: p.email,
				timezone: p.timezone,
				smsConsent: p.smsConsent,
				emailConsent: 'unknown',
				preferredChannel: p.preferredChannel,
				optedOut,
			},
			recentSends: [],
			subject: copy.subject,
			body: copy.body,
			html: copy.html,
			dueAt: at,
		});
	}
	return out;
}
