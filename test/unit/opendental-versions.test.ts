/**
 * The reader against the simulator answering as a current and as older Open Dental versions
 * (docs/open-dental.md): filters an older version does not have come back unfiltered, and every
 * answer must still equal what the practice's rows say.
 */
import { DateTime } from 'luxon';
import { startOpenDentalSimulator, type OpenDentalSimulator } from '../../sandbox/opendental';
import { fetchClient } from '../../sandbox/opendental/client';
import { generatePractice } from '../../sandbox/practice/generate';
import type { Practice } from '../../sandbox/practice/types';
import { findUnscheduledTreatment } from '../../sandbox/practice/unscheduled';
import { OpenDentalReader } from '../../core/pms/opendental/reader';
import { OpenDentalTransport } from '../../core/pms/opendental/transport';
import { OpenDentalWriter } from '../../core/pms/opendental/writer';
import { savedProcedure } from '../../core/pms/opendental/plans';
import { procedureRecord, procTpRecord } from '../../core/pms/opendental/records';
import { everyUnscheduled } from '../../core/pms/select';
import { cursorAt, pollRequest } from './pms-backends';

const TODAY = '2026-11-23';

describe.each([
	['25.3.40', 'current'],
	['24.3.36', 'before the ProcStatus filter (25.2.21)'],
	['22.4.16', 'the minimum: before the AptStatus (22.4.28) and Op (23.2.27) filters too'],
])('Open Dental %s (%s)', (version) => {
	let practice: Practice;
	let sim: OpenDentalSimulator;
	let zone: string;
	let now: DateTime;
	const transport = () =>
		new OpenDentalTransport({
			http: fetchClient(sim.url, 'ODFHIR dev/cust'),
			timing: { now: () => 0, sleep: async () => undefined },
			throttle: 'none',
			pageSize: null,
		});
	const reader = () => new OpenDentalReader({ transport: transport(), timezone: zone, defaultRegion: 'US' });

	beforeAll(async () => {
		practice = generatePractice({ seed: 21, patients: 300, stage: 3, today: TODAY });
		zone = practice.clinics[0].timezone;
		now = DateTime.fromISO(`${TODAY}T08:00:00`, { zone });
		sim = await startOpenDentalSimulator({
			practice,
			developerKey: 'dev',
			customerKey: 'cust',
			now: () => now,
			version,
			mode: 'service',
		});
		// A deleted crown on a patient with nothing else planned: never a case, whatever the server filters.
		const patient = practice.patients.find(
			(p) =>
				p.PatStatus === 'Patient' && !practice.procedures.some((x) => x.PatNum === p.PatNum && x.ProcStatus === 'TP'),
		) as Practice['patients'][number];
		const procNum = sim.planProcedure({
			patNum: patient.PatNum,
			code: 'D2740',
			description: 'crown - porcelain/ceramic',
			fee: 1100,
		});
		const proc = practice.procedures.find((x) => x.ProcNum === procNum) as Practice['procedures'][number];
		proc.ProcStatus = 'D';
	});
	afterAll(() => sim?.close());

	it("unscheduled treatment is Treatment Finder's: no completed, deleted or existing work", async () => {
		const expected = findUnscheduledTreatment(practice);
		const cases = await reader().getUnscheduledTreatment(everyUnscheduled(now));
		expect(cases.map((c) => Number(c.item.patient.id)).sort((a, b) => a - b)).toEqual(
			expected.map((e) => e.patient.PatNum),
		);
		const planned = new Set(practice.procedures.filter((p) => p.ProcStatus === 'TP').map((p) => String(p.ProcNum)));
		for (const c of cases)
			for (const procNum of String(c.pmsIds.ProcNums).split(',')) expect(planned.has(procNum)).toBe(true);
	});

	it('completed procedures are only completed ones', async () => {
		const events = await reader().getCompletedProcedures({ from: '2026-06-01', to: '2026-11-22', families: [] });
		const expected = practice.procedures.filter(
			(p) => p.ProcStatus === 'C' && p.ProcDate >= '2026-06-01' && p.ProcDate <= '2026-11-22',
		);
		expect(events.map((e) => Number(e.item.id)).sort((a, b) => a - b)).toEqual(
			expected.map((p) => p.ProcNum).sort((a, b) => a - b),
		);
	});

	it('appointments by status are only of that status', async () => {
		const list = await reader().getAppointments({
			from: TODAY,
			to: '2026-12-31',
			statuses: ['scheduled'],
			patientId: null,
		});
		const expected = practice.appointments.filter(
			(a) =>
				a.AptStatus === 'Scheduled' &&
				a.AptDateTime.slice(0, 10) >= TODAY &&
				a.AptDateTime.slice(0, 10) <= '2026-12-31',
		);
		expect(list.map((a) => a.pmsIds.AptNum).sort()).toEqual(expected.map((a) => a.AptNum).sort());
	});

	it('a cancel on an office with default settings (no breakType) goes to the Unscheduled List, and the trigger sees a broken appointment', async () => {
		const apt = practice.appointments.find(
			(a) => a.AptStatus === 'Scheduled' && a.AptDateTime.slice(0, 10) > TODAY,
		) as Practice['appointments'][number];
		const since = cursorAt(now, TODAY);
		now = now.plus({ minutes: 5 });
		expect(await new OpenDentalWriter(transport()).cancel(String(apt.AptNum), { toUnscheduledList: true })).toBe(true);
		expect(apt.AptStatus).toBe('UnschedList');
		const polled = await reader().poll(pollRequest(since, now, ['appointment_broken']));
		expect(polled.events.map((e) => [e.type, e.pmsIds.AptNum])).toEqual([['appointment_broken', apt.AptNum]]);
	});

	it("recalls due are read from the Recall List's M/d/yyyy dates", async () => {
		const recalls = await reader().getRecallsDue({ now, daysAhead: 28, daysOverdue: 182, types: [] });
		expect(recalls.length).toBeGreaterThan(10);
		expect(recalls.every((r) => /^\d{4}-\d{2}-\d{2}$/.test(r.item.dueDate))).toBe(true);
	});
});

describe('a Saved plan is a plan as presented, not work done (apitreatplans.html)', () => {
	const copy = procTpRecord.parse({ TreatPlanNum: 5, ProcNumOrig: 40, FeeAmt: 1100, ProvNum: 2 });
	const live = (ProcStatus: string, AptNum = 0) =>
		procedureRecord.parse({
			ProcNum: 40,
			PatNum: 9,
			AptNum: String(AptNum),
			ProcDate: '0001-01-01',
			ProcFee: '900.00',
			ProcStatus,
			procCode: 'D2740',
		});
	it.each([
		['TP', 0, 'planned'],
		['TP', 77, 'scheduled'],
		['C', 0, 'completed'],
	] as const)('a copy whose procedure is %s (AptNum %i) is %s, at the presented fee', (status, aptNum, state) => {
		expect(savedProcedure(copy, live(status, aptNum))).toEqual({ procNum: 40, fee: 1100, provNum: 2, state });
	});
	it('a copy whose procedure was deleted, or is gone from the chart, is no treatment', () => {
		expect(savedProcedure(copy, live('D'))).toBeNull();
		expect(savedProcedure(copy, undefined)).toBeNull();
	});
});
