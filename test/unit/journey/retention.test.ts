/**
 * Retention: what leaves the live journal for the archive, at a pinned "now". Nothing a tick, a
 * reply or the caps decide with may leave; everything that leaves goes to the archive (the audit).
 */
import { DateTime } from 'luxon';
import { row, type JournalRow } from '../../../core/journey/journal';
import { MIN_LIVE_DAYS, RECENT_DAYS, retentionPolicy, sweep } from '../../../core/journey/retention';

const NOW = DateTime.fromISO('2027-06-01T08:00:00.000Z', { zone: 'utc' });
const POLICY = { liveDays: 365, auditDays: 2190 };
const daysAgo = (d: number) => NOW.minus({ days: d }).toISO() as string;

function enrollment(subject: string, status: string, endedDaysAgo: number): JournalRow {
	const key = `treatment-follow-up/${subject}`;
	return row({
		key,
		kind: 'enrollment',
		journey: 'treatment-follow-up',
		patientId: `p-${subject}`,
		subjectId: subject,
		status,
		startedAt: daysAgo(endedDaysAgo + 12),
		at: daysAgo(endedDaysAgo),
	});
}
function touch(e: JournalRow, step: string, d: number, status = 'sent'): JournalRow {
	return row({
		key: `${e.key}#${step}`,
		kind: 'touch',
		journey: e.journey,
		patientId: e.patientId,
		subjectId: e.subjectId,
		enrollment: e.key,
		step,
		channel: 'sms',
		status,
		at: daysAgo(d),
		providerId: 'SM1',
	});
}
const keys = (rows: JournalRow[]) => rows.map((r) => r.key).sort();

describe('sweep', () => {
	it('keeps an active enrollment and every touch it has, however old', () => {
		const e = enrollment('case-1', 'active', 400);
		expect(sweep([e, touch(e, 'day-1-text', 400), touch(e, 'day-3-email', 2)], NOW, POLICY).archive).toEqual([]);
	});

	it('archives an enrollment that ended more than the retention ago, with its touches and closed tasks', () => {
		const e = enrollment('case-2', 'finished', 366);
		const task = row({
			key: `task/${e.key}#day-12-call`,
			kind: 'task',
			enrollment: e.key,
			patientId: e.patientId,
			status: 'done',
			at: daysAgo(370),
		});
		const rows = [e, touch(e, 'day-1-text', 378), touch(e, 'day-7-text', 372), task];
		expect(keys(sweep(rows, NOW, POLICY).archive)).toEqual(keys(rows));
	});

	it('keeps an ended enrollment inside the retention (so its case is not enrolled again), archiving its touches after the caps window', () => {
		const e = enrollment('case-3', 'stopped', 30);
		const old = touch(e, 'day-1-text', 40);
		const recent = touch(e, 'day-3-email', RECENT_DAYS - 1);
		expect(keys(sweep([e, old, recent], NOW, POLICY).archive)).toEqual([old.key]);
	});

	it('never archives an opt-out or an open staff task', () => {
		const optOut = row({
			key: 'patient/p9',
			kind: 'patient',
			patientId: 'p9',
			status: 'opted_out',
			channel: 'sms',
			at: daysAgo(3000),
		});
		const e = enrollment('case-4', 'finished', 800);
		const open = row({
			key: `task/${e.key}#day-12-call`,
			kind: 'task',
			enrollment: e.key,
			patientId: e.patientId,
			status: 'open',
			at: daysAgo(800),
		});
		expect(keys(sweep([optOut, e, open], NOW, POLICY).archive)).toEqual([e.key]);
	});

	it('archives replies and offers after the recent window, and keeps rows whose date it cannot read', () => {
		const reply = row({
			key: 'reply/SM-old',
			kind: 'reply',
			patientId: 'p1',
			status: 'book',
			at: daysAgo(RECENT_DAYS + 1),
		});
		const fresh = row({ key: 'reply/SM-new', kind: 'reply', patientId: 'p1', status: 'book', at: daysAgo(1) });
		const offer = row({
			key: 'offer/p1',
			kind: 'offer',
			patientId: 'p1',
			status: 'open',
			at: daysAgo(RECENT_DAYS + 2),
		});
		const undated = row({ key: 'reply/SM-x', kind: 'reply', at: 'yesterday' });
		expect(keys(sweep([reply, fresh, offer, undated], NOW, POLICY).archive)).toEqual([offer.key, reply.key]);
	});

	it('archives the old touches of an enrollment no longer in the journal', () => {
		const e = enrollment('case-5', 'finished', 500);
		const orphan = touch(e, 'day-1-text', 30);
		expect(keys(sweep([orphan], NOW, POLICY).archive)).toEqual([orphan.key]);
	});

	it('says which archive rows are past the audit retention', () => {
		expect(sweep([], NOW, POLICY).auditBefore).toBe('2021-06-02T08:00:00.000Z');
	});

	it('a one-year journal shrinks to active work, recent sends and the retained ended enrollments', () => {
		const rows: JournalRow[] = [];
		for (let i = 0; i < 300; i++) {
			const ended = i % 3 !== 0;
			const e = enrollment(`c${i}`, ended ? 'finished' : 'active', ended ? 10 + i : 0);
			rows.push(e, touch(e, 'day-1-text', 20 + i), touch(e, 'day-3-email', 18 + i));
		}
		const left = rows.length - sweep(rows, NOW, POLICY).archive.length;
		// 100 active enrollments with their 200 touches, and the 200 finished enrollments (all within 365 days).
		expect(left).toBe(500);
	});
});

describe('retentionPolicy', () => {
	it(`refuses to keep finished enrollments under ${MIN_LIVE_DAYS} days, or audit rows for less`, () => {
		expect(retentionPolicy.safeParse({ liveDays: 200, auditDays: 2190 }).success).toBe(false);
		expect(retentionPolicy.safeParse({ liveDays: 700, auditDays: 400 }).success).toBe(false);
		expect(retentionPolicy.safeParse({ liveDays: 365, auditDays: 2190 }).success).toBe(true);
	});
});
