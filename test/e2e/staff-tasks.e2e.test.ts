/**
 * Hand-offs that reach a person, in a real n8n: the treatment follow-up workflow as shipped hands
 * a chart note Open Dental refuses (day 1) and a $3,200 case's day-12 call task to Staff Task >
 * Hand Off, which alerts the front desk in the Slack and Gmail simulators (two ticks fired at the
 * same instant: one alert); "Chairside: Staff Tasks" (workflows/staff-tasks.json) reminds once when
 * the deadline passes (two runs at once: one reminder), escalates to the office manager four
 * business hours later, closes a task from the signed link in its alert (who and when in the
 * journal; nothing more about it; an edited link closes nothing) and lists what is open in the
 * morning. Every "now" is pinned.
 */
import { DateTime } from 'luxon';
import type { WorkflowJson } from '../../sandbox/n8n/runner';
import { loadWorkflow } from '../../sandbox/n8n/workflows';
import { onPracticeProfile, SANDBOX_FRONT_DESK_EMAIL, SANDBOX_MANAGER_EMAIL } from '../../sandbox/journeys/setup';
import { generatePractice } from '../../sandbox/practice/generate';
import type { Patient, Practice } from '../../sandbox/practice/types';
import {
	choosePatients,
	planCrown,
	reachable,
	startJourneyN8n,
	startJourneyWorld,
	type JourneyN8n,
	type JourneyWorld,
} from './journey-world';
import { expectLastExecutionSucceeded, until } from './ticks';

const ZONE = 'America/Chicago';
// Enrolled Tuesday 3 March; the day-1 text goes Wednesday (its chart note is lost: a task due 14:05,
// escalated Thursday 09:05); the day-12 call task is handed off Monday 16 March 08:30 (due 12:30).
const START = DateTime.fromISO('2026-03-03T09:00', { zone: ZONE });
const DAY_1 = DateTime.fromISO('2026-03-04T10:05', { zone: ZONE });
const DAY_13 = DateTime.fromISO('2026-03-16T08:30', { zone: ZONE });
const CLOSE_AT = DAY_13.set({ hour: 9, minute: 15 });

let world: JourneyWorld;
let running: JourneyN8n;
const chosen: Patient[] = [];

/** One patient with a $3,200 crown presented 2 days ago, reachable by text and email, nothing booked. */
function shapePractice(p: Practice): void {
	p.procedures = p.procedures.filter((proc) => proc.ProcStatus !== 'TP');
	for (const pat of choosePatients(p, 1, { keepRecalls: true })) {
		reachable(pat, '+15125550160', 'staff-e2e0@example.com');
		chosen.push(pat);
		planCrown(p, pat, START.minus({ days: 2 }));
	}
}

/** The Staff Tasks workflow with its two schedules as webhooks carrying "now", and the close form's "now" pinned. */
function staffTasksWorkflow(): WorkflowJson {
	const w = JSON.parse(JSON.stringify(loadWorkflow('staff-tasks.json'))) as WorkflowJson;
	const connections = w.connections as Record<string, unknown>;
	const asWebhook = (schedule: string, name: string, path: string) => {
		const node = w.nodes.find((n) => n.name === schedule)!;
		connections[name] = connections[schedule];
		delete connections[schedule];
		Object.assign(node, {
			name,
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			webhookId: `e2e-${path}`,
			parameters: { httpMethod: 'GET', path, responseMode: 'lastNode', responseData: 'noData', options: {} },
		});
	};
	asWebhook('Every 15 Minutes', 'Follow Up Tick', 'staff-follow-up');
	asWebhook('Every Weekday 7:30', 'Digest Tick', 'staff-digest');
	const set = (node: string, now: string) => {
		const n = w.nodes.find((x) => x.name === node)!;
		n.parameters.options = { ...(n.parameters.options as object), now };
	};
	set('Follow Up Overdue', "={{ $('Follow Up Tick').first().json.query.now }}");
	set('Daily Digest', "={{ $('Digest Tick').first().json.query.now }}");
	set('Close Task', CLOSE_AT.toUTC().toISO() as string);
	w.settings = { ...(w.settings as object), saveDataSuccessExecution: 'all' };
	return w;
}

/** Fires a tick or a Staff Tasks schedule at `now`; its run must succeed. */
async function fire(path: 'tick' | 'staff-follow-up' | 'staff-digest', now: DateTime): Promise<void> {
	await running.fire(path, now, { timeoutMs: 300_000 });
}

const followUpTick = (now: DateTime) => fire('staff-follow-up', now);
const journal = () => running.journal();

