/**
 * Booking by text, from the workflows a practice imports, in a real n8n against the Open Dental,
 * Twilio and Gmail simulators: the treatment follow-up journey enrolls six patients, then
 * booking-from-reply answers their texts. YES -> two approved openings -> "2" -> one appointment,
 * a confirmation, chart notes, the journey stopped; a slot taken in between; a 504 after the
 * appointment was written; STOP; questions and stray digits go to staff. Replies run on real time.
 */
import { DateTime } from 'luxon';
import { login, setupOwner } from '../../sandbox/n8n/owner';
import { freePort, N8nSandbox, type WorkflowJson } from '../../sandbox/n8n/runner';
import { loadWorkflow } from '../../sandbox/n8n/workflows';
import {
	configureJourney,
	messagingCredentials,
	practiceProfile,
	SANDBOX_FRONT_DESK_EMAIL,
} from '../../sandbox/journeys/setup';
import { SANDBOX_GMAIL } from '../../sandbox/gmail/defaults';
import { startGmailSimulator, type GmailSimulator } from '../../sandbox/gmail';
import { startOpenDentalSimulator, type OpenDentalSimulator } from '../../sandbox/opendental';
import { generatePractice } from '../../sandbox/practice/generate';
import type { Practice } from '../../sandbox/practice/types';
import { startTwilioSimulator, type TwilioSimulator } from '../../sandbox/twilio';
import { SANDBOX_TWILIO } from '../../sandbox/twilio/defaults';
import { parseWindows, inWindows } from '../../core/booking/slots';
import { CREDENTIAL_NAMES } from '../../sandbox/n8n/credential-names';
import { choosePatients, planCrown, reachable } from './journey-world';
import {
	chartText,
	expectLastExecutionSucceeded,
	untagged,
	journalReader,
	tickable,
	until,
	untilActive,
	withPhi,
} from './ticks';

type Json = Record<string, unknown>;
const ZONE = 'America/Chicago';
const NOW = DateTime.now().setZone(ZONE).startOf('minute');
const OD_KEYS = { developerKey: 'e2e-dev', customerKey: 'e2e-cust' };
const LOCAL = 'yyyy-MM-dd HH:mm:ss';
const WHO = { books: 0, taken: 1, timeout: 2, stops: 3, asks: 4, quiet: 5 } as const;
const IDS = { tick: 'e2ebookingtick01', booking: 'e2ebookfromrep01', journal: 'e2ejournalread02' };

let practice: Practice;
let od: OpenDentalSimulator;
let twilio: TwilioSimulator;
let gmail: GmailSimulator;
let n8n: N8nSandbox;
let base = '';
let replyUrl = '';
let cookie = '';
let approved: ReturnType<typeof parseWindows>;
const patNums: number[] = [];
const mobile = (i: number) => `+1512555018${i}`;

/** Six active patients with one crown plan each, presented two days ago, nothing booked ahead. */
function shapePractice(p: Practice): void {
	p.procedures = p.procedures.filter((proc) => proc.ProcStatus !== 'TP');
	choosePatients(p, 6).forEach((pat, i) => {
		reachable(pat, mobile(i), `patient${i}@example.com`);
		patNums.push(pat.PatNum);
		planCrown(p, pat, NOW.minus({ days: 2 }), { fee: 1400, tooth: '30' });
	});
}

/**
 * The shipped workflow with each Hand Off moved above its journal upsert on the canvas: n8n (v1
 * order, the higher node first) then writes Hand Off's row before Record's. The task rows must still
 * end handed off: one writer per row, whatever the layout.
 */
function handOffFirst(w: WorkflowJson): WorkflowJson {
	const copy = JSON.parse(JSON.stringify(w)) as WorkflowJson;
	for (const [write, handOff] of [
		['Write Journal', 'Hand Off to Staff'],
		['Write Reply', 'Hand Off Replies'],
	]) {
		const a = copy.nodes.find((n) => n.name === write) as unknown as { position: number[] };
		const b = copy.nodes.find((n) => n.name === handOff) as unknown as { position: number[] };
		expect(b.position[1]).toBeGreaterThan(a.position[1]);
		[a.position, b.position] = [b.position, a.position];
	}
	return copy;
}

