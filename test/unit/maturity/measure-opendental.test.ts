/**
 * The whole read-and-measure path against the Open Dental simulator serving a generated practice:
 * the reader's presented plans equal the plans' rows, and Measure over what the reader returns
 * equals the windowed truths worked out from the generator's rows (same definitions, same numbers).
 */
import { DateTime } from 'luxon';
import { sortItems, type PmsItems } from '../../../core/maturity/items';
import { measure } from '../../../core/maturity/measure';
import { OpenDentalReader } from '../../../core/pms/opendental/reader';
import { OpenDentalTransport } from '../../../core/pms/opendental/transport';
import { startOpenDentalSimulator, type OpenDentalSimulator } from '../../../sandbox/opendental';
import { fetchClient } from '../../../sandbox/opendental/client';
import { generatePractice } from '../../../sandbox/practice/generate';
import { presentedPlansTruth, WINDOW_METRICS, windowTruth } from '../../../sandbox/practice/truth-window';
import type { Practice } from '../../../sandbox/practice/types';

const TODAY = '2026-11-23';
const EVER = '2020-01-01';
let practice: Practice;
let sim: OpenDentalSimulator;
let now: DateTime;
let items: PmsItems;

function openDental() {
	const transport = new OpenDentalTransport({
		http: fetchClient(sim.url, 'ODFHIR dev/cust'),
		timing: { now: () => Date.now(), sleep: async () => undefined },
		throttle: 'none',
		pageSize: 100,
	});
	return {
		reader: new OpenDentalReader({ transport, timezone: now.zoneName as string, defaultRegion: 'US' }),
		transport,
	};
}

/** Everything the PMS node would hand a Merge node, as item JSON. */
async function readAll(): Promise<PmsItems> {
	const { reader } = openDental();
	const reads = [
		await reader.getAppointments({ from: EVER, to: '2099-12-31', statuses: [], patientId: null }),
		await reader.getCompletedProcedures({ from: EVER, to: TODAY, families: [] }),
		await reader.getPresentedPlans({ from: EVER, to: TODAY }),
	];
	return sortItems(reads.flat().map(({ item, pmsIds }) => ({ ...item, pmsIds })));
}

beforeAll(async () => {
	practice = generatePractice({ seed: 8, patients: 600, stage: 2, today: TODAY });
	now = DateTime.fromISO(`${TODAY}T13:30:00`, { zone: practice.clinics[0].timezone });
	sim = await startOpenDentalSimulator({ practice, developerKey: 'dev', customerKey: 'cust', now: () => now });
	// The generator's lapsed patients never return: bring three back ten days ago, so reactivation counts something.
	const op = practice.operatories.find((o) => o.IsHygiene) as Practice['operatories'][number];
	for (const patNum of practice.truth.lapsedPatNums.slice(0, 3)) {
		const aptNum = sim.bookAppointment({
			patNum,
			start: '2026-11-13 10:00:00',
			lengthMinutes: 60,
			provNum: op.ProvHygienist,
			op: op.OperatoryNum,
		});
		sim.setAppointmentStatus(aptNum, 'Complete');
	}
	items = await readAll();
});

afterAll(() => sim?.close());

describe('Measure against the generated practice', () => {
	it.each([30, 90, 365])('over %i days equals the truth from the rows', async (windowDays) => {
		expect(items.skipped).toEqual([]);
		const measured = measure(items, { now, windowDays, lapsedMonths: 12 });
		const truth = windowTruth(practice, { now: now.toFormat('yyyy-MM-dd HH:mm:ss'), windowDays, lapsedMonths: 12 });
		expect([measured.from, measured.to]).toEqual([truth.from, truth.to]);
		for (const id of WINDOW_METRICS) {
			const { numerator, denominator, value } = measured.metrics[id];
			expect({ id, numerator, denominator, value }).toEqual({ id, ...truth.metrics[id] });
			expect(numerator).toBeGreaterThan(0);
		}
	});
});

describe('OpenDentalReader.getPresentedPlans', () => {
	it('reads every plan dated in the range, with status, fees and procedures as the rows have them', async () => {
		const { reader, transport } = openDental();
		const from = '2025-06-01';
		const plans = await reader.getPresentedPlans({ from, to: TODAY });
		// The reader lists by date presented, then plan.
		const expected = presentedPlansTruth(practice, from, TODAY).sort(
			(a, b) => a.plan.DateTP.localeCompare(b.plan.DateTP) || a.plan.TreatPlanNum - b.plan.TreatPlanNum,
		);
		expect(new Set(expected.map((p) => p.status))).toEqual(new Set(['open', 'scheduled', 'completed', 'declined']));
		expect(
			plans.map(({ item, pmsIds }) => [
				item.planId,
				item.patientId,
				item.presentedOn,
				item.status,
				item.fee,
				item.acceptedFee,
				pmsIds.ProcNums,
			]),
		).toEqual(
			expected.map((p) => [
				String(p.plan.TreatPlanNum),
				String(p.plan.PatNum),
				p.plan.DateTP,
				p.status,
				p.feeCents / 100,
				p.acceptedCents / 100,
				p.procNums.join(','),
			]),
		);
		const dentists = new Set(practice.providers.filter((p) => !p.IsHygienist).map((p) => p.Abbr));
		expect(plans.every((p) => dentists.has(p.item.provider as string))).toBe(true);
		// The version (1), the plan list (one page), one request per plan, one per patient (each plan's
		// procedures are judged live, Saved ones too: docs/open-dental.md), the directory (3).
		const patients = new Set(expected.map((p) => p.plan.PatNum));
		expect(transport.requestsSent).toBe(
			1 + Math.ceil((practice.treatPlans.length + 1) / 100) + plans.length + patients.size + 3,
		);
	});

	it('follows each procedure, not the attach row: a live plan whose work got done is completed', async () => {
		const open = presentedPlansTruth(practice, EVER, TODAY).find((p) => p.status === 'open' && p.procNums.length > 1);
		if (!open) throw new Error('the practice has no open plan with two procedures');
		const [first, ...rest] = open.procNums;
		const statusOf = async () =>
			(await openDental().reader.getPresentedPlans({ from: open.plan.DateTP, to: open.plan.DateTP })).find(
				(p) => p.item.planId === String(open.plan.TreatPlanNum),
			);
		sim.completeProcedure(first, TODAY);
		expect((await statusOf())?.item).toMatchObject({ status: 'scheduled', fee: open.feeCents / 100 });
		for (const procNum of rest) sim.completeProcedure(procNum, TODAY);
		expect((await statusOf())?.item).toMatchObject({ status: 'completed', acceptedFee: open.feeCents / 100 });
	});
});