const tasks = async () => (await journal()).filter((r) => r.kind === 'task');
const slackAbout = (what: RegExp) => world.slack.posts.filter((p) => what.test(p.text ?? ''));
const mailsTo = (to: string, what: RegExp) =>
	world.gmail.outbox.filter((m) => m.to.includes(to) && what.test(`${m.subject}\n${m.text}`));
/** The close link in a Slack post (<url|Close this task>). */
const linkIn = (text: string) => new URL(/<(http[^|>]+)\|Close this task>/.exec(text)![1]);

/** What the close form's page would post: the name typed, the link's hidden fields. */
async function submitClose(
	link: URL,
	name: string,
	edit: Partial<Record<'task' | 'until' | 'sig', string>> = {},
): Promise<number> {
	const q = Object.fromEntries(link.searchParams);
	const form = new FormData();
	form.append('field-0', name);
	form.append('field-1', edit.task ?? q.task);
	form.append('field-2', edit.until ?? q.until);
	form.append('field-3', edit.sig ?? q.sig);
	const response = await fetch(`${running.base}/form/chairside-close-task?${link.searchParams.toString()}`, {
		method: 'POST',
		body: form,
		signal: AbortSignal.timeout(60_000),
	});
	await response.text();
	return response.status;
}

beforeAll(async () => {
	const practice = generatePractice({ seed: 21, patients: 60, stage: 3, today: START.toISODate() as string });
	shapePractice(practice);
	world = await startJourneyWorld({ practice, start: START, zone: ZONE });
	// Every Chairside node reads the practice profile the sandbox names (sandbox/journeys/setup.ts).
	running = await startJourneyN8n(world, [
		onPracticeProfile(world.journey('treatment-follow-up.json', 'tick')),
		onPracticeProfile(staffTasksWorkflow()),
	]);
}, 600_000);

afterAll(async () => {
	await running?.close();
});

