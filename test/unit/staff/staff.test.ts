/**
 * core/staff: tasks from the journal's task rows, deadlines in business hours, alerts with the
 * first name only, follow-ups and escalation, close links, and one delivery per alert. The clock is
 * pinned in every test; the practice is open Mon-Fri 08:00-17:00 in Chicago.
 */
import { DateTime } from 'luxon';
import { parsePracticeHours } from '../../../core/healing/hours';
import { row } from '../../../core/journey/journal';
import { closeLink, verifyCloseLink } from '../../../core/staff/link';
import { digestAlert, taskAlert } from '../../../core/staff/message';
import { deliverOnce } from '../../../core/staff/once';
import {
	closedRow,
	followUps,
	handOffTask,
	openRow,
	openTasks,
	taskRowsOf,
	StaffTaskInputError,
} from '../../../core/staff/task';
import { ProcessMemory, processState, type DurableKeys } from '../../../core/state/process';

const ZONE = 'America/Chicago';
const hours = parsePracticeHours('Mon-Fri 08:00-17:00', ZONE);
const rules = { hours, respondWithin: 4, urgentWithin: 1 };
// Friday 15:00 in Chicago.
const FRIDAY_3PM = DateTime.fromISO('2026-03-06T15:00', { zone: ZONE });
const local = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' }).setZone(ZONE).toFormat('ccc HH:mm');

const replyTask = (reason: string, at = FRIDAY_3PM.toUTC().toISO()) =>
	row({
		key: 'task/reply/SM1',
		kind: 'task',
		patientId: '1042',
		mobile: '+15125550170',
		status: 'open',
		reason,
		at,
		providerId: 'SM1',
		detail: 'Patient 1042 asked a clinical question: "does tooth #14 need a root canal?"',
	});
const callTask = row({
	key: 'task/treatment-follow-up/C9#day-12-call',
	kind: 'task',
	journey: 'treatment-follow-up',
	patientId: '1042',
	enrollment: 'treatment-follow-up/C9',
	step: 'day-12-call',
	channel: 'staff_task',
	status: 'open',
	at: FRIDAY_3PM.toUTC().toISO(),
	detail: 'Call Maria about your crown ($3,200, presented Mar 2). Two texts and an email, no booking yet.',
});
const chartTask = row({
	key: 'task/chart/treatment-follow-up/C9#day-1-text',
	kind: 'task',
	patientId: '1042',
	status: 'open',
	reason: 'chart note could not be written: add it by hand',
	at: FRIDAY_3PM.toUTC().toISO(),
	detail: 'Chart note for patient 1042 could not be written (500): add it by hand. Note: "Texted a follow-up"',
});