async function journal(): Promise<Json[]> {
	const rows = (await (await fetch(`${base}/webhook/journal`)).json()) as Json[];
	return rows.filter((r) => r.key);
}
const textsTo = (i: number) => twilio.outbox.filter((m) => m.to === mobile(i) && m.direction === 'outbound-api');
const appointmentsOf = (i: number) =>
	practice.appointments.filter(
		(a) => a.PatNum === patNums[i] && a.AptStatus === 'Scheduled' && a.AptDateTime > NOW.toFormat(LOCAL),
	);
const commlogsOf = (i: number) => od.state.commlogs.filter((c) => c.PatNum === patNums[i]);

/** A text from patient i; resolves when the booking workflow has recorded it (and answered, when it should). */
async function reply(i: number, body: string, answered = true): Promise<{ sid: string; answer: string | null }> {
	const before = textsTo(i).length;
	const [delivery] = await twilio.inbound({ webhookUrl: replyUrl, from: mobile(i), body });
	expect(delivery.status).toBe(200);
	const sid = twilio.inbox.at(-1)!.sid;
	await until(`the journal row of "${body}"`, async () => (await journal()).find((r) => r.key === `reply/${sid}`));
	await expectLastExecutionSucceeded(base, (cookie ||= await login(base)), IDS.booking, `the reply "${body}"`);
	const answer = answered
		? await until(`the answer to "${body}"`, () => (textsTo(i).length > before ? textsTo(i).at(-1)!.body : undefined))
		: null;
	return { sid, answer };
}

async function offerOf(i: number): Promise<{
	row: Json;
	options: Array<{ option: number; start: string; end: string; providerId: string; operatoryId: string }>;
}> {
	const row = (await journal()).find((r) => r.key === `offer/${patNums[i]}`)!;
	return { row, options: JSON.parse(String(row.detail)) };
}

const local = (iso: string) => DateTime.fromISO(iso).setZone(ZONE).toFormat(LOCAL);

beforeAll(async () => {
	practice = generatePractice({ seed: 31, patients: 80, stage: 3, today: NOW.toISODate() as string });
	shapePractice(practice);
	od = await startOpenDentalSimulator({ practice, ...OD_KEYS, mode: 'local', now: () => DateTime.now().setZone(ZONE) });
	twilio = await startTwilioSimulator({
		accountSid: SANDBOX_TWILIO.accountSid,
		authToken: SANDBOX_TWILIO.authToken,
		messagingServiceSid: SANDBOX_TWILIO.messagingServiceSid,
		phoneNumbers: [SANDBOX_TWILIO.phoneNumber],
	});
	gmail = await startGmailSimulator({ ...SANDBOX_GMAIL, port: 0 });

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
		...messagingCredentials(
			{
				url: twilio.url,
				accountSid: SANDBOX_TWILIO.accountSid,
				authToken: SANDBOX_TWILIO.authToken,
				messagingServiceSid: SANDBOX_TWILIO.messagingServiceSid,
			},
			gmail.url,
		),
	]);
	const profile = practiceProfile(practice);
	const followUp = {
		...tickable(configureJourney(loadWorkflow('treatment-follow-up.json'), profile, ZONE), 'tick'),
		id: IDS.tick,
	};
	const booking = {
		...handOffFirst(configureJourney(loadWorkflow('booking-from-reply.json'), profile, ZONE)),
		id: IDS.booking,
	};
	approved = parseWindows(String(booking.nodes.find((n) => n.name === 'Book')!.parameters.windows));
	const ids = await n8n.importWorkflows([followUp, booking, { ...journalReader, id: IDS.journal }]);
	for (const id of ids) expect((await n8n.cli(['publish:workflow', `--id=${id}`])).code).toBe(0);
	replyUrl = `${base}/webhook/${booking.nodes.find((n) => n.name === 'Patient Reply')!.webhookId as string}/twilio-sms`;
	await n8n.start(port);
	await untilActive(() => fetch(`${base}/webhook/journal`));
	await setupOwner(base);
	await tick(NOW);
}, 600_000);

