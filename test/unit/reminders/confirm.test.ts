/**
 * PMS > Confirm writes a confirmation once: two runs of one n8n answering the same "C" at the same
 * instant make one PUT .../Confirm; a later run reports it as already confirmed; a write Open
 * Dental refused is not remembered as done, so the next run writes it.
 */
import { DateTime } from 'luxon';
import type { IExecuteFunctions } from 'n8n-workflow';
import { startOpenDentalSimulator, type OpenDentalSimulator } from '../../../sandbox/opendental';
import { fetchClient } from '../../../sandbox/opendental/client';
import { generatePractice } from '../../../sandbox/practice/generate';
import type { Practice } from '../../../sandbox/practice/types';
import { pmsContext, runPms } from '../pms-node-context';

const TODAY = '2026-11-23';
let practice: Practice;
let sim: OpenDentalSimulator;
let zone: string;

beforeEach(async () => {
	practice = generatePractice({ seed: 8, patients: 60, stage: 3, today: TODAY });
	zone = practice.clinics[0].timezone;
	const now = DateTime.fromISO(`${TODAY}T08:00:00`, { zone });
	sim = await startOpenDentalSimulator({ practice, developerKey: 'dev', customerKey: 'cust', now: () => now });
});
afterEach(() => sim?.close());

const scheduled = () =>
	practice.appointments.find((a) => a.AptStatus === 'Scheduled' && a.AptDateTime > `${TODAY} 09:00:00`)!.AptNum;
const puts = (aptNum: number) =>
	sim.requests.filter((r) => r.method === 'PUT' && r.path.endsWith(`/appointments/${aptNum}/Confirm`));
const confirmed = async (aptNum: number) =>
	(
		(
			await fetchClient(
				sim.url,
				'ODFHIR dev/cust',
			)({ method: 'GET', path: `/appointments/${aptNum}`, headers: { 'Content-Type': 'application/json' } })
		).body as { confirmed: string }
	).confirmed;

/** Runs of one n8n instance (they share its process and its de-duplication store). */
function oneN8n(aptNum: number, runs: number): IExecuteFunctions[] {
	const params = {
		resource: 'appointment',
		operation: 'confirm',
		appointmentId: String(aptNum),
		confirmVal: 'Confirmed',
		options: { now: `${TODAY}T08:00:00` },
	};
	const first = pmsContext(sim, zone, params, [{}]);
	return Array.from(
		{ length: runs },
		() =>
			({
				...pmsContext(sim, zone, params, [{}]),
				getInstanceId: first.getInstanceId,
				helpers: first.helpers,
			}) as IExecuteFunctions,
	);
}

describe('PMS > Confirm', () => {
	it('two runs at the same instant: one PUT, one of them reports it already confirmed', async () => {
		const aptNum = scheduled();
		const [a, b, later] = oneN8n(aptNum, 3);
		const outs = await Promise.all([runPms(a), runPms(b)]);
		expect(puts(aptNum)).toHaveLength(1);
		expect(outs.map(([o]) => o[0].json.alreadyConfirmed).sort()).toEqual([false, true]);
		expect(await confirmed(aptNum)).toBe('Confirmed');
		const [[again]] = await runPms(later);
		expect(again.json).toMatchObject({ alreadyConfirmed: true, confirmed: 'Confirmed' });
		expect(puts(aptNum)).toHaveLength(1);
	});

	it('a confirmation Open Dental refused is written by the next run', async () => {
		const aptNum = scheduled();
		const [a, b] = oneN8n(aptNum, 2);
		sim.fault({ method: 'PUT', path: /\/Confirm$/, status: 401 });
		await expect(runPms(a)).rejects.toThrow();
		expect(await confirmed(aptNum)).not.toBe('Confirmed');
		const [[out]] = await runPms(b);
		expect(out.json).toMatchObject({ alreadyConfirmed: false, confirmed: 'Confirmed' });
	});
});
