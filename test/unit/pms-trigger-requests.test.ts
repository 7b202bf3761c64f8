/**
 * What a PMS Trigger poll costs Open Dental, counted by the simulator, with the node run as n8n runs
 * it: a new node and reader every poll, only the workflow's static data kept between polls
 * (test/unit/pms-trigger-context.ts). Open Dental Remote allows one request a second, so a quiet
 * poll must stay at three requests or fewer, and a burst of changes in one second is paid once.
 */
import { DateTime, Settings } from 'luxon';
import { startOpenDentalSimulator, type OpenDentalSimulator } from '../../sandbox/opendental';
import { triggerPoller } from './pms-trigger-context';
import { generatePractice } from '../../sandbox/practice/generate';
import type { Practice } from '../../sandbox/practice/types';

const TODAY = '2026-11-23';
const EVENTS = [
	'treatment_unscheduled',
	'procedure_completed',
	'appointment_scheduled',
	'appointment_broken',
	'appointment_completed',
];
let practice: Practice;
let sim: OpenDentalSimulator;
let zone: string;
let clock: DateTime;
/** Active patients with nothing booked from today: a plan charted for one is unscheduled treatment. */
let unbooked: number[];

beforeAll(async () => {
	practice = generatePractice({ seed: 21, patients: 400, stage: 3, today: TODAY });
	zone = practice.clinics[0].timezone;
	clock = DateTime.fromISO(`${TODAY}T08:00:00`, { zone });
	// The node reads luxon's clock; the simulator stamps its changes with the same one.
	Settings.now = () => clock.toMillis();
	sim = await startOpenDentalSimulator({
		practice,
		mode: 'local',
		developerKey: 'dev',
		customerKey: 'cust',
		now: () => clock,
	});
	const booked = new Set(
		practice.appointments
			.filter((a) => a.AptStatus === 'Scheduled' && a.AptDateTime.slice(0, 10) >= TODAY)
			.map((a) => a.PatNum),
	);
	unbooked = practice.patients.filter((p) => p.PatStatus === 'Patient' && !booked.has(p.PatNum)).map((p) => p.PatNum);
});

afterAll(async () => {
	Settings.now = () => Date.now();
	await sim?.close();
});

let planned = 0;
/** Crowns charted for `count` patients nobody has booked, all in the clock's current second. */
function planCrowns(count: number): number[] {
	const patients = unbooked.slice(planned, planned + count);
	planned += count;
	for (const patNum of patients)
		sim.planProcedure({ patNum, code: 'D2740', description: 'Crown - porcelain/ceramic', fee: 1295, tooth: '30' });
	return patients;
}

/** A watching trigger: activated and polled once, so its static data holds a cursor. */
async function watching() {
	const trigger = triggerPoller(sim, zone, { pms: 'openDental', events: EVENTS, families: [], options: {} });
	await poll(trigger);
	return trigger;
}

async function poll(trigger: ReturnType<typeof triggerPoller>, change: () => void = () => undefined) {
	clock = clock.plus({ minutes: 15 });
	change();
	clock = clock.plus({ seconds: 30 });
	return trigger.poll();
}

