/**
 * The chart notes the journey workflows write to Open Dental's communication log: one per touch
 * sent (Cadence Step's `chartNote`) and one per reply from a known patient. The PMS node refuses a
 * note with a procedure code, a tooth number or a clinical word, so every note these produce must
 * pass the same matcher.
 */
import { DateTime } from 'luxon';
import { phiMatcher, DEFAULT_CLINICAL_WORDS } from '../../../core/guard';
import { tick, touchChartNote } from '../../../core/journey/engine';
import { JournalIndex } from '../../../core/journey/journal';
import { subjectOf } from '../../../core/journey/subject';
import { TEMPLATES } from '../../../core/journey/templates';
import { HEALING_OUTCOMES } from '../../../core/healing/decide';
import { REPLY_INTENTS } from '../../../core/messaging/touch';
import { PRACTICE, crownCase } from './fixtures';
import { DEFAULT_SEND_POLICY } from '../../../core/practice/send-policy';

const phi = phiMatcher(DEFAULT_CLINICAL_WORDS);

describe('chart notes for journey touches', () => {
	const cases = Object.values(TEMPLATES).flatMap((journey) =>
		journey.steps.flatMap((step) =>
			(['sms', 'email'] as const).map((channel) => [journey.id, step.id, channel] as const),
		),
	);
	const stepOf = (journeyId: string, stepId: string) => TEMPLATES[journeyId].steps.find((s) => s.id === stepId)!;

	it.each(cases)('%s / %s by %s: lay terms only, never the step id', (journeyId, stepId, channel) => {
		const note = touchChartNote(TEMPLATES[journeyId], stepOf(journeyId, stepId), channel);
		expect(phi.find(note)).toBeNull();
		expect(note).toMatch(
			new RegExp(`^${channel === 'email' ? 'Emailed' : 'Texted'} the patient: ${TEMPLATES[journeyId].name}, the `),
		);
		expect(note).not.toContain(stepId);
	});

	it('says which message of the journey it was, and when', () => {
		const journey = TEMPLATES['treatment-follow-up'];
		expect(touchChartNote(journey, stepOf('treatment-follow-up', 'day-1-text'), 'sms')).toBe(
			'Texted the patient: Treatment plan follow-up, the first text (day 1)',
		);
		expect(touchChartNote(journey, stepOf('treatment-follow-up', 'day-7-text'), 'sms')).toBe(
			'Texted the patient: Treatment plan follow-up, the second text (day 7)',
		);
		expect(touchChartNote(journey, stepOf('treatment-follow-up', 'day-3-email'), 'email')).toBe(
			'Emailed the patient: Treatment plan follow-up, the email (day 3)',
		);
		expect(touchChartNote(TEMPLATES['hygiene-recall'], TEMPLATES['hygiene-recall'].steps[0], 'sms')).toMatch(
			/before the due date\)$/,
		);
	});

	it('covers every shipped template', () => {
		expect(new Set(cases.map(([id]) => id))).toEqual(new Set(Object.keys(TEMPLATES)));
	});

	it('a custom journey naming a code, a tooth or a diagnosis gets a generic note', () => {
		for (const [name, step] of [
			['D2740 follow-up', 'day-1'],
			['Crown on tooth #14', 'day-1'],
			['Periodontitis recall', 'day-1'],
			['Abscess check', 'day-1'],
		]) {
			const note = touchChartNote(
				{ ...TEMPLATES['treatment-follow-up'], name },
				{ ...TEMPLATES['treatment-follow-up'].steps[0], id: step },
				'sms',
			);
			expect(note).toBe('Texted the patient: an automated follow-up message');
			expect(phi.find(note)).toBeNull();
		}
		expect(
			touchChartNote(
				{ ...TEMPLATES['treatment-follow-up'], name: 'Crowns on teeth 3 and 14' },
				TEMPLATES['treatment-follow-up'].steps[0],
				'email',
			),
		).toBe('Emailed the patient: an automated follow-up message');
	});

	it('the touch Cadence Step emits carries it, worded for the channel it goes out on', () => {
		const enrolled = DateTime.fromISO('2026-03-03T08:00', { zone: 'America/Chicago' });
		const base = {
			journey: TEMPLATES['treatment-follow-up'],
			practice: PRACTICE,
			send: DEFAULT_SEND_POLICY,
			enroll: true,
		};
		/** Enrolls the case, then ticks on day 1 at 10:00 when the first step is due. */
		const dayOne = (fact: Record<string, unknown>) => {
			const [enrollment] = tick([{ subject: subjectOf(fact), item: 0 }], new JournalIndex([]), {
				...base,
				now: enrolled,
			});
			const journal = enrollment.output === 'waiting' ? enrollment.json.journal : [];
			expect(journal).toHaveLength(1);
			return tick([{ subject: subjectOf(fact), item: 0 }], new JournalIndex(journal), {
				...base,
				now: enrolled.plus({ days: 1, hours: 2 }),
			});
		};
		const [sms] = dayOne(crownCase());
		expect(sms.output).toBe('sms');
		expect(sms.json).toMatchObject({
			chartNote: 'Texted the patient: Treatment plan follow-up, the first text (day 1)',
		});
		// A patient who prefers email: the text step goes out by email, and the note says so.
		const [email] = dayOne(crownCase({ patient: { ...(crownCase().patient as object), preferredChannel: 'email' } }));
		expect(email.output).toBe('email');
		expect(email.json).toMatchObject({
			chartNote: 'Emailed the patient: Treatment plan follow-up, the first text, sent by email (day 1)',
		});
	});
});

describe('chart notes for patient replies', () => {
	// The workflows' Chart Reply note: `'Patient replied by text (' + $json.status.replaceAll('_', ' ') + ')'`,
	// where status is the reply row's intent, or healing_<outcome> once Healing Check has read it.
	const statuses = [...REPLY_INTENTS, ...HEALING_OUTCOMES.map((o) => `healing_${o}`)];
	it.each(statuses)('%s', (status) => {
		const note = 'Patient replied by text (' + status.replaceAll('_', ' ') + ')';
		expect(phi.find(note)).toBeNull();
	});
});
