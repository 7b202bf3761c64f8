/**
 * Appointment reminders and review requests, from the workflows a practice imports, in a real n8n
 * against the Open Dental and Twilio simulators. The schedules are ticked with a simulated "now";
 * replies run on real time, as Twilio delivers them.
 *
 * - the reminder goes out two days before the visit at 10:00 in the practice's zone, not at 09:59;
 * - "C" confirms the visit in Open Dental (read back through its API) with one PUT .../Confirm, even
 *   when two "C"s arrive at the same instant, and the patient is thanked once;
 * - "R" starts the booking conversation (openings by text), "C" with no reminder open goes to staff;
 * - a review request goes out the day after a completed visit, once (two ticks at the same instant,
 *   and later ticks), never after a complaint and never after STOP.
 */
import { DateTime } from 'luxon';
import { configureJourney, profileCredential } from '../../sandbox/journeys/setup';
import { loadWorkflow } from '../../sandbox/n8n/workflows';
import { generatePractice } from '../../sandbox/practice/generate';
import type { Practice } from '../../sandbox/practice/types';
import {
	OD_KEYS,
	reachable,
	startJourneyN8n,
	startJourneyWorld,
	type JourneyN8n,
	type JourneyWorld,
} from './journey-world';
import { expectLastExecutionSucceeded, until } from './ticks';

type Json = Record<string, unknown>;
const ZONE = 'America/Chicago';
const NOW = DateTime.now().setZone(ZONE).startOf('minute');
const LOCAL = 'yyyy-MM-dd HH:mm:ss';
/** Patients with a visit in two days (reminders) and with a visit completed yesterday (reviews). */
const WHO = { confirms: 0, moves: 1, quiet: 2, reviewed: 3, complains: 4, stops: 5 } as const;
const VISIT_DAY = NOW.plus({ days: 2 }).startOf('day');
const VISITED = NOW.minus({ days: 1 }).startOf('day');

let practice: Practice;
let world: JourneyWorld;
let running: JourneyN8n;
let replyUrl = '';
let reviewLink = '';
const patNums: number[] = [];
const aptNums: number[] = [];
const mobile = (i: number) => `+1512555017${i}`;

/** Six active patients who text: three with a visit in two days at 14:30, three seen yesterday at 09:00. */
function shapePractice(p: Practice): void {
	const active = p.patients.filter((pat) => pat.PatStatus === 'Patient').slice(0, 6);
	const chosen = new Set(active.map((pat) => pat.PatNum));
	p.appointments = p.appointments.filter((apt) => !chosen.has(apt.PatNum));
	const provider = p.providers.find((pr) => !pr.IsHygienist)!;
	const op = p.operatories[0];
	active.forEach((pat, i) => {
		reachable(pat, mobile(i), `patient${i}@example.com`);
		patNums.push(pat.PatNum);
		const day = i < 3 ? VISIT_DAY : VISITED;
		const start = day.set({ hour: i < 3 ? 14 : 9, minute: i < 3 ? 30 : 0 }).plus({ hours: i % 3 });
		const aptNum = Math.max(0, ...p.appointments.map((a) => a.AptNum)) + 1;
		p.appointments.push({
			...p.appointments[0],
			AptNum: aptNum,
			PatNum: pat.PatNum,
			AptStatus: i < 3 ? 'Scheduled' : 'Complete',
			AptDateTime: start.toFormat(LOCAL),
			lengthMinutes: 60,
			ProvNum: provider.ProvNum,
			Op: op.OperatoryNum,
		});
		aptNums.push(aptNum);
	});
}

const journal = () => running.journal();
const textsTo = (i: number) => world.texts().filter((m) => m.to === mobile(i));
const confirmPuts = (aptNum: number) =>
	world.od.requests.filter((r) => r.method === 'PUT' && r.path.endsWith(`/appointments/${aptNum}/Confirm`));

/** The appointment as Open Dental's API answers it (GET /appointments/{AptNum}). */
async function readBack(aptNum: number): Promise<Json> {
	const response = await fetch(`${world.od.url}/appointments/${aptNum}`, {
		headers: {
			Authorization: `ODFHIR ${OD_KEYS.developerKey}/${OD_KEYS.customerKey}`,
			'Content-Type': 'application/json',
		},
	});
	expect(response.status).toBe(200);
	return (await response.json()) as Json;
}

/** A tick of the reminders ('remind') or the review requests ('review'); its run must succeed. */
async function tick(path: 'remind' | 'review', now: DateTime): Promise<void> {
	await running.fire(path, now);
}

/** A text from patient i; resolves when the reminders workflow has recorded it and (when it should) answered. */
async function reply(i: number, body: string, answered = true): Promise<{ sid: string; answer: string | null }> {
	const before = textsTo(i).length;
	const [delivery] = await world.twilio.inbound({ webhookUrl: replyUrl, from: mobile(i), body });
	expect(delivery.status).toBe(200);
	const sid = world.twilio.inbox.at(-1)!.sid;
	await until(`the journal row of "${body}"`, async () => (await journal()).find((r) => r.key === `reply/${sid}`));
	const replies = running.workflowIds[2];
	await expectLastExecutionSucceeded(running.base, running.cookie, replies, `the reply "${body}"`);
	const answer = answered
		? await until(`the answer to "${body}"`, () => (textsTo(i).length > before ? textsTo(i).at(-1)!.body : undefined))
		: null;
	return { sid, answer };
}

