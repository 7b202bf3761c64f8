import type { OpenDentalSimulator } from '../../../sandbox/opendental';
import type { Practice } from '../../../sandbox/practice/types';
import { call, type Clock, type Row, start } from './helpers';

function minutes(dateTime: string): number {
	return Number(dateTime.slice(11, 13)) * 60 + Number(dateTime.slice(14, 16));
}

describe('Open Dental simulator: mutations', () => {
	let sim: OpenDentalSimulator;
	let clock: Clock;
	let practice: Practice;
	beforeEach(async () => {
		({ sim, clock, practice } = await start());
	});
	afterEach(() => sim.close());

	const active = (): Practice['patients'][number] =>
		practice.patients.find((p) => p.PatStatus === 'Patient') as Practice['patients'][number];

	it('shows a procedure completed in the PMS with a new DateTStamp', async () => {
		const proc = practice.procedures.find((p) => p.ProcStatus === 'TP') as Practice['procedures'][number];
		const stamped = clock.advance(90);
		sim.completeProcedure(proc.ProcNum, '2026-11-23');
		const row = (await call<Row>(sim, `/procedurelogs/${proc.ProcNum}`)).body;
		expect(row).toMatchObject({ ProcStatus: 'C', ProcDate: '2026-11-23', DateTStamp: stamped });
		const changed = (await call<Row[]>(sim, `/procedurelogs?DateTStamp=${stamped}`)).body;
		expect(changed.map((p) => p.ProcNum)).toEqual([proc.ProcNum]);
	});

	it('books an appointment in the PMS with its procedures attached', async () => {
		const proc = practice.procedures.find(
			(p) => p.ProcStatus === 'TP' && p.AptNum === 0,
		) as Practice['procedures'][number];
		const op = practice.operatories.find((o) => !o.IsHygiene) as Practice['operatories'][number];
		const aptNum = sim.bookAppointment({
			patNum: proc.PatNum,
			start: '2026-12-02 13:00:00',
			lengthMinutes: 90,
			provNum: op.ProvDentist,
			op: op.OperatoryNum,
			procNums: [proc.ProcNum],
		});
		const apt = (await call<Row>(sim, `/appointments/${aptNum}`)).body;
		expect(apt).toMatchObject({
			AptNum: aptNum,
			PatNum: proc.PatNum,
			AptStatus: 'Scheduled',
			Op: op.OperatoryNum,
			ProvNum: op.ProvDentist,
			Pattern: `/${'X'.repeat(16)}/`,
		});
		const procs = (await call<Row[]>(sim, `/procedurelogs?AptNum=${aptNum}`)).body;
		expect(procs.map((p) => p.ProcNum)).toEqual([proc.ProcNum]);
		expect(procs[0].ProcDate).toBe('2026-12-02');
	});

	it('creates an appointment on POST with 201 and a location, and checks no overlap', async () => {
		const taken = practice.appointments.find((a) => a.AptStatus === 'Scheduled') as Practice['appointments'][number];
		const patient = active();
		const res = await call<Row>(sim, '/appointments', {
			method: 'POST',
			body: {
				PatNum: patient.PatNum,
				Op: taken.Op,
				AptDateTime: taken.AptDateTime,
				Pattern: '/XX/',
				Note: 'booked by Chairside',
			},
		});
		expect(res.status).toBe(201);
		expect(res.body).toMatchObject({
			PatNum: patient.PatNum,
			Op: taken.Op,
			AptDateTime: taken.AptDateTime,
			AptStatus: 'Scheduled',
			Pattern: '/XX/',
			Note: 'booked by Chairside',
		});
		const location = res.headers.get('location') as string;
		expect(location).toBe(`${sim.url}/appointments/${res.body.AptNum}`);
		const again = await fetch(location, {
			headers: { Authorization: 'ODFHIR dev-key/cust-key', 'Content-Type': 'application/json' },
		});
		expect(((await again.json()) as Row).AptNum).toBe(res.body.AptNum);
		expect(
			practice.appointments.filter(
				(a) => a.Op === taken.Op && a.AptDateTime === taken.AptDateTime && a.AptStatus === 'Scheduled',
			),
		).toHaveLength(2);
	});

	/** An office that set up a broken-appointment procedure: the Break accepts a breakType. */
	const officeChartingBreaks = async () => {
		await sim.close();
		({ sim, clock, practice } = await start({ breakTypeAllowed: true }));
	};

	it('breaks an appointment: D9986 charted, status Broken, both visible to a poll', async () => {
		await officeChartingBreaks();
		const apt = practice.appointments.find((a) => a.AptStatus === 'Scheduled') as Practice['appointments'][number];
		const stamped = clock.advance(5);
		const res = await call(sim, `/appointments/${apt.AptNum}/Break`, {
			method: 'PUT',
			body: { sendToUnscheduledList: 'false', breakType: 'Missed' },
		});
		expect(res.status).toBe(200);
		expect((await call<Row>(sim, `/appointments/${apt.AptNum}`)).body).toMatchObject({
			AptStatus: 'Broken',
			DateTStamp: stamped,
		});
		const charted = (await call<Row[]>(sim, `/procedurelogs?PatNum=${apt.PatNum}&DateTStamp=${stamped}`)).body;
		expect(charted).toEqual([expect.objectContaining({ procCode: 'D9986', ProcStatus: 'C', ProcDate: '2026-11-23' })]);
		const again = await call(sim, `/appointments/${apt.AptNum}/Break`, {
			method: 'PUT',
			body: { sendToUnscheduledList: 'false' },
		});
		expect(again.status).toBe(400);
		const missing = await call(sim, `/appointments/${apt.AptNum}/Break`, {
			method: 'PUT',
			body: { breakType: 'Cancelled' },
		});
		expect(missing.status).toBe(400);
		expect(missing.text).toMatch(/sendToUnscheduledList is required/);
	});

	it('charts D9987 and moves the appointment to the Unscheduled List when asked', async () => {
		await officeChartingBreaks();
		const apt = practice.appointments.filter((a) => a.AptStatus === 'Scheduled')[1];
		await call(sim, `/appointments/${apt.AptNum}/Break`, {
			method: 'PUT',
			body: { sendToUnscheduledList: 'true', breakType: 'Cancelled' },
		});
		expect((await call<Row>(sim, `/appointments/${apt.AptNum}`)).body.AptStatus).toBe('UnschedList');
		expect(
			(await call<Row[]>(sim, `/procedurelogs?PatNum=${apt.PatNum}&ProcStatus=C`)).body.map((p) => p.procCode),
		).toContain('D9987');
	});

	it('confirms an appointment by confirmVal', async () => {
		const apt = practice.appointments.find((a) => a.AptStatus === 'Scheduled') as Practice['appointments'][number];
		expect(
			(await call(sim, `/appointments/${apt.AptNum}/Confirm`, { method: 'PUT', body: { confirmVal: 'Confirmed' } }))
				.status,
		).toBe(200);
		expect((await call<Row>(sim, `/appointments/${apt.AptNum}`)).body.confirmed).toBe('Confirmed');
		expect(
			(await call(sim, `/appointments/${apt.AptNum}/Confirm`, { method: 'PUT', body: { confirmVal: 'Maybe' } })).status,
		).toBe(400);
	});

	it('completes an appointment and its procedures from the PMS side', async () => {
		const apt = practice.appointments.find((a) => a.AptStatus === 'Scheduled') as Practice['appointments'][number];
		sim.setAppointmentStatus(apt.AptNum, 'Complete');
		expect((await call<Row>(sim, `/appointments/${apt.AptNum}`)).body.AptStatus).toBe('Complete');
		const procs = (await call<Row[]>(sim, `/procedurelogs?AptNum=${apt.AptNum}`)).body;
		expect(procs.length).toBeGreaterThan(0);
		for (const p of procs) expect(p.ProcStatus).toBe('C');
	});

	it('updates only the patient fields a PUT names', async () => {
		const p = active();
		const res = await call<Row>(sim, `/patients/${p.PatNum}`, {
			method: 'PUT',
			body: { TxtMsgOk: 'No', PreferContactMethod: 'Mail' },
		});
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({
			TxtMsgOk: 'No',
			PreferContactMethod: 'Mail',
			WirelessPhone: p.WirelessPhone,
			Email: p.Email,
			LName: p.LName,
		});
		expect((await call(sim, `/patients/${p.PatNum}`, { method: 'PUT', body: { TxtMsgOk: 'Sure' } })).status).toBe(400);
	});

	it('writes a commlog to the chart and lists it', async () => {
		const p = active();
		const res = await call<Row>(sim, '/commlogs', {
			method: 'POST',
			body: { PatNum: p.PatNum, Note: 'Texted a recall reminder.', Mode_: 'Text', commType: 'Recall' },
		});
		expect(res.status).toBe(201);
		expect(res.body).toMatchObject({
			PatNum: p.PatNum,
			Mode_: 'Text',
			SentOrReceived: 'Sent',
			commType: 'Recall',
			CommDateTime: '2026-11-23 08:00:00',
		});
		expect((await call<Row[]>(sim, `/commlogs?PatNum=${p.PatNum}`)).body.map((c) => c.Note)).toEqual([
			'Texted a recall reminder.',
		]);
		expect((await call(sim, '/commlogs', { method: 'POST', body: { PatNum: p.PatNum } })).text).toMatch(
			/Note is required/,
		);
	});

	it('hides a just-reminded patient from the Recall List unless IncludeReminded', async () => {
		const list = (await call<Row[]>(sim, '/recalls/List?RecallType=Prophy')).body;
		expect(list.length).toBeGreaterThan(0);
		for (const r of list) expect(r.Type).toBe('Prophy');
		const patNum = list[0].PatNum as number;
		await call(sim, '/commlogs', {
			method: 'POST',
			body: { PatNum: patNum, Note: 'Recall text', commType: 'Recall', Mode_: 'Text' },
		});
		expect((await call<Row[]>(sim, '/recalls/List?RecallType=Prophy')).body.map((r) => r.PatNum)).not.toContain(patNum);
		const reminded = (await call<Row[]>(sim, '/recalls/List?RecallType=Prophy&IncludeReminded=true')).body.find(
			(r) => r.PatNum === patNum,
		);
		expect(reminded).toMatchObject({ NumRemind: '1', LastRemind: '11/23/2026' });
	});

	it('refuses writes from a read-only key with 401', async () => {
		const readOnly = await start({ readOnlyKey: true });
		try {
			const res = await call(readOnly.sim, '/commlogs', { method: 'POST', body: { PatNum: 1, Note: 'x' } });
			expect(res.status).toBe(401);
			expect(res.text).toMatch(/permission/);
			expect((await call(readOnly.sim, '/patients/1')).status).toBe(200);
		} finally {
			await readOnly.sim.close();
		}
	});
});

