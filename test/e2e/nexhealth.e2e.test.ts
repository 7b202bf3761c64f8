/**
 * A Dentrix practice on NexHealth, in a real n8n: the shipped treatment follow-up workflow with only
 * its PMS switched (the PMS nodes' "PMS" set to NexHealth and the NexHealth credential chosen),
 * against the NexHealth simulator (auth with short-lived tokens, version header, scoping, paging,
 * rate limits). Three patients with a crown plan: one who never answers, one who books on day 4,
 * one who texts STOP on day 2. Ticks twice a day for 8 days. The practice states it collects text
 * consent at intake (NexHealth has no consent field). NexHealth has no chart-note write: the notes
 * stay in the journal and nothing is posted for them.
 */
import { DateTime } from 'luxon';
import type { WorkflowJson } from '../../sandbox/n8n/runner';
import { startNexHealthSimulator, type NexHealthSimulator } from '../../sandbox/nexhealth';
import { LOCATION_ID_BASE } from '../../sandbox/nexhealth/store';
import { NEXHEALTH_SANDBOX_CREDENTIAL, onNexHealth as switchToNexHealth } from '../../sandbox/nexhealth/workflows';
import { configureJourney, PRACTICE_CREDENTIAL } from '../../sandbox/journeys/setup';
import { loadWorkflow } from '../../sandbox/n8n/workflows';
import { listExecutions } from '../../sandbox/n8n/queue';
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
import { expectLastExecutionSucceeded, until, withPhi } from './ticks';

type Json = Record<string, unknown>;
const ZONE = 'America/Chicago';
const START = DateTime.fromISO('2026-03-02T10:00', { zone: ZONE });
const NEX_KEY = 'e2e-nexhealth-key';
const SUBDOMAIN = 'riverside-dental';
const NEXHEALTH_CREDENTIAL = NEXHEALTH_SANDBOX_CREDENTIAL;
const PATIENTS = { quiet: 0, books: 1, stops: 2 } as const;
const mobile = (i: number) => `+1512555018${i}`;

/** The shipped workflow with only its PMS switched; every Chairside node reads the practice profile. */
function onNexHealth(workflow: WorkflowJson): WorkflowJson {
	const copy = switchToNexHealth(workflow, NEXHEALTH_CREDENTIAL);
	for (const node of copy.nodes) {
		if (!node.type.startsWith('n8n-nodes-chairside.')) continue;
		const refs = (node.credentials as Record<string, unknown> | undefined) ?? {};
		if (!refs.chairsidePracticeApi) node.credentials = { ...refs, chairsidePracticeApi: PRACTICE_CREDENTIAL };
	}
	return copy;
}

/** Three active patients of the first clinic with one crown plan each, reachable by text and email; no other plans. */
function shapePractice(p: Practice, patNums: number[]): void {
	p.procedures = p.procedures.filter((proc) => proc.ProcStatus !== 'TP');
	const chosen = choosePatients(p, 3, { clinic: p.clinics[0].ClinicNum, keepRecalls: true });
	chosen.forEach((pat, i) => {
		reachable(pat, mobile(i), `nex${i}@example.com`, 'Unknown');
		patNums.push(pat.PatNum);
		planCrown(p, pat, START.minus({ days: 2 }));
	});
}

/**
 * The world's practice on NexHealth: the NexHealth credential for the simulator (the first clinic's
 * location), and the profile's consent policy, since NexHealth keeps no text consent: the practice
 * says it collects it at intake.
 */
function onNexHealthSimulator(world: JourneyWorld, nex: NexHealthSimulator): void {
	world.credentials.push({
		...NEXHEALTH_CREDENTIAL,
		type: 'nexHealthApi',
		data: {
			apiKey: NEX_KEY,
			subdomain: SUBDOMAIN,
			locationId: String(LOCATION_ID_BASE + world.practice.clinics[0].ClinicNum),
			baseUrl: nex.url,
		},
	});
	const profile = world.credentials.find((c) => c.type === 'chairsidePracticeApi') as { data: Json };
	profile.data = { ...profile.data, smsConsentWhenUnknown: 'collected_at_intake' };
}

