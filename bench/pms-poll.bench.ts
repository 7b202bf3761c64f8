/**
 * What a PMS Trigger poll costs in steady state against Open Dental, and what a full re-read
 * would cost instead, on practices of 2,000 and 20,000 patients (the sandbox simulator, Remote
 * paging of 100 rows). A practice makes about 200 changes a day; polling every 15 minutes that is
 * about 2 changes per poll, and we also measure 20 and 200 changes in one poll.
 *   npm run bench   (runs this after the PMS Export benchmark)
 * Remote allows 1 request per second per key, so requests are also seconds of wall time there.
 */
import { DateTime } from 'luxon';
import type { PollCursor } from '../core/pms/events';
import { OpenDentalReader } from '../core/pms/opendental/reader';
import { OpenDentalTransport } from '../core/pms/opendental/transport';
import { startOpenDentalSimulator, type OpenDentalSimulator } from '../sandbox/opendental';
import { fetchClient } from '../sandbox/opendental/client';
import { generatePractice } from '../sandbox/practice/generate';
import type { Practice } from '../sandbox/practice/types';

const TODAY = '2026-11-23';
const EVENTS = ['treatment_unscheduled', 'procedure_completed', 'appointment_scheduled', 'appointment_broken', 'appointment_completed'] as const;

/** Some realistic changes: implants and crowns completed, bookings made, plans added. */
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
			sim.bookAppointment({ patNum: patients[(n * 7) % patients.length].PatNum, start: `${day.toISODate()} ${String(8 + (n % 8)).padStart(2, '0')}:00:00`, lengthMinutes: 60, provNum: op.ProvDentist, op: op.OperatoryNum });
		}
	}
}

async function measure(patients: number) {
	const practice = generatePractice({ seed: 3, patients, stage: 3, today: TODAY });
	const zone = practice.clinics[0].timezone;
	let clock = DateTime.fromISO(`${TODAY}T08:00:00`, { zone });
	const sim = await startOpenDentalSimulator({ practice, developerKey: 'dev', customerKey: 'cust', now: () => clock });
	const transport = new OpenDentalTransport({ http: fetchClient(sim.url, 'ODFHIR dev/cust'), timing: { now: () => Date.now(), sleep: async () => undefined }, throttle: 'none', pageSize: 100 });
	const reader = new OpenDentalReader({ transport, timezone: zone, defaultRegion: 'US' });
	let cursor: PollCursor = { changesSince: clock.toFormat('yyyy-MM-dd HH:mm:ss'), boundaryKeys: [], scannedOn: TODAY };
	const rows: string[] = [];
	let offset = 0;
	for (const changes of [0, 2, 20, 200]) {
		clock = clock.plus({ minutes: 15 });
		makeChanges(practice, sim, changes, offset);
		offset += changes;
		clock = clock.plus({ seconds: 30 });
		const started = performance.now();
		const result = await reader.poll({ cursor, now: clock, events: [...EVENTS], families: [], recallDaysAhead: 28, lapsedMonths: 18 });
		const ms = performance.now() - started;
		cursor = result.cursor;
		rows.push(`${patients.toLocaleString('en-US').padStart(7)} ${String(changes).padStart(8)} ${String(result.events.length).padStart(7)} ${String(result.requests).padStart(9)} ${ms.toFixed(0).padStart(8)}`);
	}
	const before = transport.requestsSent;
	const started = performance.now();
	await reader.getUnscheduledTreatment({ now: clock, minAgeHours: 0, minValue: 0, maxValue: null, categories: [], provider: null, clinic: null });
	await reader.getCompletedProcedures({ from: TODAY, to: TODAY, families: [] });
	await reader.getAppointments({ from: TODAY, to: '2027-12-31', statuses: [], patientId: null });
	const full = { requests: transport.requestsSent - before, ms: performance.now() - started };
	await sim.close();
	return { rows, full };
}

async function main(): Promise<void> {
	console.log('\nPMS Trigger polling (Open Dental simulator, 100 rows a page)');
	console.log('patients  changes  events  requests  poll ms');
	const results = [];
	for (const patients of [2000, 20000]) {
		const result = await measure(patients);
		for (const row of result.rows) console.log(row);
		results.push({ patients, ...result });
	}
	console.log('\nfull re-read instead (unscheduled list + completed today + appointments ahead):');
	for (const r of results) console.log(`${r.patients.toLocaleString('en-US').padStart(7)} patients: ${r.full.requests} requests, ${r.full.ms.toFixed(0)} ms (on Remote at 1 request/s: ${Math.round(r.full.requests / 60)} min)`);
	const steady = results.map((r) => Number(r.rows[1].trim().split(/\s+/)[3]));
	console.log(`\nsteady poll (2 changes): ${steady.join(' vs ')} requests at 2,000 vs 20,000 patients; a full re-read: ${results.map((r) => r.full.requests).join(' vs ')}`);
	console.log(`ratio full re-read / incremental poll at 20,000 patients: ${(results[1].full.requests / steady[1]).toFixed(0)}x`);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
