/**
 * What a PMS Trigger poll costs each PMS, counted by its simulator, with the node run as n8n runs
 * it: a new node and reader every poll, only the workflow's static data kept between polls
 * (test/unit/pms-trigger-context.ts). Open Dental Remote allows one request a second, so a quiet
 * poll must stay at three requests or fewer, and a burst of changes in one second is paid once; the
 * same holds on NexHealth, whose `updated_since` reads the cursor's second again too.
 */
import { DateTime, Settings } from 'luxon';
import type { NexHealthSimulator } from '../../sandbox/nexhealth';
import { startOpenDentalSimulator, type OpenDentalSimulator } from '../../sandbox/opendental';
import { triggerPoller, type TriggerPms } from './pms-trigger-context';
import { nexHealthSimulator, testPractice } from './pms-backends';
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

function unbookedOf(practice: Practice): number[] {
	const booked = new Set(
		practice.appointments
			.filter((a) => a.AptStatus === 'Scheduled' && a.AptDateTime.slice(0, 10) >= TODAY)
			.map((a) => a.PatNum),
	);
	return practice.patients.filter((p) => p.PatStatus === 'Patient' && !booked.has(p.PatNum)).map((p) => p.PatNum);
}

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
	unbooked = unbookedOf(practice);
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
async function watching(pms: TriggerPms = sim, kind = 'openDental') {
	const trigger = triggerPoller(pms, zone, { pms: kind, events: EVENTS, families: [], options: {} });
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

describe('PMS Trigger requests per poll (NexHealth)', () => {
	let nex: { sim: NexHealthSimulator; locationId: string };
	let nexPractice: Practice;
	let free: number[];
	let charted = 0;
	/** Crowns charted on NexHealth for `count` patients nobody has booked, all in the clock's current second. */
	function chart(count: number): number[] {
		const patients = free.slice(charted, charted + count);
		charted += count;
		for (const patientId of patients)
			nex.sim.store.planProcedure({
				patientId,
				code: 'D2740',
				name: 'Crown - porcelain/ceramic',
				fee: 1295,
				tooth: '30',
				plannedOn: TODAY,
			});
		return patients;
	}
	const nexWatching = () => watching({ nexHealth: nex.sim, locationId: nex.locationId }, 'nexHealth');
	const ids = (items: Array<Record<string, unknown>>) =>
		items.map((i) => Number((i.pmsIds as { patient_id: number }).patient_id)).sort((a, b) => a - b);

	beforeAll(async () => {
		nexPractice = testPractice();
		nex = await nexHealthSimulator(nexPractice, () => clock);
		free = unbookedOf(nexPractice);
	});
	afterAll(async () => nex?.sim.close());

	it('a quiet poll costs 2 requests: the changed procedures and appointments (the names wait for a row to name)', async () => {
		const trigger = await nexWatching();
		const quiet = await poll(trigger);
		expect(quiet.items).toEqual([]);
		expect(quiet.paths).toEqual(['/procedures', '/appointments']);
	});

	it('one new plan: its unscheduled case once, then every poll as quiet as before', async () => {
		const trigger = await nexWatching();
		let patientId = 0;
		const plan = await poll(trigger, () => ([patientId] = chart(1)));
		expect(ids(plan.items)).toEqual([patientId]);
		console.log(`NexHealth, one new plan: ${plan.requests} requests (${plan.paths.join(' ')})`);
		for (let i = 0; i < 3; i++) {
			const after = await poll(trigger);
			expect(after.items).toEqual([]);
			expect(after.paths).toEqual(['/procedures', '/appointments']);
		}
	});

	it('20 plans in one second: each case once, and every poll after it costs 2 requests', async () => {
		const trigger = await nexWatching();
		const patients: number[] = [];
		const burst = await poll(trigger, () => patients.push(...chart(20)));
		expect(ids(burst.items)).toEqual([...patients].sort((a, b) => a - b));
		console.log(`NexHealth, 20 plans in one second: ${burst.requests} requests (${burst.paths.join(' ')})`);
		const after: number[] = [];
		for (let i = 0; i < 3; i++) {
			const run = await poll(trigger);
			expect(run.items).toEqual([]);
			after.push(run.requests);
		}
		console.log(`NexHealth, the polls after the burst: ${after.join(', ')} requests`);
		expect(after).toEqual([2, 2, 2]);
	});

	it('a plan completed within the boundary second is read again (its fields changed), the others are not', async () => {
		const trigger = await nexWatching();
		clock = clock.plus({ minutes: 15 });
		const [patientId] = chart(1);
		chart(1);
		const first = await trigger.poll();
		expect(first.items).toHaveLength(2);
		const proc = [...nex.sim.store.procedures.values()].find(
			(p) => p.patient_id === patientId && p.status === 'planned' && p.code === 'D2740',
		)!;
		nex.sim.store.completeProcedure(proc.id, TODAY);
		const again = await trigger.poll();
		expect(again.items).toEqual([
			expect.objectContaining({
				event: 'procedure_completed',
				pmsIds: expect.objectContaining({ procedure_id: proc.id }),
			}),
		]);
	});
});
