/**
 * The PMS node's write side against the Open Dental simulator: slots, idempotent booking (a retry,
 * a lost answer), a slot taken meanwhile, confirm, cancel, the communication log and consent.
 */
import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';
import { startOpenDentalSimulator, type OpenDentalSimulator } from '../../../sandbox/opendental';
import { fetchClient } from '../../../sandbox/opendental/client';
import { generatePractice } from '../../../sandbox/practice/generate';
import type { Practice } from '../../../sandbox/practice/types';
import { pmsContext, runPms, type ContextOptions } from '../pms-node-context';

const TODAY = '2026-11-23'; // a Monday
let practice: Practice;
let sim: OpenDentalSimulator;
let zone: string;

beforeEach(async () => {
	practice = generatePractice({ seed: 8, patients: 120, stage: 3, today: TODAY });
	zone = practice.clinics[0].timezone;
	const now = DateTime.fromISO(`${TODAY}T08:00:00`, { zone });
	sim = await startOpenDentalSimulator({ practice, developerKey: 'dev', customerKey: 'cust', now: () => now });
});

afterEach(() => sim?.close());

/** The Reference Time: 08:00 at the practice, when the simulator's clock stands. */
const reference = () => ({ now: DateTime.fromISO(`${TODAY}T08:00:00`, { zone }).toISO() });
const node = (resource: string, operation: string, params: Record<string, unknown>, options: ContextOptions = {}) =>
	runPms(pmsContext(sim, zone, { resource, operation, options: reference(), ...params }, [{}], options)).then(([out]) =>
		out.map((o) => o.json),
	);
const JSON_HEADERS = { 'Content-Type': 'application/json' };
const raw = async (path: string, query: Record<string, string | number> = {}) =>
	(await fetchClient(sim.url, 'ODFHIR dev/cust')({ method: 'GET', path, query, headers: JSON_HEADERS }))
		.body as IDataObject & IDataObject[];
const op = () => practice.operatories.find((o) => !o.IsHygiene && o.ClinicNum === practice.clinics[0].ClinicNum)!;
const patient = () => practice.patients.find((p) => p.PatStatus === 'Patient' && p.ClinicNum === op().ClinicNum)!;
const local = (iso: unknown) =>
	DateTime.fromISO(String(iso), { setZone: true }).setZone(zone).toFormat('yyyy-MM-dd HH:mm:ss');
const aptsAt = (patNum: number, start: string) =>
	practice.appointments.filter((a) => a.PatNum === patNum && a.AptDateTime === start);

async function firstSlot(extra: Record<string, unknown> = {}) {
	const [slot] = await node('appointment', 'findSlots', {
		lengthMinutes: 45,
		operatoryId: String(op().OperatoryNum),
		...extra,
	});
	return slot;
}
const bookParams = (slot: IDataObject, extra: Record<string, unknown> = {}) => ({
	patientId: String(patient().PatNum),
	start: slot.start,
	lengthMinutes: 45,
	providerId: slot.providerId,
	operatoryId: slot.operatoryId,
	note: 'Booked by text',
	bookingKey: 'conv-1',
	...extra,
});

