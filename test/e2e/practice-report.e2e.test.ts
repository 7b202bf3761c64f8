/**
 * The weekly practice report in a real n8n, from workflows/weekly-practice-report.json, on two
 * synthetic practices generated at known no-show rates: a Stage 2 practice (10.5%, inside Stage 2's
 * 9-12% band) and a Stage 4 practice (5%, inside 4-6%). The PMS nodes read the Open Dental
 * simulator; Maturity Score measures, assesses and ranks; Practice Report emails the owner through
 * the Gmail simulator and appends the week to the Google Sheets simulator. The measured metrics
 * must equal what the practice's own rows say (sandbox/practice/truth-window.ts, written apart from
 * core/maturity/measure.ts) and sit within sampling error of the generator's rate; the stages must
 * come out right; the email must render cleanly in Chromium, on a phone and a desktop.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { chromium, type Browser } from 'playwright-core';
import { setupOwner } from '../../sandbox/n8n/owner';
import { freePort, N8nSandbox, type WorkflowJson } from '../../sandbox/n8n/runner';
import { loadWorkflow } from '../../sandbox/n8n/workflows';
import { startGmailSimulator, type GmailSimulator } from '../../sandbox/gmail';
import { SANDBOX_GMAIL } from '../../sandbox/gmail/defaults';
import {
	configureJourney,
	messagingCredentials,
	onPracticeProfile,
	practiceProfile,
} from '../../sandbox/journeys/setup';
import { startOpenDentalSimulator, type OpenDentalSimulator } from '../../sandbox/opendental';
import { generatePractice } from '../../sandbox/practice/generate';
import { windowTruth, type WindowTruth } from '../../sandbox/practice/truth-window';
import type { Practice } from '../../sandbox/practice/types';
import { startSheetsSimulator, type SheetsSimulator } from '../../sandbox/sheets';
import { SANDBOX_SHEETS, sheetsCredential } from '../../sandbox/sheets/defaults';
import { TREND_HEADER } from '../../core/report/weekly';

const ZONE = 'America/Chicago';
// The report runs at 06:00 on the practice's day, before its first appointment: nothing is in flight.
const NOW = DateTime.now().setZone(ZONE).set({ hour: 6, minute: 0, second: 0, millisecond: 0 });
const TODAY = NOW.toISODate() as string;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(__dirname, 'artifacts');
const OD_KEYS = { developerKey: 'sandbox-dev', customerKey: 'sandbox-cust' };

interface PracticeCase {
	key: 'stage2' | 'stage4';
	stage: 2 | 4;
	noShowRate: number;
	seed: number;
	footprint: string[];
	/** What the PMS cannot show, typed into Assess Stage at the practice's stage. */
	typed: Record<string, string>;
	owner: string;
	sheet: string;
	practice?: Practice;
	od?: OpenDentalSimulator;
	truth?: WindowTruth;
}

const CASES: PracticeCase[] = [
	{
		key: 'stage2',
		stage: 2,
		noShowRate: 0.105,
		seed: 202,
		footprint: ['pms', 'smsRecall', 'portal'],
		typed: { onlineBookingShare: '18%', reviewsPerMonth: '5', frontDeskHours: '21' },
		owner: 'owner@stage2-dental.example',
		sheet: 'Stage 2 practice',
	},
	{
		key: 'stage4',
		stage: 4,
		noShowRate: 0.05,
		seed: 404,
		footprint: ['pms', 'smsRecall', 'emailProvider', 'portal', 'reviewsTool', 'orchestration'],
		typed: { onlineBookingShare: '58%', reviewsPerMonth: '20', frontDeskHours: '8' },
		owner: 'owner@stage4-dental.example',
		sheet: 'Stage 4 practice',
	},
];
const PATIENTS = 2500;

let n8n: N8nSandbox;
let base = '';
let gmail: GmailSimulator;
let sheets: SheetsSimulator;
let browser: Browser | null = null;

