import { DateTime } from 'luxon';
import { tick, type TickItem } from '../../../core/journey/engine';
import { JournalIndex, readJournal, row, type JournalRow } from '../../../core/journey/journal';
import { recordReply, recordResult, type CarriedResult } from '../../../core/journey/record';
import { subjectOf } from '../../../core/journey/subject';
import { TEMPLATES } from '../../../core/journey/templates';
import { PRACTICE, crownCase } from './fixtures';
import { DEFAULT_SEND_POLICY } from '../../../core/practice/send-policy';

const journey = TEMPLATES['treatment-follow-up'];
const send = DEFAULT_SEND_POLICY;
const ZONE = 'America/Chicago';
const t0 = DateTime.fromISO('2026-03-03T08:00', { zone: ZONE });

/** Runs ticks every `hours` from `from` to `to`, feeding each tick's rows back into the journal as the workflow does. */
function simulate(
	fact: (now: DateTime) => Record<string, unknown> | null,
	from: DateTime,
	to: DateTime,
	hours = 2,
	extra: JournalRow[] = [],
) {
	const journal = new Map<string, JournalRow>(extra.map((r) => [r.key, r]));
	const log: Array<{ at: DateTime; item: TickItem }> = [];
	for (let now = from; now <= to; now = now.plus({ hours })) {
		const f = fact(now);
		const items = tick(f ? [{ subject: subjectOf(f), item: 0 }] : [], new JournalIndex([...journal.values()]), {
			journey,
			practice: PRACTICE,
			send,
			now,
			enroll: true,
		});
		for (const item of items) {
			log.push({ at: now, item });
			let rows: JournalRow[] = [];
			if (item.output === 'sms' || item.output === 'email') {
				const result = {
					...item.json,
					outcome: {
						status: 'sent',
						rule: 'passed',
						reason: 'sent',
						at: now.toUTC().toISO(),
						providerId: `SM${log.length}`,
						nextAllowedAt: null,
						optOut: false,
						providerCode: null,
						segments: 1,
					},
				} as CarriedResult;
				rows = recordResult(result, now).rows;
			} else rows = item.json.journal;
			for (const r of rows) journal.set(r.key, r);
		}
	}
	return { log, journal };
}

/** What went out when; ticks are 2 h apart in absolute time, so after the DST change (Mar 8) they fall on odd local hours. */
const sends = (log: Array<{ at: DateTime; item: TickItem }>) =>
	log
		.filter((l) => ['sms', 'email', 'task'].includes(l.item.output))
		.map((l) => `${l.item.output}@${l.at.setZone(ZONE).toFormat('MM-dd HH:mm')}`);

