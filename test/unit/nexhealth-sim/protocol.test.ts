/**
 * The NexHealth simulator against NexHealth's documentation (../shared/reference/nexhealth.md, each
 * case names its section), with raw HTTP: no Chairside client is involved.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';
import { DateTime } from 'luxon';
import { generatePractice } from '../../../sandbox/practice/generate';
import type { Practice } from '../../../sandbox/practice/types';
import { LOCATION_ID_BASE } from '../../../sandbox/nexhealth/store';
import { startNexHealthSimulator, type NexHealthSimulator, WEBHOOK_RETRY_SECONDS } from '../../../sandbox/nexhealth';

const KEY = 'sandbox-api-key';
const SUB = 'riverside-dental';
const TODAY = '2026-11-23';
let practice: Practice;
let sim: NexHealthSimulator;
let clock: DateTime;
let token = '';
let loc = 0;

async function call(
	path: string,
	init: { method?: string; body?: unknown; headers?: Record<string, string>; bare?: boolean } = {},
) {
	const headers: Record<string, string> = init.bare
		? { ...init.headers }
		: { 'Nex-Api-Version': 'v3.0.0', Authorization: `Bearer ${token}`, ...init.headers };
	if (init.body !== undefined) headers['Content-Type'] = 'application/json';
	const res = await fetch(`${sim.url}${path}`, {
		method: init.method ?? 'GET',
		headers,
		body: init.body === undefined ? undefined : JSON.stringify(init.body),
	});
	return { status: res.status, body: (await res.json()) as Record<string, any> };
}

beforeAll(async () => {
	practice = generatePractice({ seed: 31, patients: 150, stage: 3, today: TODAY });
	clock = DateTime.fromISO(`${TODAY}T08:00:00`, { zone: practice.clinics[0].timezone });
	sim = await startNexHealthSimulator({
		practice,
		apiKey: KEY,
		subdomain: SUB,
		now: () => clock,
		writeDelayMs: null,
		rateLimits: false,
	});
	loc = LOCATION_ID_BASE + practice.clinics[0].ClinicNum;
	const auth = await call('/authenticates', {
		method: 'POST',
		bare: true,
		headers: { Authorization: KEY, 'Nex-Api-Version': 'v3.0.0' },
	});
	token = auth.body.data.token;
});
afterAll(() => sim?.close());

describe('section 1: auth and versioning', () => {
	it('POST /authenticates takes the raw key and answers a JWT in the envelope', async () => {
		const good = await call('/authenticates', {
			method: 'POST',
			bare: true,
			headers: { Authorization: KEY, 'Nex-Api-Version': 'v3.0.0' },
		});
		expect(good.status).toBe(200);
		expect(good.body).toMatchObject({ code: true, description: 'Authenticated', error: [] });
		const claims = JSON.parse(Buffer.from(good.body.data.token.split('.')[1], 'base64url').toString());
		expect(claims.exp * 1000).toBeGreaterThan(Date.now() + 3500_000);
		const bearer = await call('/authenticates', {
			method: 'POST',
			bare: true,
			headers: { Authorization: `Bearer ${KEY}`, 'Nex-Api-Version': 'v3.0.0' },
		});
		expect(bearer.status).toBe(401);
	});

	it('refuses calls without a valid bearer token (401), with the error envelope', async () => {
		const none = await call(`/patients?subdomain=${SUB}&location_id=${loc}`, {
			bare: true,
			headers: { 'Nex-Api-Version': 'v3.0.0' },
		});
		expect(none.status).toBe(401);
		expect(none.body).toMatchObject({ code: false, data: null });
		expect(none.body.error.length).toBeGreaterThan(0);
		const forged = await call(`/patients?subdomain=${SUB}&location_id=${loc}`, {
			headers: { Authorization: `Bearer ${token.slice(0, -2)}xx` },
		});
		expect(forged.status).toBe(401);
	});

	it('expires tokens after their lifetime', async () => {
		const short = await startNexHealthSimulator({
			practice,
			apiKey: KEY,
			subdomain: SUB,
			tokenLifetimeSeconds: 1,
			rateLimits: false,
		});
		try {
			const res = await fetch(`${short.url}/authenticates`, {
				method: 'POST',
				headers: { Authorization: KEY, 'Nex-Api-Version': 'v3.0.0' },
			});
			const t = ((await res.json()) as any).data.token;
			const ask = () =>
				fetch(`${short.url}/providers?subdomain=${SUB}`, {
					headers: { Authorization: `Bearer ${t}`, 'Nex-Api-Version': 'v3.0.0' },
				}).then((r) => r.status);
			expect(await ask()).toBe(200);
			await new Promise((r) => setTimeout(r, 2100));
			expect(await ask()).toBe(401);
		} finally {
			await short.close();
		}
	});

	it('wants the Nex-Api-Version header (v3.0.0 or its alias v20240412)', async () => {
		expect((await call(`/providers?subdomain=${SUB}`, { headers: { 'Nex-Api-Version': '' } })).status).toBe(400);
		expect((await call(`/providers?subdomain=${SUB}`, { headers: { 'Nex-Api-Version': 'v20240412' } })).status).toBe(
			200,
		);
		expect((await call(`/providers?subdomain=${SUB}`, { headers: { 'Nex-Api-Version': 'v9' } })).status).toBe(400);
	});
});

describe('section 2: scoping', () => {
	it('needs the subdomain, and location_id where the spec requires it', async () => {
		expect((await call('/providers')).status).toBe(400);
		expect((await call('/providers?subdomain=someone-else')).status).toBe(403);
		expect((await call(`/patients?subdomain=${SUB}`)).status).toBe(400);
		expect((await call(`/patient_recalls?subdomain=${SUB}`)).status).toBe(400);
		expect((await call(`/patients?subdomain=${SUB}&location_id=1`)).status).toBe(404);
	});

	it('GET /procedures needs a filter beyond location_id', async () => {
		expect((await call(`/procedures?subdomain=${SUB}&location_id=${loc}`)).status).toBe(400);
		expect(
			(await call(`/procedures?subdomain=${SUB}&location_id=${loc}&updated_since=1970-01-01T00:00:00Z`)).status,
		).toBe(200);
	});
});

describe('section 3: cursor pagination', () => {
	it('5 a page by default, at most 1000, and every row once across pages', async () => {
		const first = await call(`/patients?subdomain=${SUB}&location_id=${loc}`);
		expect(first.body.data).toHaveLength(5);
		expect(first.body.count).toBe(practice.patients.length);
		expect(first.body.page_info).toMatchObject({ has_previous_page: false, has_next_page: true });
		expect((await call(`/patients?subdomain=${SUB}&location_id=${loc}&per_page=1001`)).status).toBe(400);
		const ids: number[] = [];
		let cursor: string | null = null;
		for (;;) {
			const page: { body: Record<string, any> } = await call(
				`/patients?subdomain=${SUB}&location_id=${loc}&per_page=40${cursor ? `&start_cursor=${encodeURIComponent(cursor)}` : ''}`,
			);
			ids.push(...page.body.data.map((p: { id: number }) => p.id));
			if (!page.body.page_info.has_next_page) break;
			cursor = page.body.page_info.end_cursor;
		}
		expect(ids).toHaveLength(practice.patients.length);
		expect(new Set(ids).size).toBe(ids.length);
	});
});

describe('section 4: rate limits', () => {
	it('answers 429 past 10 GET /appointments a second for one key', async () => {
		const limited = await startNexHealthSimulator({ practice, apiKey: KEY, subdomain: SUB });
		try {
			const t = (
				(await (
					await fetch(`${limited.url}/authenticates`, {
						method: 'POST',
						headers: { Authorization: KEY, 'Nex-Api-Version': 'v3.0.0' },
					})
				).json()) as any
			).data.token;
			const q = `start=${TODAY}T00:00:00Z&end=${TODAY}T23:59:59Z&subdomain=${SUB}`;
			const statuses = await Promise.all(
				Array.from({ length: 14 }, () =>
					fetch(`${limited.url}/appointments?${q}`, {
						headers: { Authorization: `Bearer ${t}`, 'Nex-Api-Version': 'v3.0.0' },
					}).then((r) => r.status),
				),
			);
			expect(statuses.filter((s) => s === 200)).toHaveLength(10);
			expect(statuses.filter((s) => s === 429)).toHaveLength(4);
		} finally {
			await limited.close();
		}
	});
});

describe('section 5: patients carry no text opt-out; notes are read-only', () => {
	it('a patient has hipaa facts and bio phones, no unsubscribe field', async () => {
		const p = (await call(`/patients/${practice.patients[0].PatNum}?subdomain=${SUB}`)).body.data;
		expect(p).toHaveProperty('hipaa');
		expect(p).toHaveProperty('bio.cell_phone_number');
		expect(JSON.stringify(p)).not.toMatch(/unsubscribe|opt_?out/i);
	});

	it('has no clinical note write', async () => {
		expect((await call(`/clinical_notes?subdomain=${SUB}&location_id=${loc}`)).status).toBe(200);
		expect(
			(await call(`/clinical_notes?subdomain=${SUB}&location_id=${loc}`, { method: 'POST', body: { note: 'x' } }))
				.status,
		).toBe(404);
	});
});

describe('sections 5-6: asynchronous appointment writes and signed webhooks', () => {
	let receiver: Server;
	let received: Array<{ headers: Record<string, string>; body: string }> = [];
	let answerWith = 200;
	let target = '';
	let secret = '';

	beforeAll(async () => {
		receiver = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', () => {
				received.push({ headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString() });
				res.writeHead(answerWith);
				res.end();
			});
		});
		await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
		target = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
		const endpoint = await call(`/webhook_endpoints?subdomain=${SUB}`, {
			method: 'POST',
			body: { target_url: target },
		});
		expect(endpoint.status).toBe(201);
		secret = endpoint.body.data.secret_key;
		expect(secret).toMatch(/^[0-9a-f]{16,}$/);
		const sub = await call(`/webhook_endpoints/${endpoint.body.data.id}/webhook_subscriptions?subdomain=${SUB}`, {
			method: 'POST',
			body: { resource_type: 'Appointment', event: 'appointment_insertion' },
		});
		expect(sub.status).toBe(201);
	});
	afterAll(() => new Promise<void>((r) => receiver.close(() => r())));
	beforeEach(() => {
		received = [];
		answerWith = 200;
	});

	const op = () => practice.operatories.find((o) => o.ClinicNum === practice.clinics[0].ClinicNum)!;
	const post = (start: DateTime) =>
		call(`/appointments?subdomain=${SUB}&location_id=${loc}`, {
			method: 'POST',
			body: {
				appt: {
					patient_id: practice.patients[1].PatNum,
					provider_id: op().ProvDentist,
					operatory_id: op().OperatoryNum,
					start_time: start.toISO(),
					end_time: start.plus({ minutes: 30 }).toISO(),
					note: 'Booked by text',
				},
			},
		});

	it('refuses a start in the past and a note over 128 characters', async () => {
		expect((await post(clock.minus({ hours: 1 }))).status).toBe(400);
		const long = await call(`/appointments?subdomain=${SUB}&location_id=${loc}`, {
			method: 'POST',
			body: {
				appt: {
					patient_id: practice.patients[1].PatNum,
					provider_id: op().ProvDentist,
					operatory_id: op().OperatoryNum,
					start_time: clock.plus({ days: 3 }).toISO(),
					note: 'x'.repeat(129),
				},
			},
		});
		expect(long.status).toBe(400);
	});

	it('201 is "accepted, not yet in the EHR"; the insertion webhook says when it is, signed', async () => {
		const start = clock.plus({ days: 30 }).set({ hour: 6, minute: 0 });
		const created = await post(start);
		expect(created.status).toBe(201);
		const appt = created.body.data.appt;
		expect(appt).toMatchObject({ foreign_id: null, last_sync_time: null });
		expect(received).toHaveLength(0);
		await sim.syncWrites();
		await sim.settled();
		expect(received).toHaveLength(1);
		const { headers, body } = received[0];
		const expected = createHmac('sha256', secret)
			.update(`${headers.timestamp}.${Buffer.from(body).toString('base64')}`)
			.digest('hex');
		expect(headers.signature).toBe(expected);
		const payload = JSON.parse(body);
		expect(payload).toMatchObject({ resource_type: 'Appointment', event_name: 'appointment_insertion.complete' });
		expect(payload.data.appointment.id).toBe(appt.id);
		expect(payload.data.appointment.foreign_id).not.toBeNull();
		const after = await call(`/appointments/${appt.id}?subdomain=${SUB}`);
		expect(after.body.data.last_sync_time).not.toBeNull();
	});

	it('a write the EHR cannot take fails by webhook, with no reason given', async () => {
		const start = clock.plus({ days: 31 }).set({ hour: 6, minute: 0 });
		expect((await post(start)).status).toBe(201);
		expect((await post(start)).status).toBe(201);
		await sim.syncWrites();
		await sim.settled();
		expect(received.map((r) => JSON.parse(r.body).event_name).sort()).toEqual([
			'appointment_insertion.complete',
			'appointment_insertion.failed',
		]);
	});

	it('retries a delivery answered non-2xx on the documented schedule', async () => {
		answerWith = 500;
		expect((await post(clock.plus({ days: 32 }).set({ hour: 6 }))).status).toBe(201);
		await sim.syncWrites();
		await new Promise((r) => setTimeout(r, (WEBHOOK_RETRY_SECONDS[1] + 5) * 1000 * 0.001));
		answerWith = 200;
		await sim.settled();
		expect(received.length).toBeGreaterThanOrEqual(3);
		// Each retry is the same event, re-signed when sent.
		expect(new Set(received.map((r) => r.body)).size).toBe(1);
	});

	it('PATCH confirms and cancels', async () => {
		const apt = practice.appointments.find((a) => a.AptStatus === 'Scheduled')!;
		expect(
			(
				await call(`/appointments/${apt.AptNum}?subdomain=${SUB}`, {
					method: 'PATCH',
					body: { appt: { confirmed: true } },
				})
			).body.data.appt.confirmed,
		).toBe(true);
		expect(
			(
				await call(`/appointments/${apt.AptNum}?subdomain=${SUB}`, {
					method: 'PATCH',
					body: { appt: { cancelled: true } },
				})
			).body.data.appt.cancelled,
		).toBe(true);
	});
});

describe('available slots', () => {
	it('needs start_date, days, lids[] and pids[] or appointment_type_id; slots are in the practice zone', async () => {
		expect((await call(`/available_slots?subdomain=${SUB}&start_date=${TODAY}&days=3&lids[]=${loc}`)).status).toBe(400);
		const pid = practice.providers.find((p) => !p.IsHygienist)!.ProvNum;
		const res = await call(
			`/available_slots?subdomain=${SUB}&start_date=${TODAY}&days=3&lids[]=${loc}&pids[]=${pid}&slot_length=30`,
		);
		expect(res.status).toBe(200);
		const [group] = res.body.data;
		expect(group).toMatchObject({ lid: loc, pid });
		expect(group.slots.length).toBeGreaterThan(0);
		const slot = group.slots[0];
		expect(DateTime.fromISO(slot.end_time).diff(DateTime.fromISO(slot.time), 'minutes').minutes).toBe(30);
		expect(DateTime.fromISO(slot.time, { setZone: true }).offset).toBe(
			DateTime.fromISO(slot.time).setZone(practice.clinics[0].timezone).offset,
		);
	});
});
