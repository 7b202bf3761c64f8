/**
 * The implant journey and the healing check as a practice imports them (workflows/implant-journey.json
 * and workflows/healing-check.json), inside a real n8n, against the Open Dental, Twilio and Gmail
 * simulators. Time moves by the Reference Time: two ticks a day through 8 months for one patient
 * who goes extraction -> graft -> implant -> abutment -> crown, booking each phase, and one who goes
 * quiet after the graft. Healing-check replies and a form submission are decided at REPLY_AT (their
 * branches' Reference Time is pinned), against a placement three days before: nothing depends on
 * the hour the test runs.
 */
import { DateTime } from 'luxon';
import { addBusinessHours, parsePracticeHours } from '../../core/healing/hours';
import { milestoneOf } from '../../core/model/clinical';
import { configureJourney, SANDBOX_COORDINATOR_EMAIL } from '../../sandbox/journeys/setup';
import { loadWorkflow } from '../../sandbox/n8n/workflows';
import { generatePractice } from '../../sandbox/practice/generate';
import type { Patient, Practice } from '../../sandbox/practice/types';
import {
	choosePatients,
	reachable,
	startJourneyN8n,
	startJourneyWorld,
	type JourneyN8n,
	type JourneyWorld,
} from './journey-world';
import { chartText, fakeClockEnv, pinned, until, untagged, withPhi } from './ticks';

type Json = Record<string, unknown>;
const ZONE = 'America/Chicago';
const TODAY = DateTime.now().setZone(ZONE).startOf('day');
// The replies' patient had the implant placed three days ago: the healing check is due today.
const PLACED = TODAY.minus({ days: 3 });
// The replies come in this evening, when the server's UTC calendar is already on tomorrow: days since
// the placement must still be counted on the practice's calendar.
const REPLY_AT = TODAY.set({ hour: 20, minute: 20 });
// The 8-month journeys start a week from now, so simulated time only moves forward.
const START = TODAY.plus({ days: 7 });

let practice: Practice;
let world: JourneyWorld;
let running: JourneyN8n;
let replyUrl = '';
let formUrl = '';

/** Who is who: the whole journey, quiet after the graft, the healing-check replies. */
const WHO = { full: 0, quiet: 1, replies: 2 } as const;
const patients: Patient[] = [];
const mobile = (i: number) => `+1512555018${i}`;
const email = (i: number) => `implant${i}@example.com`;

function shapePractice(p: Practice): void {
	// Only our three implant patients walk the journey: the generated implant history is left out.
	p.procedures = p.procedures.filter((proc) => !(proc.ProcStatus === 'C' && milestoneOf(proc.ProcCode)));
	choosePatients(p, 3, { keepRecalls: true }).forEach((pat, i) => {
		reachable(pat, mobile(i), email(i));
		patients.push(pat);
	});
}

const CODES = {
	extraction: ['D7140', 'Extraction, erupted tooth'],
	graft: ['D7953', 'Bone replacement graft'],
	implant: ['D6010', 'Implant body placement'],
	abutment: ['D6057', 'Custom abutment'],
	crown: ['D6065', 'Implant supported crown'],
} as const;

/** A phase booked for `at` (a Scheduled appointment with the planned procedure on it); returns the AptNum. */
function book(who: number, phase: keyof typeof CODES, at: DateTime): number {
	const [code, description] = CODES[phase];
	const pat = patients[who];
	const procNum = world.od.planProcedure({ patNum: pat.PatNum, code, description, fee: 1800, tooth: '19' });
	const op = practice.operatories.find((o) => !o.IsHygiene && o.ClinicNum === pat.ClinicNum) ?? practice.operatories[0];
	return world.od.bookAppointment({
		patNum: pat.PatNum,
		start: at.toFormat('yyyy-MM-dd HH:mm:ss'),
		lengthMinutes: 60,
		provNum: pat.PriProv,
		op: op.OperatoryNum,
		procNums: [procNum],
	});
}

/** A phase done in the chair today: booked for 09:00 and completed. */
function complete(who: number, phase: keyof typeof CODES, day: DateTime): void {
	world.od.setAppointmentStatus(book(who, phase, day.set({ hour: 9 })), 'Complete');
}

/** A tick of the implant journey; its run must succeed. */
async function tick(now: DateTime): Promise<void> {
	await running.fire('implant', now);
}

