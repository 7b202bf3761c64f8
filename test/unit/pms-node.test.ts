/**
 * The PMS node's Treatment > Get Presented with a stand-in for n8n's execute context, against the
 * Open Dental simulator: one item per plan with pmsIds, paired to its input, the default range,
 * Continue On Fail. The real-n8n end-to-end test covers the node's other operations the same way.
 */
import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';
import { startOpenDentalSimulator, type OpenDentalSimulator } from '../../sandbox/opendental';
import { generatePractice } from '../../sandbox/practice/generate';
import { presentedPlansTruth } from '../../sandbox/practice/truth-window';
import type { Practice } from '../../sandbox/practice/types';
import { pmsContext, runPms } from './pms-node-context';

const TODAY = '2026-11-23';
let practice: Practice;
let sim: OpenDentalSimulator;
let zone: string;

beforeAll(async () => {
	practice = generatePractice({ seed: 21, patients: 300, stage: 3, today: TODAY });
	zone = practice.clinics[0].timezone;
	const now = DateTime.fromISO(`${TODAY}T08:00:00`, { zone });
	sim = await startOpenDentalSimulator({ practice, developerKey: 'dev', customerKey: 'cust', now: () => now });
});

afterAll(() => sim?.close());

const context = (params: Record<string, unknown>, perItem: Array<Record<string, unknown>>, continueOnFail = false) =>
	pmsContext(sim, zone, params, perItem, { continueOnFail });
const presented = { resource: 'treatment', operation: 'getPresented' };

describe('PMS node: Treatment > Get Presented', () => {
	it('one item per plan in the range, with pmsIds, paired to the input item', async () => {
		const [out] = await runPms(
			context(presented, [
				{ from: '2026-01-01', to: '2026-06-30' },
				{ from: '2026-07-01', to: TODAY },
			]),
		);
		const expected = (from: string, to: string) =>
			presentedPlansTruth(practice, from, to)
				.map((p) => String(p.plan.TreatPlanNum))
				.sort();
		const of = (item: number) => out.filter((o) => (o.pairedItem as { item: number }).item === item).map((o) => o.json);
		expect(
			of(0)
				.map((j) => j.planId)
				.sort(),
		).toEqual(expected('2026-01-01', '2026-06-30'));
		expect(
			of(1)
				.map((j) => j.planId)
				.sort(),
		).toEqual(expected('2026-07-01', TODAY));
		expect(of(1)[0]).toEqual({
			planId: expect.any(String),
			patientId: expect.any(String),
			presentedOn: expect.stringMatching(/^2026-/),
			status: expect.stringMatching(/^(open|scheduled|completed|declined)$/),
			fee: expect.any(Number),
			acceptedFee: expect.any(Number),
			provider: expect.any(String),
			pmsIds: {
				TreatPlanNum: Number(of(1)[0].planId),
				PatNum: Number(of(1)[0].patientId),
				ProcNums: expect.stringMatching(/^\d+(,\d+)*$/),
			},
		});
	});

	it('defaults to the last 90 days up to the reference day', async () => {
		const [out] = await runPms(context(presented, [{ options: { now: `${TODAY}T08:00:00` } }]));
		const from = DateTime.fromISO(TODAY).minus({ days: 89 }).toISODate() as string;
		expect(out.map((o) => o.json.planId).sort()).toEqual(
			presentedPlansTruth(practice, from, TODAY)
				.map((p) => String(p.plan.TreatPlanNum))
				.sort(),
		);
		expect(out.length).toBeGreaterThan(0);
	});

	it('Continue On Fail turns a bad item into an error item and reads the rest', async () => {
		const items = [{ options: { now: 'not a date' } }, { from: '2026-07-01', to: TODAY }];
		await expect(runPms(context(presented, items))).rejects.toThrow(/Reference Time "not a date"/);
		const [out] = await runPms(context(presented, items, true));
		expect(out[0]).toEqual({
			json: { error: 'Reference Time "not a date" is not a date and time' },
			pairedItem: { item: 0 },
		});
		expect(
			out
				.slice(1)
				.every(
					(o) => (o.pairedItem as { item: number }).item === 1 && typeof (o.json as IDataObject).planId === 'string',
				),
		).toBe(true);
		expect(out.length).toBeGreaterThan(1);
	});
});
