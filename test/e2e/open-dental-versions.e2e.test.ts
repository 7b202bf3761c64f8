/**
 * The shipped journeys inside a real n8n against the Open Dental simulator in its documented mode
 * (docs/open-dental.md), for a current and an older Open Dental: the Recall List's M/d/yyyy dates
 * still bring recall reminders; a completed or a deleted crown, which an Open Dental older than
 * 25.2.21 returns whatever ProcStatus asks, is never followed up; a cancel works on an office with
 * default settings (no breakType). Time is the Reference Time of each tick, never the wall clock.
 */
import { DateTime } from 'luxon';
import type { WorkflowJson } from '../../sandbox/n8n/runner';
import { PRACTICE_CREDENTIAL } from '../../sandbox/journeys/setup';
import { generatePractice } from '../../sandbox/practice/generate';
import type { Practice } from '../../sandbox/practice/types';
import {
	choosePatients,
	OPEN_DENTAL_CREDENTIAL,
	planCrown,
	reachable,
	startJourneyN8n,
	startJourneyWorld,
	type JourneyN8n,
	type JourneyWorld,
} from './journey-world';

type Json = Record<string, unknown>;
const ZONE = 'America/Chicago';
const START = DateTime.fromISO('2026-03-02T08:00', { zone: ZONE }); // a Monday
/** The patients: a crown planned, a crown done, a crown deleted, a recall due. */
const WHO = { planned: 0, done: 1, deleted: 2, recall: 3 } as const;
const mobile = (i: number) => `+1512555018${i}`;

/** A webhook-started PMS node that cancels one appointment with the node's defaults (no Reason set). */
const cancelWorkflow: WorkflowJson = {
	name: 'e2e cancel with default settings',
	nodes: [
		{
			name: 'Hook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			webhookId: 'e2e-odv-cancel',
			position: [0, 0],
			parameters: {
				httpMethod: 'GET',
				path: 'cancel',
				responseMode: 'lastNode',
				responseData: 'allEntries',
				options: {},
			},
		},
		{
			name: 'Cancel',
			type: 'n8n-nodes-chairside.pms',
			typeVersion: 1,
			position: [220, 0],
			parameters: {
				resource: 'appointment',
				operation: 'cancel',
				appointmentId: '={{ $json.query.aptNum }}',
				options: { now: '={{ $json.query.now }}' },
			},
			credentials: {
				openDentalApi: OPEN_DENTAL_CREDENTIAL,
				chairsidePracticeApi: PRACTICE_CREDENTIAL,
			},
		},
	],
	connections: { Hook: { main: [[{ node: 'Cancel', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
};

describe.each([
	['25.3.40', 'a current Open Dental'],
	['24.3.36', 'an Open Dental older than 25.2.21 (ProcStatus ignored)'],
])('Open Dental %s: %s', (version) => {
	let practice: Practice;
	let world: JourneyWorld;
	let running: JourneyN8n;
	const patNums: number[] = [];
	let aptNum = 0;

	/** Four reachable patients with nothing planned or booked but what the test gives them. */
	function shape(p: Practice): void {
		p.procedures = p.procedures.filter((proc) => proc.ProcStatus !== 'TP');
		const chosen = choosePatients(p, 4);
		chosen.forEach((pat, i) => {
			reachable(pat, mobile(i), `odv${i}@example.com`);
			patNums.push(pat.PatNum);
		});
		const crown = (i: number, status: 'TP' | 'C' | 'D') =>
			planCrown(p, chosen[i], START.minus({ days: 2 }), {
				fee: 1100,
				status,
				completed: status === 'C' ? START.minus({ days: 1 }) : undefined,
			});
		crown(WHO.planned, 'TP');
		crown(WHO.done, 'C');
		crown(WHO.deleted, 'D');
		const due = START.plus({ days: 21 });
		p.recalls.push({
			RecallNum: 900_100,
			PatNum: chosen[WHO.recall].PatNum,
			type: 'Prophy',
			DateDue: due.toISODate() as string,
			DatePrevious: due.minus({ months: 6 }).toISODate() as string,
			intervalMonths: 6,
		});
	}

	const textsTo = (i: number) => world.texts().filter((m) => m.to === mobile(i));

	beforeAll(async () => {
		practice = generatePractice({ seed: 7, patients: 60, stage: 3, today: START.toISODate() as string });
		shape(practice);
		world = await startJourneyWorld({ practice, start: START, zone: ZONE, openDentalVersion: version });
		// Someone else's visit to cancel: a booking of one of the four would change what they are sent.
		aptNum = (
			practice.appointments.find(
				(a) =>
					a.AptStatus === 'Scheduled' &&
					!patNums.includes(a.PatNum) &&
					a.AptDateTime > START.toFormat('yyyy-MM-dd HH:mm:ss'),
			) as Practice['appointments'][number]
		).AptNum;
		running = await startJourneyN8n(world, [
			world.journey('treatment-follow-up.json', 'tick'),
			world.journey('hygiene-recall.json', 'recall'),
			cancelWorkflow,
		]);
		// Day 0 enrolls, day 1 at 10:00 is the follow-up's first text; the recall is 20 days out.
		for (const now of [START.plus({ hours: 2 }), START.plus({ days: 1, hours: 2 })]) {
			await running.fire('tick', now);
			await running.fire('recall', now);
		}
	}, 900_000);

	afterAll(async () => {
		await running?.close();
	});

	it('the planned crown is followed up', () => {
		expect(textsTo(WHO.planned).length).toBeGreaterThan(0);
	});

	it('a completed crown and a deleted crown are never followed up', () => {
		expect(textsTo(WHO.done)).toEqual([]);
		expect(textsTo(WHO.deleted)).toEqual([]);
		expect(world.gmail.outbox.filter((m) => m.to.includes('odv1@') || m.to.includes('odv2@'))).toEqual([]);
	});

	it("the recall reminder goes out from the Recall List's M/d/yyyy due date", () => {
		const [text] = textsTo(WHO.recall);
		expect(text).toBeDefined();
		expect(world.od.state.commlogs.some((c) => c.PatNum === patNums[WHO.recall] && /Hygiene recall/.test(c.Note))).toBe(
			true,
		);
	});

	it('a cancel works on an office with default settings: no breakType, the appointment goes to the Unscheduled List', async () => {
		const response = await running.fire('cancel', START.plus({ days: 1, hours: 3 }), { query: `&aptNum=${aptNum}` });
		const [item] = (await response.json()) as Json[];
		expect(item).toMatchObject({ id: String(aptNum), status: 'unscheduled_list', alreadyCancelled: false });
		expect(practice.appointments.find((a) => a.AptNum === aptNum)?.AptStatus).toBe('UnschedList');
		const breaks = world.od.requests.filter((r) => r.path === `/appointments/${aptNum}/Break`);
		expect(breaks.map((r) => r.status)).toEqual([200]);
	});
});