afterAll(async () => {
	await n8n?.stop();
	await Promise.all([od?.close(), twilio?.close(), gmail?.close()]);
	n8n?.dispose();
});

async function tick(now: DateTime): Promise<void> {
	const response = await fetch(`${base}/webhook/tick?now=${encodeURIComponent(now.toUTC().toISO() as string)}`, {
		signal: AbortSignal.timeout(120_000),
	});
	expect(response.ok).toBe(true);
	await expectLastExecutionSucceeded(base, (cookie ||= await login(base)), IDS.tick, `tick at ${now.toISO()}`);
}

describe('booking from a text reply', () => {
	it('the journey enrolled all six patients (the replies have someone to answer)', async () => {
		const enrolled = (await journal()).filter((r) => r.kind === 'enrollment' && r.journey === 'treatment-follow-up');
		expect(enrolled.map((r) => Number(r.patientId)).sort()).toEqual([...patNums].sort());
	});

	it('YES gets two approved openings by text, kept as the open offer', async () => {
		const { answer } = await reply(WHO.books, 'YES');
		expect(answer).toMatch(
			/^Riverside Dental: we can see you .+ \(reply 1\) or .+ \(reply 2\)\. Reply 1 or 2 to book, or call \(512\) 555-0100\.$/,
		);
		const { row, options } = await offerOf(WHO.books);
		expect(row).toMatchObject({
			kind: 'offer',
			status: 'open',
			enrollment: expect.stringMatching(/^treatment-follow-up\//),
		});
		expect(options).toHaveLength(2);
		for (const o of options) {
			expect(DateTime.fromISO(o.start) > NOW).toBe(true);
			expect(
				inWindows(
					{ start: local(o.start), end: local(o.end), providerId: o.providerId, operatoryId: o.operatoryId },
					approved,
				),
			).toBe(true);
			expect(answer).toContain(DateTime.fromISO(o.start).setZone(ZONE).toFormat("ccc, LLL d 'at' h:mm a"));
		}
	}, 120_000);

	it('"2" books exactly one appointment at the offered time, confirms it, writes the chart and stops the journey', async () => {
		const { options } = await offerOf(WHO.books);
		const { answer } = await reply(WHO.books, '2');
		const when = DateTime.fromISO(options[1].start).setZone(ZONE);
		expect(answer).toBe(
			`Riverside Dental: you're booked for ${when.toFormat("ccc, LLL d 'at' h:mm a")}. See you then! To change it, call (512) 555-0100.`,
		);
		const booked = appointmentsOf(WHO.books);
		expect(booked).toHaveLength(1);
		expect(booked[0]).toMatchObject({
			AptDateTime: when.toFormat(LOCAL),
			ProvNum: Number(options[1].providerId),
			Op: Number(options[1].operatoryId),
		});
		expect(booked[0].lengthMinutes).toBe(60);
		const rows = await journal();
		const enrollment = rows.find((r) => r.kind === 'enrollment' && r.patientId === String(patNums[WHO.books]))!;
		expect(enrollment).toMatchObject({ status: 'stopped', reason: 'booked' });
		expect(rows.find((r) => r.key === `offer/${patNums[WHO.books]}`)).toMatchObject({
			status: 'booked',
			reason: `appointment ${booked[0].AptNum}`,
		});
		const notes = await until('four chart notes', () =>
			commlogsOf(WHO.books).length >= 4 ? commlogsOf(WHO.books) : undefined,
		);
		expect(notes.map((c) => [c.SentOrReceived, chartText(c.Note)]).sort()).toEqual(
			[
				['Received', 'Patient asked to book by text'],
				['Received', 'Patient picked an offered time by text'],
				['Sent', 'Texted 2 appointment option(s)'],
				['Sent', `Booked by text reply; confirmation texted for ${when.toFormat("ccc, LLL d 'at' h:mm a")}`],
			].sort(),
		);
		// No code, tooth number or diagnosis as the guard reads them (core/guard/phi.ts), nor the treatment's name.
		expect(withPhi(notes.map((c) => untagged(c.Note)))).toEqual([]);
		for (const c of notes) expect(untagged(c.Note)).not.toMatch(/tooth|crown/i);
	}, 120_000);

	it('"2" again books nothing more and texts nothing more', async () => {
		const before = textsTo(WHO.books).length;
		await reply(WHO.books, '2', false);
		expect(appointmentsOf(WHO.books)).toHaveLength(1);
		expect(textsTo(WHO.books)).toHaveLength(before);
	}, 120_000);

	it('a slot taken between offer and pick: an apology with new openings, nothing double-booked, and the new pick books', async () => {
		await reply(WHO.taken, 'yes please');
		const { options } = await offerOf(WHO.taken);
		const first = options[0];
		const someoneElse = practice.patients.find((p) => p.PatStatus === 'Patient' && !patNums.includes(p.PatNum))!;
		od.bookAppointment({
			patNum: someoneElse.PatNum,
			start: local(first.start),
			lengthMinutes: 60,
			provNum: Number(first.providerId),
			op: Number(first.operatoryId),
		});
		const { answer } = await reply(WHO.taken, '1');
		expect(answer).toMatch(/^Riverside Dental: sorry, that time was just taken\. We can see you .+ \(reply 1\)/);
		expect(appointmentsOf(WHO.taken)).toHaveLength(0);
		const clash = practice.appointments.filter(
			(a) => a.AptStatus === 'Scheduled' && a.AptDateTime === local(first.start) && a.Op === Number(first.operatoryId),
		);
		expect(clash).toHaveLength(1);
		const fresh = await offerOf(WHO.taken);
		expect(fresh.row).toMatchObject({ status: 'open', reason: 'taken' });
		expect(fresh.options.some((o) => o.start === first.start && o.operatoryId === first.operatoryId)).toBe(false);
		const { answer: confirmed } = await reply(WHO.taken, '1');
		expect(confirmed).toMatch(/you're booked for/);
		expect(appointmentsOf(WHO.taken).map((a) => a.AptDateTime)).toEqual([local(fresh.options[0].start)]);
	}, 180_000);

	it('"1" sent twice at the same instant while Open Dental answers 504 after writing: one appointment, one confirmation', async () => {
		await reply(WHO.timeout, 'Yes');
		od.fault({ method: 'POST', path: /^\/appointments$/, status: 504, afterApply: true });
		// Two texts from the patient, delivered at once: two executions race for one booking.
		const deliveries = await Promise.all(
			[1, 2].map(() => twilio.inbound({ webhookUrl: replyUrl, from: mobile(WHO.timeout), body: '1' })),
		);
		expect(deliveries.map(([d]) => d.status)).toEqual([200, 200]);
		const sids = twilio.inbox.filter((m) => m.from === mobile(WHO.timeout) && m.body === '1').map((m) => m.sid);
		await until('both picks recorded', async () => {
			const keys = new Set((await journal()).map((r) => r.key));
			return sids.every((sid) => keys.has(`reply/${sid}`)) ? true : undefined;
		});
		await until('the confirmation', () =>
			textsTo(WHO.timeout).some((m) => /booked for/.test(m.body)) ? true : undefined,
		);
		await new Promise((r) => setTimeout(r, 2000));
		expect(appointmentsOf(WHO.timeout)).toHaveLength(1);
		expect(textsTo(WHO.timeout).filter((m) => /booked for/.test(m.body))).toHaveLength(1);
	}, 120_000);

	it('STOP turns texting off in Open Dental and stops the journey', async () => {
		await reply(WHO.stops, 'STOP', false);
		await until('TxtMsgOk = No', () =>
			practice.patients.find((p) => p.PatNum === patNums[WHO.stops])!.TxtMsgOk === 'No' ? true : undefined,
		);
		const rows = await journal();
		expect(rows.find((r) => r.key === `patient/${patNums[WHO.stops]}`)).toMatchObject({ status: 'opted_out' });
		expect(rows.find((r) => r.kind === 'enrollment' && r.patientId === String(patNums[WHO.stops]))).toMatchObject({
			status: 'stopped',
			reason: 'opted_out',
		});
		await until('the STOP chart note', () =>
			commlogsOf(WHO.stops).find(
				(c) =>
					c.Note.startsWith('Patient replied STOP: texts turned off [chairside:') && c.SentOrReceived === 'Received',
			),
		);
	}, 120_000);

	it('YES with no opening free, a clinical question, and a stray "1" with no offer open, go to staff: nothing offered or booked', async () => {
		// A booking notice: YES while no chair has a free opening (the practice's chairs out of the schedule for that reply).
		const chairs = practice.operatories.splice(0);
		try {
			await reply(WHO.asks, 'YES', false);
		} finally {
			practice.operatories.push(...chairs);
		}
		await reply(WHO.asks, 'does it hurt? can it wait six months?', false);
		await reply(WHO.asks, '1', false);
		const rows = await journal();
		const open = rows.filter(
			(r) => r.kind === 'task' && r.patientId === String(patNums[WHO.asks]) && r.status === 'open',
		);
		expect(open).toHaveLength(3);
		// Handed off (Hand Off's row kept, though its upsert ran first): when, and where it went.
		for (const task of open)
			expect(task).toMatchObject({ startedAt: expect.any(String), channel: expect.stringContaining('email') });
		expect(rows.find((r) => r.kind === 'enrollment' && r.patientId === String(patNums[WHO.asks]))).toMatchObject({
			status: 'paused',
			reason: 'handoff',
		});
		expect(rows.find((r) => r.key === `offer/${patNums[WHO.asks]}`)).toBeUndefined();
		expect(appointmentsOf(WHO.asks)).toHaveLength(0);
		expect(textsTo(WHO.asks).filter((m) => /reply 1/.test(m.body))).toHaveLength(0);
		// The front desk's inbox got all three, once each, by the first name Hand Off read from Open Dental.
		const patient = practice.patients.find((p) => p.PatNum === patNums[WHO.asks])!;
		const named = `${patient.FName.split(' ')[0]} (patient ${patient.PatNum})`;
		const alerts = await until('the three staff alerts', () => {
			const mails = gmail.outbox.filter(
				(m) => m.to.includes(SANDBOX_FRONT_DESK_EMAIL) && m.text.includes(`(patient ${patient.PatNum})`),
			);
			return mails.length >= 3 ? mails : undefined;
		});
		await new Promise((r) => setTimeout(r, 1_000));
		expect(
			gmail.outbox.filter(
				(m) => m.to.includes(SANDBOX_FRONT_DESK_EMAIL) && m.text.includes(`patient ${patient.PatNum}`),
			),
		).toHaveLength(3);
		for (const alert of alerts) {
			expect(`${alert.subject}\n${alert.text}`).toContain(named);
			expect(`${alert.subject}\n${alert.text}`).not.toContain(patient.LName);
		}
		expect(
			alerts
				.map((m) =>
					/no approved opening was free: call to book/.test(m.text)
						? 'booking'
						: /question for the dentist/.test(m.text)
							? 'question'
							: /healing check-in/.test(m.text)
								? 'digit'
								: m.text,
				)
				.sort(),
		).toEqual(['booking', 'digit', 'question']);
	}, 120_000);

	it('two days on, the booked and stopped patients get no journey texts; the quiet patient still does', async () => {
		const counts = () => patNums.map((_, i) => textsTo(i).length);
		const before = counts();
		await tick(NOW.plus({ days: 2 }).set({ hour: 12, minute: 0 }));
		const after = counts();
		for (const i of [WHO.books, WHO.taken, WHO.timeout, WHO.stops, WHO.asks]) expect(after[i]).toBe(before[i]);
		expect(after[WHO.quiet]).toBeGreaterThan(before[WHO.quiet]);
	}, 120_000);

	it('every text carries no code, tooth number or treatment name', () => {
		const texts = twilio.outbox.filter((x) => x.direction === 'outbound-api' && /reply 1|booked for/.test(x.body));
		expect(texts.length).toBeGreaterThan(0);
		expect(withPhi(texts.map((m) => m.body))).toEqual([]);
		for (const m of texts) expect(m.body).not.toMatch(/tooth|crown/i);
	});
});