describe('Appointment > Find Open Slots', () => {
	it('cuts the whole gaps Open Dental returns into bookable times inside the windows, spread over days', async () => {
		const { OperatoryNum } = op();
		const provNum = (
			await raw('/appointments/Slots', {
				dateStart: TODAY,
				dateEnd: TODAY,
				lengthMinutes: 45,
				OpNum: OperatoryNum,
				ProvNum: op().ProvDentist,
			})
		)[0].ProvNum;
		const out = await node('appointment', 'findSlots', {
			lengthMinutes: 45,
			providerId: String(provNum),
			operatoryId: String(OperatoryNum),
			windows: 'Tue-Thu 09:00-12:00',
		});
		expect(out).toHaveLength(3);
		// apiappointments.html: whole gaps ("08:00-12:00"), never pieces; the client cuts them.
		const gaps = (await raw('/appointments/Slots', {
			dateStart: TODAY,
			dateEnd: '2026-12-07',
			lengthMinutes: 45,
			OpNum: OperatoryNum,
			ProvNum: Number(provNum),
		})) as IDataObject[];
		expect(
			gaps.some(
				(g) =>
					DateTime.fromSQL(String(g.DateTimeEnd)).diff(DateTime.fromSQL(String(g.DateTimeStart)), 'minutes').minutes >
					45,
			),
		).toBe(true);
		const inside = (o: IDataObject) =>
			gaps.some((g) => String(g.DateTimeStart) <= local(o.start) && local(o.end) <= String(g.DateTimeEnd));
		for (const o of out) {
			const start = DateTime.fromISO(String(o.start)).setZone(zone);
			expect([2, 3, 4]).toContain(start.weekday);
			expect(local(o.start).slice(11) >= '09:00:00' && local(o.end).slice(11) <= '12:00:00').toBe(true);
			expect(DateTime.fromISO(String(o.end)).diff(DateTime.fromISO(String(o.start)), 'minutes').minutes).toBe(45);
			expect(inside(o)).toBe(true);
			expect(o).toMatchObject({
				providerId: String(provNum),
				operatoryId: String(OperatoryNum),
				pmsIds: { ProvNum: Number(provNum), OpNum: OperatoryNum },
			});
		}
		// The first Tuesday-Thursday with room in the window: 09:00 when its gap starts by then.
		const firstDay = gaps.find(
			(g) =>
				[2, 3, 4].includes(DateTime.fromSQL(String(g.DateTimeStart)).weekday) &&
				String(g.DateTimeStart).slice(11) <= '09:00:00' &&
				String(g.DateTimeEnd).slice(11) >= '09:45:00',
		);
		expect(local(out[0].start)).toBe(`${String(firstDay?.DateTimeStart).slice(0, 10)} 09:00:00`);
		expect(new Set(out.map((o) => String(o.start).slice(0, 10))).size).toBe(3);
		expect(
			await node('appointment', 'findSlots', {
				lengthMinutes: 45,
				providerId: String(provNum),
				operatoryId: String(OperatoryNum),
				maxOptions: 5,
			}),
		).toHaveLength(5);
	});

	it('names a window it cannot read', async () => {
		await expect(node('appointment', 'findSlots', { lengthMinutes: 30, windows: 'mornings' })).rejects.toThrow(
			'Preferred Windows: "mornings" is not a window',
		);
	});
});