describe('treatment follow-up on NexHealth', () => {
	let world: JourneyWorld;
	let nex: NexHealthSimulator;
	let running: JourneyN8n;
	const patNums: number[] = [];
	const failures: string[] = [];

	const journal = () => running.journal();
	const textsTo = (i: number) => world.texts().filter((m) => m.to === mobile(i));
	const mailsTo = (i: number) => world.gmail.outbox.filter((m) => m.to.includes(`nex${i}@example.com`));

	beforeAll(async () => {
		const practice = generatePractice({ seed: 12, patients: 120, stage: 3, today: START.toISODate() as string });
		shapePractice(practice, patNums);
		world = await startJourneyWorld({ practice, start: START, zone: ZONE });
		// Tokens live 302 s: renewed 5 minutes before expiry, so every run after the first 2 s renews (n8n persists each).
		nex = await startNexHealthSimulator({
			practice,
			apiKey: NEX_KEY,
			subdomain: SUBDOMAIN,
			now: () => world.now,
			tokenLifetimeSeconds: 302,
		});
		onNexHealthSimulator(world, nex);
		// The replies come in through their own workflow, on the same PMS (README "Patient Reply Trigger").
		const replies = onNexHealth(configureJourney(loadWorkflow('patient-replies.json')));
		running = await startJourneyN8n(world, [onNexHealth(world.journey('treatment-follow-up.json', 'tick')), replies]);
		const replyUrl = running.replyUrl(replies);

		for (let day = 0; day <= 8; day++) {
			for (const hour of [10, 16]) {
				const now = START.startOf('day').plus({ days: day, hours: hour });
				if (day === 2 && hour === 16)
					await world.twilio.inbound({ webhookUrl: replyUrl, from: mobile(PATIENTS.stops), body: 'STOP' });
				if (day === 4 && hour === 10) {
					// The patient calls and books; Dentrix has it, NexHealth syncs it.
					const pat = practice.patients.find((x) => x.PatNum === patNums[PATIENTS.books])!;
					const op =
						nex.store.operatories.find(
							(o) => o.location_id === LOCATION_ID_BASE + pat.ClinicNum && o.providerIds.includes(pat.PriProv),
						) ?? nex.store.operatories[0];
					const at = now.plus({ days: 10 });
					const made = nex.store.addPending({
						patient_id: pat.PatNum,
						provider_id: pat.PriProv,
						operatory_id: op.id,
						location_id: op.location_id,
						start: at,
						end: at.plus({ minutes: 60 }),
						note: '',
					});
					nex.store.markWritten(made);
				}
				// A failed tick is listed and the days go on: the tests below say what it changed.
				await running.fire('tick', now).catch((e: Error) => failures.push(e.message.slice(0, 500)));
			}
		}
	}, 900_000);

	afterAll(async () => {
		await running?.close();
		await nex?.close();
	});

	it('every tick succeeds', () => {
		expect(failures).toEqual([]);
	});

	it('reads the plans from NexHealth (versioned, scoped, authenticated) and texts day 1 to each patient', () => {
		for (const i of [PATIENTS.quiet, PATIENTS.books, PATIENTS.stops])
			expect(textsTo(i).length).toBeGreaterThanOrEqual(1);
		const reads = nex.requests.filter((r) => r.path !== '/authenticates');
		expect(reads.length).toBeGreaterThan(0);
		expect(reads.every((r) => r.version === 'v3.0.0' && r.query.subdomain === SUBDOMAIN)).toBe(true);
		expect(reads.some((r) => r.path === '/procedures')).toBe(true);
		// Texts name no code, tooth number or diagnosis (as the guard reads them: core/guard/phi.ts), nor the tooth.
		expect(withPhi(world.texts().map((m) => m.body))).toEqual([]);
		for (const m of world.texts()) expect(m.body).not.toMatch(/#?14\b/);
	});

	it('renews the token before it expires: several tokens, never a 401', () => {
		const calls = nex.requests.filter((r) => r.path !== '/authenticates');
		process.stdout.write(
			`[nexhealth follow-up] ${calls.length} API requests over 18 ticks, ${nex.tokensIssued} tokens, ${calls.filter((r) => r.status === 429).length} answered 429, ${world.texts().length} texts\n`,
		);
		expect(nex.tokensIssued).toBeGreaterThanOrEqual(2);
		expect(nex.requests.filter((r) => r.status === 401)).toEqual([]);
	});

	it('runs the whole cadence for the quiet patient: day 1 and day 7 texts, the day 3 email', () => {
		expect(textsTo(PATIENTS.quiet)).toHaveLength(2);
		expect(mailsTo(PATIENTS.quiet)).toHaveLength(1);
	});

	it('stops for the patient who booked (NexHealth shows the appointment) and the one who texted STOP', () => {
		expect(textsTo(PATIENTS.books)).toHaveLength(1);
		expect(textsTo(PATIENTS.stops)).toHaveLength(1);
	});

	it('posts no chart note (NexHealth has none); the journal keeps every touch', async () => {
		expect(nex.requests.filter((r) => r.method !== 'GET' && r.path !== '/authenticates')).toEqual([]);
		const touches = (await journal()).filter((r) => r.kind === 'touch' && patNums.includes(Number(r.patientId)));
		expect(touches.length).toBeGreaterThanOrEqual(
			textsTo(0).length + textsTo(1).length + textsTo(2).length + mailsTo(0).length,
		);
	});
});

/** The NexHealth Trigger on its own workflow, as a NexHealth practice keeps it active: it confirms bookings. */
function confirmationsWorkflow(): WorkflowJson {
	return {
		name: 'NexHealth confirmations (e2e)',
		nodes: [
			{
				name: 'NexHealth Trigger',
				type: 'n8n-nodes-chairside.nexHealthTrigger',
				typeVersion: 1,
				webhookId: 'e2e-nexhealth-trigger',
				position: [0, 0],
				parameters: { events: ['appointment_insertion'] },
				credentials: { nexHealthApi: NEXHEALTH_CREDENTIAL },
			},
		],
		connections: {},
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all' },
	} as unknown as WorkflowJson;
}

describe('booking by text on NexHealth: booked only once the insertion webhook says so', () => {
	const NOW = DateTime.now().setZone(ZONE).startOf('minute');
	const ids: number[] = [];
	let bw: JourneyWorld;
	let bnex: NexHealthSimulator;
	let booking: JourneyN8n;
	let replyUrl = '';
	let bookingWorkflow = '';
	let confirmations = '';
	let practice: Practice;
	const texts = (i: number) => bw.texts().filter((m) => m.to === mobile(i));
	const bjournal = () => booking.journal();

	async function reply(i: number, body: string): Promise<string> {
		const before = texts(i).length;
		const [delivery] = await bw.twilio.inbound({ webhookUrl: replyUrl, from: mobile(i), body });
		expect(delivery.status).toBe(200);
		const sid = bw.twilio.inbox.at(-1)!.sid;
		await until(
			`the journal row of "${body}"`,
			async () => (await bjournal()).find((r) => r.key === `reply/${sid}`),
			90_000,
		);
		await expectLastExecutionSucceeded(booking.base, booking.cookie, bookingWorkflow, `the reply "${body}"`);
		return until(
			`the answer to "${body}"`,
			() => (texts(i).length > before ? texts(i).at(-1)!.body : undefined),
			90_000,
		);
	}

	beforeAll(async () => {
		practice = generatePractice({ seed: 31, patients: 80, stage: 3, today: NOW.toISODate() as string });
		shapePractice(practice, ids);
		// The booking's "future only" check and the offers run on real time, as the replies do.
		bw = await startJourneyWorld({ practice, start: NOW, zone: ZONE });
		// The EHR writes only when the test says so: the test sees what the patient is told before and after.
		bnex = await startNexHealthSimulator({ practice, apiKey: NEX_KEY, subdomain: SUBDOMAIN, writeDelayMs: null });
		onNexHealthSimulator(bw, bnex);
		const followUp = onNexHealth(bw.journey('treatment-follow-up.json', 'tick'));
		const bookFromReply = onNexHealth(configureJourney(loadWorkflow('booking-from-reply.json')));
		booking = await startJourneyN8n(bw, [followUp, bookFromReply, confirmationsWorkflow()]);
		[, bookingWorkflow, confirmations] = booking.workflowIds;
		replyUrl = booking.replyUrl(bookFromReply);
		await booking.fire('tick', NOW);
	}, 600_000);

	afterAll(async () => {
		await booking?.close();
		await bnex?.close();
	});

	it('activating the NexHealth Trigger registered an endpoint and an appointment_insertion subscription', () => {
		const posts = bnex.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/webhook_endpoints'));
		expect(posts.map((r) => [r.path.replace(/\d+/, 'N'), r.status])).toEqual([
			['/webhook_endpoints', 201],
			['/webhook_endpoints/N/webhook_subscriptions', 201],
		]);
	});

	it('YES offers openings from /available_slots; "1" posts the booking, waits for the webhook, then confirms', async () => {
		const offer = await reply(0, 'YES');
		expect(offer).toMatch(/\(reply 1\)/);
		const before = texts(0).length;
		const picked = reply(0, '1');
		await until(
			'the booking posted to NexHealth',
			() => bnex.requests.find((r) => r.method === 'POST' && r.path === '/appointments'),
			90_000,
		);
		// Accepted by NexHealth, not yet in the EHR: nothing is said to the patient.
		await new Promise((r) => setTimeout(r, 3000));
		expect(texts(0)).toHaveLength(before);
		await bnex.syncWrites();
		const confirmation = await picked;
		expect(confirmation).toMatch(/you're booked for/);
		const mine = [...bnex.store.appointments.values()].filter(
			(a) => a.patient_id === ids[0] && a.misc.is_booked_on_nexhealth,
		);
		expect(mine).toHaveLength(1);
		// Written to the EHR, and the patient was told only after the insertion webhook was delivered.
		expect(mine[0].foreign_id).not.toBeNull();
		const delivered = bnex.deliveries.find(
			(d) => d.event === 'appointment_insertion.complete' && JSON.parse(d.body).data.appointment.id === mine[0].id,
		)!;
		expect(delivered.status).toBe(200);
		expect(mine[0].note).toMatch(/\[chairside:[0-9a-f]{16}\]$/);
		expect(mine[0].note.length).toBeLessThanOrEqual(128);
	}, 240_000);

	it('a retried webhook delivery starts nothing new', async () => {
		const delivered = bnex.deliveries.find((d) => d.event === 'appointment_insertion.complete')!;
		const before = (await listExecutions(booking.base, booking.cookie, { workflowId: confirmations })).length;
		const timestamp = String(Math.floor(Date.now() / 1000));
		const { signDelivery } = await import('../../sandbox/nexhealth');
		const secret = await endpointSecret();
		const again = await fetch(delivered.url, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				timestamp,
				signature: signDelivery(secret, timestamp, delivered.body),
			},
			body: delivered.body,
		});
		expect(again.status).toBe(200);
		const forged = await fetch(delivered.url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', timestamp, signature: 'f'.repeat(64) },
			body: delivered.body,
		});
		expect(forged.status).toBe(401);
		await new Promise((r) => setTimeout(r, 1500));
		expect(before).toBeGreaterThanOrEqual(1);
		expect((await listExecutions(booking.base, booking.cookie, { workflowId: confirmations })).length).toBe(before);
	});

	/** The endpoint's secret as NexHealth gave it: read back from the simulator's GET /webhook_endpoints. */
	async function endpointSecret(): Promise<string> {
		const auth = (await (
			await fetch(`${bnex.url}/authenticates`, {
				method: 'POST',
				headers: { Authorization: NEX_KEY, 'Nex-Api-Version': 'v3.0.0' },
			})
		).json()) as { data: { token: string } };
		const list = (await (
			await fetch(`${bnex.url}/webhook_endpoints?subdomain=${SUBDOMAIN}`, {
				headers: { Authorization: `Bearer ${auth.data.token}`, 'Nex-Api-Version': 'v3.0.0' },
			})
		).json()) as { data: Array<{ secret_key: string }> };
		return list.data[0].secret_key;
	}
});

