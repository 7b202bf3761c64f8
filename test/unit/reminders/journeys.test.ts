/**
 * Appointment reminders and review requests as journeys: when each text is due in the patient's
 * zone, what stops it (confirmed, the visit passed, a complaint, an opt-out), the copy's length and
 * words, and that a journey needing a review link refuses to run without one.
 */
import { DateTime } from 'luxon';
import { tick, type TickItem } from '../../../core/journey/engine';
import { JournalIndex, row, type JournalRow } from '../../../core/journey/journal';
import { isConfirmed, subjectOf } from '../../../core/journey/subject';
import { TEMPLATES } from '../../../core/journey/templates';
import { complainedWithin, isComplaint } from '../../../core/journey/complaints';
import { recordReply } from '../../../core/journey/record';
import { DEFAULT_SEND_POLICY } from '../../../core/practice/send-policy';
import { smsSize } from '../../../core/guard/segments';
import { DEFAULT_CLINICAL_WORDS, phiMatcher } from '../../../core/guard';
import type { PatientReply } from '../../../core/messaging/touch';

const ZONE = 'America/Chicago';
const PRACTICE = {
	name: 'Riverside Dental',
	phone: '(512) 555-0100',
	address: '100 Main St, Austin, TX 78701',
	bookingLink: 'https://book.riverside.example/now',
	reviewLink: 'https://g.page/r/riverside-dental/review',
	defaultProvider: 'your dentist',
	providerNames: { DOC1: 'Dr. Rivera' },
};
const reminder = TEMPLATES['appointment-reminder'];
const review = TEMPLATES['review-request'];

function appointment(over: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		id: '9001',
		patientId: '501',
		status: 'scheduled',
		start: '2026-12-10T14:30:00.000-06:00',
		lengthMinutes: 60,
		provider: 'DOC1',
		operatory: 'OP1',
		clinic: null,
		isHygiene: false,
		confirmed: 'Not Called',
		patient: {
			id: '501',
			firstName: 'Maria',
			lastName: 'Lopez',
			mobile: '+15125550123',
			email: 'maria@example.com',
			timezone: ZONE,
			smsConsent: 'unknown',
			preferredChannel: null,
			clinic: null,
			provider: 'DOC1',
			status: 'active',
		},
		nextAppointment: '2026-12-10T14:30:00.000-06:00',
		...over,
	};
}

const at = (local: string) => DateTime.fromISO(local, { zone: ZONE });

/** One tick at `now` with the journal so far; the journal grows by what the tick recorded and what was "sent". */
function run(
	journey = reminder,
	items: Array<Record<string, unknown>>,
	now: DateTime,
	journal: JournalRow[] = [],
	practice = PRACTICE,
): TickItem[] {
	const subjects = items.map((json, item) => ({ subject: subjectOf(json, journey.anchor), item }));
	const out = tick(subjects, new JournalIndex(journal), {
		journey,
		practice,
		send: DEFAULT_SEND_POLICY,
		now,
		enroll: true,
	});
	for (const it of out) {
		const json = it.json as {
			journal: JournalRow[];
			sendKey?: string;
			enrollment: string;
			step?: string;
			contact?: { patientId: string };
		};
		for (const r of json.journal) upsert(journal, r);
		if (it.output === 'sms' || it.output === 'email') {
			upsert(
				journal,
				row({
					key: json.sendKey as string,
					kind: 'touch',
					journey: journey.id,
					patientId: '501',
					enrollment: json.enrollment,
					step: json.step,
					channel: it.output,
					status: 'sent',
					at: now.toUTC().toISO(),
				}),
			);
		}
	}
	return out;
}
function upsert(journal: JournalRow[], r: JournalRow) {
	const i = journal.findIndex((x) => x.key === r.key);
	if (i >= 0) journal[i] = r;
	else journal.push(r);
}
const sent = (out: TickItem[]) => out.filter((i) => i.output === 'sms').map((i) => (i.json as { step: string }).step);

