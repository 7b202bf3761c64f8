/**
 * The PMS node and the PMS Trigger inside a real n8n, against the Open Dental simulator serving the
 * synthetic practice: reads equal what the practice's rows say; a wrong key is a clear error;
 * 429/504 are retried; the trigger, once active, emits a completed implant placement and a new
 * booking exactly once.
 */
import http from 'node:http';
import { DateTime } from 'luxon';
import { login, setupOwner } from '../../sandbox/n8n/owner';
import { freePort, N8nSandbox, outputOf, type Execution, type WorkflowJson } from '../../sandbox/n8n/runner';
import { startOpenDentalSimulator, type OpenDentalSimulator } from '../../sandbox/opendental';
import { generatePractice } from '../../sandbox/practice/generate';
import type { Practice } from '../../sandbox/practice/types';
import { findUnscheduledTreatment } from '../../sandbox/practice/unscheduled';
import { onPracticeProfile, profileCredential } from '../../sandbox/journeys/setup';

type Json = Record<string, unknown>;
const ZONE = 'America/Chicago';
const today = DateTime.now().setZone(ZONE).toISODate() as string;
let practice: Practice;
let sim: OpenDentalSimulator;
let n8n: N8nSandbox;
const runs = new Map<string, Execution>();

const credential = (id: string, customerKey: string) => ({
	id,
	name: `Open Dental ${id}`,
	type: 'openDentalApi',
	data: { connection: 'custom', baseUrl: sim.url, developerKey: 'sandbox-dev', customerKey, readOnly: false },
});

