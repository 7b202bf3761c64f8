/**
 * Queue mode, smoke: PostgreSQL 15, Redis, n8n main and two workers (sandbox/n8n/queue.ts), the
 * package installed for all three; the shipped treatment follow-up ticked over four simulated days
 * against the Open Dental, Twilio and Gmail simulators. The texts go out, every tick's execution
 * succeeds, and the workers (not main) ran them.
 */
import { DateTime } from 'luxon';
import { QueueCluster } from '../../sandbox/n8n/queue';
import { generatePractice } from '../../sandbox/practice/generate';
import type { Practice } from '../../sandbox/practice/types';
import {
	choosePatients,
	installJourneys,
	planCrown,
	reachable,
	startJourneyWorld,
	type JourneyWorld,
} from './journey-world';
import { journalReader } from './ticks';

const ZONE = 'America/Chicago';
const START = DateTime.fromISO('2026-03-02T08:00', { zone: ZONE });
const PATIENTS = 3;
const mobile = (i: number) => `+1512555017${i}`;

/** Three patients with one unscheduled crown plan each (every other plan removed), reachable by text and email. */
function shapePractice(p: Practice): void {
	p.procedures = p.procedures.filter((proc) => proc.ProcStatus !== 'TP');
	choosePatients(p, PATIENTS).forEach((pat, i) => {
		reachable(pat, mobile(i), `patient${i}@example.com`);
		planCrown(p, pat, START.minus({ days: 2 }));
	});
}

let world: JourneyWorld;
let cluster: QueueCluster;
let followUpId = '';
const ticks: DateTime[] = [];

beforeAll(async () => {
	const practice = generatePractice({ seed: 7, patients: 60, stage: 3, today: START.toISODate() as string });
	shapePractice(practice);
	world = await startJourneyWorld({ practice, start: START, zone: ZONE });
	// Credentials and the journal reader through main's folder before start (the CLI path)...
	cluster = await QueueCluster.start({
		workers: 2,
		timezone: ZONE,
		credentials: world.credentials,
		workflows: [{ ...journalReader, id: 'e2ejournalread01' }],
	});
	// ...and the journey through the REST API of the running main (the path regular mode shares).
	const installed = await installJourneys(cluster.base, world, [world.journey('treatment-follow-up.json', 'tick')]);
	followUpId = installed.workflowIds[0];
}, 300_000);

afterAll(async () => {
	await cluster?.stop();
	await world?.close();
});

describe('queue mode: main + 2 workers on Postgres and Redis', () => {
	beforeAll(async () => {
		// Days 0-3 at 10:00 and 16:00: the day-1 text and the day-3 email fall inside.
		for (let day = 0; day <= 3; day++) {
			for (const hour of [10, 16]) {
				const now = START.plus({ days: day }).set({ hour });
				ticks.push(now);
				// A tick takes well under a second here; a stuck one fails with every process's log.
				const response = await world.tick(cluster.base, 'tick', now, 30_000).catch(async (error: Error) => {
					throw new Error(
						`tick at ${now.toISO()}: ${error.message}\n--- executions ---\n${await cluster.describeExecutions()}\n${cluster.log()}`,
					);
				});
				if (!response.ok)
					throw new Error(
						`tick at ${now.toISO()} answered ${response.status}: ${(await response.text()).slice(0, 400)}\n--- executions ---\n${await cluster.describeExecutions()}\n${cluster.log()}`,
					);
			}
		}
	}, 240_000);

	it('sent each patient the day-1 text, once, through the Twilio simulator', () => {
		for (let i = 0; i < PATIENTS; i++) {
			const texts = world.texts().filter((m) => m.to === mobile(i));
			expect(texts.map((m) => Math.floor(DateTime.fromISO(m.dateCreated).diff(START, 'days').days))).toEqual([1]);
		}
	});

	it('sent each patient the day-3 email', () => {
		for (let i = 0; i < PATIENTS; i++)
			expect(world.gmail.outbox.filter((m) => m.to.includes(`patient${i}@example.com`))).toHaveLength(1);
	});

	it('every tick ran to success, on a worker', async () => {
		// The webhook answers from the last node; the execution's final status is saved a moment later.
		let executions = await cluster.executions({ workflowId: followUpId });
		for (
			let attempt = 0;
			attempt < 50 && executions.some((e) => e.status === 'running' || e.status === 'new');
			attempt++
		) {
			await new Promise((r) => setTimeout(r, 200));
			executions = await cluster.executions({ workflowId: followUpId });
		}
		expect(executions).toHaveLength(ticks.length);
		expect(executions.map((e) => e.status)).toEqual(ticks.map(() => 'success'));
		const ranOn = executions.map((e) => e.ranOn);
		for (const worker of ranOn) expect(worker).toMatch(/^worker-[12]$/);
		// Bull hands jobs to the worker that has waited longest: with one tick at a time, both take turns.
		expect(new Set(ranOn).size).toBe(2);
	});
});