describe('appointment reminder', () => {
	it('texts two days before at 10:00 in the patient zone and again the same morning at 08:00 when not confirmed', () => {
		const journal: JournalRow[] = [];
		expect(sent(run(reminder, [appointment()], at('2026-12-08T09:59'), journal))).toEqual([]);
		const first = run(reminder, [appointment()], at('2026-12-08T10:00'), journal);
		expect(sent(first)).toEqual(['two-days-before']);
		const body = (first[0].json as { body: string }).body;
		expect(body).toBe(
			'Riverside Dental: Maria, see you Thu, Dec 10 at 2:30 PM. Reply C to confirm, R to reschedule, or call (512) 555-0100. Reply STOP to opt out',
		);
		expect((first[0].json as { purpose: string }).purpose).toBe('appointment');
		expect(sent(run(reminder, [appointment()], at('2026-12-09T10:00'), journal))).toEqual([]);
		expect(sent(run(reminder, [appointment()], at('2026-12-10T07:59'), journal))).toEqual([]);
		expect(sent(run(reminder, [appointment()], at('2026-12-10T08:00'), journal))).toEqual(['same-day']);
		expect(sent(run(reminder, [appointment()], at('2026-12-10T09:00'), journal))).toEqual([]);
	});

	it('skips the same-day text once the PMS shows the visit confirmed', () => {
		const journal: JournalRow[] = [];
		run(reminder, [appointment()], at('2026-12-08T10:00'), journal);
		const out = run(reminder, [appointment({ confirmed: 'Confirmed' })], at('2026-12-10T08:00'), journal);
		expect(sent(out)).toEqual([]);
		expect(out.map((i) => i.output)).toEqual(['finished']);
	});

	it('never reminds within the last hour before the visit, nor after it', () => {
		// Booked this morning for 08:30: the 08:00 same-day text would come 30 minutes before it.
		const early = appointment({ start: '2026-12-10T08:30:00.000-06:00' });
		expect(sent(run(reminder, [early], at('2026-12-10T08:00'), []))).toEqual([]);
		// The late booking (yesterday) still gets the two-day text at once, as the latest due step.
		expect(sent(run(reminder, [appointment()], at('2026-12-09T15:00'), []))).toEqual(['two-days-before']);
	});

	it('stops when the visit leaves the book (moved to another day, broken) and never texts an opted-out patient', () => {
		const journal: JournalRow[] = [];
		run(reminder, [appointment()], at('2026-12-08T10:00'), journal);
		expect(run(reminder, [], at('2026-12-10T08:00'), journal).map((i) => i.output)).toEqual(['stopped']);
		const optedOut: JournalRow[] = [
			row({
				key: 'patient/501',
				kind: 'patient',
				patientId: '501',
				status: 'opted_out',
				channel: 'sms',
				at: '2026-12-01T00:00:00Z',
			}),
		];
		const out = run(reminder, [appointment()], at('2026-12-08T10:00'), optedOut);
		expect(sent(out)).toEqual([]);
		expect((out[0].json as { decision: { reason: string } }).decision.reason).toBe('opted_out');
	});

	it('every text fits one 160-character segment (the healthcare exemption) and carries no clinical words', () => {
		const phi = phiMatcher(DEFAULT_CLINICAL_WORDS);
		for (const step of reminder.steps) {
			const long = appointment({
				patient: { ...(appointment().patient as object), firstName: 'Alexandria' },
				start: '2026-12-10T10:30:00.000-06:00',
			});
			const journal: JournalRow[] = [];
			const now = step.id === 'same-day' ? at('2026-12-10T08:00') : at('2026-12-08T10:00');
			const [item] = run(reminder, [long], now, journal, {
				...PRACTICE,
				name: 'Riverside Family Dental',
				providerNames: { DOC1: 'Dr. Castellanos' },
			});
			const body = (item.json as { body: string }).body;
			expect(body.length).toBeLessThanOrEqual(160);
			expect(smsSize(body).segments).toBe(1);
			expect(phi.find(body, null, null)).toBeNull();
		}
	});
});

describe('isConfirmed', () => {
	it.each([
		['Confirmed', true],
		['confirmed by text', true],
		['Unconfirmed', false],
		['Not Confirmed', false],
		['Not Called', false],
		['Texted', false],
		[null, false],
	])('%s -> %s', (status, expected) => expect(isConfirmed(status)).toBe(expected));
});

