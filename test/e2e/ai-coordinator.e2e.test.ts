/**
 * The AI treatment coordinator (workflows/ai-treatment-coordinator.json) as a practice imports it,
 * in a real n8n 2.41.1 with its AI Agent and OpenAI Chat Model nodes, against the Open Dental
 * simulator and a scripted model (sandbox/llm) in place of OpenAI. Chairside's nodes run as the
 * agent's tools (n8n-nodes-chairside.pmsTool / treatmentCoordinatorTool, arguments from $fromAI):
 * openings offered inside the practice's windows and one booked; a time outside them refused with
 * nothing written; clinical, financing and complaint messages handed off before the model sees
 * them; a hesitation logged; a drifting reply held back. The doors: the chat widget's Webhook
 * refuses a caller without the header (403, no execution) and Verify Patient refuses a missing,
 * forged, re-labelled, expired or too-long-lived token before the model; a Twilio-signed text from
 * a number the journal knows is answered by text through Patient Message (guard, journal, chart
 * note), one from an opted-out number is blocked by the guard, an unknown number reaches no model,
 * a forged text is refused. Memory is per verified patient.
 */
import { DateTime } from 'luxon';
import { getJson, login, setupOwner } from '../../sandbox/n8n/owner';
import { expectLastExecutionSucceeded, journalSeeder, until, untilActive } from './ticks';
import { freePort, N8nSandbox, type WorkflowJson } from '../../sandbox/n8n/runner';
import { loadWorkflow } from '../../sandbox/n8n/workflows';
import {
	startLlmSimulator,
	openAiCredential,
	coordinatorDoorCredentials,
	SANDBOX_COORDINATOR_DOOR as DOOR,
	type LlmSimulator,
} from '../../sandbox/llm';
import { signPatientToken } from '../../core/coordinator';
import { startOpenDentalSimulator, type OpenDentalSimulator } from '../../sandbox/opendental';
import { generatePractice } from '../../sandbox/practice/generate';
import type { Practice } from '../../sandbox/practice/types';
import { parseWindows, inWindows } from '../../core/booking/slots';
import { startTwilioSimulator, type TwilioSimulator } from '../../sandbox/twilio';
import { SANDBOX_TWILIO } from '../../sandbox/twilio/defaults';
import {
	messagingCredentials,
	SANDBOX_FRONT_DESK_EMAIL,
	SANDBOX_FRONT_DESK_MOBILE,
} from '../../sandbox/journeys/setup';
import { startGmailSimulator, type GmailSimulator } from '../../sandbox/gmail';
import { SANDBOX_GMAIL } from '../../sandbox/gmail/defaults';
import { startSlackSimulator, type SlackSimulator } from '../../sandbox/slack';
import { CREDENTIAL_NAMES } from '../../sandbox/n8n/credential-names';

type Json = Record<string, any>;
const ZONE = 'America/Chicago';
const OD_KEYS = { developerKey: 'e2e-dev', customerKey: 'e2e-cust' };
const WORKFLOW_ID = 'e2eaicoordinator';
const LOCAL = 'yyyy-MM-dd HH:mm:ss';

let practice: Practice;
let od: OpenDentalSimulator;
let twilio: TwilioSimulator;
let smsUrl = '';
/** The front desk's channels from the practice profile: its inbox and its Slack channel. */
let gmail: GmailSimulator;
let slack: SlackSimulator;
let llm: LlmSimulator;
let n8n: N8nSandbox;
let base = '';
let serverLog = '';
let cookie = '';
let workflow: WorkflowJson;
const patients: number[] = [];

/** A token the practice's server would sign for a logged-in patient. */
const tokenFor = (patientId: number | string, validMinutes = 10, secret: string = DOOR.tokenSecret) =>
	signPatientToken(secret, String(patientId), new Date(Date.now() + validMinutes * 60_000));

/** A raw request to the chat-widget door; the header and token are the caller's to get right. */
function knock(body: Json, headers: Record<string, string>): Promise<Response> {
	return fetch(`${base}/webhook/chairside-coordinator`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(60_000),
	});
}

/** Executions of the workflow so far, as n8n's REST API counts them. */
async function executionCount(): Promise<number> {
	cookie ||= await login(base);
	const path = `/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: WORKFLOW_ID }))}&limit=100`;
	const list = await getJson<{ data: { results: unknown[]; count?: number } }>(base, path, cookie);
	return list.data.count ?? list.data.results.length;
}

/** The last execution of the workflow once it has ended: its status and its saved data as text. */
async function lastExecution(): Promise<{ status: string; data: string }> {
	cookie ||= await login(base);
	const path = `/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: WORKFLOW_ID }))}&limit=1`;
	for (let attempt = 0; ; attempt++) {
		const [last] = (await getJson<{ data: { results: Array<{ id: string; status: string }> } }>(base, path, cookie))
			.data.results;
		if ((last && last.status !== 'running' && last.status !== 'new') || attempt > 600) {
			const detail = await getJson<{ data: { data: string } }>(base, `/rest/executions/${last.id}`, cookie);
			return { status: last.status, data: detail.data.data };
		}
		await new Promise((r) => setTimeout(r, 100));
	}
}

