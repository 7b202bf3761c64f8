/**
 * The treatment-plan follow-up workflow as a practice imports it, inside a real n8n, against the
 * Open Dental, Twilio and Gmail simulators, with time moved by the Reference Time: ticks every
 * 2 hours for 14 days. Four patients: one who never answers, one who books on day 4, one who
 * texts STOP on day 2, one who asks about cost on day 2; each message and reply lands in the
 * patient's chart (the communication log). Every tick fires twice at the same instant. Then a
 * forged webhook, a rerun of the same instant, and n8n killed between the Twilio call and the
 * journal write.
 */
import http from 'node:http';
import { parse as unflatten } from 'flatted';
import { DateTime } from 'luxon';
import { getJson } from '../../sandbox/n8n/owner';
import { configureJourney, SANDBOX_FRONT_DESK_EMAIL } from '../../sandbox/journeys/setup';
import { loadWorkflow } from '../../sandbox/n8n/workflows';
import type { GmailSimulator } from '../../sandbox/gmail';
import { generatePractice } from '../../sandbox/practice/generate';
import type { Practice } from '../../sandbox/practice/types';
import {
	choosePatients,
	planCrown,
	reachable,
	startJourneyN8n,
	startJourneyWorld,
	type JourneyN8n,
	type JourneyWorld,
} from './journey-world';
import { chartText, untagged, withPhi } from './ticks';

const ZONE = 'America/Chicago';
const START = DateTime.fromISO('2026-03-02T08:00', { zone: ZONE });

let practice: Practice;
let world: JourneyWorld;
let running: JourneyN8n;
let replyUrl = '';

/** Four patients with one crown plan each (the rest of the plans removed), reachable by text and email. */
const PATIENTS = { quiet: 0, books: 1, stops: 2, asks: 3, crash: 4 } as const;
const mobile = (i: number) => `+1512555017${i}`;
const patNums: number[] = [];
const crownProcs: number[] = [];

function shapePractice(p: Practice): void {
	p.procedures = p.procedures.filter((proc) => proc.ProcStatus !== 'TP');
	// Nothing booked ahead for them, or Open Dental would not list their plans as unscheduled.
	const active = choosePatients(p, 5);
	// A hygiene recall due three weeks in for the patient who never answers and the one who texts STOP.
	for (const i of [PATIENTS.quiet, PATIENTS.stops]) {
		p.recalls.push({
			RecallNum: 900_000 + i,
			PatNum: active[i].PatNum,
			type: 'Prophy',
			DateDue: START.plus({ days: 21 }).toISODate() as string,
			DatePrevious: START.minus({ months: 6 }).plus({ days: 21 }).toISODate() as string,
			intervalMonths: 6,
		});
	}
	active.forEach((pat, i) => {
		reachable(pat, mobile(i), `patient${i}@example.com`);
		patNums.push(pat.PatNum);
		// The fifth plan is presented after the 14 days: it is the crash test's.
		crownProcs.push(planCrown(p, pat, i === PATIENTS.crash ? START.plus({ days: 15 }) : START.minus({ days: 2 })));
	});
}

/** A tick of a journey ('tick' is the treatment follow-up); its run must succeed. */
async function tick(now: DateTime, workflow: 'tick' | 'recall' | 'lapsed' | 'noshow' = 'tick'): Promise<void> {
	await running.fire(workflow, now);
}