describe('review request', () => {
	const visit = (over: Record<string, unknown> = {}) =>
		appointment({
			status: 'completed',
			start: '2026-12-07T09:00:00.000-06:00',
			patient: { ...(appointment().patient as object), smsConsent: 'yes' },
			...over,
		});

	it('goes out once, the day after the visit at 11:00, with the review link', () => {
		const journal: JournalRow[] = [];
		expect(sent(run(review, [visit()], at('2026-12-07T17:00'), journal))).toEqual([]);
		const out = run(review, [visit()], at('2026-12-08T11:00'), journal);
		expect(sent(out)).toEqual(['day-after-text']);
		expect((out[0].json as { body: string; purpose: string }).body).toContain(
			'https://g.page/r/riverside-dental/review',
		);
		expect((out[0].json as { purpose: string }).purpose).toBe('review_request');
		expect(sent(run(review, [visit()], at('2026-12-08T15:00'), journal))).toEqual([]);
		expect(sent(run(review, [visit()], at('2026-12-09T11:00'), journal))).toEqual([]);
	});

	it('never after a complaint, a decline or a healing red flag within the look-back; a complaint older than it does not count', () => {
		const reply = (status: string, day: string, detail: string | null = null) =>
			row({
				key: `reply/SM${status}${day}`,
				kind: 'reply',
				patientId: '501',
				mobile: '+15125550123',
				status,
				at: `${day}T15:00:00Z`,
				detail,
			});
		for (const r of [
			reply('other', '2026-11-20', 'complaint'),
			reply('decline', '2026-11-01'),
			reply('clinical', '2026-12-07'),
			reply('healing_escalate', '2026-10-15'),
		]) {
			const out = run(review, [visit()], at('2026-12-08T11:00'), [r]);
			expect(sent(out)).toEqual([]);
			expect((out[0].json as { decision: { reason: string } }).decision.reason).toBe('complained');
		}
		expect(sent(run(review, [visit()], at('2026-12-08T11:00'), [reply('other', '2026-09-01', 'complaint')]))).toEqual([
			'day-after-text',
		]);
		expect(sent(run(review, [visit()], at('2026-12-08T11:00'), [reply('book', '2026-12-07')]))).toEqual([
			'day-after-text',
		]);
	});

	it('a review request follows a completed visit only, a reminder an upcoming one (a miswired PMS read enrolls nothing)', () => {
		expect(run(review, [appointment()], at('2026-12-08T11:00'), []).map((i) => i.output)).toEqual([]);
		expect(run(reminder, [visit()], at('2026-12-06T10:00'), []).map((i) => i.output)).toEqual([]);
	});

	it('never to an opted-out patient', () => {
		const out = run(review, [visit()], at('2026-12-08T11:00'), [
			row({
				key: 'patient/501',
				kind: 'patient',
				patientId: '501',
				status: 'opted_out',
				channel: 'sms',
				at: '2026-12-01T00:00:00Z',
			}),
		]);
		expect(sent(out)).toEqual([]);
	});

	it('with no Review Link in the profile, refuses to run and says which field', () => {
		expect(() => run(review, [visit()], at('2026-12-08T11:00'), [], { ...PRACTICE, reviewLink: '' })).toThrow(
			/Review Link is empty in the Chairside Practice Profile/,
		);
		// Journeys that do not use the link do not need it.
		expect(() =>
			run(reminder, [appointment()], at('2026-12-08T11:00'), [], { ...PRACTICE, reviewLink: '' }),
		).not.toThrow();
	});
});

describe('complaints', () => {
	const reply = (body: string, intent: PatientReply['intent'] = 'other'): PatientReply => ({
		kind: 'chairside.reply',
		messageSid: `SM${body.length}${intent}`,
		from: '+15125550123',
		to: '+15125550100',
		body,
		receivedAt: '2026-12-07T15:00:00Z',
		intent,
		matched: null,
		score: null,
		needsHuman: true,
	});
	const known = new JournalIndex([
		row({ key: 'patient/501', kind: 'patient', patientId: '501', mobile: '+15125550123', status: 'ok' }),
	]);

	it('a reply whose words are a complaint is marked when recorded, and counts within the look-back', () => {
		expect(isComplaint('the front desk was so rude, I want a refund')).toBe(true);
		expect(isComplaint('no complaints, see you Tuesday')).toBe(false);
		const { rows } = recordReply(reply('the front desk was so rude'), known, DateTime.fromISO('2026-12-07T15:00:00Z'));
		expect(rows[0].detail).toBe('complaint');
		expect(complainedWithin(new JournalIndex(rows), '501', DateTime.fromISO('2026-12-08T15:00:00Z'), 60)).toBe(true);
		expect(complainedWithin(new JournalIndex(rows), '501', DateTime.fromISO('2027-03-08T15:00:00Z'), 60)).toBe(false);
		const thanks = recordReply(reply('thanks, see you soon'), known, DateTime.fromISO('2026-12-07T15:00:00Z'));
		expect(thanks.rows[0].detail).toBeNull();
	});
});