/** The shipped workflow for one practice: a webhook instead of the schedule, its own PMS credential, owner and tab. */
function reportWorkflow(c: PracticeCase): WorkflowJson {
	const workflow = configureJourney(
		loadWorkflow('weekly-practice-report.json'),
		practiceProfile(c.practice as Practice),
		ZONE,
	);
	const triggers = new Set(['Every Monday', 'Run now']);
	const fanOut = workflow.connections['Every Monday'];
	workflow.nodes = workflow.nodes.filter((n) => !triggers.has(n.name));
	workflow.nodes.push({
		name: 'Report Hook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: `report-${c.key}`,
		position: [-200, 0],
		parameters: {
			httpMethod: 'GET',
			path: `report-${c.key}`,
			responseMode: 'lastNode',
			responseData: 'allEntries',
			options: {},
		},
	});
	for (const name of triggers) delete workflow.connections[name];
	workflow.connections['Report Hook'] = fanOut;
	const now = NOW.toISO() as string;
	for (const node of workflow.nodes) {
		const p = node.parameters;
		if (node.type === 'n8n-nodes-chairside.pms')
			node.credentials = {
				...(node.credentials as object),
				openDentalApi: { id: `od${c.key}000000000`.slice(0, 16), name: `Open Dental ${c.key}` },
			};
		if (node.name === 'Assess Stage') Object.assign(p, { footprint: c.footprint, metrics: c.typed });
		if (node.type === 'n8n-nodes-chairside.maturityScore' && p.operation !== 'assess')
			p.options = { ...(p.options as object), now };
		if (node.type === 'n8n-nodes-chairside.practiceReport') {
			Object.assign(p, p.operation === 'email' ? { to: c.owner } : { sheetName: c.sheet });
			p.options = { ...(p.options as object), now };
		}
	}
	return { ...workflow, id: `e2ereport${c.key}`.padEnd(16, '0').slice(0, 16), name: `weekly report ${c.key}` };
}

const ping: WorkflowJson = {
	id: 'e2ereportping000',
	name: 'e2e ping',
	nodes: [
		{
			name: 'Ping',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			webhookId: 'e2e-ping',
			position: [0, 0],
			parameters: { httpMethod: 'GET', path: 'ping', options: {} },
		},
	],
	connections: {},
	settings: { executionOrder: 'v1' },
};

/** Provider Pay on the Stage 4 practice: its completed procedures this month and payroll rows the test posts. */
const payWorkflow = (c: PracticeCase): WorkflowJson => ({
	id: 'e2eproviderpay01',
	name: 'e2e provider pay',
	nodes: [
		{
			name: 'Payroll',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			webhookId: 'e2e-payroll',
			position: [0, 0],
			parameters: {
				httpMethod: 'POST',
				path: 'payroll',
				responseMode: 'lastNode',
				responseData: 'allEntries',
				options: {},
			},
		},
		{
			name: 'Payroll Rows',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [200, 100],
			parameters: { fieldToSplitOut: 'body.rows', options: {} },
		},
		{
			name: 'Procedures',
			type: 'n8n-nodes-chairside.pms',
			typeVersion: 1,
			position: [200, -100],
			parameters: { resource: 'procedure', operation: 'getCompleted', from: PAY_FROM, to: TODAY, options: {} },
			credentials: { openDentalApi: { id: `od${c.key}000000000`.slice(0, 16), name: `Open Dental ${c.key}` } },
		},
		{ name: 'Merge', type: 'n8n-nodes-base.merge', typeVersion: 3.2, position: [400, 0], parameters: {} },
		{
			name: 'Provider Pay',
			type: 'n8n-nodes-chairside.maturityScore',
			typeVersion: 1,
			position: [600, 0],
			parameters: { operation: 'providerPay', payFrom: PAY_FROM, payTo: TODAY, options: { now: NOW.toISO() } },
		},
	],
	connections: {
		Payroll: {
			main: [
				[
					{ node: 'Procedures', type: 'main', index: 0 },
					{ node: 'Payroll Rows', type: 'main', index: 0 },
				],
			],
		},
		Procedures: { main: [[{ node: 'Merge', type: 'main', index: 0 }]] },
		'Payroll Rows': { main: [[{ node: 'Merge', type: 'main', index: 1 }]] },
		Merge: { main: [[{ node: 'Provider Pay', type: 'main', index: 0 }]] },
	},
	settings: { executionOrder: 'v1' },
});
const PAY_FROM = NOW.minus({ days: 29 }).toISODate() as string;

async function runReport(c: PracticeCase): Promise<void> {
	const response = await fetch(`${base}/webhook/report-${c.key}`, { signal: AbortSignal.timeout(300_000) });
	if (!response.ok)
		throw new Error(`report ${c.key} answered ${response.status}: ${(await response.text()).slice(0, 600)}`);
}

/** The trend row the practice's tab got this week, by column name. */
function trend(c: PracticeCase): Record<string, string> {
	const rows = sheets.sheet(SANDBOX_SHEETS.spreadsheetId, c.sheet);
	expect(rows[0]).toEqual([...TREND_HEADER]);
	const week = rows.filter((r) => r[0] === TODAY);
	expect(week).toHaveLength(1);
	return Object.fromEntries(TREND_HEADER.map((h, i) => [h, week[0][i] ?? '']));
}