describe('a task handed off', () => {
	it('is due in 4 business hours: 15:00 on a Friday is due 10:00 on Monday (2 hours Friday, 2 Monday)', () => {
		const task = handOffTask(replyTask('asked about cost or financing'), FRIDAY_3PM, rules);
		expect(local(task.dueAt)).toBe('Mon 10:00');
		expect(task.kind).toBe('reply');
		expect(task.urgent).toBe(false);
		expect(task.what).toBe('asked about cost or financing by text: call or text back');
	});

	it('a question for the dentist is urgent (due within 1 business hour) and never quotes the patient', () => {
		const task = handOffTask(replyTask('asked a clinical question'), FRIDAY_3PM, rules);
		expect(task.urgent).toBe(true);
		expect(local(task.dueAt)).toBe('Fri 16:00');
		expect(task.what).not.toContain('#14');
	});

	it('keeps a deadline the row carries when it is still ahead (a healing call-back)', () => {
		const due = FRIDAY_3PM.plus({ hours: 2 }).toUTC().toISO();
		const task = handOffTask(row({ ...replyTask('healing check: call the patient'), at: due }), FRIDAY_3PM, rules);
		expect(task.kind).toBe('healing');
		expect(task.urgent).toBe(true);
		expect(task.dueAt).toBe(due);
	});

	it('a lost chart note and a journey call task say what is needed in lay words', () => {
		expect(handOffTask(chartTask, FRIDAY_3PM, rules)).toMatchObject({
			kind: 'chart_note',
			what: expect.stringContaining('add it by hand'),
		});
		expect(handOffTask(callTask, FRIDAY_3PM, rules)).toMatchObject({ kind: 'call', what: callTask.detail });
	});

	it('its row is open, due at the deadline, with when it was handed off and where it went', () => {
		const task = handOffTask(callTask, FRIDAY_3PM, rules);
		expect(openRow(task, ['email', 'slack'])).toMatchObject({
			key: callTask.key,
			status: 'open',
			at: task.dueAt,
			startedAt: FRIDAY_3PM.toUTC().toISO(),
			channel: 'email slack',
		});
	});

	it('comes from a task row or an item carrying one; anything else is an error naming the field', () => {
		expect(taskRowsOf(callTask as unknown as Record<string, unknown>)).toHaveLength(1);
		expect(taskRowsOf({ kind: 'chairside.task', patientId: '1042', journal: [chartTask] })).toEqual([chartTask]);
		expect(() => taskRowsOf({ kind: 'chairside.touch' })).toThrow(StaffTaskInputError);
		const form = {
			patientId: '1042',
			submittedAt: '2026-03-06T15:00:00.000-06:00',
			healing: { outcome: 'escalate', dueAt: '2026-03-09T14:00:00.000Z', rule: 'red_flag' },
		};
		expect(taskRowsOf(form)).toEqual([
			expect.objectContaining({
				key: 'task/healing/1042/2026-03-06T15:00:00.000-06:00',
				reason: 'healing check: call the patient',
				at: '2026-03-09T14:00:00.000Z',
			}),
		]);
		expect(() => taskRowsOf({ ...form, patientId: '' })).toThrow('no patient ID');
		expect(() => taskRowsOf({ ...form, healing: { outcome: 'reassure' } })).toThrow(StaffTaskInputError);
	});
});

