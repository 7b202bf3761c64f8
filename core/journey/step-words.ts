/**
 * A journey step in words a person reads (a chart note, the go-live check): which message of the
 * journey it is and when, never the template's internal step id ("day-1-text").
 */
import type { MessageChannel } from '../messaging/touch';
import type { Journey, JourneyStep, StepChannel } from './template';

const NOUNS: Record<StepChannel, string> = { sms: 'text', email: 'email', staff_task: 'front desk call' };
const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth'];

/** The step's timing in the journey's own terms: "day 3", "14 days after the due date". */
function when(journey: Pick<Journey, 'anchor'>, step: Pick<JourneyStep, 'day' | 'from'>): string {
	const d = step.day;
	if (step.from === 'phase_window')
		return d === 0 ? 'when the next visit can be booked' : `${d} days after the next visit can be booked`;
	switch (journey.anchor) {
		case 'enrolled':
			return `day ${d}`;
		case 'due_date':
			return d < 0 ? `${-d} days before the due date` : d === 0 ? 'on the due date' : `${d} days after the due date`;
		case 'last_visit':
			return `${d} days after the last visit`;
		case 'missed_appointment':
			return d === 0 ? 'the day of the missed visit' : `${d} days after the missed visit`;
		case 'milestone':
			return d === 0 ? 'the day of the visit' : `${d} days after the visit`;
		default:
			return d < 0 ? `${-d} days before the visit` : d === 0 ? 'the day of the visit' : `${d} days after the visit`;
	}
}

/**
 * "the first text (day 1)", "the email (day 3)": the step's place among the journey's steps on the
 * same channel, and its timing. `channel` is the one it actually goes out on (a text step goes by
 * email to a patient who prefers email).
 */
export function stepWords(
	journey: Pick<Journey, 'anchor' | 'steps'>,
	step: Pick<JourneyStep, 'id' | 'day' | 'from' | 'channel'>,
	channel: StepChannel | MessageChannel = step.channel,
): string {
	const same = journey.steps.filter((s) => s.channel === step.channel);
	const position = same.findIndex((s) => s.id === step.id);
	const ordinal = same.length > 1 && position >= 0 ? `${ORDINALS[position] ?? `number ${position + 1}`} ` : '';
	const noun = channel === step.channel ? NOUNS[channel] : `${NOUNS[step.channel]}, sent by ${NOUNS[channel]}`;
	return `the ${ordinal}${noun} (${when(journey, step)})`;
}
