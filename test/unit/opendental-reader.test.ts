/**
 * The Open Dental reader against the protocol-faithful simulator serving the synthetic practice:
 * every read compared with what the practice's rows say, worked out here without the reader. What it
 * must read as NexHealth does (Treatment Finder, completed procedures, appointments, the lapse at the
 * practice's midnight) is in pms-backends.test.ts.
 */
import { DateTime } from 'luxon';
import { startOpenDentalSimulator, type OpenDentalSimulator } from '../../sandbox/opendental';
import type { Practice } from '../../sandbox/practice/types';
import { findUnscheduledTreatment } from '../../sandbox/practice/unscheduled';
import { fetchClient } from '../../sandbox/opendental/client';
import { OpenDentalReader } from '../../core/pms/opendental/reader';
import { OpenDentalTransport } from '../../core/pms/opendental/transport';
import type { PollCursor } from '../../core/pms/events';
import { everyUnscheduled } from '../../core/pms/select';
import { cursorAt, morning, pollRequest, testPractice, TODAY } from './pms-backends';
let practice: Practice;
let sim: OpenDentalSimulator;
let zone: string;
let clock: DateTime;
let now: DateTime;

function reader(key?: string) {
	const transport = new OpenDentalTransport({
		http: fetchClient(sim.url, key ?? 'ODFHIR dev/cust'),
		timing: { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 20))) },
		throttle: 'none',
		pageSize: 100,
	});
	return { reader: new OpenDentalReader({ transport, timezone: zone, defaultRegion: 'US' }), transport };
}

beforeAll(async () => {
	practice = testPractice();
	zone = practice.clinics[0].timezone;
	clock = morning(practice);
	now = clock;
	sim = await startOpenDentalSimulator({ practice, developerKey: 'dev', customerKey: 'cust', now: () => clock });
});

afterAll(() => sim?.close());

describe('OpenDentalReader reads', () => {
	it('applies the value, category and age filters', async () => {
		const all = await reader().reader.getUnscheduledTreatment(everyUnscheduled(now));
		// A case was presented on its procedures' DateTP.
		const source = new Map(findUnscheduledTreatment(practice).map((e) => [String(e.patient.PatNum), e]));
		for (const c of all) expect(c.item.presentedAt).toBe(source.get(c.item.patient.id)!.procedures[0].DateTP);
		const big = await reader().reader.getUnscheduledTreatment({
			now,
			minAgeHours: 24 * 30,
			minValue: 1500,
			maxValue: null,
			categories: ['crown', 'implant'],
			provider: null,
			clinic: null,
		});
		expect(big.map((c) => c.item.caseId)).toEqual(
			all
				.filter(
					(c) =>
						c.item.totalFee >= 1500 && ['crown', 'implant'].includes(c.item.category) && (c.item.ageDays ?? 0) >= 30,
				)
				.map((c) => c.item.caseId),
		);
	});

	it('completed procedures by implant milestone', async () => {
		const to = '2026-11-22';
		const implants = await reader().reader.getCompletedProcedures({
			from: '2023-01-01',
			to,
			families: ['implant_placement'],
		});
		expect(implants.every((e) => e.item.code === 'D6010' && e.item.milestone === 'implant_placement')).toBe(true);
		expect(implants.length).toBe(
			practice.procedures.filter(
				(p) => p.ProcStatus === 'C' && p.ProcCode === 'D6010' && p.ProcDate >= '2023-01-01' && p.ProcDate <= to,
			).length,
		);
	});

	it('one patient, with consent and channel from TxtMsgOk / PreferContactMethod', async () => {
		const source = practice.patients.find(
			(p) => p.PatStatus === 'Patient' && p.TxtMsgOk === 'Yes' && /555-01/.test(p.WirelessPhone),
		)!;
		const { item } = await reader().reader.getPatient(String(source.PatNum));
		expect(item).toMatchObject({
			id: String(source.PatNum),
			lastName: expect.any(String),
			smsConsent: 'yes',
			timezone: zone,
			status: 'active',
		});
		expect(item.mobile).toMatch(/^\+1\d{10}$/);
		const refused = practice.patients.find((p) => p.PreferContactMethod === 'DoNotCall');
		if (refused) expect((await reader().reader.getPatient(String(refused.PatNum))).item.smsConsent).toBe('no');
	});

	it('recalls due in the window: active patients, seen before, no hygiene visit booked', async () => {
		const recalls = await reader().reader.getRecallsDue({ now, daysAhead: 28, daysOverdue: 182, types: [] });
		const from = DateTime.fromISO(TODAY).minus({ days: 182 }).toISODate() as string;
		const to = DateTime.fromISO(TODAY).plus({ days: 28 }).toISODate() as string;
		const bookedHygiene = new Set(
			practice.appointments
				.filter((a) => a.AptStatus === 'Scheduled' && a.IsHygiene && a.AptDateTime.slice(0, 10) >= TODAY)
				.map((a) => a.PatNum),
		);
		const active = new Set(practice.patients.filter((p) => p.PatStatus === 'Patient').map((p) => p.PatNum));
		const expected = practice.recalls.filter(
			(r) =>
				active.has(r.PatNum) && r.DatePrevious && r.DateDue >= from && r.DateDue <= to && !bookedHygiene.has(r.PatNum),
		);
		expect(expected.length).toBeGreaterThan(10);
		expect(recalls.map((r) => `${r.item.patientId}:${r.item.type}:${r.item.dueDate}`).sort()).toEqual(
			expected.map((r) => `${r.PatNum}:${r.type}:${r.DateDue}`).sort(),
		);
		const overdue = recalls.find((r) => r.item.dueDate < TODAY)!;
		expect(overdue.item.daysOverdue).toBe(
			DateTime.fromISO(TODAY).diff(DateTime.fromISO(overdue.item.dueDate), 'days').days,
		);
	});

	it("lapsed patients as Open Dental's reactivation list has them", async () => {
		const lapsed = await reader().reader.getLapsedPatients({ now, months: 18 });
		// The generator's lapsed patients, less Do-Not-Contact ones and those whose last visit is
		// beyond Open Dental's 1,095-day look-back: the reactivation list leaves both out.
		const lookBack = DateTime.fromISO(TODAY).minus({ days: 1095 }).toISODate() as string;
		const lastVisit = (patNum: number) =>
			practice.appointments
				.filter((a) => a.PatNum === patNum && a.AptStatus === 'Complete')
				.map((a) => a.AptDateTime.slice(0, 10))
				.sort()
				.pop() ?? '';
		const expected = practice.truth.lapsedPatNums.filter((id) => {
			const patient = practice.patients.find((p) => p.PatNum === id)!;
			return patient.PreferContactMethod !== 'DoNotCall' && lastVisit(id) >= lookBack;
		});
		expect(expected.length).toBeGreaterThan(20);
		expect(lapsed.map((l) => Number(l.item.patient.id)).sort((a, b) => a - b)).toEqual(
			[...expected].sort((a, b) => a - b),
		);
		for (const l of lapsed) expect(l.item.lastVisit).toBe(lastVisit(Number(l.item.patient.id)));
	});

	it('a wrong key is a clear 401', async () => {
		await expect(reader('ODFHIR dev/wrong').reader.getPatient('1')).rejects.toThrow(/401.*developer and customer keys/);
	});
});