describe('Open Dental simulator: slots', () => {
	let sim: OpenDentalSimulator;
	let practice: Practice;
	beforeAll(async () => {
		({ sim, practice } = await start({ mode: 'local' }));
	});
	afterAll(() => sim.close());

	it('answers whole open gaps at least the length asked, for the default provider, free of Scheduled appointments, never in the past', async () => {
		const slots = (
			await call<Row[]>(sim, '/appointments/Slots?dateStart=2026-11-23&dateEnd=2026-11-27&lengthMinutes=30')
		).body;
		expect(slots.length).toBeGreaterThan(0);
		const defaultProv = practice.providers.find((p) => !p.IsHygienist)?.ProvNum;
		expect(new Set(slots.map((s) => s.ProvNum))).toEqual(new Set([defaultProv]));
		const scheduled = practice.appointments.filter((a) => a.AptStatus === 'Scheduled');
		for (const s of slots) {
			const day = (s.DateTimeStart as string).slice(0, 10);
			const from = minutes(s.DateTimeStart as string);
			const to = minutes(s.DateTimeEnd as string);
			expect(to - from).toBeGreaterThanOrEqual(30);
			expect(from >= 8 * 60 && to <= 17 * 60).toBe(true);
			const clash = scheduled.find(
				(a) =>
					a.Op === s.OpNum &&
					a.AptDateTime.startsWith(day) &&
					minutes(a.AptDateTime) < to &&
					minutes(a.AptDateTime) + a.lengthMinutes > from,
			);
			expect(clash).toBeUndefined();
		}
		expect(slots.some((s) => minutes(s.DateTimeEnd as string) - minutes(s.DateTimeStart as string) > 30)).toBe(true);
		expect(slots.some((s) => (s.DateTimeStart as string) < '2026-11-23 08:00:00')).toBe(false);
	});

	it('a booking inside a gap splits it', async () => {
		const op = practice.operatories[0];
		const query = `/appointments/Slots?dateStart=2026-11-30&dateEnd=2026-11-30&lengthMinutes=60&OpNum=${op.OperatoryNum}&ProvNum=${op.IsHygiene ? op.ProvHygienist : op.ProvDentist}`;
		const before = (await call<Row[]>(sim, query)).body;
		const wide = before.find(
			(s) => minutes(s.DateTimeEnd as string) - minutes(s.DateTimeStart as string) >= 180,
		) as Row;
		expect(wide).toBeDefined();
		const middle = `${(wide.DateTimeStart as string).slice(0, 11)}${String(Math.floor(minutes(wide.DateTimeStart as string) / 60) + 1).padStart(2, '0')}:00:00`;
		sim.bookAppointment({ patNum: 1, start: middle, lengthMinutes: 60, provNum: op.ProvDentist, op: op.OperatoryNum });
		const after = (await call<Row[]>(sim, query)).body;
		expect(after.map((s) => s.DateTimeStart)).toContain(wide.DateTimeStart);
		expect(after.find((s) => s.DateTimeStart === wide.DateTimeStart)?.DateTimeEnd).toBe(middle);
	});

	it('serves 1000 rows a page in local mode', async () => {
		expect((await call<Row[]>(sim, '/procedurelogs?Limit=1000')).body).toHaveLength(
			Math.min(1000, practice.procedures.length),
		);
		expect((await call(sim, '/procedurelogs?Limit=1001')).status).toBe(400);
	});
});

