/**
 * Never twice, under concurrency, in a real n8n: the five journey workflows fired twice at the same
 * instant, twice a day for 14 simulated days, and an inbound text delivered three times at once.
 * Once in regular mode (one n8n on SQLite, claims in the process) and once in queue mode
 * (PostgreSQL, Redis, main and two workers, claims in PostgreSQL). A patient gets each message once
 * and never more than the caps; the chart gets each note once; every execution succeeds.
 */
import { freePort, N8nSandbox } from '../../sandbox/n8n/runner';
import { QueueCluster } from '../../sandbox/n8n/queue';
import { generatePractice } from '../../sandbox/practice/generate';
import { startJourneyWorld, type JourneyWorld } from './journey-world';
import { configureJourney } from '../../sandbox/journeys/setup';
import { loadWorkflow } from '../../sandbox/n8n/workflows';
import type { WorkflowJson } from '../../sandbox/n8n/runner';
import { CREDENTIAL_NAMES } from '../../sandbox/n8n/credential-names';
import {
	deliverAtOnce,
	drive,
	executionCount,
	installJourneys,
	JOURNEYS,
	shapePractice,
	START,
	tally,
	unsuccessful,
	withQueueState,
	ZONE,
	type DriveResult,
	type Tally,
} from './never-twice';

const QUEUE_STATE = { id: 'chairsidequeuest', name: CREDENTIAL_NAMES.chairsideQueueStateApi };

interface Run {
	world: JourneyWorld;
	base: string;
	result: DriveResult;
	tally: Tally;
	failures: string[];
	/** Executions of the replies workflow started by three simultaneous deliveries of one text. */
	replyRuns: number;
	replyAnswers: number[];
}

async function world(): Promise<JourneyWorld> {
	const practice = generatePractice({ seed: 12, patients: 120, stage: 3, today: START.toISODate() as string });
	shapePractice(practice);
	return startJourneyWorld({ practice, start: START, zone: ZONE });
}

/**
 * The journeys' replies, in the workflow the practice's number points at (with the implant journey
 * running: implant-replies.json, which handles every journey's replies; README "Patient Reply Trigger").
 */
const replies = (): WorkflowJson => configureJourney(loadWorkflow('implant-replies.json'));

/** The drive, then a reply from a patient the follow-up journey texted, delivered three times at once. */
async function run(base: string, w: JourneyWorld, journeys: WorkflowJson[], inbound: WorkflowJson): Promise<Run> {
	const installed = await installJourneys(base, w, [...journeys, inbound]);
	const result = await drive(base, w);
	const repliesId = installed.workflowIds.at(-1)!;
	const texted = w.texts()[0];
	const replyNode = inbound.nodes.find((n) => n.type === 'n8n-nodes-chairside.patientReplyTrigger')!;
	const url = `${base}/webhook/${replyNode.webhookId as string}/twilio-sms`;
	const before = await executionCount(base, repliesId);
	const replyAnswers = await deliverAtOnce(url, texted.to, 'Who is this?', 3);
	await new Promise((r) => setTimeout(r, 3000));
	const failures = await unsuccessful(base);
	const replyRuns = (await executionCount(base, repliesId)) - before;
	return { world: w, base, result, tally: tally(w), failures, replyRuns, replyAnswers };
}

function expectNeverTwice(r: Run): void {
	// The drive did real work: without sends, "no duplicates" proves nothing.
	expect(r.tally.texts).toBeGreaterThan(10);
	expect(r.tally.emails).toBeGreaterThan(3);
	expect(r.tally.chartNotes).toBeGreaterThan(10);
	expect(r.result.failed).toEqual([]);
	expect(r.failures).toEqual([]);
	expect(r.tally.duplicateTexts).toEqual([]);
	expect(r.tally.duplicateEmails).toEqual([]);
	expect(r.tally.duplicateChartNotes).toEqual([]);
	expect(r.tally.overCap).toEqual([]);
	expect(r.replyAnswers).toEqual([200, 200, 200]);
	expect(r.replyRuns).toBe(1);
}

function report(mode: string, r: Run): void {
	const t = r.tally;
	// The closing note's numbers: printed, not asserted beyond the invariants above.
	process.stdout.write(
		`[never-twice ${mode}] ${r.result.executions} journey executions (${JOURNEYS.length} workflows x 2 at once, ${r.result.ticks} tick times): ` +
			`${t.texts} texts, ${t.emails} emails, ${t.chartNotes} chart notes; duplicates ${t.duplicateTexts.length}/${t.duplicateEmails.length}/${t.duplicateChartNotes.length}; ` +
			`over cap ${t.overCap.length}; failed executions ${r.failures.length}; reply delivered 3x at once -> ${r.replyRuns} run(s)\n`,
	);
}

describe('regular mode (SQLite): concurrent ticks', () => {
	let r: Run;
	let n8n: N8nSandbox;
	beforeAll(async () => {
		const w = await world();
		const port = await freePort();
		const base = `http://127.0.0.1:${port}`;
		n8n = await N8nSandbox.create({ env: { GENERIC_TIMEZONE: ZONE, WEBHOOK_URL: `${base}/` } });
		await n8n.start(port);
		r = await run(
			base,
			w,
			JOURNEYS.map((j) => w.journey(j.file, j.path)),
			replies(),
		);
		report('regular', r);
	}, 900_000);
	afterAll(async () => {
		await n8n?.stop();
		n8n?.dispose();
		await r?.world.close();
	});

	it('sends each message once, within the caps, charts each once, and every execution succeeds', () =>
		expectNeverTwice(r));
});

describe('queue mode (PostgreSQL, Redis, main + 2 workers): concurrent ticks', () => {
	let r: Run;
	let cluster: QueueCluster;
	beforeAll(async () => {
		const w = await world();
		cluster = await QueueCluster.start({ workers: 2, timezone: ZONE });
		const { host, port, database, user, password } = cluster.postgres;
		w.credentials.push({
			...QUEUE_STATE,
			type: 'chairsideQueueStateApi',
			data: { host, port, database, user, password, ssl: false, table: 'chairside_claims' },
		});
		r = await run(
			cluster.base,
			w,
			JOURNEYS.map((j) => withQueueState(w.journey(j.file, j.path), QUEUE_STATE)),
			withQueueState(replies(), QUEUE_STATE),
		);
		report('queue', r);
	}, 900_000);
	afterAll(async () => {
		await cluster?.stop();
		await r?.world.close();
	});

	it('sends each message once, within the caps, charts each once, and every execution succeeds', () =>
		expectNeverTwice(r));

	it('ran the ticks on both workers', async () => {
		const ranOn = new Set((await cluster.executions({}, 100)).map((e) => e.ranOn));
		expect(ranOn.has('worker-1') && ranOn.has('worker-2')).toBe(true);
	});
});
