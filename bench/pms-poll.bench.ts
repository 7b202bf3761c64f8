/**
 * What a PMS Trigger poll costs against Open Dental, measured on the node as n8n runs it: a new
 * node, reader and transport every poll, only the workflow's static data carried between polls
 * (test/unit/pms-trigger-context.ts), on practices of 2,000 and 20,000 patients (the sandbox
 * simulator as the Local API: 1,000 rows a page, no throttle; a poll's lists are shorter than
 * Remote's 100-row page, so its counts are Remote's too). The polls follow one morning: a quiet poll, one new
 * treatment plan, twenty plans charted in the same second (a plan saved at once for many patients,
 * an import), the quiet polls after them, a day's worth of ordinary changes (2, 20 and 200 in one
 * poll), and the first poll of the next day (recalls and lapses). Remote allows 1 request per
 * second per key, so requests are also seconds of wall time there; they are counted by the
 * simulator, so they are exact, not sampled.
 *   npm run bench   (runs this after the PMS Export benchmark)
 */
import { DateTime, Settings } from 'luxon';
import { OpenDentalReader } from '../core/pms/opendental/reader';
import { OpenDentalTransport } from '../core/pms/opendental/transport';
import { startOpenDentalSimulator, type OpenDentalSimulator } from '../sandbox/opendental';
import { fetchClient } from '../sandbox/opendental/client';
import { triggerPoller } from '../test/unit/pms-trigger-context';
import { generatePractice } from '../sandbox/practice/generate';
import type { Practice } from '../sandbox/practice/types';

const TODAY = '2026-11-23';
const EVENTS = [
	'treatment_unscheduled',
	'procedure_completed',
	'appointment_scheduled',
	'appointment_broken',
	'appointment_completed',
] as const;

/** Some realistic changes: implants and crowns completed, bookings made. */
function makeChanges(practice: Practice, sim: OpenDentalSimulator, count: number, offset: number): void {
	const planned = practice.procedures.filter((p) => p.ProcStatus === 'TP');
	const patients = practice.patients.filter((p) => p.PatStatus === 'Patient');
	const ops = practice.operatories;
	for (let i = 0; i < count; i++) {
		const n = offset + i;
		if (i % 2 === 0) sim.completeProcedure(planned[n % planned.length].ProcNum, TODAY);
		else {
			const op = ops[n % ops.length];
			const day = DateTime.fromISO(TODAY).plus({ days: 7 + (n % 20) });
			sim.bookAppointment({
				patNum: patients[(n * 7) % patients.length].PatNum,
				start: `${day.toISODate()} ${String(8 + (n % 8)).padStart(2, '0')}:00:00`,
				lengthMinutes: 60,
				provNum: op.ProvDentist,
				op: op.OperatoryNum,
			});
		}
	}
}

/** New crowns planned for `count` active patients, all in the clock's current second. */
function planCrowns(practice: Practice, sim: OpenDentalSimulator, count: number, offset: number): void {
	const patients = practice.patients.filter((p) => p.PatStatus === 'Patient');
	for (let i = 0; i < count; i++) {
		sim.planProcedure({
			patNum: patients[(offset + i * 13) % patients.length].PatNum,
			code: 'D2740',
			description: 'Crown - porcelain/ceramic',
			fee: 1295,
			tooth: '30',
		});
	}
}

interface Row {
	poll: string;
	events: number;
	requests: number;
	ms: number;
}

