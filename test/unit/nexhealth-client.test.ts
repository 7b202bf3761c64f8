/**
 * The NexHealth reader and writer against the NexHealth simulator serving the synthetic practice: what
 * only NexHealth does (a booking pending until the EHR has it, retries of a lost answer, 429s waited
 * out, consent it does not keep). What it must read as Open Dental does is in pms-backends.test.ts.
 */
import { DateTime } from 'luxon';
import { NexHealthReader } from '../../core/pms/nexhealth/reader';
import { NexHealthTransport } from '../../core/pms/nexhealth/transport';
import { fitNote, NexHealthWriter, NO_CHART_NOTE } from '../../core/pms/nexhealth/writer';
import { needsRenewal, tokenExpiry } from '../../core/pms/nexhealth/token';
import { SlotTakenError } from '../../core/pms/writer';
import { keyTag } from '../../core/booking/key';
import { nexFetchClient } from '../../sandbox/nexhealth/client';
import { startNexHealthSimulator, type NexHealthSimulator } from '../../sandbox/nexhealth';
import { LOCATION_ID_BASE } from '../../sandbox/nexhealth/store';
import type { Practice } from '../../sandbox/practice/types';
import { everyUnscheduled } from '../../core/pms/select';
import { cursorAt, morning, pollRequest, testPractice, TODAY } from './pms-backends';

const KEY = 'key';
const SUB = 'riverside';
let practice: Practice;
let sim: NexHealthSimulator;
let zone: string;
let now: DateTime;

function backend(options: { rateLimited?: NexHealthSimulator } = {}) {
	const target = options.rateLimited ?? sim;
	const sleeps: number[] = [];
	const transport = new NexHealthTransport({
		http: nexFetchClient(target.url, KEY),
		timing: { now: () => Date.now(), sleep: (ms) => (sleeps.push(ms), new Promise((r) => setTimeout(r, ms))) },
		subdomain: SUB,
		locationId: String(LOCATION_ID_BASE + practice.clinics[0].ClinicNum),
		retry: { attempts: 6, baseDelayMs: 200, maxDelayMs: 2000, budgetMs: 10_000 },
	});
	return {
		reader: new NexHealthReader({ transport, timezone: zone, defaultRegion: 'US' }),
		writer: new NexHealthWriter(transport, zone),
		transport,
		sleeps,
	};
}

beforeAll(async () => {
	practice = testPractice();
	zone = practice.clinics[0].timezone;
	now = morning(practice);
	sim = await startNexHealthSimulator({
		practice,
		apiKey: KEY,
		subdomain: SUB,
		now: () => now,
		writeDelayMs: null,
		rateLimits: false,
	});
});
afterAll(() => sim?.close());

describe('reader', () => {
	it("reports text consent as unknown (NexHealth has none): the guard applies the practice profile's policy", async () => {
		const cases = await backend().reader.getUnscheduledTreatment(everyUnscheduled(now));
		expect(new Set(cases.map((c) => c.item.patient.smsConsent))).toEqual(new Set(['unknown']));
	});

	it('reads a patient with the mobile only as mobile', async () => {
		const p = practice.patients.find((x) => x.WirelessPhone && x.HmPhone) ?? practice.patients[0];
		const { item } = await backend().reader.getPatient(String(p.PatNum));
		expect(item.firstName.length).toBeGreaterThan(0);
		if (!p.WirelessPhone) expect(item.mobile).toBeNull();
		expect(item.timezone).toBe(zone);
	});

	it('reads recalls due in a window', async () => {
		const recalls = await backend().reader.getRecallsDue({ now, daysAhead: 30, daysOverdue: 30, types: [] });
		const active = new Set(practice.patients.filter((p) => p.PatStatus === 'Patient').map((p) => p.PatNum));
		const lo = now.minus({ days: 30 }).toISODate() as string;
		const hi = now.plus({ days: 30 }).toISODate() as string;
		const expected = practice.recalls.filter((r) => active.has(r.PatNum) && r.DateDue >= lo && r.DateDue <= hi);
		expect(recalls.length).toBe(expected.length);
	});
});

describe('poll (PMS Trigger)', () => {
	it('emits a procedure completed since the cursor once, and a newly planned case', async () => {
		const { reader } = backend();
		const patient = practice.patients.find(
			(p) =>
				p.PatStatus === 'Patient' &&
				p.ClinicNum === practice.clinics[0].ClinicNum &&
				!practice.appointments.some((a) => a.PatNum === p.PatNum && a.AptStatus === 'Scheduled'),
		)!;
		const events = ['procedure_completed', 'treatment_unscheduled'] as const;
		const start = await reader.poll(pollRequest(cursorAt(now, TODAY), now, [...events]));
		expect(start.events).toEqual([]);
		now = now.plus({ minutes: 5 });
		const extraction = sim.store.planProcedure({
			patientId: patient.PatNum,
			code: 'D7140',
			name: 'Extraction',
			fee: 250,
			plannedOn: TODAY,
		});
		sim.store.completeProcedure(extraction, TODAY);
		sim.store.planProcedure({ patientId: patient.PatNum, code: 'D6010', name: 'Implant', fee: 2400, plannedOn: TODAY });
		const first = await reader.poll(pollRequest(start.cursor, now, [...events], { families: ['extraction'] }));
		expect(first.events.map((e) => e.type).sort()).toEqual(['procedure_completed', 'treatment_unscheduled']);
		expect(first.events.find((e) => e.type === 'procedure_completed')!.pmsIds.procedure_id).toBe(extraction);
		const again = await reader.poll(pollRequest(first.cursor, now, [...events], { families: ['extraction'] }));
		expect(again.events).toEqual([]);
	});
});