/** One patient message through the chat-widget door (header + signed token); the answer is the last node's item. */
async function message(patientId: number, text: string): Promise<Json> {
	const response = await knock(
		{ message: text },
		{ [DOOR.headerName]: DOOR.headerValue, 'x-chairside-patient-token': tokenFor(patientId) },
	);
	const body = await response.text();
	if (!response.ok)
		throw new Error(
			`webhook answered ${response.status}: ${body.slice(0, 500)}\n--- n8n log ---\n${serverLog.slice(-3000)}`,
		);
	// A tool that refuses is an answer to the model, not a failed run.
	cookie ||= await login(base);
	await expectLastExecutionSucceeded(base, cookie, WORKFLOW_ID, `message "${text}"`);
	return JSON.parse(body) as Json;
}

/** Numbers the practice's journal knows (a journey texted them): the text door's only way to a patient. */
const TEXTERS = { known: '+15125550147', stopped: '+15125550148', stranger: '+15125550199' };
const SEED_ID = 'e2ecoordseed0001';
/** Puts journal rows (JSON body `rows`) into the practice's journal table, creating it as the workflows do. */
const seeder: WorkflowJson = { ...journalSeeder('coordinator-seed'), id: SEED_ID };
const textsTo = (mobile: string) => twilio.outbox.filter((m) => m.to === mobile);

/** A Twilio-signed text from `from`; resolves when the coordinator's run for it has ended. */
async function text(
	from: string,
	body: string,
	options: { forgeSignature?: boolean } = {},
): Promise<{ status: number; run: { status: string; data: string } | null }> {
	const before = await executionCount();
	const [delivery] = await twilio.inbound({ webhookUrl: smsUrl, from, body, ...options });
	if (delivery.status !== 200) return { status: delivery.status, run: null };
	await until(`the run for "${body}"`, async () => ((await executionCount()) > before ? true : undefined));
	return { status: delivery.status, run: await lastExecution() };
}

/** What reached the front desk since `mark`: Slack posts, emails to its inbox, texts to its mobile. */
const staffMark = () => ({ slack: slack.posts.length, gmail: gmail.outbox.length, sms: frontDeskTexts().length });
const frontDeskTexts = () =>
	twilio.outbox.filter((m) => m.to === SANDBOX_FRONT_DESK_MOBILE && m.direction === 'outbound-api');
function staffSince(mark: ReturnType<typeof staffMark>) {
	return {
		slack: slack.posts.slice(mark.slack).map((p) => p.text ?? ''),
		gmail: gmail.outbox
			.slice(mark.gmail)
			.filter((m) => m.to.includes(SANDBOX_FRONT_DESK_EMAIL))
			.map((m) => `${m.subject}\n${m.text}`),
		sms: frontDeskTexts()
			.slice(mark.sms)
			.map((m) => m.body),
	};
}
/** The patient as the front desk must see them: the first name Open Dental has, no surname. */
function expectNamed(alert: string, patNum: number) {
	const patient = practice.patients.find((p) => p.PatNum === patNum)!;
	const first = patient.FName.trim().split(/\s+/)[0];
	expect(alert).toContain(`${first} (patient ${patNum})`);
	expect(alert).not.toContain(patient.LName);
}
/** One hand-off reached the front desk once on each channel (and by text when urgent), naming the patient. */
async function expectHandedOff(mark: ReturnType<typeof staffMark>, patNum: number, urgent: boolean) {
	const expected = { slack: 1, gmail: 1, sms: urgent ? 1 : 0 };
	const counts = () => {
		const since = staffSince(mark);
		return { slack: since.slack.length, gmail: since.gmail.length, sms: since.sms.length };
	};
	await until('the staff alert', async () =>
		JSON.stringify(counts()) === JSON.stringify(expected) ? true : undefined,
	);
	const since = staffSince(mark);
	for (const alert of [...since.slack, ...since.gmail, ...since.sms]) expectNamed(alert, patNum);
	return since;
}

const appointmentsOf = (patNum: number) =>
	practice.appointments.filter((a) => a.PatNum === patNum && a.AptStatus === 'Scheduled');
const commlogsOf = (patNum: number) => od.state.commlogs.filter((c) => c.PatNum === patNum);
const toolNamed = (prefix: string) =>
	llm.toolResults().filter((t) => t.name.toLowerCase().startsWith(prefix.toLowerCase()));

