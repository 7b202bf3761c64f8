/** The chart notes a hesitation and a hand-off become, and what they refuse, by field name only. */
import { DateTime } from 'luxon';
import {
	CoordinatorInputError,
	handOffEntry,
	HANDOFF_TOPICS,
	HESITATION_REASONS,
	hesitationEntry,
	NOTE_MAX_LENGTH,
	staffTask,
} from '../../../core/coordinator';

const thrown = (fn: () => unknown): CoordinatorInputError => {
	try {
		fn();
	} catch (error) {
		return error as CoordinatorInputError;
	}
	throw new Error('did not throw');
};

describe('hesitationEntry', () => {
	it('a note per reason; cost hands off to staff', () => {
		for (const reason of HESITATION_REASONS) {
			const entry = hesitationEntry({ patientId: '42', reason });
			expect(entry.handOff).toBe(reason === 'cost');
			expect(entry.note).toBe(
				reason === 'cost'
					? 'Treatment follow-up: patient hesitant (cost). Needs staff follow-up: financing or insurance question.'
					: `Treatment follow-up: patient hesitant (${reason}).`,
			);
			expect(entry.next.length).toBeGreaterThan(20);
		}
	});

	it('the note follows, trimmed; a number id is read as text', () => {
		expect(hesitationEntry({ patientId: 42, reason: 'timing', note: '  Back from Denver in March.  ' })).toMatchObject({
			patientId: '42',
			note: 'Treatment follow-up: patient hesitant (timing). Back from Denver in March.',
		});
	});

	it.each([
		['Worried about the D2750', 'Note contains a procedure code'],
		['Tooth #3 first', 'Note contains a tooth number'],
		['Thinks the infection will clear', 'Note contains a clinical term'],
	])('refuses clinical detail in the note, naming the field, not the text: %s', (note, message) => {
		const error = thrown(() => hesitationEntry({ patientId: '42', reason: 'uncertainty', note }));
		expect(error).toBeInstanceOf(CoordinatorInputError);
		expect(error.field).toBe('note');
		expect(error.message).toBe(`${message}: a communication log entry carries no clinical detail`);
		expect(error.message).not.toContain(note);
	});

	it.each([
		[{ patientId: 'abc', reason: 'cost' }, 'patientId', 'Patient ID must be a whole number (an Open Dental PatNum)'],
		[{ patientId: '', reason: 'cost' }, 'patientId', 'Patient ID must be a whole number (an Open Dental PatNum)'],
		[{ patientId: undefined, reason: 'cost' }, 'patientId', 'Patient ID is missing'],
		[{ patientId: '7', reason: 'money' }, 'reason', 'Reason must be one of timing, cost, travel, uncertainty, other'],
		[
			{ patientId: '7', reason: 'cost', note: 'x'.repeat(NOTE_MAX_LENGTH + 1) },
			'note',
			`Note is longer than ${NOTE_MAX_LENGTH} characters`,
		],
	])('refuses %j by name', (input, field, message) => {
		const error = thrown(() => hesitationEntry(input));
		expect(error).toMatchObject({ field, message });
	});
});

describe('handOffEntry and staffTask', () => {
	it('a note naming the topic in words, then the summary', () => {
		const entry = handOffEntry({ patientId: '9', topic: 'fee_negotiation', summary: 'Asked for a cash discount.' });
		expect(entry).toEqual({
			patientId: '9',
			topic: 'fee_negotiation',
			reason: 'Needs staff follow-up: fee negotiation.',
			summary: 'Asked for a cash discount.',
			note: 'Needs staff follow-up: fee negotiation. Asked for a cash discount.',
		});
		expect(handOffEntry({ patientId: '9', topic: 'prognosis' }).note).toBe(
			'Needs staff follow-up: prognosis question.',
		);
	});

	it('reads a topic or reason the way an agent may write it', () => {
		expect(handOffEntry({ patientId: '9', topic: ' Fee negotiation ' }).topic).toBe('fee_negotiation');
		expect(handOffEntry({ patientId: '9', topic: 'booking-help' }).topic).toBe('booking_help');
		expect(hesitationEntry({ patientId: '9', reason: 'COST' })).toMatchObject({ reason: 'cost', handOff: true });
	});

	it('every topic has words', () => {
		for (const topic of HANDOFF_TOPICS)
			expect(handOffEntry({ patientId: '1', topic }).reason).toMatch(/^Needs staff follow-up: [a-z ]+\.$/);
	});

	it('refuses clinical detail in the summary and an unknown topic, by name', () => {
		expect(thrown(() => handOffEntry({ patientId: '9', topic: 'clinical', summary: 'Pain on #19' }))).toMatchObject({
			field: 'summary',
			message: expect.stringMatching(/^Summary contains a tooth number/),
		});
		expect(thrown(() => handOffEntry({ patientId: '9', topic: 'billing' }))).toMatchObject({
			field: 'topic',
			message: expect.stringMatching(/^Topic must be one of clinical, /),
		});
	});

	it('the task carries ids, the topic and the time in the practice zone', () => {
		const at = DateTime.fromISO('2026-11-23T08:00:00', { zone: 'America/Chicago' });
		expect(staffTask(handOffEntry({ patientId: '9', topic: 'complaint' }), '17', at)).toEqual({
			kind: 'chairside.task',
			patientId: '9',
			topic: 'complaint',
			reason: 'Needs staff follow-up: complaint.',
			summary: '',
			commlogId: '17',
			at: '2026-11-23T08:00:00.000-06:00',
		});
	});
});
