/** The whole planned journey for a subject, with dates and rendered copy, sending nothing. */
import type { DateTime } from 'luxon';
import { holds, render, fill, type PracticeProfile } from './copy';
import { anchorDay, dueAt, intoWindow, stepDay, type SendWindow } from './decide';
import { newEnrollment, entryRefusal } from './engine';
import type { JourneySubject } from './subject';
import type { Journey } from './template';

export interface PlannedTouch {
	step: string;
	day: number;
	channel: 'sms' | 'email' | 'staff_task';
	/** ISO instant in the patient's zone, or null when the step's condition leaves it out. */
	at: string | null;
	included: boolean;
	why: string | null;
	subject: string | null;
	body: string | null;
}

export interface JourneyPreview {
	journey: string;
	subjectId: string;
	patientId: string;
	timezone: string;
	enrolls: boolean;
	refusal: string | null;
	endsAt: string;
	touches: PlannedTouch[];
}

export function preview(
	journey: Journey,
	subject: JourneySubject,
	practice: PracticeProfile,
	window: SendWindow,
	now: DateTime,
): JourneyPreview {
	const zone = subject.patient.timezone;
	const enrollment = newEnrollment(journey, subject, now);
	const anchor = anchorDay(journey, enrollment, subject, zone);
	let messages = 0;
	const touches = journey.steps.map((step): PlannedTouch => {
		const day = stepDay(step, subject);
		const base = { step: step.id, day: day ?? step.day, channel: step.channel };
		if (day === null)
			return {
				...base,
				at: null,
				included: false,
				why: 'no next phase after this milestone',
				subject: null,
				body: null,
			};
		if (!holds(step.when, subject))
			return { ...base, at: null, included: false, why: 'condition not met', subject: null, body: null };
		if (step.channel !== 'staff_task' && ++messages > journey.maxMessages)
			return { ...base, at: null, included: false, why: 'message cap reached', subject: null, body: null };
		const at = intoWindow(dueAt(journey, day, anchor, undefined, step), window);
		if (step.channel === 'staff_task')
			return {
				...base,
				at: at.toISO(),
				included: true,
				why: null,
				subject: null,
				body: fill(step.body, subject, practice),
			};
		const copy = render(step, subject, practice);
		return { ...base, at: at.toISO(), included: true, why: null, subject: copy.subject, body: copy.body };
	});
	const refusal = entryRefusal(journey, subject);
	return {
		journey: journey.id,
		subjectId: subject.subjectId,
		patientId: subject.patient.id,
		timezone: zone,
		enrolls: refusal === null,
		refusal,
		endsAt: anchor.plus({ days: journey.stopAfterDays }).toISO() ?? '',
		touches,
	};
}