beforeAll(async () => {
	const today = DateTime.now().setZone(ZONE).startOf('day');
	practice = generatePractice({ seed: 31, patients: 80, stage: 3, today: today.toISODate() as string });
	patients.push(
		...practice.patients
			.filter((p) => p.PatStatus === 'Patient')
			.slice(0, 6)
			.map((p) => p.PatNum),
	);
	od = await startOpenDentalSimulator({ practice, ...OD_KEYS, mode: 'local', now: () => DateTime.now().setZone(ZONE) });
	llm = await startLlmSimulator();
	twilio = await startTwilioSimulator({
		accountSid: SANDBOX_TWILIO.accountSid,
		authToken: SANDBOX_TWILIO.authToken,
		messagingServiceSid: SANDBOX_TWILIO.messagingServiceSid,
		phoneNumbers: [SANDBOX_TWILIO.phoneNumber],
	});
	gmail = await startGmailSimulator({ ...SANDBOX_GMAIL, port: 0 });
	slack = await startSlackSimulator();

	const port = await freePort();
	base = `http://127.0.0.1:${port}`;
	n8n = await N8nSandbox.create({ env: { GENERIC_TIMEZONE: ZONE, WEBHOOK_URL: `${base}/` } });
	await n8n.importCredentials([
		{
			id: 'chairsideodsndbx',
			name: CREDENTIAL_NAMES.openDentalApi,
			type: 'openDentalApi',
			data: { connection: 'custom', baseUrl: od.url, ...OD_KEYS, readOnly: false },
		},
		openAiCredential(llm.baseUrl),
		...coordinatorDoorCredentials(),
		// Twilio, Gmail, the practice profile (staff channels: the front desk's inbox and Slack) and the task links:
		// patients get texts only, but Hand Off to Staff (a chart note Open Dental keeps refusing) reaches the front desk.
		...messagingCredentials(
			{
				url: twilio.url,
				accountSid: SANDBOX_TWILIO.accountSid,
				authToken: SANDBOX_TWILIO.authToken,
				messagingServiceSid: SANDBOX_TWILIO.messagingServiceSid,
			},
			gmail.url,
			{
				zone: ZONE,
				slackWebhookUrl: slack.webhook('#front-desk'),
			},
		),
	]);
	workflow = { ...loadWorkflow('ai-treatment-coordinator.json'), id: WORKFLOW_ID };
	await n8n.importWorkflows([workflow, seeder]);
	for (const id of [WORKFLOW_ID, SEED_ID]) expect((await n8n.cli(['publish:workflow', `--id=${id}`])).code).toBe(0);
	smsUrl = `${base}/webhook/${workflow.nodes.find((n) => n.name === 'Patient Text')!.webhookId as string}/twilio-sms`;
	await n8n.start(port, {}, (chunk) => (serverLog = (serverLog + chunk).slice(-20_000)));
	// The REST API answers before published workflows are activated: wait for the webhook (a preflight runs nothing).
	await untilActive(
		() => fetch(`${base}/webhook/chairside-coordinator`, { method: 'OPTIONS' }),
		() => serverLog,
	);
	await setupOwner(base);
	const at = DateTime.now().toUTC().toISO();
	// Published workflows activate one by one after the REST API answers: a 404 ran nothing, so ask again.
	const seed = () =>
		fetch(`${base}/webhook/coordinator-seed`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				rows: [
					{
						key: `enrollment/treatment-follow-up/${patients[5]}`,
						kind: 'enrollment',
						journey: 'treatment-follow-up',
						patientId: String(patients[5]),
						mobile: TEXTERS.known,
						channel: 'sms',
						status: 'active',
						at,
					},
					{
						key: `enrollment/treatment-follow-up/${patients[4]}`,
						kind: 'enrollment',
						journey: 'treatment-follow-up',
						patientId: String(patients[4]),
						mobile: TEXTERS.stopped,
						channel: 'sms',
						status: 'active',
						at,
					},
				],
			}),
		});
	const seeded = await until(
		'the journal seeder to activate',
		async () => {
			const response = await seed();
			return response.status === 404 ? undefined : response;
		},
		60_000,
	);
	if (seeded.status !== 200)
		throw new Error(`seeding the journal answered ${seeded.status}: ${await seeded.text()}\n${serverLog.slice(-3000)}`);
}, 300_000);

afterAll(async () => {
	await n8n?.stop();
	n8n?.dispose();
	await Promise.all([od?.close(), llm?.close(), twilio?.close(), gmail?.close(), slack?.close()]);
});

beforeEach(() => llm.reset());