beforeAll(async () => {
	practice = generatePractice({ seed: 37, patients: 80, stage: 3, today: NOW.toISODate() as string });
	shapePractice(practice);
	// Replies run on real time, as Twilio delivers them: the simulators keep the wall clock.
	world = await startJourneyWorld({ practice, zone: ZONE });
	// The sandbox practice's profile has the Review Link the review request sends.
	reviewLink = String((profileCredential(ZONE, practice).data as { reviewLink: string }).reviewLink);
	const reminders = world.journey('appointment-reminders.json', 'remind');
	// C, R and every other reply come in through book from a text reply, where the number points (README).
	const replies = configureJourney(loadWorkflow('booking-from-reply.json'));
	running = await startJourneyN8n(world, [reminders, world.journey('review-request.json', 'review'), replies]);
	replyUrl = running.replyUrl(replies);
}, 600_000);

afterAll(async () => {
	await running?.close();
});

describe('appointment reminders', () => {
	const twoDaysBefore = (hour: number, minute = 0) => NOW.startOf('day').set({ hour, minute });

	it('go out two days before the visit at 10:00 in the practice zone, not before, and name the visit time', async () => {
		await tick('remind', twoDaysBefore(9, 59));
		expect([0, 1, 2].map((i) => textsTo(i).length)).toEqual([0, 0, 0]);
		await tick('remind', twoDaysBefore(10, 0));
		for (const i of [WHO.confirms, WHO.moves, WHO.quiet]) {
			const texts = textsTo(i);
			expect(texts).toHaveLength(1);
			const visit = VISIT_DAY.set({ hour: 14, minute: 30 }).plus({ hours: i % 3 });
			const name = practice.patients.find((p) => p.PatNum === patNums[i])!.FName;
			expect(texts[0].body).toBe(
				`Riverside Dental: ${name}, see you ${visit.toFormat("ccc, LLL d 'at' h:mm a")}. Reply C to confirm, R to reschedule, or call (512) 555-0100. Reply STOP to opt out`,
			);
			expect(texts[0].body.length).toBeLessThanOrEqual(160);
		}
		// A completed visit gets no reminder; an hour later nothing more goes.
		expect(textsTo(WHO.reviewed)).toHaveLength(0);
		await tick('remind', twoDaysBefore(11, 0));
		expect([0, 1, 2].map((i) => textsTo(i).length)).toEqual([1, 1, 1]);
	}, 180_000);

	it('"C" twice at the same instant confirms the visit in Open Dental with one write, and thanks the patient once', async () => {
		expect((await readBack(aptNums[WHO.confirms])).confirmed).not.toBe('Confirmed');
		const deliveries = await Promise.all(
			[1, 2].map(() => world.twilio.inbound({ webhookUrl: replyUrl, from: mobile(WHO.confirms), body: 'C' })),
		);
		expect(deliveries.map(([d]) => d.status)).toEqual([200, 200]);
		const sids = world.twilio.inbox.filter((m) => m.from === mobile(WHO.confirms) && m.body === 'C').map((m) => m.sid);
		expect(sids).toHaveLength(2);
		await until('both replies recorded', async () => {
			const keys = new Set((await journal()).map((r) => r.key));
			return sids.every((sid) => keys.has(`reply/${sid}`)) ? true : undefined;
		});
		await until('the thank-you', () =>
			textsTo(WHO.confirms).some((m) => /is confirmed/.test(m.body)) ? true : undefined,
		);
		await new Promise((r) => setTimeout(r, 2000));
		expect((await readBack(aptNums[WHO.confirms])).confirmed).toBe('Confirmed');
		expect(confirmPuts(aptNums[WHO.confirms])).toHaveLength(1);
		const thanks = textsTo(WHO.confirms).filter((m) => /is confirmed/.test(m.body));
		expect(thanks).toHaveLength(1);
		const visit = VISIT_DAY.set({ hour: 14, minute: 30 });
		expect(thanks[0].body).toBe(
			`Riverside Dental: thank you, your visit on ${visit.toFormat("ccc, LLL d 'at' h:mm a")} is confirmed. To change it, call (512) 555-0100.`,
		);
		const rows = await journal();
		expect(rows.find((r) => r.key === `appointment-reminder/appointment-${aptNums[WHO.confirms]}`)).toMatchObject({
			status: 'finished',
			reason: 'confirmed',
		});
	}, 120_000);

	it('"R" starts the booking conversation: two approved openings by text, the reminders of that visit end', async () => {
		const { answer } = await reply(WHO.moves, 'R');
		expect(answer).toMatch(
			/^Riverside Dental: we can see you .+ \(reply 1\) or .+ \(reply 2\)\. Reply 1 or 2 to book, or call \(512\) 555-0100\.$/,
		);
		const rows = await journal();
		expect(rows.find((r) => r.key === `offer/${patNums[WHO.moves]}`)).toMatchObject({
			status: 'open',
			reason: 'reschedule',
			subjectId: `appointment-${aptNums[WHO.moves]}`,
		});
		expect(rows.find((r) => r.key === `appointment-reminder/appointment-${aptNums[WHO.moves]}`)).toMatchObject({
			status: 'stopped',
			reason: 'rescheduling',
		});
		expect(confirmPuts(aptNums[WHO.moves])).toHaveLength(0);
	}, 120_000);

	it('the same morning only the unanswered visit gets its short reminder, at 08:00', async () => {
		const before = [0, 1, 2].map((i) => textsTo(i).length);
		await tick('remind', VISIT_DAY.set({ hour: 7, minute: 0 }));
		expect([0, 1, 2].map((i) => textsTo(i).length)).toEqual(before);
		await tick('remind', VISIT_DAY.set({ hour: 8, minute: 0 }));
		expect(textsTo(WHO.confirms)).toHaveLength(before[WHO.confirms]);
		expect(textsTo(WHO.moves)).toHaveLength(before[WHO.moves]);
		expect(textsTo(WHO.quiet)).toHaveLength(before[WHO.quiet] + 1);
		expect(textsTo(WHO.quiet).at(-1)!.body).toMatch(
			/^Riverside Dental: .+, your visit is today, .+\. Reply C to confirm or R to reschedule\. Reply STOP to opt out$/,
		);
	}, 180_000);

	it('"C" from a patient with no reminder open goes to staff: nothing confirmed', async () => {
		const putsBefore = world.od.requests.filter((r) => r.method === 'PUT' && r.path.endsWith('/Confirm')).length;
		const { sid } = await reply(WHO.reviewed, 'C', false);
		const rows = await journal();
		expect(rows.find((r) => r.key === `reply/${sid}`)).toMatchObject({ status: 'other' });
		expect(rows.find((r) => r.key === `task/reply/${sid}`)).toMatchObject({ kind: 'task', status: 'open' });
		expect(world.od.requests.filter((r) => r.method === 'PUT' && r.path.endsWith('/Confirm'))).toHaveLength(putsBefore);
	}, 120_000);
});