async function measure(patients: number): Promise<{ rows: Row[]; full: { requests: number; ms: number } }> {
	const practice = generatePractice({ seed: 3, patients, stage: 3, today: TODAY });
	const zone = practice.clinics[0].timezone;
	let clock = DateTime.fromISO(`${TODAY}T08:00:00`, { zone });
	// The node reads luxon's clock; the simulator stamps changes with the same one.
	Settings.now = () => clock.toMillis();
	const sim = await startOpenDentalSimulator({
		practice,
		mode: 'local',
		developerKey: 'dev',
		customerKey: 'cust',
		now: () => clock,
	});
	const trigger = triggerPoller(sim, zone, { events: [...EVENTS], families: [], options: { timezone: zone } });
	const rows: Row[] = [];
	const poll = async (label: string, change: () => void = () => undefined) => {
		clock = clock.plus({ minutes: 15 });
		change();
		clock = clock.plus({ seconds: 30 });
		const started = performance.now();
		const run = await trigger.poll();
		rows.push({ poll: label, events: run.items.length, requests: run.requests, ms: performance.now() - started });
	};
	let offset = 0;
	const changes = (n: number) => () => {
		makeChanges(practice, sim, n, offset);
		offset += n;
	};
	await poll('activation (starts watching)');
	await poll('quiet');
	await poll('one new plan', () => planCrowns(practice, sim, 1, 0));
	await poll('quiet after it');
	await poll('20 plans in one second', () => planCrowns(practice, sim, 20, 1));
	for (let i = 1; i <= 3; i++) await poll(`quiet after the burst (${i})`);
	await poll('2 changes', changes(2));
	await poll('20 changes', changes(20));
	await poll('200 changes', changes(200));
	await poll('quiet');
	clock = clock.plus({ days: 1 }).set({ hour: 7, minute: 0 });
	await poll('next day, first poll (recalls, lapses)');
	await poll('next day, quiet');

	await sim.close();
	// What re-reading everything each poll would cost instead, with one reader, on Remote (100 rows
	// a page; the throttle is not waited for here).
	const remote = await startOpenDentalSimulator({
		practice,
		mode: 'remote',
		developerKey: 'dev',
		customerKey: 'cust',
		now: () => clock,
	});
	const transport = new OpenDentalTransport({
		http: fetchClient(remote.url, 'ODFHIR dev/cust'),
		timing: { now: () => Date.now(), sleep: async () => undefined },
		throttle: 'none',
		pageSize: 100,
	});
	const reader = new OpenDentalReader({ transport, timezone: zone, defaultRegion: 'US' });
	const before = remote.requests.length;
	const started = performance.now();
	const today = clock.toISODate() as string;
	await reader.getUnscheduledTreatment({
		now: clock,
		minAgeHours: 0,
		minValue: 0,
		maxValue: null,
		categories: [],
		provider: null,
		clinic: null,
	});
	await reader.getCompletedProcedures({ from: today, to: today, families: [] });
	await reader.getAppointments({
		from: today,
		to: clock.plus({ years: 1 }).toISODate() as string,
		statuses: [],
		patientId: null,
	});
	const full = { requests: remote.requests.length - before, ms: performance.now() - started };
	await remote.close();
	Settings.now = () => Date.now();
	return { rows, full };
}

async function main(): Promise<void> {
	console.log(
		'\nPMS Trigger polling, the node as n8n runs it (a new reader every poll; Open Dental simulator, Local API paging)',
	);
	console.log('Requests are counted by the simulator (exact); poll ms is one run of each poll, in this process.');
	const results: Array<{ patients: number; rows: Row[]; full: { requests: number; ms: number } }> = [];
	for (const patients of [2000, 20000]) {
		const result = await measure(patients);
		console.log(`\n${patients.toLocaleString('en-US')} patients`);
		console.log(`  ${'poll'.padEnd(40)} events  requests  poll ms`);
		for (const r of result.rows)
			console.log(
				`  ${r.poll.padEnd(40)} ${String(r.events).padStart(6)} ${String(r.requests).padStart(9)} ${r.ms.toFixed(0).padStart(8)}`,
			);
		results.push({ patients, ...result });
	}
	console.log(
		"\nfull re-read instead (unscheduled list + completed today + appointments ahead), one reader, on Remote's 100-row pages:",
	);
	for (const r of results)
		console.log(
			`  ${r.patients.toLocaleString('en-US').padStart(7)} patients: ${r.full.requests} requests, ${r.full.ms.toFixed(0)} ms (on Remote at 1 request/s: ${Math.round(r.full.requests / 60)} min)`,
		);
	const of = (r: (typeof results)[number], label: string) => r.rows.find((row) => row.poll === label)?.requests ?? NaN;
	for (const r of results) {
		const quiet = of(r, 'quiet');
		console.log(
			`  ${r.patients.toLocaleString('en-US')} patients: a quiet poll ${quiet} requests, after one plan ${of(r, 'one new plan')}, after 20 plans in one second ${of(r, '20 plans in one second')} then ${of(r, 'quiet after the burst (3)')}; ` +
				`a full re-read is ${r.full.requests} requests, ${quiet ? `${(r.full.requests / quiet).toFixed(0)}x a quiet poll` : 'against a quiet poll of 0 requests'} (counts, no noise)`,
		);
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