describe('the AI treatment coordinator in a real n8n, with a scripted model', () => {
	it('n8n offers Chairside nodes as AI tools (<type>Tool) and tests the OpenAI credential against the simulator', async () => {
		const cookie = await login(base);
		const types = await getJson<Array<{ name: string; outputs?: unknown }>>(base, '/types/nodes.json', cookie);
		const names = new Set(types.map((t) => t.name));
		for (const name of [
			'n8n-nodes-chairside.pmsTool',
			'n8n-nodes-chairside.treatmentCoordinatorTool',
			'@n8n/n8n-nodes-langchain.agent',
			'@n8n/n8n-nodes-langchain.lmChatOpenAi',
		])
			expect(names).toContain(name);
		const test = async (apiKey: string) => {
			const response = await fetch(`${base}/rest/credentials/test`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', cookie },
				body: JSON.stringify({ credentials: openAiCredential(llm.baseUrl, apiKey) }),
			});
			return ((await response.json()) as { data: { status: string; message: string } }).data;
		};
		await expect(test(llm.apiKey)).resolves.toMatchObject({ status: 'OK' });
		await expect(test('sk-proj-wrong0000000000000000000000')).resolves.toMatchObject({ status: 'Error' });
		// The test is GET /v1/models with the Bearer key (n8n asks again once after a 401).
		const [ok, ...refused] = llm.requests.filter((r) => r.path === '/v1/models').map((r) => r.status);
		expect(ok).toBe(200);
		expect(refused.length).toBeGreaterThan(0);
		expect(refused.every((status) => status === 401)).toBe(true);
	});

	it('finds at most two openings inside the windows, books the first: one appointment at that time', async () => {
		const patNum = patients[0];
		const before = appointmentsOf(patNum).length;
		llm.script([
			{ toolCall: { name: 'Find openings', args: { from: '', to: '' } } },
			{
				toolCall: {
					name: 'Book',
					args: { lengthMinutes: 60 },
					argsFromLastToolResult: { start: '0.start', providerId: '0.providerId', operatoryId: '0.operatoryId' },
				},
			},
			{ say: "You're booked! We look forward to seeing you." },
		]);
		const answer = await message(
			patNum,
			"Hi! I'd like to get my crown visit booked. Book me into the first opening you have, please.",
		);
		expect(answer).toMatchObject({ reply: "You're booked! We look forward to seeing you.", patientId: String(patNum) });

		// What the model was given: the system prompt, the patient's words, the four tools.
		const first = llm.chatRequests()[0].body as Json;
		expect(first.messages[0]).toMatchObject({
			role: 'system',
			content: expect.stringContaining('treatment coordinator'),
		});
		expect(
			first.messages.some((m: Json) => m.role === 'user' && String(m.content).includes('crown visit booked')),
		).toBe(true);
		expect(first.tools.map((t: Json) => t.function.name).sort()).toEqual([
			'Book',
			'Find_openings',
			'Hand_off_to_staff',
			'Log_hesitation',
		]);
		// Each tool's arguments are its $fromAI() keys: the patient, the windows and the length are the practice's, not the model's.
		const tool = (name: string) => first.tools.find((t: Json) => t.function.name === name).function;
		expect(tool('Find_openings')).toMatchObject({
			description: expect.stringContaining('at most two openings'),
			parameters: { type: 'object', properties: { from: { type: 'string' }, to: { type: 'string' } } },
		});
		expect(Object.keys(tool('Find_openings').parameters.properties).sort()).toEqual(['from', 'to']);
		expect(Object.keys(tool('Book').parameters.properties).sort()).toEqual([
			'lengthMinutes',
			'operatoryId',
			'providerId',
			'start',
		]);
		expect(tool('Book').parameters.properties.lengthMinutes.type).toBe('number');
		expect(Object.keys(tool('Log_hesitation').parameters.properties).sort()).toEqual(['note', 'reason']);
		expect(Object.keys(tool('Hand_off_to_staff').parameters.properties).sort()).toEqual(['summary', 'topic']);
		expect(llm.chatRequests().every((r) => r.stream === false && (r.body as Json).model === 'gpt-4.1-mini')).toBe(true);

		const [found] = toolNamed('Find_openings');
		const openings = found.json as Json[];
		expect(Array.isArray(openings)).toBe(true);
		expect(openings.length).toBeGreaterThan(0);
		expect(openings.length).toBeLessThanOrEqual(2);
		const windows = parseWindows(String(workflow.nodes.find((n) => n.name === 'Find openings')!.parameters.windows));
		for (const o of openings) {
			const slot = {
				start: DateTime.fromISO(o.start).setZone(ZONE).toFormat(LOCAL),
				end: DateTime.fromISO(o.end).setZone(ZONE).toFormat(LOCAL),
				providerId: o.providerId,
				operatoryId: o.operatoryId,
			};
			expect(inWindows(slot, windows)).toBe(true);
		}
		const [booked] = toolNamed('Book');
		expect(booked.args).toMatchObject({
			start: openings[0].start,
			providerId: openings[0].providerId,
			operatoryId: openings[0].operatoryId,
			lengthMinutes: 60,
		});
		expect(booked.json).toEqual([expect.objectContaining({ alreadyBooked: false })]);

		const after = appointmentsOf(patNum);
		expect(after).toHaveLength(before + 1);
		const made = after.filter(
			(a) => a.AptDateTime === DateTime.fromISO(openings[0].start).setZone(ZONE).toFormat(LOCAL),
		);
		expect(made).toHaveLength(1);
		expect(String(made[0].ProvNum)).toBe(String(openings[0].providerId));
		expect(llm.pendingTurns()).toBe(0);
	});

	it('refuses a booking outside the approved windows: the tool result is an error and nothing is written', async () => {
		const patNum = patients[1];
		const appointments = practice.appointments.length;
		const op = practice.operatories.find((o) => !o.IsHygiene)!;
		// Next Monday 15:00: Monday afternoons are not in "Mon-Fri 09:00-12:00; Tue-Thu 14:00-17:00".
		const monday = DateTime.now().setZone(ZONE).startOf('week').plus({ weeks: 1, hours: 15 });
		llm.script([
			{
				toolCall: {
					name: 'Book',
					args: {
						start: monday.toISO(),
						lengthMinutes: 60,
						providerId: String(op.ProvDentist),
						operatoryId: String(op.OperatoryNum),
					},
				},
			},
			{ say: 'Sorry, that time is outside our booking hours, so nothing was booked. Shall I look for openings?' },
		]);
		const answer = await message(patNum, 'Could you book me in for Monday at 3pm?');
		expect(answer.reply).toMatch(/nothing was booked/);
		const [refused] = toolNamed('Book').filter((t) => (t.args as Json).start === monday.toISO());
		expect(refused.json).toEqual([
			{ error: expect.stringMatching(/15:00 is outside the approved times.*nothing was booked/) },
		]);
		expect(practice.appointments.length).toBe(appointments);
		expect(appointmentsOf(patNum).some((a) => a.AptDateTime === monday.toFormat(LOCAL))).toBe(false);
	});

	it.each([
		['clinical', 'Will the crown procedure hurt? Do I need to be numbed for it?'],
		['prognosis', 'Can my crown wait six months? It does not bother me.'],
		['financing', "Do you offer payment plans? It's a lot of money."],
		['complaint', "I'm really unhappy with how I was treated at my last visit and want to speak to a manager."],
	])(
		'hands off a %s message before the agent: the model gets no request, the chart gets a note',
		async (topic, text) => {
			const patNum = patients[2];
			const chats = llm.chatRequests().length;
			const logs = commlogsOf(patNum).length;
			const mark = staffMark();
			llm.script([{ say: 'must not be used' }]);
			const answer = await message(patNum, text);
			// The answer is the hand-off as the journal now keeps it: an open task, delivered to the staff channels.
			expect(answer).toMatchObject({ kind: 'task', patientId: String(patNum), step: topic, status: 'open' });
			expect(String(answer.channel).split(' ').sort()).toEqual(
				topic === 'clinical' || topic === 'complaint' ? ['email', 'slack', 'sms'] : ['email', 'slack'],
			);
			// Staff Task > Hand Off: once on each channel, the first name from Open Dental; a text too when urgent.
			const alerts = await expectHandedOff(mark, patNum, topic === 'clinical' || topic === 'complaint');
			for (const alert of alerts.slack) expect(alert).not.toContain(text);
			expect(llm.chatRequests()).toHaveLength(chats);
			expect(llm.pendingTurns()).toBe(1);
			const added = commlogsOf(patNum).slice(logs);
			expect(added).toHaveLength(1);
			expect(added[0].Note).toMatch(/^Needs staff follow-up: /);
			expect(added[0].Note).not.toContain(text);
		},
	);

	it('logs a hesitation through the tool: a chart note in Open Dental, and the next step back to the model', async () => {
		const patNum = patients[3];
		const logs = commlogsOf(patNum).length;
		llm.script([
			{ toolCall: { name: 'Log hesitation', args: { reason: 'travel', note: 'Away for work until next month' } } },
			{ say: "Thanks for letting me know. I've noted it, and we'll follow up when you're back." },
		]);
		const answer = await message(patNum, "I can't come in right now, I'm away for work until next month.");
		expect(answer.reply).toMatch(/noted it/);
		const [logged] = toolNamed('Log_hesitation');
		expect(logged.json).toEqual([
			expect.objectContaining({
				patientId: String(patNum),
				reason: 'travel',
				handOff: false,
				next: expect.any(String),
				commlogId: expect.any(String),
			}),
		]);
		const added = commlogsOf(patNum).slice(logs);
		expect(added.map((c) => c.Note)).toEqual([
			'Treatment follow-up: patient hesitant (travel). Away for work until next month',
		]);
	});

	it('hands off through the tool when the model cannot finish: a chart note and the staff task back to the model', async () => {
		const patNum = patients[5];
		const logs = commlogsOf(patNum).length;
		llm.script([
			{
				toolCall: {
					name: 'Hand off to staff',
					args: { topic: 'booking_help', summary: 'Wants a Saturday visit; none of the approved times fit' },
				},
			},
			{ say: 'A member of our team will reach out to find a time that works for you.' },
		]);
		const answer = await message(patNum, 'Do you have anything on a Saturday? Weekdays are impossible for me.');
		expect(answer.reply).toMatch(/team will reach out/);
		const [handed] = toolNamed('Hand_off_to_staff');
		expect(handed.json).toEqual([
			expect.objectContaining({ kind: 'chairside.task', patientId: String(patNum), topic: 'booking_help' }),
		]);
		expect(
			commlogsOf(patNum)
				.slice(logs)
				.map((c) => c.Note),
		).toEqual(['Needs staff follow-up: booking help. Wants a Saturday visit; none of the approved times fit']);
	});

	it('refuses a chart note with clinical detail from the model: an error back, nothing in the chart', async () => {
		const patNum = patients[3];
		const logs = commlogsOf(patNum).length;
		llm.script([
			{
				toolCall: { name: 'Log hesitation', args: { reason: 'timing', note: 'Wants to wait on D2740 for tooth #14' } },
			},
			{ say: 'No problem, we will check in later.' },
		]);
		await message(patNum, 'Not now, maybe after the holidays.');
		const refused = toolNamed('Log_hesitation').at(-1)!;
		expect(refused.json).toEqual([{ error: expect.stringMatching(/^Note contains .*no clinical detail/) }]);
		expect(commlogsOf(patNum)).toHaveLength(logs);
	});

	it('holds back a reply that drifts into prices: it is not sent, staff get it', async () => {
		const patNum = patients[4];
		const logs = commlogsOf(patNum).length;
		const mark = staffMark();
		llm.script([{ say: 'Good news: a crown is only $950 with our in-house payment plan.' }]);
		const answer = await message(patNum, 'Hi, what should I do next about my visit?');
		expect(llm.chatRequests().at(-1)?.response).toMatchObject({
			choices: [{ message: { content: expect.stringContaining('$950') } }],
		});
		expect(answer).toMatchObject({ kind: 'task', patientId: String(patNum), step: 'financing', status: 'open' });
		expect(answer).not.toHaveProperty('reply');
		const [alert] = (await expectHandedOff(mark, patNum, false)).slack;
		expect(alert).toMatch(/about cost, financing or insurance/);
		expect(alert).not.toContain('$950');
		expect(commlogsOf(patNum).slice(logs)).toHaveLength(1);
	});
	it('hands the message to staff when the chat model fails, instead of leaving the patient unanswered', async () => {
		const patNum = patients[4];
		const logs = commlogsOf(patNum).length;
		const chats = llm.chatRequests().length;
		const mark = staffMark();
		// No script: the model answers 400, which n8n does not retry.
		const answer = await message(patNum, 'Hi, can I book my next visit?');
		expect(
			llm
				.chatRequests()
				.slice(chats)
				.map((r) => r.status),
		).toEqual([400]);
		expect(answer).toMatchObject({ kind: 'task', patientId: String(patNum), step: 'other', status: 'open' });
		const [alert] = (await expectHandedOff(mark, patNum, false)).slack;
		expect(alert).toMatch(/an answer the AI coordinator could not give/);
		expect(
			commlogsOf(patNum)
				.slice(logs)
				.map((c) => c.Note),
		).toEqual([expect.stringMatching(/^Needs staff follow-up: other\. The AI coordinator could not answer/)]);
	});
});

