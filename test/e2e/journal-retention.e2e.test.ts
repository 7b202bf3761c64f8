/**
 * The shipped journal-retention workflow in a real n8n 2.41.1: three runs started at the same
 * instant on a fresh install all succeed (each creates both tables: the loser's create is retried,
 * not failed), and one run at a pinned "now" moves exactly the rows no tick needs to the archive.
 */
import { DateTime } from 'luxon';
import { generatePractice } from '../../sandbox/practice/generate';
import { listExecutions } from '../../sandbox/n8n/queue';
import { row, type JournalRow } from '../../core/journey/journal';
import { ARCHIVE_TABLE } from '../../core/journey/retention';
import { startJourneyN8n, startJourneyWorld, type JourneyN8n } from './journey-world';
import { journalSeeder, tableReader } from './ticks';

const NOW = DateTime.fromISO('2027-06-01T08:00:00.000Z', { zone: 'utc' });
const daysAgo = (d: number) => NOW.minus({ days: d }).toISO() as string;
const enrollment = (subject: string, status: string, d: number) =>
	row({
		key: `treatment-follow-up/${subject}`,
		kind: 'enrollment',
		journey: 'treatment-follow-up',
		patientId: subject,
		subjectId: subject,
		status,
		at: daysAgo(d),
		startedAt: daysAgo(d + 12),
	});
const touch = (subject: string, step: string, d: number) =>
	row({
		key: `treatment-follow-up/${subject}#${step}`,
		kind: 'touch',
		journey: 'treatment-follow-up',
		patientId: subject,
		subjectId: subject,
		enrollment: `treatment-follow-up/${subject}`,
		step,
		channel: 'sms',
		status: 'sent',
		at: daysAgo(d),
		providerId: 'SM1',
	});
const SEED: JournalRow[] = [
	enrollment('active', 'active', 400),
	touch('active', 'day-1-text', 399),
	enrollment('old', 'finished', 400),
	touch('old', 'day-1-text', 410),
	enrollment('recent', 'stopped', 30),
	touch('recent', 'day-1-text', 40),
	touch('recent', 'day-3-email', 2),
	row({ key: 'patient/p9', kind: 'patient', patientId: 'p9', status: 'opted_out', channel: 'sms', at: daysAgo(3000) }),
];

let running: JourneyN8n;
let retentionId = '';

const keysIn = (rows: Array<{ key?: unknown }>) => rows.flatMap((r) => (r.key ? [String(r.key)] : [])).sort();
const archived = async () =>
	keysIn((await (await fetch(`${running.base}/webhook/archive`)).json()) as Array<{ key?: unknown }>);

beforeAll(async () => {
	// The practice's n8n: its profile (Cadence Step reads the zone) exists before any workflow is imported.
	const practice = generatePractice({ seed: 5, patients: 50, stage: 3, today: NOW.toISODate() as string });
	const world = await startJourneyWorld({ practice, start: NOW });
	running = await startJourneyN8n(world, [
		world.journey('journal-retention.json', 'retention'),
		journalSeeder('seed'),
		tableReader(ARCHIVE_TABLE, 'archive'),
	]);
	[retentionId] = running.workflowIds;
}, 600_000);

afterAll(async () => {
	await running?.close();
});

it('three runs at once on a fresh install all create-or-reuse both tables and succeed', async () => {
	await Promise.all([0, 1, 2].map(() => running.fire('retention', NOW)));
	const runs = await listExecutions(running.base, running.cookie, { workflowId: retentionId });
	expect(runs.map((r) => r.status)).toEqual(['success', 'success', 'success']);
});

it('moves what no tick needs to the archive, keeps the rest, and fails nothing', async () => {
	const seeded = await fetch(`${running.base}/webhook/seed`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ rows: SEED }),
	});
	expect(seeded.status).toBe(200);
	await running.fire('retention', NOW);
	expect(keysIn(await running.journal())).toEqual(
		[
			'patient/p9',
			'treatment-follow-up/active',
			'treatment-follow-up/active#day-1-text',
			'treatment-follow-up/recent',
			'treatment-follow-up/recent#day-3-email',
		].sort(),
	);
	expect(await archived()).toEqual(
		['treatment-follow-up/old', 'treatment-follow-up/old#day-1-text', 'treatment-follow-up/recent#day-1-text'].sort(),
	);
});
