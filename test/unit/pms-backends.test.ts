/**
 * What both PMS backends must read alike, each against its simulator serving the same synthetic
 * practice, compared with what the practice's rows say (worked out here without the readers):
 * Treatment Finder's unscheduled treatment, completed procedures, appointments in the practice's
 * zone, and lapsed patients turning at the practice's midnight (core/pms/lapsed.ts).
 */
import { DateTime } from 'luxon';
import { everyUnscheduled } from '../../core/pms/select';
import type { Practice } from '../../sandbox/practice/types';
import {
	ascending,
	cursorAt,
	morning,
	nexHealthBackend,
	openDentalBackend,
	pollRequest,
	testPractice,
	TODAY,
	type Backend,
} from './pms-backends';

describe.each([
	['Open Dental', openDentalBackend],
	['NexHealth', nexHealthBackend],
] as const)('%s', (_name, start) => {
	let practice: Practice;
	let backend: Backend;
	let zone: string;
	let now: DateTime;

	beforeAll(async () => {
		practice = testPractice();
		zone = practice.clinics[0].timezone;
		now = morning(practice);
		backend = await start(practice, () => now);
	});
	afterAll(() => backend?.close());

	it("finds unscheduled treatment as Open Dental's Treatment Finder defines it", async () => {
		const expected = backend.treatmentFinder(practice);
		const cases = await backend.reader().getUnscheduledTreatment(everyUnscheduled(now));
		expect(expected.length).toBeGreaterThan(5);
		expect(ascending(cases.map((c) => c.item.patient.id))).toEqual(expected.map((e) => e.patient.PatNum));
		const byId = new Map(cases.map((c) => [c.item.patient.id, c]));
		for (const want of expected) {
			const got = byId.get(String(want.patient.PatNum))!;
			expect(got.item.totalFee).toBeCloseTo(want.fee, 2);
			expect(got.item.procedures.map((p) => p.code).sort()).toEqual(want.procedures.map((p) => p.ProcCode).sort());
			expect(backend.procedureIds(got.pmsIds)).toEqual(ascending(want.procedures.map((p) => p.ProcNum)));
		}
	});

	it('reads completed procedures in a date range', async () => {
		const from = '2026-06-01';
		const to = '2026-11-22';
		const expected = practice.procedures.filter(
			(p) =>
				p.ProcStatus === 'C' && p.ClinicNum === practice.clinics[0].ClinicNum && p.ProcDate >= from && p.ProcDate <= to,
		);
		const events = await backend.reader().getCompletedProcedures({ from, to, families: [] });
		expect(ascending(events.map((e) => e.item.id))).toEqual(ascending(expected.map((p) => p.ProcNum)));
	});

	it('reads scheduled appointments of a range, times in the practice zone', async () => {
		const to = '2026-12-31';
		const list = await backend.reader().getAppointments({ from: TODAY, to, statuses: ['scheduled'], patientId: null });
		const expected = practice.appointments.filter(
			(a) => a.AptStatus === 'Scheduled' && a.AptDateTime.slice(0, 10) >= TODAY && a.AptDateTime.slice(0, 10) <= to,
		);
		expect(ascending(list.map((a) => a.item.id))).toEqual(ascending(expected.map((a) => a.AptNum)));
		const first = list[0].item;
		const source = practice.appointments.find((a) => a.AptNum === Number(first.id))!;
		expect(first.start).toBe(DateTime.fromSQL(source.AptDateTime, { zone }).toISO());
		expect(first.lengthMinutes).toBe(source.lengthMinutes);
	});

	it("a patient lapses at the practice's midnight, in the list and in PMS Trigger's Patient Lapsed", async () => {
		// The most recently lapsed patient: their last visit L is 12 months old on day L + 12 months + 1.
		const lapsed = await backend.reader().getLapsedPatients({ now, months: 12 });
		const newest = lapsed.reduce((a, b) => (b.item.lastVisit > a.item.lastVisit ? b : a));
		const id = newest.item.patient.id;
		const lastDay = DateTime.fromISO(newest.item.lastVisit, { zone }).plus({ months: 12 });
		// 23:30 on the last day in the practice's zone is already the next day in UTC.
		const before = lastDay.set({ hour: 23, minute: 30 });
		const after = lastDay.plus({ days: 1 }).set({ hour: 0, minute: 30 });
		expect(before.toUTC().toISODate()).toBe(after.toISODate());

		const listed = async (at: DateTime) =>
			(await backend.reader().getLapsedPatients({ now: at, months: 12 })).find((l) => l.item.patient.id === id);
		expect(await listed(before)).toBeUndefined();
		expect((await listed(after))?.item).toMatchObject({ lastVisit: newest.item.lastVisit, monthsSinceVisit: 12 });

		const emitted = async (at: DateTime, scannedOn: string) =>
			(await backend.reader().poll(pollRequest(cursorAt(at, scannedOn), at, ['patient_lapsed']))).events
				.filter((e) => e.type === 'patient_lapsed' && String(e.data.patient.id) === id)
				.map((e) => e.key);
		const dayBefore = lastDay.minus({ days: 1 }).toISODate() as string;
		expect(await emitted(before, dayBefore)).toEqual([]);
		expect(await emitted(after, lastDay.toISODate() as string)).toEqual([`lapsed:${id}:${newest.item.lastVisit}`]);
	});
});