describe('Open Dental simulator: throttle and faults', () => {
	it('throttles a read-write key to one request a second, then recovers', async () => {
		const { sim } = await start({ throttle: 'readWrite' });
		try {
			expect((await call(sim, '/patients/1')).status).toBe(200);
			const refused = await call(sim, '/patients/1');
			expect(refused.status).toBe(429);
			expect(refused.text).toMatch(/one request every 1 second/);
			await new Promise((r) => setTimeout(r, 1100));
			expect((await call(sim, '/patients/1')).status).toBe(200);
		} finally {
			await sim.close();
		}
	});

	it('throttles a read-only key to one request per 5 seconds, and never in local mode', async () => {
		const remote = await start({ throttle: 'readOnly' });
		const local = await start({ throttle: 'readOnly', mode: 'local' });
		try {
			expect((await call(remote.sim, '/clinics')).status).toBe(200);
			await new Promise((r) => setTimeout(r, 1100));
			expect((await call(remote.sim, '/clinics')).status).toBe(429);
			for (let i = 0; i < 3; i++) expect((await call(local.sim, '/clinics')).status).toBe(200);
		} finally {
			await remote.sim.close();
			await local.sim.close();
		}
	});

	it('fails the next matching requests as told, then answers normally', async () => {
		const { sim } = await start();
		try {
			sim.fault({ path: /^\/appointments/, method: 'GET', status: 429 });
			expect((await call(sim, '/patients/1')).status).toBe(200);
			expect((await call(sim, '/appointments/1')).status).toBe(429);
			expect((await call(sim, '/appointments/1')).status).toBe(200);
			sim.fault({ status: 500, times: 2, body: 'boom' });
			expect((await call(sim, '/clinics')).text).toBe('boom');
			expect((await call(sim, '/clinics')).status).toBe(500);
			expect((await call(sim, '/clinics')).status).toBe(200);
			expect(sim.requests.map((r) => r.status)).toEqual([200, 429, 200, 500, 500, 200]);
			expect(sim.requests[1]).toEqual({ method: 'GET', path: '/appointments/1', query: {}, status: 429 });
		} finally {
			await sim.close();
		}
	});

	it('answers 504 after a delay, and can slow a normal answer', async () => {
		const { sim } = await start();
		try {
			sim.fault({ status: 504, delayMs: 300 });
			let began = Date.now();
			expect((await call(sim, '/clinics')).status).toBe(504);
			expect(Date.now() - began).toBeGreaterThanOrEqual(280);
			sim.fault({ delayMs: 200 });
			began = Date.now();
			expect((await call(sim, '/clinics')).status).toBe(200);
			expect(Date.now() - began).toBeGreaterThanOrEqual(180);
		} finally {
			await sim.close();
		}
	});
});