const mailTo = (c: PracticeCase) => gmail.outbox.filter((m) => m.recipients.includes(c.owner));

beforeAll(async () => {
	gmail = await startGmailSimulator({ ...SANDBOX_GMAIL, port: 0 });
	sheets = await startSheetsSimulator({ ...SANDBOX_SHEETS, port: 0 });
	const credentials: Array<Record<string, unknown>> = [
		...messagingCredentials(
			{
				url: 'http://127.0.0.1:9',
				accountSid: 'AC' + '0'.repeat(32),
				authToken: 'unused',
				messagingServiceSid: 'MG' + '0'.repeat(32),
			},
			gmail.url,
		),
		sheetsCredential(sheets.url),
	];
	for (const c of CASES) {
		c.practice = generatePractice({
			seed: c.seed,
			patients: PATIENTS,
			stage: c.stage,
			noShowRate: c.noShowRate,
			today: TODAY,
		});
		c.od = await startOpenDentalSimulator({
			practice: c.practice,
			...OD_KEYS,
			mode: 'local',
			now: () => DateTime.now().setZone(ZONE),
		});
		c.truth = windowTruth(c.practice, { now: NOW.toFormat('yyyy-MM-dd HH:mm:ss'), windowDays: 90, lapsedMonths: 12 });
		credentials.push({
			id: `od${c.key}000000000`.slice(0, 16),
			name: `Open Dental ${c.key}`,
			type: 'openDentalApi',
			data: { connection: 'custom', baseUrl: c.od.url, ...OD_KEYS, readOnly: true },
		});
	}
	const port = await freePort();
	base = `http://127.0.0.1:${port}`;
	n8n = await N8nSandbox.create({ env: { GENERIC_TIMEZONE: ZONE, WEBHOOK_URL: `${base}/` } });
	await n8n.importCredentials(credentials);
	const ids = await n8n.importWorkflows([...CASES.map(reportWorkflow), ping, onPracticeProfile(payWorkflow(CASES[1]))]);
	for (const id of ids) expect((await n8n.cli(['publish:workflow', `--id=${id}`])).code).toBe(0);
	await n8n.start(port);
	await setupOwner(base);
	// Published workflows are activated a moment after the REST API answers: wait for the ping hook.
	const deadline = Date.now() + 60_000;
	while ((await fetch(`${base}/webhook/ping`)).status === 404) {
		if (Date.now() > deadline) throw new Error('published workflows never activated');
		await new Promise((r) => setTimeout(r, 250));
	}
	for (const c of CASES) await runReport(c);
}, 900_000);

afterAll(async () => {
	await browser?.close();
	await n8n?.stop();
	await Promise.all([gmail?.close(), sheets?.close(), ...CASES.map((c) => c.od?.close())]);
	n8n?.dispose();
});