const journal = () => running.journal();
const textsTo = (i: number) => world.texts().filter((m) => m.to === mobile(i));
const mailsTo = (i: number) => world.gmail.outbox.filter((m) => m.recipients.includes(email(i)));
/** Every message to a patient as "day N sms|email" counted from START, in order. */
function touches(i: number): string[] {
	const day = (iso: string) => Math.round(DateTime.fromISO(iso).setZone(ZONE).startOf('day').diff(START, 'days').days);
	return [
		...textsTo(i).map((m) => ({ at: m.dateCreated, kind: 'sms' })),
		...mailsTo(i).map((m) => ({ at: m.at, kind: 'email' })),
	]
		.sort((a, b) => a.at.localeCompare(b.at))
		.map((t) => `day ${day(t.at)} ${t.kind}`);
}

beforeAll(async () => {
	practice = generatePractice({ seed: 11, patients: 60, stage: 3, today: PLACED.toISODate() as string });
	shapePractice(practice);
	world = await startJourneyWorld({ practice, start: PLACED.set({ hour: 8 }), zone: ZONE });
	// The replies and healing check-ins come in through their own workflow (README "Patient Reply Trigger").
	const replies = pinned(configureJourney(loadWorkflow('implant-replies.json')), 'Patient Reply', REPLY_AT);
	const form = pinned(configureJourney(loadWorkflow('healing-check.json')), 'Healing Check Form', REPLY_AT);
	running = await startJourneyN8n(world, [world.journey('implant-journey.json', 'implant'), replies, form], {
		env: fakeClockEnv(),
	});
	replyUrl = running.replyUrl(replies);
	// The form's own path (Options > Form Path, where Form Trigger 2.2+ reads it), the link patients get.
	const formTrigger = form.nodes.find((n) => n.type === 'n8n-nodes-base.formTrigger')!;
	formUrl = `${running.base}/form/${(formTrigger.parameters.options as { path: string }).path}`;
}, 600_000);

afterAll(async () => {
	await running?.close();
});