/** Items out of each node in the last tick (for reading a failure). */
async function lastTickCounts(): Promise<Record<string, number[]>> {
	const { base, cookie } = running;
	const [followUp] = running.workflowIds;
	const list = await getJson<{ data: { results: Array<{ id: string }> } }>(
		base,
		`/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: followUp }))}&limit=1`,
		cookie,
	);
	const detail = await getJson<{ data: { data: string } }>(base, `/rest/executions/${list.data.results[0].id}`, cookie);
	const run = unflatten(detail.data.data) as {
		resultData: { runData: Record<string, Array<{ data?: { main: Array<unknown[] | null> } }>> };
	};
	return Object.fromEntries(
		Object.entries(run.resultData.runData).map(([name, runs]) => [
			name,
			runs.flatMap((r) => (r.data?.main ?? []).map((o) => o?.length ?? 0)),
		]),
	);
}
const journal = () => running.journal();
const textsTo = (i: number) => world.texts().filter((m) => m.to === mobile(i));
const mailsTo = (i: number) => world.gmail.outbox.filter((m) => m.to.includes(`patient${i}@example.com`));
/** Emails to patients, not the front desk's task alerts (Staff Task > Hand Off). */
const toPatients = (mails: GmailSimulator['outbox']) =>
	mails.filter((m) => !m.recipients.includes(SANDBOX_FRONT_DESK_EMAIL));

/**
 * Between n8n and the Twilio simulator. Passes everything through, except that once armed it lets
 * one message create for `number` reach Twilio, then kills n8n before the answer gets back: the
 * crash between "sent" and "recorded".
 */
