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
import { getJson, login, setupOwner } from '../../sandbox/n8n/owner';
import { chartText, expectLastExecutionSucceeded, untagged, journalReader, tickable } from './ticks';
import { freePort, N8nSandbox } from '../../sandbox/n8n/runner';
import { loadWorkflow } from '../../sandbox/n8n/workflows';
import {
	configureJourney,
	messagingCredentials,
	practiceProfile,
	SANDBOX_FRONT_DESK_EMAIL,
} from '../../sandbox/journeys/setup';
import { SANDBOX_GMAIL } from '../../sandbox/gmail/defaults';
import { startOpenDentalSimulator, type OpenDentalSimulator } from '../../sandbox/opendental';
import { generatePractice } from '../../sandbox/practice/generate';
import type { Practice } from '../../sandbox/practice/types';
import { startTwilioSimulator, type TwilioSimulator } from '../../sandbox/twilio';
import { SANDBOX_TWILIO } from '../../sandbox/twilio/defaults';
import { startGmailSimulator, type GmailSimulator } from '../../sandbox/gmail';

type Json = Record<string, unknown>;
const ZONE = 'America/Chicago';
const START = DateTime.fromISO('2026-03-02T08:00', { zone: ZONE });
const OD_KEYS = { developerKey: 'e2e-dev', customerKey: 'e2e-cust' };

let clock: DateTime = START;
let practice: Practice;
let od: OpenDentalSimulator;
let twilio: TwilioSimulator;
let gmail: GmailSimulator;
let n8n: N8nSandbox;
let base = '';
let replyUrl = '';

/** Four patients with one crown plan each (the rest of the plans removed), reachable by text and email. */
const PATIENTS = { quiet: 0, books: 1, stops: 2, asks: 3, crash: 4 } as const;
const mobile = (i: number) => `+1512555017${i}`;
const patNums: number[] = [];
const crownProcs: number[] = [];

function shapePractice(p: Practice): void {
	p.procedures = p.procedures.filter((proc) => proc.ProcStatus !== 'TP');
	const active = p.patients.filter((pat) => pat.PatStatus === 'Patient').slice(0, 5);
	// A hygiene recall due three weeks in for the patient who never answers and the one who texts STOP.
	p.recalls = p.recalls.filter((r) => !active.some((pat) => pat.PatNum === r.PatNum));
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
	// Nothing booked ahead for them, or Open Dental would not list their plans as unscheduled.
	const chosen = new Set(active.map((pat) => pat.PatNum));
	p.appointments = p.appointments.filter((apt) => !(chosen.has(apt.PatNum) && apt.AptStatus === 'Scheduled'));
	active.forEach((pat, i) => {
		Object.assign(pat, {
			WirelessPhone: `(512) 555-017${i}`,
			Email: `patient${i}@example.com`,
			TxtMsgOk: 'Yes',
			PreferContactMethod: 'None',
		});
		patNums.push(pat.PatNum);
		const procNum = Math.max(...p.procedures.map((x) => x.ProcNum)) + 1;
		crownProcs.push(procNum);
		p.procedures.push({
			ProcNum: procNum,
			PatNum: pat.PatNum,
			ProcCode: 'D2740',
			Descript: 'Crown - porcelain/ceramic',
			ProcFee: 3200,
			ToothNum: '14',
			Surf: '',
			// The fifth plan is presented after the 14 days: it is the crash test's.
			DateTP: (i === PATIENTS.crash ? START.plus({ days: 15 }) : START.minus({ days: 2 })).toISODate() as string,
			ProcDate: '',
			ProcStatus: 'TP',
			AptNum: 0,
			ProvNum: pat.PriProv,
			ClinicNum: pat.ClinicNum,
		});
	});
}

async function tick(now: DateTime, workflow = 'tick'): Promise<void> {
	clock = now;
	twilio.setNow(now);
	gmail.setNow(now);
	const response = await fetch(`${base}/webhook/${workflow}?now=${encodeURIComponent(now.toUTC().toISO() as string)}`, {
		signal: AbortSignal.timeout(120_000),
	});
	if (!response.ok)
		throw new Error(
			`tick at ${now.toISO()} answered ${response.status}: ${(await response.text()).slice(0, 400)}\n--- n8n log ---\n${serverLog.slice(-4000)}`,
		);
	await expectTickSucceeded(now, WORKFLOW_IDS[workflow]);
}