describe('healing-check replies, three days after an implant placement', () => {
	const hours = parsePracticeHours('Mon-Fri 08:00-17:00', ZONE);

	beforeAll(async () => {
		world.setNow(PLACED.set({ hour: 8 }));
		complete(WHO.replies, 'implant', PLACED);
		await tick(PLACED.set({ hour: 10 }));
		await tick(TODAY.set({ hour: 10 }));
		world.setNow(REPLY_AT);
	}, 120_000);

	it('the patient got the 72-hour note on the day and the 1-5 check on day 3', () => {
		const texts = textsTo(WHO.replies);
		expect(texts.map((m) => m.body.slice(0, 40))).toHaveLength(2);
		expect(texts[0].body).toMatch(/first 72 hours/);
		expect(texts[1].body).toMatch(/from 1 \(not well\) to 5 \(great\)/);
	});

	async function reply(body: string): Promise<{ row: Json; answer: string }> {
		const before = textsTo(WHO.replies).length;
		const [delivery] = await world.twilio.inbound({ webhookUrl: replyUrl, from: mobile(WHO.replies), body });
		expect(delivery.status).toBe(200);
		const sid = world.twilio.inbox.at(-1)!.sid;
		const row = await until(`the journal row of "${body}"`, async () =>
			(await journal()).find((r) => r.key === `reply/${sid}`),
		);
		const answer = await until(`the answer to "${body}"`, () =>
			textsTo(WHO.replies).length > before ? textsTo(WHO.replies).at(-1)!.body : undefined,
		);
		return { row, answer };
	}

	it('"2" escalates: a call-back due inside the next 4 business hours, an email to the coordinator, "please call us now" to the patient', async () => {
		const sentAt = REPLY_AT;
		const { row, answer } = await reply('2');
		expect(row).toMatchObject({ status: 'healing_escalate', reason: 'score_1_2' });
		expect(answer).toMatch(/call us/i);
		const task = (await journal()).find((r) => r.key === `task/${String(row.key)}`)!;
		expect(task).toMatchObject({ kind: 'task', status: 'open' });
		const due = DateTime.fromISO(String(task.at));
		expect(due > sentAt).toBe(true);
		expect(Math.abs(due.diff(addBusinessHours(sentAt, hours, 4), 'minutes').minutes)).toBeLessThan(2);
		const alert = await until('the coordinator email', () =>
			world.gmail.outbox.find((m) => m.recipients.includes(SANDBOX_COORDINATOR_EMAIL)),
		);
		expect(alert.subject).toContain(`call patient ${patients[WHO.replies].PatNum}`);
		expect(alert.text).toMatch(/3 day\(s\) after implant placement/);
	});

	it('"4 but I have a fever" escalates on the red flag', async () => {
		const { row, answer } = await reply('4 but I have a fever');
		expect(row).toMatchObject({ status: 'healing_escalate', reason: 'red_flag:fever' });
		expect(answer).toMatch(/call us/i);
	});

	it('"meh" goes to review, never guessed; "4" celebrates and leaves the journey running', async () => {
		expect((await reply('meh')).row).toMatchObject({ status: 'healing_needs_review', reason: 'unparseable' });
		expect((await reply('4')).row).toMatchObject({ status: 'healing_celebrate', reason: 'score_4_5' });
		const enrollment = (await journal()).find(
			(r) => r.kind === 'enrollment' && r.patientId === String(patients[WHO.replies].PatNum),
		);
		expect(enrollment).toMatchObject({ status: 'active' });
	});

	it("the chart (Open Dental's communication log): the two journey texts, each reply and each answer, without clinical detail", async () => {
		const logs = (direction: string) =>
			world.od.state.commlogs
				.filter((c) => c.PatNum === patients[WHO.replies].PatNum && c.SentOrReceived === direction)
				.map((c) => `${c.Mode_}: ${chartText(c.Note)}`);
		// The reply branch writes them after Twilio has its answer: wait for the last of the four.
		await until('the four replies in the chart', () =>
			logs('Received').length >= 4 && logs('Sent').length >= 6 ? true : undefined,
		);
		expect(logs('Received')).toEqual(
			['escalate', 'escalate', 'needs review', 'celebrate'].map((s) => `Text: Patient replied by text (healing ${s})`),
		);
		expect(logs('Sent')).toEqual([
			// Lay words for the step, never its internal id (core/journey/step-words.ts).
			'Text: Texted the patient: Implant journey, the first text (the day of the visit)',
			'Text: Texted the patient: Implant journey, the second text (3 days after the visit)',
			...Array(4).fill('Text: Texted the patient an answer to their healing check-in'),
		]);
		// No code, tooth number or diagnosis as the guard reads them (core/guard/phi.ts), nor the symptom reported.
		expect(withPhi(world.od.state.commlogs.map((c) => untagged(c.Note)))).toEqual([]);
		for (const c of world.od.state.commlogs) expect(untagged(c.Note)).not.toMatch(/tooth|fever/i);
	});

	it('the form scores the same way: comfort 2 escalates with the same rule and reaches the coordinator', async () => {
		const before = world.gmail.outbox.filter((m) => m.recipients.includes(SANDBOX_COORDINATOR_EMAIL)).length;
		const data = new FormData();
		const values = [
			'2',
			'3',
			'Same',
			'No',
			'No',
			'["None of these"]',
			'',
			String(patients[WHO.replies].PatNum),
			'implant_placement',
			'3',
		];
		values.forEach((v, i) => data.append(`field-${i}`, v));
		const response = await fetch(formUrl, { method: 'POST', body: data });
		expect(response.status).toBe(200);
		const alert = await until(
			'the form alert',
			() => world.gmail.outbox.filter((m) => m.recipients.includes(SANDBOX_COORDINATOR_EMAIL))[before],
		);
		expect(alert.text).toMatch(/Outcome: escalate/);
		expect(alert.subject).toContain(`call patient ${patients[WHO.replies].PatNum}`);
	});
});