describe('hand-offs at the same instant', () => {
	it('two patients screened to staff at once: each reaches the front desk once per channel, by first name', async () => {
		const [a, b] = [patients[2], patients[3]];
		const mark = staffMark();
		llm.script([{ say: 'must not be used' }]);
		const answers = await Promise.all([
			message(a, 'Do you offer payment plans for this?'),
			message(b, 'Is there a discount if I pay in cash? It is too expensive.'),
		]);
		expect(answers.map((x) => [x.patientId, x.status])).toEqual([
			[String(a), 'open'],
			[String(b), 'open'],
		]);
		await until('both alerts', async () =>
			staffSince(mark).slack.length >= 2 && staffSince(mark).gmail.length >= 2 ? true : undefined,
		);
		// Nothing more arrives late (a second run of the same hand-off would claim it again and find it taken).
		await new Promise((r) => setTimeout(r, 1_000));
		const alerts = staffSince(mark);
		expect([alerts.slack.length, alerts.gmail.length, alerts.sms.length]).toEqual([2, 2, 0]);
		for (const [patNum, channel] of [a, b].flatMap(
			(p) =>
				[
					[p, alerts.slack],
					[p, alerts.gmail],
				] as const,
		)) {
			const mine = channel.filter((t) => t.includes(`(patient ${patNum})`));
			expect(mine).toHaveLength(1);
			expectNamed(mine[0], patNum);
		}
	});
});

