/**
 * The shipped journeys inside a real n8n against the Open Dental simulator in its documented mode
 * (docs/open-dental.md), for a current and an older Open Dental: the Recall List's M/d/yyyy dates
 * still bring recall reminders; a completed or a deleted crown, which an Open Dental older than
 * 25.2.21 returns whatever ProcStatus asks, is never followed up; a cancel works on an office with
 * default settings (no breakType). Time is the Reference Time of each tick, never the wall clock.
 */
import { DateTime } from 'luxon';
import { login, setupOwner } from '../../sandbox/n8n/owner';
import { freePort, N8nSandbox, type WorkflowJson } from '../../sandbox/n8n/runner';
import { loadWorkflow } from '../../sandbox/n8n/workflows';
import {
	configureJourney,
	messagingCredentials,
	PRACTICE_CREDENTIAL,
	practiceProfile,
} from '../../sandbox/journeys/setup';
import { SANDBOX_GMAIL } from '../../sandbox/gmail/defaults';
import { startGmailSimulator, type GmailSimulator } from '../../sandbox/gmail';
import { startOpenDentalSimulator, type OpenDentalSimulator } from '../../sandbox/opendental';
import { generatePractice } from '../../sandbox/practice/generate';
import type { Practice } from '../../sandbox/practice/types';
import { startTwilioSimulator, type TwilioSimulator } from '../../sandbox/twilio';
import { SANDBOX_TWILIO } from '../../sandbox/twilio/defaults';
import { expectLastExecutionSucceeded, journalReader, tickable } from './ticks';

type Json = Record<string, unknown>;
const ZONE = 'America/Chicago';
const START = DateTime.fromISO('2026-03-02T08:00', { zone: ZONE }); // a Monday
const OD_KEYS = { developerKey: 'e2e-dev', customerKey: 'e2e-cust' };
const IDS = { tick: 'e2eodvfollowup01', recall: 'e2eodvrecall0001', cancel: 'e2eodvcancel0001' } as const;
/** The patients: a crown planned, a crown done, a crown deleted, a recall due. */
const WHO = { planned: 0, done: 1, deleted: 2, recall: 3 } as const;
const mobile = (i: number) => `+1512555018${i}`;

