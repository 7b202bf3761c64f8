/**
 * A chart note Open Dental will not take is reported, never lost (issue 15, item 7): after the
 * transport's retries, PMS > Communication Log > Create puts an open staff task on the failed item
 * (its `details`, which n8n's error output keeps), which the shipped workflows pass to Cadence Step > Record.
 */
import { DateTime } from 'luxon';
import { startOpenDentalSimulator, type OpenDentalSimulator } from '../../../sandbox/opendental';
import { generatePractice } from '../../../sandbox/practice/generate';
import type { Practice } from '../../../sandbox/practice/types';
import { pmsContext, runPms } from '../pms-node-context';

const TODAY = '2026-11-23';
let practice: Practice;
let sim: OpenDentalSimulator;
let zone: string;

beforeEach(async () => {
	practice = generatePractice({ seed: 8, patients: 50, stage: 3, today: TODAY });
	zone = practice.clinics[0].timezone;
	const now = DateTime.fromISO(`${TODAY}T08:00:00`, { zone });
	sim = await startOpenDentalSimulator({ practice, developerKey: 'dev', customerKey: 'cust', now: () => now });
});
afterEach(() => sim?.close());

const patNum = () => practice.patients.find((p) => p.PatStatus === 'Patient')!.PatNum;
const params = () => ({
	resource: 'commlog',
	operation: 'create',
	patientId: String(patNum()),
	note: 'Texted the patient: Treatment plan follow-up, step day-1-text',
	mode: 'Text',
	direction: 'Sent',
	logKey: 'treatment-follow-up/case-1#day-1-text',
	options: { now: DateTime.fromISO(`${TODAY}T08:00:00`, { zone }).toISO() },
});
const chart = (continueOnFail: boolean) => runPms(pmsContext(sim, zone, params(), [{}], { continueOnFail }));
// Open Dental's 400 for a request it will not take: not transient, so no retry wait in the test.
const refuse = () => sim.fault({ method: 'POST', path: /^\/commlogs$/, status: 400, body: 'Invalid data', times: 10 });

describe('Communication Log > Create: a note that cannot be written', () => {
	it('with an error output: the item is an error (only error and details, as n8n routes them) carrying an open staff task with the note', async () => {
		refuse();
		const [[out]] = await chart(true);
		expect(Object.keys(out.json).sort()).toEqual(['details', 'error']);
		expect(out.json.error).toMatch(/400/);
		const details = out.json.details as Record<string, unknown>;
		expect(details).toMatchObject({ kind: 'chairside.task', patientId: String(patNum()) });
		const [task] = details.journal as Array<Record<string, string>>;
		expect(task).toMatchObject({
			key: 'task/chart/treatment-follow-up/case-1#day-1-text',
			kind: 'task',
			patientId: String(patNum()),
			status: 'open',
			reason: 'chart note could not be written: add it by hand',
		});
		expect(task.detail).toMatch(
			new RegExp(
				`^Chart note for patient ${patNum()} could not be written \\(.*\\): add it by hand\\. Note \\(sent to the patient by text at ${TODAY} 08:00:00\\): "Texted the patient: Treatment plan follow-up, step day-1-text"$`,
			),
		);
		expect(sim.state.commlogs.filter((c) => c.PatNum === patNum() && /day-1-text/.test(c.Note))).toHaveLength(0);
	});

	it('without one, the run fails as before (nothing is swallowed)', async () => {
		refuse();
		await expect(chart(false)).rejects.toThrow(/400/);
	});

	it('a note refused for clinical detail is an error, not a task carrying the detail', async () => {
		const [[out]] = await runPms(
			pmsContext(sim, zone, { ...params(), note: 'Texted about the D2740 on tooth #14' }, [{}], {
				continueOnFail: true,
			}),
		);
		expect(out.json).not.toHaveProperty('details');
	});
});
