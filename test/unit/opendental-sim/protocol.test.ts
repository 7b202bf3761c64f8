import type { OpenDentalSimulator } from '../../../sandbox/opendental';
import type { Practice } from '../../../sandbox/practice/types';
import { AUTH, call, CUST, DEV, type Row, start, type Clock } from './helpers';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

describe('Open Dental simulator: protocol', () => {
	let sim: OpenDentalSimulator;
	let clock: Clock;
	let practice: Practice;
	beforeAll(async () => {
		({ sim, clock, practice } = await start());
	});
	afterAll(() => sim.close());

	it('listens on loopback under /api/v1', () => {
		expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
	});

	describe('auth', () => {
		it('answers the exact ODFHIR header', async () => {
			const res = await call<Row>(sim, '/patients/1');
			expect(res.status).toBe(200);
			expect(res.body.PatNum).toBe(1);
		});

		it.each([
			['missing', undefined, /missing/i],
			['a wrong customer key', `ODFHIR ${DEV}/nope`, /customer key/i],
			['a wrong developer key', `ODFHIR nope/${CUST}`, /developer key/i],
			['another scheme', `Bearer ${DEV}/${CUST}`, /malformed/i],
			['a colon instead of a slash', `ODFHIR ${DEV}:${CUST}`, /malformed/i],
		])('refuses a header that is %s with 401 and a plain-text reason', async (_, header, reason) => {
			const res = await fetch(`${sim.url}/patients/1`, {
				headers: header === undefined ? {} : { Authorization: header },
			});
			expect(res.status).toBe(401);
			expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
			expect(await res.text()).toMatch(reason);
		});
	});

	describe('paging', () => {
		it('gives at most 100 rows a page in remote mode, and a short last page', async () => {
			const first = await call<Row[]>(sim, '/patients/Simple');
			expect(first.body).toHaveLength(100);
			const last = await call<Row[]>(sim, '/patients/Simple?Offset=290');
			expect(last.body.map((p) => p.PatNum)).toEqual(practice.patients.slice(290).map((p) => p.PatNum));
			expect((await call<Row[]>(sim, '/patients/Simple?Limit=7&Offset=3')).body.map((p) => p.PatNum)).toEqual([
				4, 5, 6, 7, 8, 9, 10,
			]);
		});

		it('refuses a Limit over the maximum', async () => {
			const res = await call(sim, '/procedurelogs?Limit=101');
			expect(res.status).toBe(400);
			expect(res.text).toMatch(/Limit cannot be greater than 100/);
		});

		it('pages through the same rows, in primary-key order, as the table holds', async () => {
			const seen: number[] = [];
			for (let offset = 0; ; offset += 100) {
				const page = (await call<Row[]>(sim, `/procedurelogs?Offset=${offset}`)).body;
				seen.push(...page.map((p) => p.ProcNum as number));
				if (page.length < 100) break;
			}
			expect(seen).toEqual(practice.procedures.map((p) => p.ProcNum));
		});
	});

	describe('shapes', () => {
		it('returns appointments with enums as text, "true"/"false" booleans and local datetimes', async () => {
			const rows = (await call<Row[]>(sim, `/appointments?date=${practice.appointments[0].AptDateTime.slice(0, 10)}`))
				.body;
			expect(rows.length).toBeGreaterThan(0);
			for (const a of rows) {
				expect(['Scheduled', 'Complete', 'UnschedList', 'Broken', 'Planned']).toContain(a.AptStatus);
				expect(['true', 'false']).toContain(a.IsHygiene);
				expect(a.AptDateTime).toMatch(DATE_TIME);
				expect(a.DateTStamp).toMatch(DATE_TIME);
				expect(a.Pattern).toMatch(/^\/X*\/$/);
				expect(typeof a.AptNum).toBe('number');
			}
		});

		it('returns procedurelogs as apiprocedurelogs.html shows them', async () => {
			const proc = practice.procedures.find(
				(p) => p.ProcStatus === 'TP' && p.AptNum === 0,
			) as Practice['procedures'][number];
			const row = (await call<Row>(sim, `/procedurelogs/${proc.ProcNum}`)).body;
			expect(row).toMatchObject({
				ProcNum: proc.ProcNum,
				PatNum: proc.PatNum,
				AptNum: '0',
				ProcDate: '0001-01-01',
				ProcFee: proc.ProcFee.toFixed(2),
				ProcStatus: 'TP',
				procCode: proc.ProcCode,
				descript: proc.Descript,
				DateTP: proc.DateTP,
				PlannedAptNum: '0',
			});
			expect(row.serverDateTime).toBe('2026-11-23 08:00:00');
		});

		it('returns a patient with the documented contact fields', async () => {
			const p = practice.patients[4];
			const row = (await call<Row>(sim, `/patients/${p.PatNum}`)).body;
			expect(row).toMatchObject({
				PatNum: p.PatNum,
				LName: p.LName,
				FName: p.FName,
				WirelessPhone: p.WirelessPhone,
				TxtMsgOk: p.TxtMsgOk,
				PreferContactMethod: p.PreferContactMethod,
				PatStatus: p.PatStatus,
			});
			expect(row.Birthdate).toMatch(DATE);
		});

		it('lists the reference tables', async () => {
			const codes = (await call<Row[]>(sim, '/procedurecodes')).body;
			expect(codes.map((c) => c.ProcCode)).toEqual(expect.arrayContaining(['D1110', 'D9986', 'D9987']));
			expect((await call<Row[]>(sim, '/providers')).body).toHaveLength(practice.providers.length);
			expect((await call<Row[]>(sim, '/operatories')).body).toHaveLength(practice.operatories.length);
			expect((await call<Row[]>(sim, '/clinics')).body.map((c) => c.ClinicNum)).toEqual(
				practice.clinics.map((c) => c.ClinicNum),
			);
		});

		it('lists treatment plans and their attached procedures', async () => {
			const plan = practice.treatPlans.find((t) => t.TPStatus === 'Active') as Practice['treatPlans'][number];
			const plans = (await call<Row[]>(sim, `/treatplans?PatNum=${plan.PatNum}&TPStatus=Active`)).body;
			expect(plans.map((t) => t.TreatPlanNum)).toContain(plan.TreatPlanNum);
			const attaches = (await call<Row[]>(sim, `/treatplanattaches?TreatPlanNum=${plan.TreatPlanNum}`)).body;
			expect(attaches.map((a) => a.ProcNum)).toEqual(plan.procNums);
			expect((await call(sim, '/treatplans?TPStatus=Open')).status).toBe(400);
		});

		it("serves a Saved plan's procedures as proctp copies, not attaches", async () => {
			const plan = practice.treatPlans.find((t) => t.TPStatus === 'Saved') as Practice['treatPlans'][number];
			const copies = (await call<Row[]>(sim, `/proctps?TreatPlanNum=${plan.TreatPlanNum}`)).body;
			expect(copies.map((c) => c.ProcNumOrig)).toEqual(plan.procNums);
			const fees = plan.procNums.map((n) => practice.procedures.find((p) => p.ProcNum === n)?.ProcFee);
			expect(copies.map((c) => c.FeeAmt)).toEqual(fees);
			expect(copies[0]).toMatchObject({
				TreatPlanNum: plan.TreatPlanNum,
				PatNum: plan.PatNum,
				DateTP: plan.DateTP,
				ItemOrder: 0,
			});
			expect((await call<Row[]>(sim, `/treatplanattaches?TreatPlanNum=${plan.TreatPlanNum}`)).body).toEqual([]);
			expect((await call(sim, '/proctps')).status).toBe(400);
		});
	});

	describe('errors', () => {
		it('answers an unknown resource with 404', async () => {
			const res = await call(sim, '/teeth');
			expect(res.status).toBe(404);
			expect(res.text).toMatch(/not found/i);
		});

		it('answers an unknown PatNum or AptNum with 404 and says which', async () => {
			const pat = await call(sim, '/patients/999999');
			expect(pat.status).toBe(404);
			expect(pat.text).toMatch(/Patient not found.*999999/);
			const apt = await call(sim, '/appointments/999999');
			expect(apt.status).toBe(404);
			expect(apt.text).toMatch(/Appointment not found/);
		});

		it.each([
			['/appointments?date=2026-13-45', /date must be a date in "yyyy-MM-dd"/],
			['/appointments?dateStart=11/23/2026', /dateStart/],
			['/procedurelogs?DateTStamp=yesterday', /DateTStamp must be in "yyyy-MM-dd HH:mm:ss"/],
			['/procedurelogs?ProcStatus=Planned', /ProcStatus must be one of/],
			['/patients/Simple?PatNum=abc&ClinicNum=x', /ClinicNum must be a whole number/],
		])('answers %s with 400 and an explanation', async (path, reason) => {
			const res = await call(sim, path);
			expect(res.status).toBe(400);
			expect(res.text).toMatch(reason);
		});

		it('refuses a POST missing a required field', async () => {
			const res = await call(sim, '/appointments', { method: 'POST', body: { PatNum: 1, Op: 1 } });
			expect(res.status).toBe(400);
			expect(res.text).toMatch(/AptDateTime is required/);
		});
	});

	describe('incremental polling', () => {
		it('returns rows stamped at or after DateTStamp, with serverDateTime to poll from next', async () => {
			const first = (await call<Row[]>(sim, '/appointments?DateTStamp=2026-11-23 07:59:59')).body;
			const cursor =
				first[0]?.serverDateTime ?? (await call<Row[]>(sim, '/appointments?Limit=1')).body[0].serverDateTime;
			expect(cursor).toBe(clock.current.toFormat('yyyy-MM-dd HH:mm:ss'));
			for (const a of first) expect((a.DateTStamp as string) >= '2026-11-23 07:59:59').toBe(true);

			const stamped = clock.advance(30);
			const patient = practice.patients.find((p) => p.PatStatus === 'Patient') as Practice['patients'][number];
			const aptNum = sim.bookAppointment({
				patNum: patient.PatNum,
				start: '2026-12-01 09:00:00',
				lengthMinutes: 60,
				provNum: practice.operatories[0].ProvDentist,
				op: practice.operatories[0].OperatoryNum,
			});
			const next = (await call<Row[]>(sim, `/appointments?DateTStamp=${cursor}`)).body;
			expect(next.map((a) => a.AptNum)).toEqual([aptNum]);
			expect(next[0]).toMatchObject({
				DateTStamp: stamped,
				serverDateTime: stamped,
				AptStatus: 'Scheduled',
				AptDateTime: '2026-12-01 09:00:00',
				Pattern: '/XXXXXXXXXX/',
			});
		});

		it('gives every generated row a DateTStamp not after the start of the simulation', async () => {
			const rows = (await call<Row[]>(sim, '/patients/Simple')).body;
			for (const p of rows) expect((p.DateTStamp as string) <= '2026-11-23 08:00:00').toBe(true);
		});
	});

	it('answers a body that is not JSON with 400', async () => {
		const res = await fetch(`${sim.url}/commlogs`, {
			method: 'POST',
			headers: { ...AUTH, 'Content-Type': 'application/json' },
			body: '{not json',
		});
		expect(res.status).toBe(400);
		expect(await res.text()).toMatch(/not valid JSON/);
	});
});