let killOn: string | null = null;
let killed = false;
function startTwilioProxy(twilioUrl: string): Promise<string> {
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', async () => {
			const body = Buffer.concat(chunks);
			const upstream = await fetch(`${twilioUrl}${req.url}`, {
				method: req.method,
				headers: req.headers as Record<string, string>,
				body: req.method === 'GET' ? undefined : body,
			});
			const text = await upstream.text();
			if (killOn && req.method === 'POST' && new URLSearchParams(body.toString()).get('To') === killOn) {
				killOn = null;
				killed = true;
				await running.n8n.kill();
				res.destroy();
				return;
			}
			res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
			res.end(text);
		});
	});
	proxy = server;
	return new Promise((resolve) =>
		server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`)),
	);
}
let proxy: http.Server | null = null;

beforeAll(async () => {
	practice = generatePractice({ seed: 7, patients: 60, stage: 3, today: START.toISODate() as string });
	shapePractice(practice);
	world = await startJourneyWorld({ practice, start: START, zone: ZONE, twilioUrl: startTwilioProxy });
	// Replies come in through their own workflow (the journey has no reply trigger, README "Patient Reply Trigger").
	const replies = configureJourney(loadWorkflow('patient-replies.json'));
	running = await startJourneyN8n(world, [
		world.journey('treatment-follow-up.json', 'tick'),
		replies,
		world.journey('hygiene-recall.json', 'recall'),
		world.journey('reactivation.json', 'lapsed'),
		world.journey('no-show-recovery.json', 'noshow'),
	]);
	replyUrl = running.replyUrl(replies);
}, 600_000);

afterAll(async () => {
	await running?.close();
	proxy?.closeAllConnections();
	proxy?.close();
});

describe('treatment follow-up over 14 days of 2-hourly ticks', () => {
	beforeAll(async () => {
		for (let now = START; now <= START.plus({ days: 14 }); now = now.plus({ hours: 2 })) {
			const day = Math.floor(now.diff(START, 'days').days);
			if (day === 2 && now.hour === 12) {
				await world.twilio.inbound({ webhookUrl: replyUrl, from: mobile(PATIENTS.stops), body: 'STOP' });
				await world.twilio.inbound({
					webhookUrl: replyUrl,
					from: mobile(PATIENTS.asks),
					body: 'how much will this cost?',
				});
			}
			if (day === 4 && now.hour === 8) {
				const patient = practice.patients.find((x) => x.PatNum === patNums[PATIENTS.books])!;
				world.od.bookAppointment({
					patNum: patient.PatNum,
					start: now.plus({ days: 10 }).toFormat('yyyy-MM-dd HH:mm:ss'),
					lengthMinutes: 60,
					provNum: patient.PriProv,
					op: practice.operatories[0].OperatoryNum,
					procNums: [crownProcs[PATIENTS.books]],
				});
			}
			// Every tick fires twice at the same instant (two schedules colliding, a retry): each
			// count below would double if one message were sent or charted twice.
			await Promise.all([tick(now), tick(now)]);
		}
	}, 1_800_000);

	it('ran every node of the tick (a sanity check that makes the other failures readable)', async () => {
		const counts = await lastTickCounts();
		expect(Object.keys(counts)).toEqual(
			expect.arrayContaining([
				'Tick',
				'Journal Table',
				'Read Journal',
				'Unscheduled Treatment',
				'Cadence Step',
				'Record',
			]),
		);
		// Five plans: one booked, one presented only after these 14 days; three still unscheduled in the PMS.
		expect(counts['Unscheduled Treatment']).toEqual([3]);
	});

	it('the patient who never answers gets exactly the day 1 text, the day 3 email, the day 7 text, and staff get a day 12 call task', async () => {
		const texts = textsTo(PATIENTS.quiet);
		const mails = mailsTo(PATIENTS.quiet);
		const day = (iso: string) => Math.floor(DateTime.fromISO(iso).diff(START, 'days').days);
		expect(texts.map((m) => day(m.dateCreated))).toEqual([1, 7]);
		expect(mails.map((m) => day(m.at))).toEqual([3]);
		expect(mails[0].text).toMatch(/monthly payment options/);
		expect(mails[0].subject).toMatch(/your crown/);
		const rows = await journal();
		const tasks = rows.filter((r) => r.kind === 'task' && r.patientId === String(patNums[PATIENTS.quiet]));
		expect(tasks).toHaveLength(1);
		// Handed off to the front desk on day 12 (Saturday 14 March) at the first tick after the step's
		// 10:00: 11:00, as the ticks run every 2 real hours and the clocks went forward on 8 March. A
		// handed-off task's `at` is its deadline, not when it was opened (README "Hand-offs to staff"):
		// 4 business hours in the profile's Mon-Fri 08:00-17:00, so Monday 16 March 12:00 (day 14).
		expect(tasks[0]).toMatchObject({
			status: 'open',
			startedAt: START.plus({ days: 12, hours: 3 }).toUTC().toISO(),
			at: START.plus({ days: 14, hours: 4 }).toUTC().toISO(),
		});
	});

	it('every message went out inside 08:00-20:00 in the patient zone and carries no code or tooth number', () => {
		// Codes, tooth numbers and diagnoses as the guard reads them (core/guard/phi.ts): the front
		// desk's task alerts carry hex message ids and signed links, where "8d0795" is no code.
		for (const m of world.texts()) {
			const hour = DateTime.fromISO(m.dateCreated).setZone(ZONE).hour;
			expect(hour).toBeGreaterThanOrEqual(8);
			expect(hour).toBeLessThan(20);
		}
		expect(withPhi([...world.texts().map((m) => m.body), ...world.gmail.outbox.map((m) => m.text)])).toEqual([]);
		for (const m of [...world.texts(), ...world.gmail.outbox])
			expect('body' in m ? m.body : m.text).not.toMatch(/#\d|tooth/i);
	});

	it('the patient who books on day 4 gets nothing after', () => {
		const after = START.plus({ days: 4 });
		expect(
			[...textsTo(PATIENTS.books), ...mailsTo(PATIENTS.books)].filter(
				(m) => DateTime.fromISO('dateCreated' in m ? m.dateCreated : m.at) >= after,
			),
		).toEqual([]);
		expect(textsTo(PATIENTS.books)).toHaveLength(1);
	});

	it('STOP on day 2: nothing after, and the patient is opted out in the journal for every journey', async () => {
		expect(textsTo(PATIENTS.stops)).toHaveLength(1);
		expect(mailsTo(PATIENTS.stops)).toHaveLength(0);
		const rows = await journal();
		expect(rows.find((r) => r.key === `patient/${patNums[PATIENTS.stops]}`)).toMatchObject({ status: 'opted_out' });
	});

	it('"how much will this cost?" hands off to staff and pauses the journey', async () => {
		expect(textsTo(PATIENTS.asks)).toHaveLength(1);
		const rows = await journal();
		const enrollment = rows.find((r) => r.kind === 'enrollment' && r.patientId === String(patNums[PATIENTS.asks]));
		expect(enrollment).toMatchObject({ status: 'paused', reason: 'handoff' });
		expect(
			rows.filter(
				(r) => r.kind === 'task' && r.patientId === String(patNums[PATIENTS.asks]) && /cost/.test(String(r.detail)),
			),
		).toHaveLength(1);
	});

	it("the chart (Open Dental's communication log) holds each text and email sent and each reply, in lay terms", () => {
		const logs = (i: number, direction: 'Sent' | 'Received') =>
			world.od.state.commlogs.filter((c) => c.PatNum === patNums[i] && c.SentOrReceived === direction);
		// The quiet patient: exactly their messages, one entry each, on the channel it went out on.
		const day = (local: string) =>
			Math.floor(DateTime.fromFormat(local, 'yyyy-MM-dd HH:mm:ss', { zone: ZONE }).diff(START, 'days').days);
		expect(logs(PATIENTS.quiet, 'Sent').map((c) => [day(c.CommDateTime), c.Mode_, chartText(c.Note)])).toEqual([
			[1, 'Text', 'Texted the patient: Treatment plan follow-up, the first text (day 1)'],
			[3, 'Email', 'Emailed the patient: Treatment plan follow-up, the email (day 3)'],
			[7, 'Text', 'Texted the patient: Treatment plan follow-up, the second text (day 7)'],
		]);
		// Everyone: one Text entry per text and one Email entry per email.
		const all: number[] = [PATIENTS.quiet, PATIENTS.books, PATIENTS.stops, PATIENTS.asks];
		for (const i of all) {
			expect(logs(i, 'Sent').filter((c) => c.Mode_ === 'Text')).toHaveLength(textsTo(i).length);
			expect(logs(i, 'Sent').filter((c) => c.Mode_ === 'Email')).toHaveLength(mailsTo(i).length);
		}
		// The replies, from the reply branch.
		expect(logs(PATIENTS.stops, 'Received').map((c) => [c.Mode_, chartText(c.Note)])).toEqual([
			['Text', 'Patient replied by text (opt out)'],
		]);
		expect(logs(PATIENTS.asks, 'Received').map((c) => [c.Mode_, chartText(c.Note)])).toEqual([
			['Text', 'Patient replied by text (cost)'],
		]);
		expect([...logs(PATIENTS.quiet, 'Received'), ...logs(PATIENTS.books, 'Received')]).toEqual([]);
		// Nothing else was logged, and nothing clinical anywhere.
		expect(world.od.state.commlogs).toHaveLength(
			all.reduce((n, i) => n + textsTo(i).length + mailsTo(i).length, 0) + 2,
		);
		expect(withPhi(world.od.state.commlogs.map((c) => untagged(c.Note)))).toEqual([]);
		for (const c of world.od.state.commlogs) expect(untagged(c.Note)).not.toMatch(/#\d|tooth/i);
	});

	it('a forged webhook gets 403 and starts no execution', async () => {
		const before = (await journal()).length;
		const [answer] = await world.twilio.inbound({
			webhookUrl: replyUrl,
			from: mobile(PATIENTS.quiet),
			body: 'YES',
			forgeSignature: true,
		});
		expect(answer.status).toBe(403);
		expect((await journal()).length).toBe(before);
	});

	it('the same tick run twice more at the same instant sends (and charts) nothing new', async () => {
		const sent = world.twilio.outbox.length + world.gmail.outbox.length;
		const charted = world.od.state.commlogs.length;
		await Promise.all([tick(START.plus({ days: 14 })), tick(START.plus({ days: 14 }))]);
		expect(world.twilio.outbox.length + world.gmail.outbox.length).toBe(sent);
		expect(world.od.state.commlogs).toHaveLength(charted);
	});
});

describe('the other journeys share the journal', () => {
	it('hygiene recall: the patient who never answered gets the 4-weeks-before text; the one who texted STOP gets nothing (the opt-out holds for every journey)', async () => {
		const quietBefore = textsTo(PATIENTS.quiet).length;
		await tick(START.plus({ days: 15, hours: 2 }), 'recall');
		expect(textsTo(PATIENTS.quiet)).toHaveLength(quietBefore + 1);
		expect(textsTo(PATIENTS.quiet).at(-1)!.body).toMatch(/almost time for your cleaning/);
		expect(world.od.state.commlogs.filter((c) => c.PatNum === patNums[PATIENTS.quiet]).at(-1)).toMatchObject({
			Note: expect.stringMatching(
				/^Texted the patient: Hygiene recall, the first text \(28 days before the due date\) \[chairside:/,
			),
			Mode_: 'Text',
			SentOrReceived: 'Sent',
		});
		expect(textsTo(PATIENTS.stops)).toHaveLength(1);
		const rows = await journal();
		const stopped = rows.find(
			(r) =>
				r.kind === 'enrollment' && r.journey === 'hygiene-recall' && r.patientId === String(patNums[PATIENTS.stops]),
		);
		expect(stopped).toMatchObject({ status: 'stopped', reason: 'opted_out' });
	});

	it('no-show recovery: a missed visit gets the same-afternoon text, once', async () => {
		const apt = world.od.state.practice.appointments.find(
			(a) => a.PatNum === patNums[PATIENTS.books] && a.AptStatus === 'Scheduled',
		)!;
		world.od.setAppointmentStatus(apt.AptNum, 'Broken');
		const before = textsTo(PATIENTS.books).length;
		await tick(START.plus({ days: 15, hours: 8 }), 'noshow'); // 16:00
		await tick(START.plus({ days: 15, hours: 10 }), 'noshow');
		expect(textsTo(PATIENTS.books)).toHaveLength(before + 1);
		expect(textsTo(PATIENTS.books).at(-1)!.body).toMatch(/we missed you/);
		expect(
			world.od.state.commlogs
				.filter((c) => c.PatNum === patNums[PATIENTS.books] && /No-show/.test(c.Note))
				.map((c) => chartText(c.Note)),
		).toEqual(['Texted the patient: No-show recovery, the first text (the day of the missed visit)']);
	});

	it('lapsed reactivation runs over the practice and only texts patients with consent on file, inside the window', async () => {
		const before = world.twilio.outbox.length;
		const mailed = world.gmail.outbox.length;
		const charted = world.od.state.commlogs.length;
		await tick(START.plus({ days: 15, hours: 3 }), 'lapsed');
		const rows = await journal();
		expect(rows.filter((r) => r.kind === 'enrollment' && r.journey === 'lapsed-reactivation').length).toBeGreaterThan(
			0,
		);
		const sent = world.twilio.outbox.slice(before).filter((m) => m.direction === 'outbound-api');
		const consenting = new Set(
			practice.patients.filter((p) => p.TxtMsgOk === 'Yes').map((p) => p.WirelessPhone.replace(/\D/g, '').slice(-10)),
		);
		for (const m of sent) expect(consenting.has(m.to.slice(-10))).toBe(true);
		// Charted: a Text entry per text; the patients without text consent got the step by email, and an Email entry.
		const logged = world.od.state.commlogs.slice(charted);
		const notes = (mode: string) => logged.filter((c) => c.Mode_ === mode).map((c) => chartText(c.Note));
		expect(notes('Text')).toEqual(
			sent.map(() => 'Texted the patient: Lapsed patient reactivation, the first text (day 0)'),
		);
		expect(notes('Email')).toEqual(
			toPatients(world.gmail.outbox.slice(mailed)).map(
				() => 'Emailed the patient: Lapsed patient reactivation, the first text, sent by email (day 0)',
			),
		);
		expect(logged.length).toBeGreaterThan(0);
	});
});

describe('a crash between the Twilio call and the journal write', () => {
	it('killed n8n, restarted, the same tick again: the text went out once and the journal records it', async () => {
		await tick(START.plus({ days: 16, hours: 2 })); // day 16 10:00: the fifth plan enrolls
		// (Earlier texts to this patient came from the reactivation journey.)
		const before = textsTo(PATIENTS.crash).length;
		killOn = mobile(PATIENTS.crash);
		const dayOne = START.plus({ days: 17, hours: 2 });
		await tick(dayOne).catch(() => undefined); // n8n dies mid-run
		expect(killed).toBe(true);
		expect(textsTo(PATIENTS.crash)).toHaveLength(before + 1);
		expect((await fetch(`${running.base}/rest/settings`).catch(() => null))?.ok ?? false).toBe(false);

		await running.restart(); // the session cookie outlives the restart (same user folder and secret)
		await tick(dayOne);
		await tick(dayOne.plus({ hours: 2 }));
		expect(textsTo(PATIENTS.crash)).toHaveLength(before + 1);
		const rows = await journal();
		const enrollment = rows.find(
			(r) =>
				r.kind === 'enrollment' &&
				r.journey === 'treatment-follow-up' &&
				r.patientId === String(patNums[PATIENTS.crash]),
		)!;
		const touch = rows.find((r) => r.key === `${String(enrollment.key)}#day-1-text`);
		expect(touch).toMatchObject({ status: 'sent', providerId: textsTo(PATIENTS.crash).at(-1)!.sid });
		// The crashed run died before the chart write; the rerun charted the text, once.
		const charted = world.od.state.commlogs.filter(
			(c) => c.PatNum === patNums[PATIENTS.crash] && /Treatment plan follow-up/.test(c.Note),
		);
		expect(charted.map((c) => chartText(c.Note))).toEqual([
			'Texted the patient: Treatment plan follow-up, the first text (day 1)',
		]);
	});
});

