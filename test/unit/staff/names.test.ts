/**
 * A first name on every staff task (core/staff/names.ts): the item's own, else one PMS read per
 * patient per run; a failed read hands off by number and says why by status only. And the AI
 * coordinator's hand-offs as tasks (core/staff/task.ts): urgent for a clinical question, a
 * complaint or a sensitive situation; the model's summary stays in the journal. Clock pinned.
 */
import { DateTime } from 'luxon';
import { parsePracticeHours } from '../../../core/healing/hours';
import { PmsApiError } from '../../../core/pms/http';
import { taskAlert } from '../../../core/staff/message';
import { firstNames } from '../../../core/staff/names';
import { handOffTask, taskRowsOf } from '../../../core/staff/task';

const ZONE = 'America/Chicago';
const rules = { hours: parsePracticeHours('Mon-Fri 08:00-17:00', ZONE), respondWithin: 4, urgentWithin: 1 };
const NOW = DateTime.fromISO('2026-03-06T10:00', { zone: ZONE });
const ctx = { practiceName: 'Riverside Dental', zone: ZONE, closeLink: null };

describe('the first name of a task', () => {
	it("the item's own first name wins and the PMS is not asked", async () => {
		const read = jest.fn();
		await expect(firstNames(read)('1042', ' Maria Luisa ')).resolves.toEqual({
			firstName: 'Maria',
			source: 'item',
			problem: null,
		});
		expect(read).not.toHaveBeenCalled();
	});

	it('without one, the PMS is read once per patient per run, even for tasks at the same instant', async () => {
		const read = jest.fn(async (id: string) => (id === '1042' ? 'Ana' : 'Ben'));
		const nameOf = firstNames(read);
		const names = await Promise.all([nameOf('1042', null), nameOf('1042', ''), nameOf('7', undefined)]);
		expect(names.map((n) => n.firstName)).toEqual(['Ana', 'Ana', 'Ben']);
		expect(read.mock.calls).toEqual([['1042'], ['7']]);
	});

	it('no PMS on the node: no lookup, the alert names the patient by number as before', async () => {
		const name = await firstNames(null)('1042', null);
		expect(name).toEqual({ firstName: null, source: 'no_lookup', problem: null });
	});

	it('a failed read still hands off, by number, and says why with the status only (never what the PMS sent)', async () => {
		const nameOf = firstNames(async () => {
			throw new PmsApiError(404, 'Patient Ana Lopez not found', '/patients/1042', 1);
		});
		const name = await nameOf('1042', null);
		expect(name).toEqual({ firstName: null, source: 'not_found', problem: 'the PMS answered 404' });
		const other = await firstNames(async () => {
			throw new Error('Lopez, Ana: bad record');
		})('1042', null);
		expect(other.problem).toBe('the read failed (Error)');
		const [r] = taskRowsOf({
			key: 'task/reply/SM1',
			kind: 'task',
			patientId: '1042',
			status: 'open',
			reason: 'asked about cost',
		});
		const alert = taskAlert({ ...handOffTask(r, NOW, rules, name.firstName), nameNotFound: true }, 'new', ctx);
		expect(alert.slack.text).toContain('Patient 1042 (first name not found in the PMS): asked about cost');
		expect(alert.text).not.toMatch(/Lopez|Ana/);
	});

	it('a record without a first name is a missing name, not an empty one', async () => {
		const name = await firstNames(async () => '  ')('1042', null);
		expect(name).toMatchObject({ firstName: null, source: 'not_found' });
	});
});

describe("the AI coordinator's hand-offs as staff tasks", () => {
	const handOff = (topic: string, commlogId = '88') => ({
		kind: 'chairside.task',
		patientId: '1042',
		topic,
		reason: 'Needs staff follow-up: clinical question.',
		summary: 'Asked whether the swelling is normal',
		commlogId,
		at: '2026-03-06T10:00:00.000-06:00',
	});

	it('one task per hand-off (its chart note), the topic in lay words, the summary only in the journal', () => {
		const [r] = taskRowsOf(handOff('financing'));
		expect(r).toMatchObject({ key: 'task/coordinator/1042/88', kind: 'task', status: 'open', step: 'financing' });
		expect(r.detail).toContain('swelling');
		const task = handOffTask(r, NOW, rules, 'Ana');
		expect(task).toMatchObject({ kind: 'coordinator', urgent: false });
		const alert = taskAlert(task, 'new', ctx);
		expect(alert.slack.text).toContain(
			'Ana (patient 1042): asked the AI coordinator about cost, financing or insurance: call or text back',
		);
		expect(`${alert.subject}${alert.text}${alert.sms}`).not.toContain('swelling');
	});

	it('a clinical question, a complaint or a sensitive situation is urgent; the others are not', () => {
		const urgent = [
			'clinical',
			'prognosis',
			'financing',
			'fee_negotiation',
			'complaint',
			'sensitive',
			'booking_help',
			'other',
		]
			.filter((topic) => handOffTask(taskRowsOf(handOff(topic))[0], NOW, rules).urgent)
			.sort();
		expect(urgent).toEqual(['clinical', 'complaint', 'sensitive']);
	});

	it('a hand-off without a patient, or without a chart note id and a time, is an error naming the field', () => {
		expect(() => taskRowsOf({ ...handOff('other'), patientId: '' })).toThrow(/patient ID/);
		expect(() => taskRowsOf({ ...handOff('other', ''), at: '' })).toThrow(/chart note id/);
	});
});