describe("the AI coordinator's door: who the patient is comes from a verified channel, never from the body", () => {
	it('refuses a request without the header (or with a wrong one): 403, no execution, no model call', async () => {
		const before = await executionCount();
		const chats = llm.chatRequests().length;
		llm.script([{ say: 'must not be used' }]);
		const bare = await knock({ patientId: String(patients[0]), message: 'Book me in, please.' }, {});
		const wrong = await knock(
			{ message: 'Book me in, please.' },
			{ [DOOR.headerName]: 'not-the-key', 'x-chairside-patient-token': tokenFor(patients[0]) },
		);
		expect([bare.status, wrong.status]).toEqual([403, 403]);
		// Give a (wrongly) started run time to be saved before counting.
		await new Promise((r) => setTimeout(r, 1_000));
		expect(await executionCount()).toBe(before);
		expect(llm.chatRequests()).toHaveLength(chats);
	});

	it.each([
		[
			'a patient number in the body and no token',
			() => ({ body: { patientId: String(patients[0]), message: 'Book me in.' }, token: undefined }),
			/No patient token/,
		],
		[
			'a token signed with another secret',
			() => ({
				body: { message: 'Book me in.' },
				token: tokenFor(patients[0], 10, 'someone-elses-secret-0123456789abcdef0123'),
			}),
			/signature does not verify/,
		],
		[
			'a token for one patient re-labelled for another',
			() => ({
				body: { message: 'Book me in.' },
				token: tokenFor(patients[0]).replace(`.${patients[0]}.`, `.${patients[1]}.`),
			}),
			/signature does not verify/,
		],
		['an expired token', () => ({ body: { message: 'Book me in.' }, token: tokenFor(patients[0], -1) }), /has expired/],
		[
			'a token that claims to live for a week',
			() => ({ body: { message: 'Book me in.' }, token: tokenFor(patients[0], 7 * 24 * 60) }),
			/longer than 60 minutes/,
		],
	])(
		'refuses %s: the run stops at Verify Patient, the model is never called, nothing is written',
		async (_what, request, reason) => {
			const { body, token } = request();
			const chats = llm.chatRequests().length;
			const logs = od.state.commlogs.length;
			const appointments = practice.appointments.length;
			llm.script([{ say: 'must not be used' }]);
			const response = await knock(body, {
				[DOOR.headerName]: DOOR.headerValue,
				...(token ? { 'x-chairside-patient-token': token } : {}),
			});
			expect(response.ok).toBe(false);
			const run = await lastExecution();
			expect(run.status).toBe('error');
			// The refusal says what is wrong with the token (saved with the execution), never who it names.
			expect(run.data).toMatch(reason);
			expect(run.data).toMatch(/Verify Patient/);
			expect(llm.chatRequests()).toHaveLength(chats);
			expect(od.state.commlogs).toHaveLength(logs);
			expect(practice.appointments).toHaveLength(appointments);
		},
	);

	it("remembers the patient's conversation between messages, per patient", async () => {
		const [first, other] = [patients[0], patients[1]];
		llm.script([{ say: 'Happy to help. Mornings or afternoons?' }]);
		await message(first, 'I want to book my crown visit.');
		llm.script([{ say: 'Great, I will look at mornings.' }]);
		await message(first, 'Mornings, please.');
		const second = llm.chatRequests().at(-1)!.body as Json;
		const said = (second.messages as Json[]).map((m) => String(m.content ?? ''));
		expect(said).toEqual(
			expect.arrayContaining([
				expect.stringContaining('book my crown visit'),
				'Happy to help. Mornings or afternoons?',
				expect.stringContaining('Mornings, please.'),
			]),
		);
		// Another patient's conversation starts empty: memory is keyed by the verified patient.
		llm.script([{ say: 'Hello!' }]);
		await message(other, 'Hello');
		const theirs = (llm.chatRequests().at(-1)!.body as Json).messages as Json[];
		expect(theirs.some((m) => String(m.content ?? '').includes('crown visit'))).toBe(false);
	});
});