/** A webhook-started PMS node that cancels one appointment with the node's defaults (no Reason set). */
const cancelWorkflow: WorkflowJson = {
	name: 'e2e cancel with default settings',
	nodes: [
		{
			name: 'Hook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			webhookId: 'e2e-odv-cancel',
			position: [0, 0],
			parameters: {
				httpMethod: 'GET',
				path: 'cancel',
				responseMode: 'lastNode',
				responseData: 'allEntries',
				options: {},
			},
		},
		{
			name: 'Cancel',
			type: 'n8n-nodes-chairside.pms',
			typeVersion: 1,
			position: [220, 0],
			parameters: {
				resource: 'appointment',
				operation: 'cancel',
				appointmentId: '={{ $json.query.aptNum }}',
				options: { now: '={{ $json.query.now }}' },
			},
			credentials: {
				openDentalApi: { id: 'chairsideodsndbx', name: 'Open Dental (sandbox)' },
				chairsidePracticeApi: PRACTICE_CREDENTIAL,
			},
		},
	],
	connections: { Hook: { main: [[{ node: 'Cancel', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
};

describe.each([
	['25.3.40', 'a current Open Dental'],
	['24.3.36', 'an Open Dental older than 25.2.21 (ProcStatus ignored)'],
])('Open Dental %s: %s', (version) => {
	let practice: Practice;
	let od: OpenDentalSimulator;
	let twilio: TwilioSimulator;
	let gmail: GmailSimulator;
	let n8n: N8nSandbox;
	let base = '';
	let clock: DateTime = START;
	const patNums: number[] = [];
	let aptNum = 0;

	/** Four reachable patients with nothing planned or booked but what the test gives them. */
	function shape(p: Practice): void {
		p.procedures = p.procedures.filter((proc) => proc.ProcStatus !== 'TP');
		const chosen = p.patients.filter((pat) => pat.PatStatus === 'Patient').slice(0, 4);
		const ids = new Set(chosen.map((pat) => pat.PatNum));
		p.recalls = p.recalls.filter((r) => !ids.has(r.PatNum));
		p.appointments = p.appointments.filter((apt) => !(ids.has(apt.PatNum) && apt.AptStatus === 'Scheduled'));
		chosen.forEach((pat, i) => {
			Object.assign(pat, {
				WirelessPhone: `(512) 555-018${i}`,
				Email: `odv${i}@example.com`,
				TxtMsgOk: 'Yes',
				PreferContactMethod: 'None',
			});
			patNums.push(pat.PatNum);
		});
		const crown = (i: number, status: 'TP' | 'C' | 'D') =>
			p.procedures.push({
				ProcNum: Math.max(...p.procedures.map((x) => x.ProcNum)) + 1,
				PatNum: chosen[i].PatNum,
				ProcCode: 'D2740',
				Descript: 'Crown - porcelain/ceramic',
				ProcFee: 1100,
				ToothNum: '14',
				Surf: '',
				DateTP: START.minus({ days: 2 }).toISODate() as string,
				ProcDate: status === 'C' ? (START.minus({ days: 1 }).toISODate() as string) : '',
				ProcStatus: status,
				AptNum: 0,
				ProvNum: chosen[i].PriProv,
				ClinicNum: chosen[i].ClinicNum,
			});
		crown(WHO.planned, 'TP');
		crown(WHO.done, 'C');
		crown(WHO.deleted, 'D');
		const due = START.plus({ days: 21 });
		p.recalls.push({
			RecallNum: 900_100,
			PatNum: chosen[WHO.recall].PatNum,
			type: 'Prophy',
			DateDue: due.toISODate() as string,
			DatePrevious: due.minus({ months: 6 }).toISODate() as string,
			intervalMonths: 6,
		});
	}

	async function tick(path: string, now: DateTime, query = ''): Promise<Response> {
		clock = now;
		twilio.setNow(now);
		gmail.setNow(now);
		const response = await fetch(
			`${base}/webhook/${path}?now=${encodeURIComponent(now.toUTC().toISO() as string)}${query}`,
			{ signal: AbortSignal.timeout(120_000) },
		);
		if (!response.ok)
			throw new Error(
				`${path} at ${now.toISO()} answered ${response.status}: ${(await response.text()).slice(0, 400)}`,
			);
		return response;
	}

	const textsTo = (i: number) => twilio.outbox.filter((m) => m.to === mobile(i) && m.direction === 'outbound-api');

	beforeAll(async () => {
		practice = generatePractice({ seed: 7, patients: 60, stage: 3, today: START.toISODate() as string });
		shape(practice);
		od = await startOpenDentalSimulator({ practice, ...OD_KEYS, mode: 'local', version, now: () => clock });
		twilio = await startTwilioSimulator({
			accountSid: SANDBOX_TWILIO.accountSid,
			authToken: SANDBOX_TWILIO.authToken,
			messagingServiceSid: SANDBOX_TWILIO.messagingServiceSid,
			phoneNumbers: [SANDBOX_TWILIO.phoneNumber],
			now: () => clock,
		});
		gmail = await startGmailSimulator({ ...SANDBOX_GMAIL, port: 0, now: () => clock });
		// Someone else's visit to cancel: a booking of one of the four would change what they are sent.
		aptNum = (
			practice.appointments.find(
				(a) =>
					a.AptStatus === 'Scheduled' &&
					!patNums.includes(a.PatNum) &&
					a.AptDateTime > START.toFormat('yyyy-MM-dd HH:mm:ss'),
			) as Practice['appointments'][number]
		).AptNum;
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
					url: twilio.url,
					accountSid: SANDBOX_TWILIO.accountSid,
					authToken: SANDBOX_TWILIO.authToken,
					messagingServiceSid: SANDBOX_TWILIO.messagingServiceSid,
				},
				gmail.url,
			),
		]);
		const journey = (file: string, path: keyof typeof IDS) => ({
			...tickable(configureJourney(loadWorkflow(file), practiceProfile(practice), ZONE), path),
			id: IDS[path],
		});
		const ids = await n8n.importWorkflows([
			journey('treatment-follow-up.json', 'tick'),
			journey('hygiene-recall.json', 'recall'),
			{ ...cancelWorkflow, id: IDS.cancel },
			{ ...journalReader, id: 'e2eodvjournal001' },
		]);
		for (const id of ids) expect((await n8n.cli(['publish:workflow', `--id=${id}`])).code).toBe(0);
		await n8n.start(port);
		const deadline = Date.now() + 60_000;
		while ((await fetch(`${base}/webhook/journal`)).status === 404) {
			if (Date.now() > deadline) throw new Error('published workflows never activated');
			await new Promise((r) => setTimeout(r, 250));
		}
		await setupOwner(base);
		// Day 0 enrolls, day 1 at 10:00 is the follow-up's first text; the recall is 20 days out.
		for (const now of [START.plus({ hours: 2 }), START.plus({ days: 1, hours: 2 })]) {
			await tick('tick', now);
			await expectLastExecutionSucceeded(base, await login(base), IDS.tick, `follow-up tick at ${now.toISO()}`);
			await tick('recall', now);
			await expectLastExecutionSucceeded(base, await login(base), IDS.recall, `recall tick at ${now.toISO()}`);
		}
	}, 900_000);

	afterAll(async () => {
		await n8n?.stop();
		await Promise.all([od?.close(), twilio?.close(), gmail?.close()]);
		n8n?.dispose();
	});

	it('the planned crown is followed up', () => {
		expect(textsTo(WHO.planned).length).toBeGreaterThan(0);
	});

	it('a completed crown and a deleted crown are never followed up', () => {
		expect(textsTo(WHO.done)).toEqual([]);
		expect(textsTo(WHO.deleted)).toEqual([]);
		expect(gmail.outbox.filter((m) => m.to.includes('odv1@') || m.to.includes('odv2@'))).toEqual([]);
	});

	it("the recall reminder goes out from the Recall List's M/d/yyyy due date", () => {
		const [text] = textsTo(WHO.recall);
		expect(text).toBeDefined();
		expect(od.state.commlogs.some((c) => c.PatNum === patNums[WHO.recall] && /Hygiene recall/.test(c.Note))).toBe(true);
	});

	it('a cancel works on an office with default settings: no breakType, the appointment goes to the Unscheduled List', async () => {
		const response = await tick('cancel', START.plus({ days: 1, hours: 3 }), `&aptNum=${aptNum}`);
		const [item] = (await response.json()) as Json[];
		expect(item).toMatchObject({ id: String(aptNum), status: 'unscheduled_list', alreadyCancelled: false });
		expect(practice.appointments.find((a) => a.AptNum === aptNum)?.AptStatus).toBe('UnschedList');
		const breaks = od.requests.filter((r) => r.path === `/appointments/${aptNum}/Break`);
		expect(breaks.map((r) => r.status)).toEqual([200]);
	});
});