describe.each(CASES)('$key practice (no-show generated at $noShowRate)', (c) => {
	it('measures the no-show rate the practice rows hold, within sampling error of the generator', () => {
		const row = trend(c);
		const truth = (c.truth as WindowTruth).metrics.noShowRate;
		expect(Number(row.noShowRate)).toBeCloseTo(truth.value as number, 4);
		// Three standard errors of a binomial proportion over the window's kept + missed visits.
		const se = Math.sqrt((c.noShowRate * (1 - c.noShowRate)) / truth.denominator);
		expect(truth.denominator).toBeGreaterThan(300);
		expect(Math.abs(Number(row.noShowRate) - c.noShowRate)).toBeLessThan(3 * se);
	});

	it('measures unscheduled-treatment recovery and recall reactivation as the rows say', () => {
		const row = trend(c);
		const { unscheduledRecovery, recallReactivation } = (c.truth as WindowTruth).metrics;
		expect(unscheduledRecovery.denominator).toBeGreaterThan(0);
		expect(Number(row.unscheduledRecovery)).toBeCloseTo(unscheduledRecovery.value as number, 4);
		if (recallReactivation.value === null) expect(row.recallReactivation).toBe('');
		else expect(Number(row.recallReactivation)).toBeCloseTo(recallReactivation.value, 4);
	});

	it(`comes out at its stage, with leakage dollars and a next move one stage up`, () => {
		const row = trend(c);
		expect(Number(row.stage)).toBe(c.stage);
		expect(Number(row.leakagePerWeek)).toBeGreaterThan(0);
		expect(Number(row.recoverablePerWeek)).toBeGreaterThan(0);
		expect(row.lowestMetric).not.toBe('');
	});

	it('emails the owner one report with the stage, the leakage and the call list', () => {
		const mails = mailTo(c);
		expect(mails).toHaveLength(1);
		const [mail] = mails;
		expect(mail.subject).toContain(`Stage ${c.stage} (${c.stage === 2 ? 'Connected' : 'Orchestrated'})`);
		expect(mail.subject).toMatch(/\$[\d,]+ a week leaking/);
		expect(mail.html).toContain('Riverside Dental');
		const listed = Number(trend(c).callListPatients);
		expect(listed).toBeGreaterThan(0);
		// The call list names patients the way the owner's inbox may see them: first name and initial.
		const names = new Set(
			(c.practice as Practice).patients.map((p) => `${p.FName} ${p.LName.charAt(0).toUpperCase()}.`),
		);
		const shown = [...(mail.html ?? '').matchAll(/([A-Z][a-z]+ [A-Z]\.)/g)]
			.map((m) => m[1])
			.filter((n) => names.has(n));
		expect(new Set(shown).size).toBeGreaterThanOrEqual(Math.min(listed, 3));
		expect(mail.text).not.toMatch(/\bD\d{4}\b/);
	});

	it('renders cleanly in Chromium on a phone and on a desktop', async () => {
		browser ??= await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
		const [mail] = mailTo(c);
		fs.mkdirSync(ARTIFACTS, { recursive: true });
		for (const width of [390, 1200]) {
			const page = await browser.newPage({ viewport: { width, height: 900 } });
			// Offline: an email that needed the network to look right would break in mail clients too.
			await page.route('**/*', (route) =>
				route.request().url().startsWith('data:') ? route.continue() : route.abort(),
			);
			await page.setContent(mail.html as string, { waitUntil: 'load' });
			// Runs in the page (a string, so the test's TypeScript needs no DOM types).
			const layout = (await page.evaluate(`({
				scrollWidth: document.documentElement.scrollWidth,
				badge: (document.body.innerText.match(/Stage \\d/) || [null])[0],
				tables: document.querySelectorAll('table').length,
			})`)) as { scrollWidth: number; badge: string | null; tables: number };
			expect(layout.scrollWidth).toBeLessThanOrEqual(width);
			expect(layout.badge).toBe(`Stage ${c.stage}`);
			expect(layout.tables).toBeGreaterThan(1);
			await page.screenshot({ path: path.join(ARTIFACTS, `weekly-report-${c.key}-${width}.png`), fullPage: true });
			await page.close();
		}
	}, 120_000);
});

describe('provider pay', () => {
	it("sets each provider's payroll against their production this month, as the practice rows add it up", async () => {
		const practice = CASES[1].practice as Practice;
		const production = new Map<string, number>();
		for (const p of practice.procedures) {
			if (p.ProcStatus !== 'C' || p.ProcDate < PAY_FROM || p.ProcDate > TODAY) continue;
			const abbr = practice.providers.find((v) => v.ProvNum === p.ProvNum)!.Abbr;
			production.set(abbr, (production.get(abbr) ?? 0) + p.ProcFee);
		}
		const [first, ...rest] = [...production.keys()];
		// The first provider is paid 55% of production (overpaid), the rest 45% (healthy).
		const rows = [first, ...rest].map((provider, i) => ({
			provider,
			compensation: Math.round((production.get(provider) as number) * (i === 0 ? 0.55 : 0.45)),
		}));
		const response = await fetch(`${base}/webhook/payroll`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ rows }),
		});
		expect(response.status).toBe(200);
		const pay = (await response.json()) as Array<{ provider: string; production: number; status: string }>;
		expect(pay).toHaveLength(rows.length);
		for (const p of pay) expect(p.production).toBeCloseTo(production.get(p.provider) as number, 2);
		expect(Object.fromEntries(pay.map((p) => [p.provider, p.status]))).toEqual(
			Object.fromEntries(rows.map((r, i) => [r.provider, i === 0 ? 'overpaid' : 'healthy'])),
		);
	});
});

describe('a second run in the same week', () => {
	it('adds no second trend row, and the email keeps its Message-ID', async () => {
		const [c] = CASES;
		await runReport(c);
		expect(sheets.sheet(SANDBOX_SHEETS.spreadsheetId, c.sheet).filter((r) => r[0] === TODAY)).toHaveLength(1);
		const ids = new Set(mailTo(c).map((m) => m.messageId));
		expect(mailTo(c)).toHaveLength(2);
		expect(ids.size).toBe(1);
	}, 300_000);
});