async function expectTickSucceeded(now: DateTime, workflowId: string): Promise<void> {
	cookie ||= await login(base);
	await expectLastExecutionSucceeded(base, cookie, workflowId, `tick at ${now.toISO()}`);
}

/** Items out of each node in the last tick (for reading a failure). */
async function lastTickCounts(): Promise<Record<string, number[]>> {
	cookie ||= await login(base);
	const list = await getJson<{ data: { results: Array<{ id: string }> } }>(
		base,
		`/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: TICK_WORKFLOW }))}&limit=1`,
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
let cookie = '';
const TICK_WORKFLOW = 'e2etreatmentfu01';
/** Tick path -> workflow id. */
const WORKFLOW_IDS: Record<string, string> = {
	tick: TICK_WORKFLOW,
	recall: 'e2ehygienerecal1',
	lapsed: 'e2ereactivation1',
	noshow: 'e2enoshowrecover',
};

async function journal(): Promise<Json[]> {
	const response = await fetch(`${base}/webhook/journal`);
	const rows = (await response.json()) as Json[];
	return rows.filter((r) => r.key);
}

const textsTo = (i: number) => twilio.outbox.filter((m) => m.to === mobile(i) && m.direction === 'outbound-api');
const mailsTo = (i: number) => gmail.outbox.filter((m) => m.to.includes(`patient${i}@example.com`));
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
function startTwilioProxy(): Promise<string> {
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', async () => {
			const body = Buffer.concat(chunks);
			const upstream = await fetch(`${twilio.url}${req.url}`, {
				method: req.method,
				headers: req.headers as Record<string, string>,
				body: req.method === 'GET' ? undefined : body,
			});
			const text = await upstream.text();
			if (killOn && req.method === 'POST' && new URLSearchParams(body.toString()).get('To') === killOn) {
				killOn = null;
				killed = true;
				await n8n.kill();
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

/** n8n's log, kept for the failure message of a tick. */
let serverLog = '';
async function startN8n(port: number): Promise<void> {
	await n8n.start(port, {}, (chunk) => (serverLog = (serverLog + chunk).slice(-20_000)));
	// The REST API answers before published workflows are activated: wait for a webhook to exist.
	const deadline = Date.now() + 60_000;
	while ((await fetch(`${base}/webhook/journal`)).status === 404) {
		if (Date.now() > deadline) throw new Error(`published workflows never activated:\n${serverLog.slice(-4000)}`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

beforeAll(async () => {
	practice = generatePractice({ seed: 7, patients: 60, stage: 3, today: START.toISODate() as string });
	shapePractice(practice);
	od = await startOpenDentalSimulator({ practice, ...OD_KEYS, mode: 'local', now: () => clock });
	twilio = await startTwilioSimulator({
		accountSid: SANDBOX_TWILIO.accountSid,
		authToken: SANDBOX_TWILIO.authToken,
		messagingServiceSid: SANDBOX_TWILIO.messagingServiceSid,
		phoneNumbers: [SANDBOX_TWILIO.phoneNumber],
		now: () => clock,
	});
	gmail = await startGmailSimulator({ ...SANDBOX_GMAIL, port: 0, now: () => clock });

	const port = await freePort();
	base = `http://127.0.0.1:${port}`;
	n8n = await N8nSandbox.create({ env: { GENERIC_TIMEZONE: ZONE, WEBHOOK_URL: `${base}/` } });
	await n8n.importCredentials([
		{
			id: 'chairsideodsndbx',
			name: 'Open Dental (sandbox)',
			type: 'openDentalApi',
			data: { connection: 'custom', baseUrl: od.url, ...OD_KEYS, readOnly: false },
		},
		...messagingCredentials(
			{
				url: await startTwilioProxy(),
				accountSid: SANDBOX_TWILIO.accountSid,
				authToken: SANDBOX_TWILIO.authToken,
				messagingServiceSid: SANDBOX_TWILIO.messagingServiceSid,
			},
			gmail.url,
		),
	]);
	const journey = (file: string, path: string) => ({
		...tickable(configureJourney(loadWorkflow(file), practiceProfile(practice), ZONE), path),
		id: WORKFLOW_IDS[path],
	});
	const followUp = journey('treatment-follow-up.json', 'tick');
	// Replies come in through their own workflow (the journey has no reply trigger, README "Patient Reply Trigger").
	const replies = { ...configureJourney(loadWorkflow('patient-replies.json')), id: 'e2epatientreply1' };
	const ids = await n8n.importWorkflows([
		followUp,
		replies,
		journey('hygiene-recall.json', 'recall'),
		journey('reactivation.json', 'lapsed'),
		journey('no-show-recovery.json', 'noshow'),
		{ ...journalReader, id: 'e2ejournalread01' },
	]);
	for (const id of ids) expect((await n8n.cli(['publish:workflow', `--id=${id}`])).code).toBe(0);
	const replyNode = replies.nodes.find((n) => n.name === 'Patient Reply')!;
	replyUrl = `${base}/webhook/${replyNode.webhookId as string}/twilio-sms`;
	n8nPort = port;
	await startN8n(port);
	await setupOwner(base);
}, 600_000);
let n8nPort = 0;

afterAll(async () => {
	await n8n?.stop();
	await Promise.all([od?.close(), twilio?.close(), gmail?.close()]);
	proxy?.closeAllConnections();
	proxy?.close();
	n8n?.dispose();
});

describe('treatment follow-up over 14 days of 2-hourly ticks', () => {
	beforeAll(async () => {
		for (let now = START; now <= START.plus({ days: 14 }); now = now.plus({ hours: 2 })) {
			const day = Math.floor(now.diff(START, 'days').days);
			if (day === 2 && now.hour === 12) {
				await twilio.inbound({ webhookUrl: replyUrl, from: mobile(PATIENTS.stops), body: 'STOP' });
				await twilio.inbound({ webhookUrl: replyUrl, from: mobile(PATIENTS.asks), body: 'how much will this cost?' });
			}
			if (day === 4 && now.hour === 8) {
				const patient = practice.patients.find((x) => x.PatNum === patNums[PATIENTS.books])!;
				od.bookAppointment({
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
		// A procedure code is D and four digits standing alone (as core/guard/phi.ts reads it): the
		// front desk's task alerts carry hex message ids and signed links, where "8d0795" is no code.
		const clinical = /(?<![\p{L}\p{N}])D[\s.-]?\d{4}(?!\d)|#\d|tooth/iu;
		for (const m of [...twilio.outbox.filter((x) => x.direction === 'outbound-api')]) {
			const hour = DateTime.fromISO(m.dateCreated).setZone(ZONE).hour;
			expect(hour).toBeGreaterThanOrEqual(8);
			expect(hour).toBeLessThan(20);
			expect(m.body).not.toMatch(clinical);
		}
		for (const m of gmail.outbox) expect(m.text).not.toMatch(clinical);
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
			od.state.commlogs.filter((c) => c.PatNum === patNums[i] && c.SentOrReceived === direction);
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
		expect(od.state.commlogs).toHaveLength(all.reduce((n, i) => n + textsTo(i).length + mailsTo(i).length, 0) + 2);
		for (const c of od.state.commlogs) expect(untagged(c.Note)).not.toMatch(/D\d{4}|#\d|tooth/i);
	});

	it('a forged webhook gets 403 and starts no execution', async () => {
		const before = (await journal()).length;
		const [answer] = await twilio.inbound({
			webhookUrl: replyUrl,
			from: mobile(PATIENTS.quiet),
			body: 'YES',
			forgeSignature: true,
		});
		expect(answer.status).toBe(403);
		expect((await journal()).length).toBe(before);
	});

	it('the same tick run twice more at the same instant sends (and charts) nothing new', async () => {
		const sent = twilio.outbox.length + gmail.outbox.length;
		const charted = od.state.commlogs.length;
		await Promise.all([tick(START.plus({ days: 14 })), tick(START.plus({ days: 14 }))]);
		expect(twilio.outbox.length + gmail.outbox.length).toBe(sent);
		expect(od.state.commlogs).toHaveLength(charted);
	});
});

describe('the other journeys share the journal', () => {
	it('hygiene recall: the patient who never answered gets the 4-weeks-before text; the one who texted STOP gets nothing (the opt-out holds for every journey)', async () => {
		const quietBefore = textsTo(PATIENTS.quiet).length;
		await tick(START.plus({ days: 15, hours: 2 }), 'recall');
		expect(textsTo(PATIENTS.quiet)).toHaveLength(quietBefore + 1);
		expect(textsTo(PATIENTS.quiet).at(-1)!.body).toMatch(/almost time for your cleaning/);
		expect(od.state.commlogs.filter((c) => c.PatNum === patNums[PATIENTS.quiet]).at(-1)).toMatchObject({
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
		const apt = od.state.practice.appointments.find(
			(a) => a.PatNum === patNums[PATIENTS.books] && a.AptStatus === 'Scheduled',
		)!;
		od.setAppointmentStatus(apt.AptNum, 'Broken');
		const before = textsTo(PATIENTS.books).length;
		await tick(START.plus({ days: 15, hours: 8 }), 'noshow'); // 16:00
		await tick(START.plus({ days: 15, hours: 10 }), 'noshow');
		expect(textsTo(PATIENTS.books)).toHaveLength(before + 1);
		expect(textsTo(PATIENTS.books).at(-1)!.body).toMatch(/we missed you/);
		expect(
			od.state.commlogs
				.filter((c) => c.PatNum === patNums[PATIENTS.books] && /No-show/.test(c.Note))
				.map((c) => chartText(c.Note)),
		).toEqual(['Texted the patient: No-show recovery, the first text (the day of the missed visit)']);
	});

	it('lapsed reactivation runs over the practice and only texts patients with consent on file, inside the window', async () => {
		const before = twilio.outbox.length;
		const mailed = gmail.outbox.length;
		const charted = od.state.commlogs.length;
		await tick(START.plus({ days: 15, hours: 3 }), 'lapsed');
		const rows = await journal();
		expect(rows.filter((r) => r.kind === 'enrollment' && r.journey === 'lapsed-reactivation').length).toBeGreaterThan(
			0,
		);
		const sent = twilio.outbox.slice(before).filter((m) => m.direction === 'outbound-api');
		const consenting = new Set(
			practice.patients.filter((p) => p.TxtMsgOk === 'Yes').map((p) => p.WirelessPhone.replace(/\D/g, '').slice(-10)),
		);
		for (const m of sent) expect(consenting.has(m.to.slice(-10))).toBe(true);
		// Charted: a Text entry per text; the patients without text consent got the step by email, and an Email entry.
		const logged = od.state.commlogs.slice(charted);
		const notes = (mode: string) => logged.filter((c) => c.Mode_ === mode).map((c) => chartText(c.Note));
		expect(notes('Text')).toEqual(
			sent.map(() => 'Texted the patient: Lapsed patient reactivation, the first text (day 0)'),
		);
		expect(notes('Email')).toEqual(
			toPatients(gmail.outbox.slice(mailed)).map(
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
		expect((await fetch(`${base}/rest/settings`).catch(() => null))?.ok ?? false).toBe(false);

		await startN8n(n8nPort); // the session cookie outlives the restart (same user folder and secret)
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
		const charted = od.state.commlogs.filter(
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
		od.fault({ method: 'POST', path: /^\/commlogs$/, status: 500, times: 10_000 });
		const charted = od.state.commlogs.length;
		const texts = twilio.outbox.filter((m) => m.direction === 'outbound-api').length;
		const mails = toPatients(gmail.outbox).length;
		const posts = () => od.requests.filter((r) => r.method === 'POST' && r.path === '/commlogs').length;
		const postsBefore = posts();
		for (const at of [
			START.plus({ days: 16, hours: 2 }),
			START.plus({ days: 17, hours: 2 }),
			START.plus({ days: 19, hours: 2 }),
		])
			await tick(at);
		const sent =
			twilio.outbox.filter((m) => m.direction === 'outbound-api').length -
			texts +
			toPatients(gmail.outbox).length -
			mails;
		expect(sent).toBeGreaterThan(0);
		expect(od.state.commlogs).toHaveLength(charted);
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