describe('hand-offs that reach a person', () => {
	const patient = () => chosen[0];
	const chartPosts = () => slackAbout(/add it by hand/);
	const callPosts = () => slackAbout(new RegExp(`Call ${patient().FName}`));
	const keyOf = async (what: RegExp) => (await tasks()).find((t) => what.test(String(t.key)))!.key as string;

	it('a chart note Open Dental refuses reaches Slack and the front desk inbox once, though two ticks ran at the same instant', async () => {
		await fire('tick', START);
		world.od.fault({ method: 'POST', path: /^\/commlogs$/, status: 500, times: 10_000 });
		world.setNow(DAY_1);
		const at = encodeURIComponent(DAY_1.toUTC().toISO() as string);
		const answers = await Promise.all(
			[0, 1].map(() =>
				fetch(`${running.base}/webhook/tick?now=${at}`, { signal: AbortSignal.timeout(600_000) }).then((r) => r.status),
			),
		);
		expect(answers).toEqual([200, 200]);
		await expectLastExecutionSucceeded(running.base, running.cookie, running.workflowIds[0], 'the day-1 tick');
		expect(world.texts()).toHaveLength(1);
		await until('the lost chart note in Slack', () => (chartPosts().length ? true : undefined));
		await new Promise((r) => setTimeout(r, 1000));
		// Both executions reached Hand Off with the same task: one alert per channel.
		expect(chartPosts()).toHaveLength(1);
		// Named by the first name Hand Off read from Open Dental (the journal keeps no names), never the surname.
		expect(chartPosts()[0].text).toContain(`${patient().FName.split(' ')[0]} (patient ${patient().PatNum})`);
		expect(chartPosts()[0].text).not.toContain(patient().LName);
		expect(mailsTo(SANDBOX_FRONT_DESK_EMAIL, /add it by hand/)[0].text).toContain(
			`${patient().FName.split(' ')[0]} (patient ${patient().PatNum})`,
		);
		expect(chartPosts()[0].text).toContain('By: Wed 4 Mar, 2:05 PM');
		expect(mailsTo(SANDBOX_FRONT_DESK_EMAIL, /add it by hand/)).toHaveLength(1);
		const [task] = (await tasks()).filter((t) => t.status === 'open');
		expect(task).toMatchObject({
			key: expect.stringMatching(/^task\/chart\/treatment-follow-up\//),
			at: DAY_1.set({ hour: 14 }).toUTC().toISO(),
			startedAt: DAY_1.toUTC().toISO(),
			channel: 'email slack',
		});
	}, 900_000);

	it('an overdue task is reminded once (two runs at once), then escalated to the manager once', async () => {
		const reminders = () => slackAbout(/past its deadline/);
		await followUpTick(DAY_1.set({ hour: 14, minute: 0 }));
		expect(reminders()).toHaveLength(0);
		const late = DAY_1.set({ hour: 14, minute: 10 });
		world.setNow(late);
		const at = encodeURIComponent(late.toUTC().toISO() as string);
		await Promise.all(
			[0, 1].map(() =>
				fetch(`${running.base}/webhook/staff-follow-up?now=${at}`, { signal: AbortSignal.timeout(300_000) }),
			),
		);
		await until('the reminder', () => (reminders().length ? true : undefined));
		await new Promise((r) => setTimeout(r, 1000));
		expect(reminders()).toHaveLength(1);
		expect(mailsTo(SANDBOX_FRONT_DESK_EMAIL, /Overdue/)).toHaveLength(1);
		const toManager = () => world.gmail.outbox.filter((m) => m.to.includes(SANDBOX_MANAGER_EMAIL));
		await followUpTick(DAY_1.plus({ days: 1 }).set({ hour: 9, minute: 0 }));
		expect(toManager()).toHaveLength(0);
		await followUpTick(DAY_1.plus({ days: 1 }).set({ hour: 9, minute: 10 }));
		await followUpTick(DAY_1.plus({ days: 1 }).set({ hour: 11, minute: 0 }));
		expect(toManager()).toHaveLength(1);
		// Follow Up Overdue reads the first name from Open Dental too: the journal keeps none.
		expect(toManager()[0].subject).toContain(
			`Not closed: ${patient().FName.split(' ')[0]} (patient ${patient().PatNum})`,
		);
		expect(toManager()[0].text).not.toContain(patient().LName);
		expect(reminders()[0].text).toContain(`${patient().FName.split(' ')[0]} (patient ${patient().PatNum})`);
		expect(reminders()).toHaveLength(1);
	}, 900_000);

	it('the day-12 call task names the patient by first name; its signed link closes it (who and when), an edited link closes nothing, and it gets nothing more', async () => {
		await fire('tick', DAY_13);
		await until('the call task in Slack', () => (callPosts().length ? true : undefined));
		expect(callPosts()).toHaveLength(1);
		expect(callPosts()[0].text).toContain('By: Mon 16 Mar, 12:30 PM');
		expect(mailsTo(SANDBOX_FRONT_DESK_EMAIL, new RegExp(`Call ${patient().FName}`))).toHaveLength(1);
		for (const post of world.slack.posts) {
			expect(post.text).not.toContain(patient().LName);
			expect(post.text).not.toMatch(/D2740|#14|tooth 14/i);
		}
		const callKey = await keyOf(/#day-12-call$/);
		const chartKey = await keyOf(/^task\/chart\//);
		const link = linkIn(callPosts()[0].text!);
		expect(link.searchParams.get('task')).toBe(callKey);

		await submitClose(link, 'Mallory', { task: chartKey });
		await new Promise((r) => setTimeout(r, 2000));
		expect((await tasks()).find((t) => t.key === chartKey)).toMatchObject({ status: 'open' });
		await submitClose(link, 'Dana');
		const closed = await until('the task closed', async () =>
			(await tasks()).find((t) => t.key === callKey && t.status === 'closed'),
		);
		expect(closed).toMatchObject({ reason: 'closed by Dana', at: CLOSE_AT.toUTC().toISO() });

		const posts = world.slack.posts.length;
		const mails = world.gmail.outbox.length;
		await followUpTick(DAY_13.set({ hour: 12, minute: 35 }));
		await followUpTick(DAY_13.set({ hour: 16, minute: 35 }));
		expect(world.slack.posts.length).toBe(posts);
		expect(world.gmail.outbox.length).toBe(mails);
	}, 900_000);

	it('the morning list names what is still open, oldest first', async () => {
		await fire('staff-digest', DAY_13.plus({ days: 1 }).set({ hour: 7, minute: 30 }));
		const list = slackAbout(/open task/).at(-1)!.text!;
		expect(list).toContain('1 open task on Tuesday 17 March');
		expect(list).toContain(`${patient().FName.split(' ')[0]} (patient ${patient().PatNum})`);
		expect(list).not.toContain(patient().LName);
		expect(list).toContain('OVERDUE');
		expect(list).not.toContain(`Call ${patient().FName}`);
		expect(mailsTo(SANDBOX_FRONT_DESK_EMAIL, /1 open task/)).toHaveLength(1);
	}, 300_000);
});