describe('treatment follow-up, ticks every 2 hours for 14 days', () => {
	it('a $3,200 crown case gets day 1 SMS, day 3 email, day 7 SMS and a day 12 call task, at 10:00 local', () => {
		const { log } = simulate(() => crownCase(), t0, t0.plus({ days: 14 }));
		expect(sends(log)).toEqual(['sms@03-04 10:00', 'email@03-06 10:00', 'sms@03-10 11:00', 'task@03-15 11:00']);
		const email = log.find((l) => l.item.output === 'email')!.item.json as { body: string; subject: string };
		expect(email.body).toMatch(/monthly payment options/);
		expect(email.body).toMatch(/\$2,850 - \$3,550/);
		expect(email.subject).toBe('Maria, a quick summary of your crown');
	});

	it('a $1,200 case gets no financing wording and no call task', () => {
		const { log } = simulate(() => crownCase({ totalFee: 1200, openFee: 1200 }), t0, t0.plus({ days: 14 }));
		expect(sends(log)).toEqual(['sms@03-04 10:00', 'email@03-06 10:00', 'sms@03-10 11:00']);
		const email = log.find((l) => l.item.output === 'email')!.item.json as { body: string };
		expect(email.body).not.toMatch(/payment options/);
	});

	it('booking on day 4 (the case leaves the unscheduled list) stops it: nothing after', () => {
		const booked = t0.plus({ days: 4 });
		const { log, journal } = simulate((now) => (now < booked ? crownCase() : null), t0, t0.plus({ days: 14 }));
		expect(sends(log)).toEqual(['sms@03-04 10:00', 'email@03-06 10:00']);
		expect(journal.get('treatment-follow-up/case-501')).toMatchObject({ status: 'stopped', reason: 'booked' });
	});

	it('the PMS saying "scheduled" stops it as well as the case disappearing', () => {
		const { log } = simulate(
			(now) => crownCase(now > t0.plus({ days: 2 }) ? { status: 'scheduled' } : {}),
			t0,
			t0.plus({ days: 14 }),
		);
		expect(sends(log)).toEqual(['sms@03-04 10:00']);
	});

	it('a missed week of ticks sends only the latest due step and records the others as skipped', () => {
		const first = simulate(() => crownCase(), t0, t0.plus({ hours: 2 }));
		const late = t0.plus({ days: 8 });
		const { log, journal } = simulate(() => crownCase(), late, late, 2, [...first.journal.values()]);
		expect(sends(log)).toEqual(['sms@03-11 08:00']);
		expect(journal.get('treatment-follow-up/case-501#day-1-text')?.status).toBe('skipped');
		expect(journal.get('treatment-follow-up/case-501#day-3-email')?.status).toBe('skipped');
		expect(journal.get('treatment-follow-up/case-501#day-7-text')?.status).toBe('sent');
	});

	it('the same tick run twice sends nothing new', () => {
		const { journal } = simulate(() => crownCase(), t0, t0.plus({ days: 1, hours: 2 }));
		const again = tick([{ subject: subjectOf(crownCase()), item: 0 }], new JournalIndex([...journal.values()]), {
			journey,
			practice: PRACTICE,
			send,
			now: t0.plus({ days: 1, hours: 2 }),
			enroll: true,
		});
		expect(again.map((i) => i.output)).toEqual(['waiting']);
	});

	it('a STOP reply stops every journey of the patient and the opt-out holds for new ones', () => {
		const { journal } = simulate(() => crownCase(), t0, t0.plus({ days: 1, hours: 2 }));
		const reply = {
			kind: 'chairside.reply',
			messageSid: 'SMr1',
			from: '+15125550123',
			to: '+15125550100',
			body: 'STOP',
			receivedAt: '',
			intent: 'opt_out',
			matched: 'stop',
			score: null,
			needsHuman: false,
		} as const;
		const out = recordReply(reply, new JournalIndex([...journal.values()]), t0.plus({ days: 2 }));
		for (const r of out.rows) journal.set(r.key, r);
		expect(journal.get('patient/501')).toMatchObject({ status: 'opted_out', channel: 'sms' });
		expect(journal.get('treatment-follow-up/case-501')).toMatchObject({ status: 'stopped', reason: 'opted_out' });
		// A different journey for the same patient: stopped at once, nothing sent.
		const recall = TEMPLATES['hygiene-recall'];
		const items = tick(
			[
				{
					subject: subjectOf({
						patientId: '501',
						type: 'Prophy',
						dueDate: '2026-03-20',
						patient: (crownCase() as { patient: object }).patient,
					}),
					item: 0,
				},
			],
			new JournalIndex([...journal.values()]),
			{ journey: recall, practice: PRACTICE, send, now: t0.plus({ days: 3 }), enroll: true },
		);
		expect(items.map((i) => [i.output, i.json.decision.reason])).toEqual([['stopped', 'opted_out']]);
		// The same reply delivered twice is recorded once.
		expect(recordReply(reply, new JournalIndex([...journal.values()]), t0.plus({ days: 2 })).rows).toEqual([]);
	});

	it('a STOP from a number the journal did not know yet still stops a later enrollment for that mobile', () => {
		const reply = {
			kind: 'chairside.reply',
			messageSid: 'SMr9',
			from: '+15125550123',
			to: '',
			body: 'stop',
			receivedAt: '',
			intent: 'opt_out',
			matched: 'stop',
			score: null,
			needsHuman: false,
		} as const;
		const rows = recordReply(reply, new JournalIndex([]), t0).rows;
		expect(rows.find((r) => r.kind === 'patient')).toMatchObject({
			patientId: null,
			mobile: '+15125550123',
			status: 'opted_out',
		});
		const { log } = simulate(() => crownCase(), t0, t0.plus({ days: 3 }), 2, rows);
		expect(sends(log)).toEqual([]);
		expect(log.map((l) => l.item.json.decision.reason)).toContain('opted_out');
	});

	it('a cost question pauses the journey and opens a staff task', () => {
		const { journal } = simulate(() => crownCase(), t0, t0.plus({ days: 1, hours: 2 }));
		const reply = {
			kind: 'chairside.reply',
			messageSid: 'SMr2',
			from: '+15125550123',
			to: '',
			body: 'how much will this cost?',
			receivedAt: '',
			intent: 'cost',
			matched: 'how much',
			score: null,
			needsHuman: true,
		} as const;
		const out = recordReply(reply, new JournalIndex([...journal.values()]), t0.plus({ days: 2 }));
		expect(out.tasks).toHaveLength(1);
		expect(out.tasks[0].detail).toMatch(/asked about cost/);
		for (const r of out.rows) journal.set(r.key, r);
		const rest = simulate(() => crownCase(), t0.plus({ days: 2 }), t0.plus({ days: 14 }), 2, [...journal.values()]);
		expect(sends(rest.log)).toEqual([]);
		expect(rest.journal.get('treatment-follow-up/case-501')).toMatchObject({ status: 'paused', reason: 'handoff' });
	});

	it('a bare acknowledgement is recorded and asks nothing of staff: no task, the journey goes on', () => {
		const { journal } = simulate(() => crownCase(), t0, t0.plus({ days: 1, hours: 2 }));
		const reply = {
			kind: 'chairside.reply',
			messageSid: 'SMr3',
			from: '+15125550123',
			to: '',
			body: 'ok thanks',
			receivedAt: '',
			intent: 'other',
			matched: 'acknowledgement',
			score: null,
			needsHuman: false,
		} as const;
		const out = recordReply(reply, new JournalIndex([...journal.values()]), t0.plus({ days: 2 }));
		expect(out.tasks).toEqual([]);
		expect(out.rows.map((r) => r.kind)).toEqual(['reply']);
		// Something unclear still goes to a person.
		const unclear = recordReply(
			{ ...reply, messageSid: 'SMr4', body: 'who is this', matched: null, needsHuman: true },
			new JournalIndex([...journal.values()]),
			t0.plus({ days: 2 }),
		);
		expect(unclear.tasks).toHaveLength(1);
	});

	it('a healing reply Healing Check answered keeps its outcome: escalate opens a call task due when it said, the journey is not paused', () => {
		const { journal } = simulate(() => crownCase(), t0, t0.plus({ days: 1, hours: 2 }));
		const base = {
			kind: 'chairside.reply',
			from: '+15125550123',
			to: '',
			receivedAt: '',
			intent: 'healing_score',
			matched: '2',
			score: 2,
			needsHuman: false,
		} as const;
		const escalate = recordReply(
			{
				...base,
				messageSid: 'SMh1',
				body: '2',
				healing: { outcome: 'escalate', rule: 'score_1_2', dueAt: '2026-03-04T19:00:00.000Z' },
			},
			new JournalIndex([...journal.values()]),
			t0.plus({ days: 2 }),
		);
		expect(escalate.rows[0]).toMatchObject({ key: 'reply/SMh1', status: 'healing_escalate', reason: 'score_1_2' });
		expect(escalate.tasks).toEqual([
			expect.objectContaining({
				key: 'task/reply/SMh1',
				status: 'open',
				at: '2026-03-04T19:00:00.000Z',
				reason: 'healing check: call the patient',
			}),
		]);
		expect(escalate.rows.filter((r) => r.kind === 'enrollment')).toEqual([]);
		const celebrate = recordReply(
			{ ...base, messageSid: 'SMh2', body: '5', healing: { outcome: 'celebrate', rule: 'score_4_5', dueAt: null } },
			new JournalIndex([...journal.values()]),
			t0.plus({ days: 2 }),
		);
		expect(celebrate).toEqual({ rows: [expect.objectContaining({ status: 'healing_celebrate' })], tasks: [] });
	});

	it('one message per patient per local day across journeys', () => {
		const sent = row({
			key: 'hygiene-recall/x#a',
			kind: 'touch',
			patientId: '501',
			channel: 'sms',
			status: 'sent',
			at: t0.plus({ days: 1 }).set({ hour: 8 }).toUTC().toISO(),
		});
		const { log } = simulate(() => crownCase(), t0, t0.plus({ days: 2 }), 2, [sent]);
		expect(sends(log)[0]).toBe('sms@03-05 08:00');
	});

	it('a patient who prefers email gets the text step as an email', () => {
		const c = crownCase();
		(c.patient as Record<string, unknown>).preferredChannel = 'email';
		const { log } = simulate(() => c, t0, t0.plus({ days: 2 }));
		expect(sends(log)).toEqual(['email@03-04 10:00']);
	});

	it('patients without a mobile or email are not enrolled; cases below $300 neither', () => {
		const c = crownCase();
		Object.assign(c.patient as object, { mobile: null, email: null });
		expect(simulate(() => c, t0, t0.plus({ days: 3 })).log).toEqual([]);
		expect(simulate(() => crownCase({ totalFee: 200, openFee: 200 }), t0, t0.plus({ days: 3 })).log).toEqual([]);
	});

	it('sends go out at 10:00 local in every zone, including across a DST change', () => {
		for (const zone of ['Pacific/Honolulu', 'America/Phoenix', 'America/New_York']) {
			const c = crownCase();
			(c.patient as Record<string, unknown>).timezone = zone;
			const start = DateTime.fromISO('2026-03-05T00:00', { zone: 'UTC' });
			const { log } = simulate(() => c, start, start.plus({ days: 14 }), 1);
			const local = log
				.filter((l) => ['sms', 'email', 'task'].includes(l.item.output))
				.map((l) => l.at.setZone(zone).toFormat('HH:mm'));
			expect(local).toHaveLength(4);
			expect(new Set(local)).toEqual(new Set(['10:00']));
			// After the last step the enrollment finishes ("completed"), and nothing else comes out.
			expect(log.filter((l) => l.item.output === 'finished').map((l) => l.item.json.decision.reason)).toEqual([
				'completed',
			]);
		}
	});
});

describe('the journal as the Data table returns it', () => {
	it('skips the empty item of an empty table, keeps rows with the table own columns, and names a malformed row', () => {
		const rows = readJournal([
			{},
			{ key: 'patient/1', kind: 'patient', status: 'opted_out', id: 4, createdAt: '2026-03-01' } as never,
		]);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ key: 'patient/1', status: 'opted_out', journey: null });
		expect(() => readJournal([{ key: 'x', kind: 'enrolment' }])).toThrow('Journal row "x": kind');
		expect(() => readJournal([{ kind: 'touch' }])).toThrow('Journal row 1: key');
	});
});