describe('the alert', () => {
	it('names the patient by first name and PMS number, what is needed, by when, and the close link', () => {
		const task = handOffTask(replyTask('asked about timing'), FRIDAY_3PM, rules, 'Maria Lopez');
		const alert = taskAlert(task, 'new', {
			practiceName: 'Riverside Dental',
			zone: ZONE,
			closeLink: 'http://n8n/form/close?task=x',
		});
		for (const text of [alert.subject, alert.text, alert.slack.text, alert.sms]) {
			expect(text).toContain('Maria (patient 1042)');
			expect(text).not.toContain('Lopez');
		}
		expect(alert.text).toContain('By: Mon 9 Mar, 10:00 AM');
		expect(alert.slack.text).toContain('<http://n8n/form/close?task=x|Close this task>');
	});

	it('holds back words that fail the clinical-detail check', () => {
		const task = {
			...handOffTask(callTask, FRIDAY_3PM, rules),
			what: 'Call Maria about the crown on tooth #14 (D2740)',
		};
		const alert = taskAlert(task, 'reminder', { practiceName: 'Riverside Dental', zone: ZONE, closeLink: null });
		expect(alert.text).not.toMatch(/#14|D2740/);
		expect(alert.text).toContain('see the task in the journal');
	});

	it('the digest lists open tasks oldest first and marks the overdue ones', () => {
		const older = { ...openRow(handOffTask(chartTask, FRIDAY_3PM.minus({ days: 3 }), rules), ['email']) };
		const newer = { ...openRow(handOffTask(callTask, FRIDAY_3PM, rules), ['email']) };
		const closed = { ...newer, key: 'task/x', status: 'closed' };
		const tasks = openTasks([newer, closed, older]);
		expect(tasks.map((t) => t.key)).toEqual([chartTask.key, callTask.key]);
		const alert = digestAlert(tasks, FRIDAY_3PM.plus({ minutes: 5 }), {
			practiceName: 'Riverside Dental',
			zone: ZONE,
			link: () => null,
		});
		const lines = alert.text.split('\n').filter((l) => /^\d\./.test(l));
		expect(lines).toHaveLength(2);
		expect(lines[0]).toContain('OVERDUE');
		expect(lines[1]).not.toContain('OVERDUE');
	});
});

describe('follow-ups', () => {
	const handed = openRow(handOffTask(replyTask('asked about timing'), FRIDAY_3PM, rules), ['email']); // due Mon 10:00
	const at = (iso: string) => DateTime.fromISO(iso, { zone: ZONE });

	it('nothing before the deadline; a reminder after it; an escalation 4 business hours later', () => {
		expect(followUps([handed], at('2026-03-09T09:59'), hours, 4)).toEqual([]);
		expect(followUps([handed], at('2026-03-09T10:00'), hours, 4).map((f) => f.stage)).toEqual(['reminder']);
		expect(followUps([handed], at('2026-03-09T13:59'), hours, 4).map((f) => f.stage)).toEqual(['reminder']);
		expect(followUps([handed], at('2026-03-09T14:00'), hours, 4).map((f) => f.stage)).toEqual([
			'reminder',
			'escalation',
		]);
	});

	it('a closed task, or a row never handed off, gets none', () => {
		const late = at('2026-03-12T12:00');
		expect(followUps([closedRow(handed, 'Dana', late)], late, hours, 4)).toEqual([]);
		expect(followUps([replyTask('asked about timing')], late, hours, 4)).toEqual([]);
	});

	it('closing records who and when', () => {
		const when = at('2026-03-09T09:30');
		expect(closedRow(handed, '  Dana   R. ', when)).toMatchObject({
			status: 'closed',
			reason: 'closed by Dana R.',
			at: when.toUTC().toISO(),
		});
		expect(() => closedRow(handed, ' ', when)).toThrow('Closed By is empty');
	});
});

describe('close links', () => {
	const secret = 'a-long-random-secret-for-the-task-links-0123456789';
	const link = closeLink(
		'http://127.0.0.1:5678/form/chairside-close-task',
		'task/reply/SM1',
		FRIDAY_3PM.plus({ days: 14 }),
		secret,
	);
	const fields = () => Object.fromEntries(new URL(link).searchParams) as { task: string; until: string; sig: string };

	it('a link Chairside made names its task', () => {
		expect(verifyCloseLink(fields(), secret, FRIDAY_3PM)).toBe('task/reply/SM1');
	});

	it('an edited task, expiry or signature, another secret, or an expired link is refused', () => {
		expect(() => verifyCloseLink({ ...fields(), task: 'task/reply/SM2' }, secret, FRIDAY_3PM)).toThrow(
			'not a task link',
		);
		expect(() =>
			verifyCloseLink({ ...fields(), until: String(Number(fields().until) + 1) }, secret, FRIDAY_3PM),
		).toThrow('not a task link');
		expect(() => verifyCloseLink({ ...fields(), sig: 'A'.repeat(43) }, secret, FRIDAY_3PM)).toThrow('not a task link');
		expect(() => verifyCloseLink(fields(), `${secret}x`, FRIDAY_3PM)).toThrow('not a task link');
		expect(() => verifyCloseLink(fields(), secret, FRIDAY_3PM.plus({ days: 15 }))).toThrow('expired');
		expect(() => closeLink('http://x', 'task/a', FRIDAY_3PM, 'short')).toThrow('shorter than 32');
	});
});

describe('one delivery per alert', () => {
	const durable = (): DurableKeys => {
		const keys = new Set<string>();
		return {
			id: 'wf',
			has: async (k) => keys.has(k),
			add: async (k) => void keys.add(k),
			remove: async (k) => void keys.delete(k),
		};
	};

	it('two runs at the same instant send once; a failed send is released and sent by the next run', async () => {
		const state = processState(durable(), 'staff_alert', new ProcessMemory());
		let sent = 0;
		const send = async () => {
			sent++;
			await new Promise((r) => setImmediate(r));
			return 'id';
		};
		const results = await Promise.all([
			deliverOnce(state, 'staff:task/a:handoff:slack', 'now', '1', send),
			deliverOnce(state, 'staff:task/a:handoff:slack', 'now', '1', send),
		]);
		expect(sent).toBe(1);
		expect(results.map((r) => r.status).sort()).toEqual(['already', 'sent']);

		await expect(
			deliverOnce(state, 'staff:task/b:handoff:slack', 'now', '1', async () => Promise.reject(new Error('no_service'))),
		).rejects.toThrow('no_service');
		expect(await deliverOnce(state, 'staff:task/b:handoff:slack', 'now', '1', send)).toEqual({
			status: 'sent',
			ref: 'id',
		});
	});
});