describe('writer', () => {
	const op = () => practice.operatories.find((o) => o.ClinicNum === practice.clinics[0].ClinicNum && !o.IsHygiene)!;

	it('offers slots of the asked length from /available_slots, in practice time', async () => {
		const slots = await backend().writer.openSlots({
			from: '2026-11-24',
			to: '2026-11-26',
			lengthMinutes: 30,
			providerId: String(op().ProvDentist),
			operatoryId: null,
		});
		expect(slots.length).toBeGreaterThan(0);
		expect(slots[0].start).toMatch(/^2026-11-2[4-6] \d\d:\d\d:00$/);
		expect(DateTime.fromSQL(slots[0].end).diff(DateTime.fromSQL(slots[0].start), 'minutes').minutes).toBe(30);
	});

	it('a booking is pending until the EHR has it; a retry finds it; a taken chair is refused', async () => {
		const { writer, reader } = backend();
		const [slot] = await writer.openSlots({
			from: '2026-11-30',
			to: '2026-11-30',
			lengthMinutes: 30,
			providerId: String(op().ProvDentist),
			operatoryId: String(op().OperatoryNum),
		});
		const patient = practice.patients.find(
			(p) => p.PatStatus === 'Patient' && p.ClinicNum === practice.clinics[0].ClinicNum,
		)!;
		const request = {
			patientId: String(patient.PatNum),
			start: slot.start,
			lengthMinutes: 30,
			providerId: slot.providerId,
			operatoryId: slot.operatoryId,
			note: 'Booked by text',
			key: 'k1',
			plannedAppointmentId: null,
		};
		const booked = await writer.book(request);
		expect(booked).toMatchObject({ reused: false, pending: true });
		const again = await writer.book(request);
		expect(again).toMatchObject({ appointmentId: booked.appointmentId, reused: true, pending: true });
		const other = practice.patients.filter(
			(p) => p.PatStatus === 'Patient' && p.ClinicNum === practice.clinics[0].ClinicNum,
		)[1];
		await expect(writer.book({ ...request, patientId: String(other.PatNum), key: 'k2' })).rejects.toBeInstanceOf(
			SlotTakenError,
		);
		expect((await reader.getAppointment(booked.appointmentId)).pmsIds.pending).toBe('true');
		await sim.syncWrites();
		expect((await reader.getAppointment(booked.appointmentId)).pmsIds.pending).toBeUndefined();
		expect(await writer.book(request)).toMatchObject({ reused: true, pending: false });
	});

	it('cancels once; confirms', async () => {
		const { writer, reader } = backend();
		const apt = practice.appointments.find(
			(a) =>
				a.AptStatus === 'Scheduled' && a.ClinicNum === practice.clinics[0].ClinicNum && a.AptDateTime > `${TODAY} 23`,
		)!;
		await writer.confirm(String(apt.AptNum), 'Confirmed');
		expect((await reader.getAppointment(String(apt.AptNum))).item.confirmed).toBe('Confirmed');
		expect(await writer.cancel(String(apt.AptNum), { toUnscheduledList: true })).toBe(true);
		expect(await writer.cancel(String(apt.AptNum), { toUnscheduledList: true })).toBe(false);
		expect((await reader.getAppointment(String(apt.AptNum))).item.status).toBe('broken');
	});

	it('writes no chart note and says so', async () => {
		const before = sim.requests.length;
		const logged = await backend().writer.logCommunication({
			patientId: '1',
			note: 'Texted',
			mode: 'Text',
			direction: 'Sent',
			at: null,
			key: 'x',
		});
		expect(logged).toEqual({ id: '', reused: false, notCharted: NO_CHART_NOTE });
		expect(sim.requests.length).toBe(before);
	});

	it('keeps the key tag when a note is cut to 128 characters', () => {
		const note = fitNote('a'.repeat(300), 'abc');
		expect(note.length).toBeLessThanOrEqual(128);
		expect(note.endsWith(keyTag('abc'))).toBe(true);
	});
});

describe('transport', () => {
	it('waits out 429s and still reads every row', async () => {
		const limited = await startNexHealthSimulator({
			practice,
			apiKey: KEY,
			subdomain: SUB,
			now: () => now,
			writeDelayMs: null,
		});
		try {
			limited.fault({ path: /^\/patients$/, status: 429, times: 2 });
			const { reader, sleeps } = backend({ rateLimited: limited });
			const lapsed = await reader.getLapsedPatients({ now, months: 18 });
			expect(sleeps.filter((ms) => ms >= 200)).toEqual([200, 400]);
			expect(lapsed.length).toBeGreaterThan(0);
			expect(limited.requests.filter((r) => r.status === 429)).toHaveLength(2);
			expect(limited.requests.every((r) => r.version === 'v3.0.0')).toBe(true);
		} finally {
			await limited.close();
		}
	});

	it('a token is renewed five minutes before it expires', () => {
		const token = (exp: number) => `h.${Buffer.from(JSON.stringify({ exp })).toString('base64url')}.s`;
		const t = Date.UTC(2026, 10, 23, 12) / 1000;
		expect(tokenExpiry(token(t))).toBe(t * 1000);
		expect(needsRenewal(token(t), t * 1000 - 6 * 60_000)).toBe(false);
		expect(needsRenewal(token(t), t * 1000 - 4 * 60_000)).toBe(true);
		expect(needsRenewal('', 0)).toBe(true);
		expect(needsRenewal('garbage', 0)).toBe(true);
	});
});
