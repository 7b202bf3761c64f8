/**
 * The PMS node's write side inside a real n8n, against the Open Dental simulator: openings found,
 * a booking made once however often the workflow runs, a slot taken in between refused with the
 * next openings, Confirm and Cancel reflected in the appointment, STOP recorded as TxtMsgOk = No,
 * and a chart note.
 */
import { DateTime } from 'luxon';
import { N8nSandbox, outputOf, type Execution, type WorkflowJson } from '../../sandbox/n8n/runner';
import { startOpenDentalSimulator, type OpenDentalSimulator } from '../../sandbox/opendental';
import { generatePractice } from '../../sandbox/practice/generate';
import type { Practice } from '../../sandbox/practice/types';
import { onPracticeProfile, profileCredential } from '../../sandbox/journeys/setup';

type Json = Record<string, unknown>;
const ZONE = 'America/Chicago';
const TODAY = DateTime.now().setZone(ZONE).startOf('day');
const KEYS = { developerKey: 'sandbox-dev', customerKey: 'sandbox-cust' };
let practice: Practice;
let sim: OpenDentalSimulator;
let n8n: N8nSandbox;

/** One PMS node after a manual trigger, as a consultant would try an operation. */
function write(name: string, parameters: Json): WorkflowJson {
	return {
		name,
		nodes: [
			{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				name: 'PMS',
				type: 'n8n-nodes-chairside.pms',
				typeVersion: 1,
				position: [220, 0],
				parameters,
				credentials: { openDentalApi: { id: 'odwrite000000001', name: 'Open Dental (write)' } },
			},
		],
		connections: { Start: { main: [[{ node: 'PMS', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

async function run(name: string, parameters: Json): Promise<Execution> {
	const [id] = await n8n.importWorkflows([onPracticeProfile(write(name, parameters))]);
	return (await n8n.execute(id)).execution;
}

const items = (execution: Execution) => outputOf(execution, 'PMS')[0] as Json[];
const tomorrow = TODAY.plus({ days: 1 });
let patNum = 0;
let provNum = 0;
let opNum = 0;

beforeAll(async () => {
	practice = generatePractice({ seed: 23, patients: 120, stage: 3, today: TODAY.toISODate() as string });
	sim = await startOpenDentalSimulator({ practice, ...KEYS, mode: 'local', now: () => DateTime.now().setZone(ZONE) });
	n8n = await N8nSandbox.create({ env: { GENERIC_TIMEZONE: ZONE } });
	await n8n.importCredentials([
		{
			id: 'odwrite000000001',
			name: 'Open Dental (write)',
			type: 'openDentalApi',
			data: { connection: 'custom', baseUrl: sim.url, ...KEYS, readOnly: false },
		},
		profileCredential(ZONE),
	]);
	const op = practice.operatories.find((o) => !o.IsHygiene)!;
	opNum = op.OperatoryNum;
	provNum = op.ProvDentist;
	patNum = practice.patients.find((p) => p.PatStatus === 'Patient')!.PatNum;
}, 300_000);

afterAll(async () => {
	n8n?.dispose();
	await sim?.close();
});

const scheduled = () =>
	practice.appointments.filter(
		(a) => a.PatNum === patNum && a.AptStatus === 'Scheduled' && a.AptDateTime >= tomorrow.toFormat('yyyy-MM-dd'),
	);

describe('PMS node writes to Open Dental', () => {
	let booked: Json;

	it('Find Open Slots offers a few openings for the provider and operatory, inside the windows', async () => {
		const found = items(
			await run('slots', {
				resource: 'appointment',
				operation: 'findSlots',
				lengthMinutes: 60,
				from: tomorrow.toISODate(),
				to: tomorrow.plus({ days: 10 }).toISODate(),
				providerId: String(provNum),
				operatoryId: String(opNum),
				windows: 'Mon-Fri 09:00-12:00',
				maxOptions: 3,
			}),
		);
		expect(found.length).toBeGreaterThan(0);
		expect(found.length).toBeLessThanOrEqual(3);
		for (const slot of found) {
			const start = DateTime.fromISO(String(slot.start)).setZone(ZONE);
			expect(start.weekday).toBeLessThanOrEqual(5);
			expect(start.hour >= 9 && start.plus({ minutes: 60 }) <= start.set({ hour: 12, minute: 0 })).toBe(true);
			expect(slot).toMatchObject({ providerId: String(provNum), operatoryId: String(opNum) });
		}
		booked = found[0];
	}, 120_000);

	it('Book makes exactly one appointment at the offered time, however often the workflow runs', async () => {
		const before = scheduled().length;
		const params = {
			resource: 'appointment',
			operation: 'book',
			patientId: String(patNum),
			start: booked.start,
			lengthMinutes: 60,
			providerId: String(provNum),
			operatoryId: String(opNum),
			note: 'Crown seat',
			bookingKey: 'e2e-reply-SM1',
		};
		const [first] = items(await run('book', params));
		const [again] = items(await run('book again', params));
		expect(scheduled()).toHaveLength(before + 1);
		expect(first).toMatchObject({ alreadyBooked: false });
		expect(again).toMatchObject({ alreadyBooked: true, id: first.id });
		const apt = practice.appointments.find((a) => String(a.AptNum) === String(first.id))!;
		expect(apt.AptDateTime).toBe(DateTime.fromISO(String(booked.start)).setZone(ZONE).toFormat('yyyy-MM-dd HH:mm:ss'));
	}, 120_000);

	it('a slot taken in between is refused with the next openings, and nothing is written', async () => {
		const before = practice.appointments.length;
		const other = practice.patients.filter((p) => p.PatStatus === 'Patient')[1].PatNum;
		const run1 = await run('taken', {
			resource: 'appointment',
			operation: 'book',
			patientId: String(other),
			start: booked.start,
			lengthMinutes: 60,
			providerId: String(provNum),
			operatoryId: String(opNum),
			bookingKey: 'e2e-reply-SM2',
		});
		const error = run1.data.resultData.error!;
		expect(error.message).toMatch(/no longer free: nothing was booked/);
		expect(JSON.stringify(error)).toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
		expect(practice.appointments.length).toBe(before);
	}, 120_000);

	it('Confirm and Cancel are reflected in the appointment', async () => {
		const [apt] = scheduled();
		const [confirmed] = items(
			await run('confirm', {
				resource: 'appointment',
				operation: 'confirm',
				appointmentId: String(apt.AptNum),
				confirmVal: 'Confirmed',
			}),
		);
		expect(confirmed).toMatchObject({ confirmed: 'Confirmed' });
		// No Reason: an office on default settings refuses a breakType (docs/open-dental.md).
		const [cancelled] = items(
			await run('cancel', {
				resource: 'appointment',
				operation: 'cancel',
				appointmentId: String(apt.AptNum),
				toUnscheduledList: true,
			}),
		);
		expect(cancelled).toMatchObject({ status: 'unscheduled_list' });
		expect(practice.appointments.find((a) => a.AptNum === apt.AptNum)!.AptStatus).toBe('UnschedList');
	}, 120_000);

	it('STOP is recorded on the patient (TxtMsgOk = No), and a chart note is written without clinical detail', async () => {
		await run('consent', {
			resource: 'patient',
			operation: 'updateConsent',
			patientId: String(patNum),
			txtMsgOk: 'No',
		});
		expect(practice.patients.find((p) => p.PatNum === patNum)!.TxtMsgOk).toBe('No');
		const note = 'Patient replied STOP to a text. Texts stopped.';
		const [log] = items(
			await run('commlog', {
				resource: 'commlog',
				operation: 'create',
				patientId: String(patNum),
				note,
				mode: 'Text',
				direction: 'Received',
			}),
		);
		expect(log.commlogId).toBeTruthy();
		expect(sim.state.commlogs.some((c) => c.PatNum === patNum && c.Note === note)).toBe(true);
		const refused = await run('commlog clinical', {
			resource: 'commlog',
			operation: 'create',
			patientId: String(patNum),
			note: 'Asked about D2740 on tooth #14',
			mode: 'Text',
			direction: 'Received',
		});
		expect(refused.data.resultData.error?.message).toBeTruthy();
		expect(sim.state.commlogs.some((c) => /D2740/.test(String(c.Note)))).toBe(false);
	}, 120_000);
});