describe('PMS Trigger requests per poll (Open Dental)', () => {
	it('a quiet poll costs at most 3 requests, and 2 once the version is kept: the changed procedures and appointments', async () => {
		const trigger = await watching();
		const first = await poll(trigger);
		expect(first.requests).toBeLessThanOrEqual(3);
		const quiet = await poll(trigger);
		expect(quiet.items).toEqual([]);
		expect(quiet.paths).toEqual(['/procedurelogs', '/appointments']);
	});

	it('one new plan: its unscheduled case once, the directory read once and kept, then quiet again', async () => {
		const trigger = await watching();
		await poll(trigger);
		let patNum = 0;
		const plan = await poll(trigger, () => ([patNum] = planCrowns(1)));
		expect(plan.items).toEqual([
			expect.objectContaining({ event: 'treatment_unscheduled', pmsIds: expect.objectContaining({ PatNum: patNum }) }),
		]);
		// The two lists, the directory (providers, clinics, operatories) and the patient's case (patient, bookings, plan).
		expect(plan.requests).toBeLessThanOrEqual(8);
		const after = await poll(trigger);
		expect(after.items).toEqual([]);
		expect(after.requests).toBe(2);
		// The next plan finds the directory kept: only the lists and the case.
		const next = await poll(trigger, () => planCrowns(1));
		expect(next.items).toHaveLength(1);
		expect(next.requests).toBe(5);
	});

	it('20 plans in one second: each case once, and the polls after it are as quiet as before', async () => {
		const trigger = await watching();
		await poll(trigger, () => planCrowns(1)); // the directory is kept from here on
		const patients: number[] = [];
		const burst = await poll(trigger, () => patients.push(...planCrowns(20)));
		expect(burst.items.map((i) => (i.pmsIds as { PatNum: number }).PatNum).sort((a, b) => a - b)).toEqual(
			[...patients].sort((a, b) => a - b),
		);
		expect(burst.requests).toBe(2 + 20 * 3);
		for (let i = 0; i < 3; i++) {
			const after = await poll(trigger);
			expect(after.items).toEqual([]);
			expect(after.requests).toBe(2);
		}
	});

	it('a row changed again within the boundary second is read again (its fields changed), the others are not', async () => {
		const trigger = await watching();
		let patNum = 0;
		// Both plans and the poll land in one second: the poll reads the second, then one plan changes in it.
		clock = clock.plus({ minutes: 15 });
		[patNum] = planCrowns(1);
		const [other] = planCrowns(1);
		const first = await trigger.poll();
		expect(first.items).toHaveLength(2);
		const proc = practice.procedures.find(
			(p) => p.PatNum === patNum && p.ProcStatus === 'TP' && p.ProcCode === 'D2740',
		)!;
		sim.completeProcedure(proc.ProcNum, TODAY);
		const again = await trigger.poll();
		expect(again.items).toEqual([
			expect.objectContaining({
				event: 'procedure_completed',
				pmsIds: expect.objectContaining({ ProcNum: proc.ProcNum }),
			}),
		]);
		expect(again.paths.filter((p) => p === `/patients/${other}`)).toEqual([]);
	});

	it("a directory older than 12 hours is read again; one that lacks a changed row's provider is read again at once", async () => {
		const trigger = await watching();
		await poll(trigger, () => planCrowns(1));
		const kept = trigger.staticData.directory as { readAt: string; names: { providers: Array<[number, string]> } };
		expect(kept.names.providers.length).toBeGreaterThan(0);
		// A provider the kept directory does not know (hired since): the names are read again.
		const op = practice.operatories[0];
		kept.names.providers = kept.names.providers.filter(([provNum]) => provNum !== op.ProvDentist);
		const booking = await poll(trigger, () =>
			sim.bookAppointment({
				patNum: unbooked[0],
				start: `${TODAY} 15:00:00`,
				lengthMinutes: 60,
				provNum: op.ProvDentist,
				op: op.OperatoryNum,
			}),
		);
		expect(booking.paths).toEqual(expect.arrayContaining(['/providers', '/clinics', '/operatories']));
		expect(booking.items[0]).toEqual(
			expect.objectContaining({ provider: practice.providers.find((p) => p.ProvNum === op.ProvDentist)!.Abbr }),
		);
		const readAt = (trigger.staticData.directory as { readAt: string }).readAt;
		expect(readAt).toBe(kept.readAt);
		clock = clock.plus({ hours: 12 });
		const later = await poll(trigger);
		// The version is asked again; the names wait for a row to name.
		expect(later.paths).toEqual(['/preferences', '/procedurelogs', '/appointments']);
		expect((await poll(trigger)).requests).toBe(2);
	});
});