describe('a chart note Open Dental will not take', () => {
	// Last in the file: the fault stays armed. Runs after the 14 days or on its own (-t): either way
	// the ticks from day 16 send something new (the fifth plan enrolls on day 16).
	it('is retried, then becomes an open staff task in the journal, and the tick still succeeds', async () => {
		world.od.fault({ method: 'POST', path: /^\/commlogs$/, status: 500, times: 10_000 });
		const charted = world.od.state.commlogs.length;
		const texts = world.texts().length;
		const mails = toPatients(world.gmail.outbox).length;
		const posts = () => world.od.requests.filter((r) => r.method === 'POST' && r.path === '/commlogs').length;
		const postsBefore = posts();
		for (const at of [
			START.plus({ days: 16, hours: 2 }),
			START.plus({ days: 17, hours: 2 }),
			START.plus({ days: 19, hours: 2 }),
		])
			await tick(at);
		const sent = world.texts().length - texts + toPatients(world.gmail.outbox).length - mails;
		expect(sent).toBeGreaterThan(0);
		expect(world.od.state.commlogs).toHaveLength(charted);
		const tasks = (await journal()).filter(
			(r) => r.kind === 'task' && r.reason === 'chart note could not be written: add it by hand',
		);
		// One task per message sent, each naming the patient and carrying the note's lay text.
		expect(tasks).toHaveLength(sent);
		for (const task of tasks) {
			expect(task).toMatchObject({ status: 'open', key: expect.stringMatching(/^task\/chart\/treatment-follow-up\//) });
			expect(String(task.detail)).toMatch(
				new RegExp(
					`^Chart note for patient ${String(task.patientId)} could not be written \\(.+\\): add it by hand\\. Note \\(sent to the patient by (text|email) at .+\\): "(Texted|Emailed) the patient: Treatment plan follow-up, the ((first|second) text|email) \\(day \\d+\\)"$`,
				),
			);
		}
		// The transport's own retries ran before each note was given up.
		expect(posts() - postsBefore).toBeGreaterThan(sent);
	}, 900_000);
});