describe('Appointment > Book', () => {
	it('creates exactly one appointment at the time, with the Pattern and the key in the Note; a second run reuses it', async () => {
		const slot = await firstSlot();
		const before = practice.appointments.length;
		const [booked] = await node('appointment', 'book', bookParams(slot));
		expect(practice.appointments).toHaveLength(before + 1);
		expect(booked).toMatchObject({
			patientId: String(patient().PatNum),
			status: 'scheduled',
			lengthMinutes: 45,
			alreadyBooked: false,
			bookingKey: expect.stringMatching(/^[0-9a-f]{16}$/),
		});
		const apt = await raw(`/appointments/${(booked.pmsIds as IDataObject).AptNum}`);
		expect(apt).toMatchObject({
			AptDateTime: local(slot.start),
			Pattern: '/XXXXXXX/',
			Op: op().OperatoryNum,
			AptStatus: 'Scheduled',
		});
		expect(apt.Note).toBe(`Booked by text [chairside:${booked.bookingKey}]`);

		const [again] = await node('appointment', 'book', bookParams(slot));
		expect(again).toMatchObject({ alreadyBooked: true, pmsIds: booked.pmsIds });
		expect(aptsAt(patient().PatNum, local(slot.start))).toHaveLength(1);
	});

	it('an answer lost after Open Dental applied the POST: found by its key, never posted twice', async () => {
		const slot = await firstSlot();
		sim.fault({ method: 'POST', path: /^\/appointments$/, status: 504, afterApply: true });
		const [booked] = await node('appointment', 'book', bookParams(slot));
		expect(booked.alreadyBooked).toBe(false);
		expect(sim.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
		const [retry] = await node('appointment', 'book', bookParams(slot));
		expect(retry).toMatchObject({ alreadyBooked: true, pmsIds: booked.pmsIds });
		expect(aptsAt(patient().PatNum, local(slot.start))).toHaveLength(1);
	});

	it('a slot taken meanwhile: a clear error, the next best slots, nothing written', async () => {
		const slot = await firstSlot({ windows: 'Tue 09:00-12:00' });
		const other = practice.patients.find((p) => p.PatNum !== patient().PatNum)!;
		sim.bookAppointment({
			patNum: other.PatNum,
			start: local(slot.start),
			lengthMinutes: 30,
			provNum: Number(slot.providerId),
			op: Number(slot.operatoryId),
		});
		const before = practice.appointments.length;
		const params = bookParams(slot, { windows: 'Tue 09:00-12:00' });
		const error = await node('appointment', 'book', params).catch(
			(e: Error & { description?: string; context: IDataObject }) => e,
		);
		expect(error).toBeInstanceOf(Error);
		expect((error as Error).message).toMatch(/no longer free: nothing was booked/);
		const next = (error as unknown as { context: { nextSlots: IDataObject[] } }).context.nextSlots;
		expect(next.length).toBeGreaterThan(0);
		expect(
			next.every((s) => DateTime.fromISO(String(s.start)).weekday === 2 && s.operatoryId === slot.operatoryId),
		).toBe(true);
		expect(next.some((s) => s.start === slot.start)).toBe(false);
		expect((error as { description: string }).description).toContain(String(next[0].start));
		const [item] = (
			await runPms(
				pmsContext(sim, zone, { resource: 'appointment', operation: 'book', options: reference(), ...params }, [{}], {
					continueOnFail: true,
				}),
			)
		)[0];
		expect(item.json).toEqual({ error: expect.stringMatching(/no longer free/), nextSlots: next });
		expect(practice.appointments).toHaveLength(before);
		expect(sim.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
	});

	it('schedules a planned appointment once', async () => {
		const slot = await firstSlot();
		const post = fetchClient(sim.url, 'ODFHIR dev/cust');
		const planned = (
			await post({
				method: 'POST',
				path: '/appointments',
				headers: JSON_HEADERS,
				body: {
					PatNum: patient().PatNum,
					Op: op().OperatoryNum,
					AptDateTime: `${TODAY} 00:00:00`,
					AptStatus: 'Planned',
					Pattern: '/XXXXXXX/',
				},
			})
		).body as IDataObject;
		const params = bookParams(slot, { plannedAppointmentId: String(planned.AptNum) });
		const [booked] = await node('appointment', 'book', params);
		expect(sim.requests.some((r) => r.path === '/appointments/SchedulePlanned')).toBe(true);
		const [again] = await node('appointment', 'book', params);
		expect(again).toMatchObject({ alreadyBooked: true, pmsIds: booked.pmsIds });
		expect(aptsAt(patient().PatNum, local(slot.start)).filter((a) => a.AptStatus === 'Scheduled')).toHaveLength(1);
	});

	it('refuses to write with a read-only credential', async () => {
		const slot = await firstSlot();
		await expect(node('appointment', 'book', bookParams(slot), { readOnly: true })).rejects.toThrow(
			/credential is marked Read-Only Key/,
		);
		expect(sim.requests.filter((r) => r.method !== 'GET')).toHaveLength(0);
	});
});

describe('Appointment > Confirm and Cancel', () => {
	const booked = () =>
		sim.bookAppointment({
			patNum: patient().PatNum,
			start: '2026-11-25 10:00:00',
			lengthMinutes: 30,
			provNum: op().ProvDentist,
			op: op().OperatoryNum,
		});

	it('Confirm sets the confirmation in Open Dental', async () => {
		const aptNum = booked();
		const [out] = await node('appointment', 'confirm', { appointmentId: String(aptNum), confirmVal: 'Confirmed' });
		expect(out.pmsIds).toEqual({ AptNum: aptNum, PatNum: patient().PatNum });
		expect(await raw(`/appointments/${aptNum}`)).toMatchObject({ confirmed: 'Confirmed' });
	});

	it('Cancel on an office with default settings: no breakType sent, the appointment goes to the Unscheduled List, nothing charted', async () => {
		const aptNum = booked();
		const [out] = await node('appointment', 'cancel', { appointmentId: String(aptNum), toUnscheduledList: true });
		expect(out).toMatchObject({ status: 'unscheduled_list', alreadyCancelled: false });
		expect(
			practice.procedures.some(
				(p) => p.PatNum === patient().PatNum && ['D9986', 'D9987'].includes(p.ProcCode) && p.ProcDate === TODAY,
			),
		).toBe(false);
		const [again] = await node('appointment', 'cancel', { appointmentId: String(aptNum), toUnscheduledList: true });
		expect(again.alreadyCancelled).toBe(true);
	});

	it('a Break lost to the eConnector (400) is looked up, and not sent again once it landed', async () => {
		const aptNum = booked();
		sim.fault({ method: 'PUT', path: /\/Break$/, status: 400, afterApply: true });
		const [out] = await node('appointment', 'cancel', { appointmentId: String(aptNum), toUnscheduledList: false });
		expect(out).toMatchObject({ status: 'broken', alreadyCancelled: false });
		expect(sim.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
	});

	describe('on an office set up to chart a broken-appointment code', () => {
		beforeEach(async () => {
			await sim.close();
			sim = await startOpenDentalSimulator({
				practice,
				developerKey: 'dev',
				customerKey: 'cust',
				now: () => DateTime.fromISO(`${TODAY}T08:00:00`, { zone }),
				breakTypeAllowed: true,
			});
		});

		it('Cancel as missed leaves it Broken and charts D9986 once, however often it runs', async () => {
			const aptNum = booked();
			const [out] = await node('appointment', 'cancel', {
				appointmentId: String(aptNum),
				reason: 'Missed',
				toUnscheduledList: false,
			});
			expect(out).toMatchObject({ status: 'broken', alreadyCancelled: false });
			const [again] = await node('appointment', 'cancel', {
				appointmentId: String(aptNum),
				reason: 'Missed',
				toUnscheduledList: false,
			});
			expect(again.alreadyCancelled).toBe(true);
			const codes = practice.procedures.filter(
				(p) => p.PatNum === patient().PatNum && p.ProcCode === 'D9986' && p.ProcDate === TODAY,
			);
			expect(codes).toHaveLength(1);
		});

		it('Cancel as cancelled to the Unscheduled List charts D9987', async () => {
			const aptNum = booked();
			await node('appointment', 'cancel', {
				appointmentId: String(aptNum),
				reason: 'Cancelled',
				toUnscheduledList: true,
			});
			expect(await raw(`/appointments/${aptNum}`)).toMatchObject({ AptStatus: 'UnschedList' });
			expect(practice.procedures.some((p) => p.PatNum === patient().PatNum && p.ProcCode === 'D9987')).toBe(true);
		});
	});
});

describe('Communication Log > Create and Patient > Update Contact Consent', () => {
	it('logs a text with its mode and direction', async () => {
		const [out] = await node('commlog', 'create', {
			patientId: String(patient().PatNum),
			note: 'Patient replied to the reminder',
			mode: 'Text',
			direction: 'Received',
		});
		const log = sim.state.commlogs[sim.state.commlogs.length - 1];
		expect(log).toMatchObject({
			PatNum: patient().PatNum,
			Note: 'Patient replied to the reminder',
			Mode_: 'Text',
			SentOrReceived: 'Received',
			CommDateTime: `${TODAY} 08:00:00`,
		});
		expect(out.pmsIds).toEqual({ CommlogNum: log.CommlogNum, PatNum: patient().PatNum });
	});

	it('a keyed entry whose answer was lost (504 after Open Dental wrote it) is found, not written twice; unkeyed, the 504 is the error', async () => {
		const patNum = patient().PatNum;
		const params = {
			patientId: String(patNum),
			note: 'Texted the patient: Treatment plan follow-up, step day-1-text',
			mode: 'Text',
			direction: 'Sent',
			logKey: 'treatment-follow-up/case-1#day-1-text',
		};
		const before = sim.state.commlogs.length;
		sim.fault({ method: 'POST', path: /^\/commlogs$/, status: 504, afterApply: true });
		const [out] = await node('commlog', 'create', params);
		expect(sim.state.commlogs).toHaveLength(before + 1);
		const log = sim.state.commlogs[sim.state.commlogs.length - 1];
		expect(log.Note).toMatch(
			/^Texted the patient: Treatment plan follow-up, step day-1-text \[chairside:[0-9a-f]{16}\]$/,
		);
		expect(out).toMatchObject({ alreadyLogged: true, commlogId: String(log.CommlogNum) });
		sim.fault({ method: 'POST', path: /^\/commlogs$/, status: 504, afterApply: true });
		await expect(node('commlog', 'create', { ...params, logKey: '' })).rejects.toThrow();
		expect(sim.state.commlogs).toHaveLength(before + 2);
	});

	it.each([
		['Reminder about your D2740', 'a procedure code'],
		['Asked about tooth #14', 'a tooth number'],
		['Follow-up on the abscess', 'a clinical term'],
	])('refuses clinical detail: %s', async (note, kind) => {
		const before = sim.state.commlogs.length;
		await expect(
			node('commlog', 'create', { patientId: String(patient().PatNum), note, mode: 'Email', direction: 'Sent' }),
		).rejects.toThrow(`Note contains ${kind}`);
		expect(sim.state.commlogs).toHaveLength(before);
	});

	it('STOP: TxtMsgOk = No on the patient', async () => {
		const target = practice.patients.find((p) => p.TxtMsgOk === 'Yes')!;
		const [out] = await node('patient', 'updateConsent', { patientId: String(target.PatNum), txtMsgOk: 'No' });
		expect(target.TxtMsgOk).toBe('No');
		expect(out).toMatchObject({ smsConsent: 'no', pmsIds: { PatNum: target.PatNum } });
	});
});