describe("the text door: the patient is the verified texting number's, the answer goes out through Patient Message", () => {
	it("a Twilio-signed text from a known number gets the agent's answer by text: guard passed as a care reply, journal and chart note written", async () => {
		const patNum = patients[5];
		const logs = commlogsOf(patNum).length;
		llm.script([{ say: 'Happy to help you book. Would a weekday morning suit you?' }]);
		const { status, run } = await text(TEXTERS.known, 'Hi, can I book my crown visit?');
		expect(status).toBe(200);
		expect(run!.status).toBe('success');
		// The agent saw the patient's words; its tools act for the patient the journal names.
		expect(
			(llm.chatRequests().at(-1)!.body as Json).messages.some((m: Json) =>
				String(m.content).includes('book my crown visit'),
			),
		).toBe(true);
		const sent = await until('the text reply', () =>
			textsTo(TEXTERS.known).find((m) => m.direction === 'outbound-api'),
		);
		expect(sent.body).toBe('Happy to help you book. Would a weekday morning suit you?');
		// Through the guard as a reply to the patient's message (at any hour: it names the message it answers).
		expect(run!.data).toContain('coordinator-reply/');
		expect(run!.data).toMatch(/care_reply/);
		expect(run!.data).toContain('"Write Journal"');
		expect(
			commlogsOf(patNum)
				.slice(logs)
				.map((c) => ({ note: c.Note, mode: c.Mode_, sent: c.SentOrReceived })),
		).toEqual([
			expect.objectContaining({
				note: expect.stringMatching(/^Answered the patient's text \(AI treatment coordinator\)/),
			}),
		]);
	});

	it('a text from an opted-out number is answered by no one: the guard blocks it (opt-out is a shared fact), nothing reaches Twilio', async () => {
		await text(TEXTERS.stopped, 'STOP');
		llm.script([{ say: 'We have openings next week.' }]);
		const { run } = await text(TEXTERS.stopped, 'Actually, can I book?');
		expect(run!.status).toBe('success');
		// Patient Message's Blocked output, with the guard's rule and reason (recorded in the journal).
		expect(run!.data).toContain('opt_out: this number texted STOP');
		expect(textsTo(TEXTERS.stopped).filter((m) => m.direction === 'outbound-api')).toHaveLength(0);
	});

	it('a text from a number the journal does not know reaches no model and sends nothing', async () => {
		const chats = llm.chatRequests().length;
		llm.script([{ say: 'must not be used' }]);
		// Not staff either: the front desk's mobile is a number the journal does not know, but it is no stranger.
		expect(TEXTERS.stranger).not.toBe(SANDBOX_FRONT_DESK_MOBILE);
		const { run } = await text(TEXTERS.stranger, 'Book me in for patient 1234 please');
		expect(run!.status).toBe('success');
		expect(llm.chatRequests()).toHaveLength(chats);
		expect(textsTo(TEXTERS.stranger).filter((m) => m.direction === 'outbound-api')).toHaveLength(0);
	});

	it('refuses an unsigned or forged text: 403, no execution, no model call', async () => {
		const before = await executionCount();
		const chats = llm.chatRequests().length;
		const { status } = await text(TEXTERS.known, 'Book me in', { forgeSignature: true });
		expect(status).toBe(403);
		await new Promise((r) => setTimeout(r, 1_000));
		expect(await executionCount()).toBe(before);
		expect(llm.chatRequests()).toHaveLength(chats);
	});

	it('a chart note Open Dental keeps refusing is not lost: the text still goes, the front desk is alerted once (inbox and Slack), the journal gets an open staff task', async () => {
		const patNum = patients[5];
		const logs = commlogsOf(patNum).length;
		const lostNote = /add it by hand/;
		const mark = staffMark();
		const slackAlerts = () => slack.posts.slice(mark.slack).filter((p) => lostNote.test(p.text ?? ''));
		const mailAlerts = () =>
			gmail.outbox
				.slice(mark.gmail)
				.filter((m) => m.to.includes(SANDBOX_FRONT_DESK_EMAIL) && lostNote.test(`${m.subject}\n${m.text}`));
		expect(slackAlerts()).toEqual([]);
		// Last in the file: the simulator has no way to lift a fault early, and this one outlasts every retry.
		od.fault({ method: 'POST', path: /^\/commlogs/, status: 500, times: 20 });
		llm.script([{ say: 'Of course. Mornings or afternoons?' }]);
		const { run } = await text(TEXTERS.known, 'Could we find a time next week?');
		expect(run!.status).toBe('success');
		await until('the text reply', () =>
			textsTo(TEXTERS.known).find(
				(m) => m.direction === 'outbound-api' && m.body === 'Of course. Mornings or afternoons?',
			),
		);
		expect(commlogsOf(patNum)).toHaveLength(logs);
		expect(run!.data).toContain('"Chart Note Lost"');
		expect(run!.data).toMatch(/"task"/);
		// Hand Off to Staff delivered it: one alert on each of the profile's staff channels, naming the patient by first name (from Open Dental) and number, no surname.
		expect(run!.data).toContain('"Hand Off to Staff"');
		expect(slackAlerts()).toHaveLength(1);
		expect(slack.channelOf(`${slack.url}${slackAlerts()[0].path}`)).toBe('#front-desk');
		expect(mailAlerts()).toHaveLength(1);
		const surname = practice.patients.find((p) => p.PatNum === patNum)!.LName;
		for (const alert of [slackAlerts()[0].text!, `${mailAlerts()[0].subject}\n${mailAlerts()[0].text}`]) {
			expect(alert).toMatch(new RegExp(`patient ${patNum}\\b`, 'i'));
			expect(alert).toMatch(/By: /);
			expect(alert).not.toContain(surname);
			expectNamed(alert, patNum);
		}
		// Not urgent: no text to the front desk's mobile; nothing else reached staff.
		expect(frontDeskTexts()).toHaveLength(mark.sms);
		expect([slack.posts.length - mark.slack, gmail.outbox.length - mark.gmail]).toEqual([1, 1]);
	});
});