describe('8 months of an implant plan, two ticks a day', () => {
	const plan: Array<[number, (day: DateTime) => void]> = [
		[0, (d) => complete(WHO.full, 'extraction', d)],
		[0, (d) => complete(WHO.quiet, 'graft', d)],
		[14, (d) => complete(WHO.full, 'graft', d)],
		[50, () => book(WHO.full, 'implant', START.plus({ days: 114, hours: 9 }))],
		[114, () => world.od.setAppointmentStatus(lastBooked(WHO.full), 'Complete')],
		[150, () => book(WHO.full, 'abutment', START.plus({ days: 219, hours: 9 }))],
		[219, () => world.od.setAppointmentStatus(lastBooked(WHO.full), 'Complete')],
		[220, () => book(WHO.full, 'crown', START.plus({ days: 229, hours: 9 }))],
		[229, () => world.od.setAppointmentStatus(lastBooked(WHO.full), 'Complete')],
	];
	const lastBooked = (who: number) =>
		practice.appointments.filter((a) => a.PatNum === patients[who].PatNum && a.AptStatus === 'Scheduled').at(-1)!
			.AptNum;

	beforeAll(async () => {
		for (let day = 0; day <= 262; day++) {
			const date = START.plus({ days: day });
			world.setNow(date.set({ hour: 9, minute: 30 }));
			for (const [when, act] of plan) if (when === day) act(date);
			await tick(date.set({ hour: 10 }));
			await tick(date.set({ hour: 18 }));
		}
	}, 900_000);

	it('the patient who books every phase gets exactly the planned touches, milestone by milestone', () => {
		expect(touches(WHO.full)).toEqual([
			// extraction
			'day 0 sms',
			'day 3 sms',
			'day 7 email',
			// graft (the extraction's reminders end): 45-day prompt and window reminders dropped, the implant is booked on day 50
			'day 14 sms',
			'day 17 sms',
			'day 21 email',
			'day 44 sms',
			// implant placement
			'day 114 sms',
			'day 117 sms',
			'day 121 email',
			'day 144 sms',
			// abutment: the crown is booked the next day, so no window reminder on day 226
			'day 219 sms',
			'day 222 sms',
			'day 226 email',
			// final crown: the last step
			'day 229 sms',
			'day 232 sms',
			'day 236 email',
			'day 259 sms',
		]);
		expect(mailsTo(WHO.full).at(-1)!.text).toMatch(/last step of your implant treatment/);
	});

	it('nothing went out outside 08:00-20:00 in the patient zone, nor after a phase was booked', () => {
		for (const who of [WHO.full, WHO.quiet]) {
			for (const m of textsTo(who)) {
				const hour = DateTime.fromISO(m.dateCreated).setZone(ZONE).hour;
				expect(hour >= 8 && hour < 20).toBe(true);
			}
			// No code, tooth number or diagnosis as the guard reads them (core/guard/phi.ts).
			expect(withPhi(textsTo(who).map((m) => m.body))).toEqual([]);
		}
		// Each touch is in the chart, on its channel, in order (Text for a text, Email for an email).
		for (const who of [WHO.full, WHO.quiet]) {
			const charted = world.od.state.commlogs.filter(
				(c) => c.PatNum === patients[who].PatNum && c.SentOrReceived === 'Sent',
			);
			expect(charted.map((c) => c.Mode_)).toEqual(touches(who).map((t) => (t.endsWith('email') ? 'Email' : 'Text')));
		}
		expect(withPhi(world.od.state.commlogs.map((c) => untagged(c.Note)))).toEqual([]);
		for (const c of world.od.state.commlogs) expect(untagged(c.Note)).not.toMatch(/tooth/i);
		const prompts = textsTo(WHO.full).filter((m) =>
			/Time to plan|healed enough|ready to be booked|not found a time/.test(m.body),
		);
		expect(prompts).toEqual([]);
	});

	it('the patient quiet after the graft gets the day 45 prompt, 3 reminders a week apart from the 90-day window, then a staff call, and nothing more', async () => {
		expect(touches(WHO.quiet)).toEqual([
			'day 0 sms',
			'day 3 sms',
			'day 7 email',
			'day 30 sms',
			'day 45 sms',
			'day 90 sms',
			'day 97 sms',
			'day 104 sms',
		]);
		const rows = (await journal()).filter((r) => r.patientId === String(patients[WHO.quiet].PatNum));
		expect(rows.find((r) => r.kind === 'task' && r.step === 'window-staff-call')).toMatchObject({ status: 'open' });
		expect(rows.find((r) => r.kind === 'enrollment')).toMatchObject({ status: 'finished', reason: 'handed_off' });
	});

	it('the journey completes at the final crown; earlier milestones ended as the next one began', async () => {
		const enrollments = (await journal()).filter(
			(r) => r.kind === 'enrollment' && r.patientId === String(patients[WHO.full].PatNum),
		);
		const by = Object.fromEntries(enrollments.map((e) => [String(e.subjectId).split('-')[2], [e.status, e.reason]]));
		// A phase booked ahead holds its prompts (they come back if the booking is cancelled) until the next milestone.
		expect(by).toEqual({
			extraction: ['finished', 'next_phase'],
			graft: ['finished', 'next_phase'],
			implant_placement: ['finished', 'next_phase'],
			abutment: ['finished', 'next_phase'],
			final_crown: ['finished', 'completed'],
		});
	});
});