describe('review requests', () => {
	it('enroll the visits completed yesterday; a complaint and a STOP are recorded before the text is due', async () => {
		await tick('review', VISITED.set({ hour: 17, minute: 0 }));
		const rows = await journal();
		for (const i of [WHO.reviewed, WHO.complains, WHO.stops]) {
			expect(rows.find((r) => r.key === `review-request/appointment-${aptNums[i]}`)).toMatchObject({
				kind: 'enrollment',
				status: 'active',
			});
		}
		expect([WHO.reviewed, WHO.complains, WHO.stops].map((i) => textsTo(i).length)).toEqual([0, 0, 0]);
		await reply(WHO.complains, 'honestly the front desk was so rude to me yesterday', false);
		await reply(WHO.stops, 'STOP', false);
		const after = await journal();
		expect(after.find((r) => r.kind === 'reply' && r.patientId === String(patNums[WHO.complains]))).toMatchObject({
			detail: 'complaint',
		});
	}, 180_000);

	it('goes out the next day at 11:00 with the review link, once, even from two ticks at the same instant', async () => {
		const at = NOW.startOf('day').set({ hour: 11, minute: 0 });
		const responses = await Promise.all(
			[1, 2].map(() =>
				fetch(`${running.base}/webhook/review?now=${encodeURIComponent(at.toUTC().toISO() as string)}`, {
					signal: AbortSignal.timeout(120_000),
				}),
			),
		);
		expect(responses.map((r) => r.ok)).toEqual([true, true]);
		await until('the review request', () => (textsTo(WHO.reviewed).length ? true : undefined));
		await tick('review', at.plus({ hours: 3 }));
		await tick('review', at.plus({ days: 1 }));
		const texts = textsTo(WHO.reviewed);
		expect(texts).toHaveLength(1);
		expect(texts[0].body).toBe(
			`Hi ${practice.patients.find((p) => p.PatNum === patNums[WHO.reviewed])!.FName}, thank you for visiting Riverside Dental. If you have a minute, a review helps others find us: ${reviewLink} Reply STOP to opt out.`,
		);
	}, 240_000);

	it('never goes to the patient who complained or the one who texted STOP', async () => {
		expect(textsTo(WHO.complains).filter((m) => m.body.includes(reviewLink))).toHaveLength(0);
		expect(textsTo(WHO.stops).filter((m) => m.body.includes(reviewLink))).toHaveLength(0);
		const rows = await journal();
		expect(rows.find((r) => r.key === `review-request/appointment-${aptNums[WHO.complains]}`)).toMatchObject({
			status: 'stopped',
			reason: 'complained',
		});
		expect(rows.find((r) => r.key === `review-request/appointment-${aptNums[WHO.stops]}`)).toMatchObject({
			status: 'stopped',
			reason: 'opted_out',
		});
	});
});