describe('OpenDentalReader.poll', () => {
	it('emits a completed implant placement and a new booking once, and nothing when nothing changed', async () => {
		const { reader: r } = reader();
		let cursor: PollCursor = cursorAt(clock, TODAY);
		const events = ['procedure_completed', 'appointment_scheduled', 'treatment_unscheduled'] as const;
		const poll = async () => {
			const result = await r.poll(pollRequest(cursor, clock, [...events]));
			cursor = result.cursor;
			return result;
		};
		expect((await poll()).events).toEqual([]);

		clock = clock.plus({ minutes: 5 });
		const implant = practice.procedures.find((p) => p.ProcStatus === 'TP' && p.ProcCode === 'D6010')!;
		sim.completeProcedure(implant.ProcNum, TODAY);
		const patient = practice.patients.find((p) => p.PatStatus === 'Patient')!;
		const op = practice.operatories[0];
		const aptNum = sim.bookAppointment({
			patNum: patient.PatNum,
			start: '2026-12-01 09:00:00',
			lengthMinutes: 60,
			provNum: op.ProvDentist,
			op: op.OperatoryNum,
		});

		const first = await poll();
		const completed = first.events.filter((e) => e.type === 'procedure_completed');
		expect(completed).toEqual([
			expect.objectContaining({
				key: `procedure:${implant.ProcNum}:C`,
				data: expect.objectContaining({ milestone: 'implant_placement' }),
			}),
		]);
		expect(first.events.filter((e) => e.type === 'appointment_scheduled').map((e) => e.pmsIds.AptNum)).toEqual([
			aptNum,
		]);

		const again = await poll();
		expect(again.events).toEqual([]);
		expect(again.requests).toBeLessThanOrEqual(4);
	});

	it('a failed poll delivers nothing; polling again from the same cursor delivers the change', async () => {
		const { reader: r } = reader();
		const cursor = cursorAt(clock, TODAY);
		clock = clock.plus({ minutes: 5 });
		const crown = practice.procedures.find((p) => p.ProcStatus === 'TP' && p.ProcCode === 'D2740')!;
		sim.completeProcedure(crown.ProcNum, TODAY);
		sim.fault({ path: /^\/appointments/, status: 500, times: 5 });
		const request = pollRequest(cursor, clock, ['procedure_completed', 'appointment_scheduled']);
		await expect(r.poll(request)).rejects.toThrow(/500/);
		const retry = await r.poll(request);
		expect(retry.events.map((e) => e.key)).toContain(`procedure:${crown.ProcNum}:C`);
	});
});