function pmsWorkflow(name: string, parameters: Json, credentialId = 'odgood0000000001'): WorkflowJson {
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
				credentials: { openDentalApi: { id: credentialId, name: `Open Dental ${credentialId}` } },
			},
		],
		connections: { Start: { main: [[{ node: 'PMS', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

beforeAll(async () => {
	practice = generatePractice({ seed: 13, patients: 400, stage: 3, today });
	// The simulator runs on the real clock in the practice's zone, like the n8n next to it.
	sim = await startOpenDentalSimulator({
		practice,
		developerKey: 'sandbox-dev',
		customerKey: 'sandbox-cust',
		now: () => DateTime.now().setZone(ZONE),
	});
	n8n = await N8nSandbox.create({ env: { GENERIC_TIMEZONE: ZONE } });
	// The practice's zone is its profile's.
	await n8n.importCredentials([
		credential('odgood0000000001', 'sandbox-cust'),
		credential('odbad00000000001', 'not-the-key'),
		profileCredential(ZONE),
	]);
	const workflows: Array<[string, WorkflowJson]> = [
		['unscheduled', pmsWorkflow('unscheduled', { resource: 'treatment', operation: 'getUnscheduled', minAgeHours: 0 })],
		[
			'completed',
			pmsWorkflow('completed', {
				resource: 'procedure',
				operation: 'getCompleted',
				from: '2024-01-01',
				to: today,
				families: ['implant_placement', 'abutment'],
			}),
		],
		[
			'appointments',
			pmsWorkflow('appointments', {
				resource: 'appointment',
				operation: 'getMany',
				statuses: ['scheduled'],
				from: today,
				to: '2099-12-31',
			}),
		],
		[
			'wrong key',
			pmsWorkflow('wrong key', { resource: 'patient', operation: 'get', patientId: '1' }, 'odbad00000000001'),
		],
	];
	const ids = await n8n.importWorkflows(workflows.map(([, w]) => onPracticeProfile(w)));
	await Promise.all(workflows.map(async ([key], i) => runs.set(key, (await n8n.execute(ids[i])).execution)));
}, 600_000);

afterAll(async () => {
	await n8n?.stop();
	n8n?.dispose();
	await sim?.close();
});

describe('PMS node reads from Open Dental', () => {
	it("Treatment > Get Unscheduled returns Open Dental's Treatment Finder list", () => {
		const expected = findUnscheduledTreatment(practice);
		const [items] = outputOf(runs.get('unscheduled')!, 'PMS');
		expect(items.map((i) => Number((i.patient as Json).id)).sort((a, b) => a - b)).toEqual(
			expected.map((e) => e.patient.PatNum),
		);
		for (const item of items) {
			const want = expected.find((e) => String(e.patient.PatNum) === (item.patient as Json).id)!;
			expect(item.totalFee).toBeCloseTo(want.fee, 2);
			expect((item.pmsIds as Json).PatNum).toBe(want.patient.PatNum);
		}
	});

	it('Procedure > Get Completed returns the implant milestones in the range', () => {
		const [items] = outputOf(runs.get('completed')!, 'PMS');
		const expected = practice.procedures.filter(
			(p) =>
				p.ProcStatus === 'C' &&
				['D6010', 'D6056', 'D6057'].includes(p.ProcCode) &&
				p.ProcDate >= '2024-01-01' &&
				p.ProcDate <= today,
		);
		expect(items.map((i) => Number(i.id)).sort((a, b) => a - b)).toEqual(
			expected.map((p) => p.ProcNum).sort((a, b) => a - b),
		);
		expect(new Set(items.map((i) => i.milestone))).toEqual(
			new Set(expected.map((p) => (p.ProcCode === 'D6010' ? 'implant_placement' : 'abutment'))),
		);
	});

	it('Appointment > Get Many returns the scheduled appointments', () => {
		const [items] = outputOf(runs.get('appointments')!, 'PMS');
		const expected = practice.appointments.filter(
			(a) => a.AptStatus === 'Scheduled' && a.AptDateTime.slice(0, 10) >= today,
		);
		expect(items.map((i) => (i.pmsIds as Json).AptNum).sort()).toEqual(expected.map((a) => a.AptNum).sort());
	});

	it('a wrong customer key fails with a clear credential error and no patient data', () => {
		const error = runs.get('wrong key')!.data.resultData.error!;
		expect(error.message).toMatch(/401.*developer and customer keys/);
		expect(JSON.stringify(error)).not.toMatch(/555-01/);
	});

	it('429 and 504 answers are retried and the read still completes', async () => {
		sim.fault({ path: /^\/procedurelogs/, status: 429, times: 1 });
		sim.fault({ path: /^\/procedurelogs/, status: 504, times: 1 });
		const before = sim.requests.length;
		const [id] = await n8n.importWorkflows([
			onPracticeProfile(pmsWorkflow('retried', { resource: 'treatment', operation: 'getUnscheduled', minAgeHours: 0 })),
		]);
		const run = await n8n.execute(id);
		expect(run.execution.data.resultData.error).toBeUndefined();
		const statuses = sim.requests
			.slice(before)
			.filter((r) => r.path.startsWith('/procedurelogs'))
			.map((r) => r.status);
		expect(statuses.slice(0, 3)).toEqual([429, 504, 200]);
		expect(outputOf(run.execution, 'PMS')[0]).toHaveLength(findUnscheduledTreatment(practice).length);
	}, 120_000);
});

describe('PMS Trigger, active in n8n', () => {
	it('emits a completed implant placement and a new booking exactly once', async () => {
		// A sink on loopback stands in for whatever the practice wires after the trigger.
		const received: Json[] = [];
		const sink = http.createServer((req, res) => {
			let body = '';
			req.on('data', (c) => (body += c));
			req.on('end', () => {
				received.push(JSON.parse(body));
				res.end('{}');
			});
		});
		const sinkPort = await freePort();
		await new Promise<void>((r) => sink.listen(sinkPort, '127.0.0.1', r));
		const workflow: WorkflowJson = {
			id: 'odtrigger0000001',
			name: 'trigger',
			nodes: [
				{
					name: 'PMS Trigger',
					type: 'n8n-nodes-chairside.pmsTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {
						pollTimes: { item: [{ mode: 'everyMinute' }] },
						events: ['procedure_completed', 'appointment_scheduled'],
						options: {},
					},
					credentials: { openDentalApi: { id: 'odgood0000000001', name: 'Open Dental odgood0000000001' } },
				},
				{
					name: 'Sink',
					type: 'n8n-nodes-base.httpRequest',
					typeVersion: 4.2,
					position: [220, 0],
					parameters: {
						method: 'POST',
						url: `http://127.0.0.1:${sinkPort}/event`,
						sendBody: true,
						specifyBody: 'json',
						jsonBody: '={{ JSON.stringify($json) }}',
						options: {},
					},
				},
			],
			connections: { 'PMS Trigger': { main: [[{ node: 'Sink', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		};
		await n8n.importWorkflows([onPracticeProfile(workflow)]);
		const published = await n8n.cli(['publish:workflow', '--id=odtrigger0000001']);
		expect(published.code).toBe(0);
		const port = await freePort();
		let log = '';
		await n8n.start(port, {}, (chunk) => (log += chunk));
		await setupOwner(`http://127.0.0.1:${port}`);
		await login(`http://127.0.0.1:${port}`);

		// The first poll only starts watching: wait for it (it reads /procedurelogs).
		const polls = () => sim.requests.filter((r) => r.path === '/procedurelogs' && r.query.DateTStamp).length;
		const waitFor = async (what: () => boolean, seconds: number) => {
			for (let i = 0; i < seconds * 2 && !what(); i++) await new Promise((r) => setTimeout(r, 500));
			return what();
		};
		expect(await waitFor(() => polls() >= 1, 75)).toBe(true);
		expect(received).toEqual([]);

		const implant = practice.procedures.find((p) => p.ProcStatus === 'TP' && p.ProcCode === 'D6010')!;
		sim.completeProcedure(implant.ProcNum, today);
		const patient = practice.patients.find((p) => p.PatStatus === 'Patient')!;
		const op = practice.operatories[0];
		const aptNum = sim.bookAppointment({
			patNum: patient.PatNum,
			start: `${DateTime.fromISO(today).plus({ days: 7 }).toISODate()} 09:00:00`,
			lengthMinutes: 60,
			provNum: op.ProvDentist,
			op: op.OperatoryNum,
		});

		expect(await waitFor(() => received.length >= 2, 75)).toBe(true);
		// One more poll with nothing new: nothing more arrives.
		const after = polls();
		expect(await waitFor(() => polls() > after, 75)).toBe(true);
		await new Promise((r) => setTimeout(r, 3000));
		sink.close();

		expect(received.map((e) => e.event).sort()).toEqual(['appointment_scheduled', 'procedure_completed']);
		const completed = received.find((e) => e.event === 'procedure_completed')!;
		expect(completed).toMatchObject({
			code: 'D6010',
			milestone: 'implant_placement',
			patientId: String(implant.PatNum),
		});
		expect((received.find((e) => e.event === 'appointment_scheduled')!.pmsIds as Json).AptNum).toBe(aptNum);
		expect(log).not.toMatch(/ENOTFOUND|getaddrinfo/);
	}, 400_000);
});