describe('implant journey on NexHealth: an extraction charted completed in Dentrix starts the milestone touches', () => {
	const IMPLANT_START = DateTime.fromISO('2026-04-06T10:00', { zone: ZONE });
	const ids: number[] = [];
	let iw: JourneyWorld;
	let inex: NexHealthSimulator;
	let implant: JourneyN8n;
	const ifailures: string[] = [];
	const touches = () => {
		const day = (iso: string) =>
			Math.round(DateTime.fromISO(iso).setZone(ZONE).startOf('day').diff(IMPLANT_START.startOf('day'), 'days').days);
		const sms = iw
			.texts()
			.filter((m) => m.to === mobile(0))
			.map((m) => ({ at: m.dateCreated, kind: 'sms' }));
		const mail = iw.gmail.outbox
			.filter((m) => m.to.includes('nex0@example.com'))
			.map((m) => ({ at: m.at, kind: 'email' }));
		return [...sms, ...mail].sort((a, b) => a.at.localeCompare(b.at)).map((t) => `day ${day(t.at)} ${t.kind}`);
	};

	beforeAll(async () => {
		const practice = generatePractice({ seed: 11, patients: 60, stage: 3, today: IMPLANT_START.toISODate() as string });
		shapePractice(practice, ids);
		practice.procedures = practice.procedures.filter(
			(p) => !(p.ProcStatus === 'C' && /^D(7140|7210|7953|6104|6010|6011|605[6-9]|606[0-7])$/.test(p.ProcCode)),
		);
		iw = await startJourneyWorld({ practice, start: IMPLANT_START, zone: ZONE });
		inex = await startNexHealthSimulator({ practice, apiKey: NEX_KEY, subdomain: SUBDOMAIN, now: () => iw.now });
		onNexHealthSimulator(iw, inex);
		implant = await startJourneyN8n(iw, [onNexHealth(iw.journey('implant-journey.json', 'implant'))]);
		for (let day = 0; day <= 8; day++) {
			const date = IMPLANT_START.startOf('day').plus({ days: day });
			if (day === 0) {
				const id = inex.store.planProcedure({
					patientId: ids[0],
					code: 'D7140',
					name: 'Extraction, erupted tooth',
					fee: 250,
					tooth: '19',
					plannedOn: date.minus({ days: 20 }).toISODate() as string,
				});
				inex.store.completeProcedure(id, date.toISODate() as string);
			}
			for (const hour of [10, 18]) {
				await implant.fire('implant', date.set({ hour })).catch((e: Error) => ifailures.push(e.message.slice(0, 500)));
			}
		}
	}, 900_000);

	afterAll(async () => {
		await implant?.close();
		await inex?.close();
	});

	it('every tick succeeds', () => expect(ifailures).toEqual([]));

	it('the extraction gets its day 0 and day 3 texts and the day 7 email, and nobody else is texted', () => {
		expect(touches()).toEqual(['day 0 sms', 'day 3 sms', 'day 7 email']);
		expect(iw.texts().filter((m) => m.to !== mobile(0))).toEqual([]);
		expect(withPhi(iw.texts().map((m) => m.body))).toEqual([]);
		for (const m of iw.texts()) expect(m.body).not.toMatch(/tooth #?\d|19\b/);
	});
});