describe('Open Dental simulator: as the documentation says (docs/open-dental.md)', () => {
	it('an Open Dental older than 25.2.21 ignores ProcStatus on GET /procedurelogs; a current one filters', async () => {
		const older = await start({ version: '24.3.36' });
		const current = await start();
		try {
			const statuses = async (sim: OpenDentalSimulator) =>
				new Set((await call<Row[]>(sim, '/procedurelogs?ProcStatus=TP')).body.map((p) => p.ProcStatus));
			expect([...(await statuses(older.sim))].length).toBeGreaterThan(1);
			expect(await statuses(current.sim)).toEqual(new Set(['TP']));
			expect((await call<Row[]>(older.sim, '/preferences?PrefName=ProgramVersion')).body).toEqual([
				{ PrefNum: 123, PrefName: 'ProgramVersion', ValueString: '24.3.36.0' },
			]);
		} finally {
			await older.sim.close();
			await current.sim.close();
		}
	});

	it('refuses a breakType on an office with default settings; a Break without one works', async () => {
		const { sim, practice } = await start();
		try {
			const [a, b] = practice.appointments.filter((x) => x.AptStatus === 'Scheduled');
			const refused = await call(sim, `/appointments/${a.AptNum}/Break`, {
				method: 'PUT',
				body: { sendToUnscheduledList: 'true', breakType: 'Cancelled' },
			});
			expect(refused.status).toBe(400);
			expect(
				(await call(sim, `/appointments/${b.AptNum}/Break`, { method: 'PUT', body: { sendToUnscheduledList: 'true' } }))
					.status,
			).toBe(200);
			expect((await call<Row>(sim, `/appointments/${b.AptNum}`)).body.AptStatus).toBe('UnschedList');
		} finally {
			await sim.close();
		}
	});

	it('refuses a request without Content-Type: application/json', async () => {
		const { sim } = await start();
		try {
			const res = await fetch(`${sim.url}/patients/1`, { headers: { Authorization: 'ODFHIR dev-key/cust-key' } });
			expect(res.status).toBe(400);
		} finally {
			await sim.close();
		}
	});

	it('appointments: DateTStamp is "altered after" (the same second is out); POST defaults IsHygiene to false', async () => {
		const { sim, clock, practice } = await start();
		try {
			const op = practice.operatories.find((o) => o.IsHygiene) as Practice['operatories'][number];
			const stamped = clock.advance(5);
			const res = await call<Row>(sim, '/appointments', {
				method: 'POST',
				body: { PatNum: practice.patients[0].PatNum, Op: op.OperatoryNum, AptDateTime: '2026-12-01 09:00:00' },
			});
			expect(res.body.IsHygiene).toBe('false');
			expect((await call<Row[]>(sim, `/appointments?DateTStamp=${stamped}`)).body).toEqual([]);
		} finally {
			await sim.close();
		}
	});

	it('before 23.3.7 the answer to POST /commlogs carries no CommlogNum', async () => {
		const { sim, practice } = await start({ version: '23.2.10' });
		try {
			const res = await call<Row>(sim, '/commlogs', {
				method: 'POST',
				body: { PatNum: practice.patients[0].PatNum, Note: 'Texted' },
			});
			expect(res.status).toBe(201);
			expect(res.body.CommlogNum).toBeUndefined();
		} finally {
			await sim.close();
		}
	});

	it('answers an eConnector failure as Open Dental does: 400 with an explanation', async () => {
		const { sim } = await start();
		try {
			sim.fault({ path: /^\/patients/, status: 400 });
			const res = await call(sim, '/patients/1');
			expect(res.status).toBe(400);
			expect(res.text).toMatch(/eConnector/);
		} finally {
			await sim.close();
		}
	});
});
