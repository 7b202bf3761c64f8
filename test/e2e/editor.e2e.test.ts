/**
 * What `npm run demo` gives a newcomer, checked the way a person would: n8n started with the
 * package installed and the workflows imported (the demo's own setup code), the owner signed in
 * through the real editor in headless Chromium, the import workflow opened and executed from
 * the canvas. Screenshots land in test/e2e/artifacts/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { prepareDemo, SANDBOX_CREDENTIAL_ID, SANDBOX_KEYS, type DemoContent } from '../../sandbox/demo/setup';
import { SANDBOX_TWILIO } from '../../sandbox/twilio/defaults';
import { DEMO_OWNER, getJson, login, setupOwner } from '../../sandbox/n8n/owner';
import { DateTime } from 'luxon';
import { parse } from 'csv-parse/sync';
import { freePort, N8nSandbox, type RunResult } from '../../sandbox/n8n/runner';
import { findUnscheduledTreatment } from '../../sandbox/practice/unscheduled';
import { CREDENTIAL_NAMES } from '../../sandbox/n8n/credential-names';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const artifacts = path.join(__dirname, 'artifacts');
// CI installs Chromium (.ci/run); on a laptop without it the browser half is skipped, loudly.
const haveBrowser = fs.existsSync(CHROMIUM) || process.env.CI === 'true';
if (!haveBrowser) console.warn(`Chromium not found at ${CHROMIUM}: editor browser checks skipped (set CHROMIUM_PATH)`);

let n8n: N8nSandbox;
let demo: DemoContent;
let base: string;
let serverLog = '';
let dailyRun: RunResult;
const TODAY = DateTime.now().setZone('America/Chicago').toISODate() as string;
const importWorkflow = () => demo.workflows.find((w) => w.name === 'Chairside: import a PMS treatment export')!;
const followUpWorkflow = () => demo.workflows.find((w) => w.name.startsWith('Chairside: treatment plan follow-up'))!;

beforeAll(async () => {
	fs.mkdirSync(artifacts, { recursive: true });
	n8n = await N8nSandbox.create({ env: { N8N_SECURE_COOKIE: 'false' } });
	demo = await prepareDemo(n8n, {
		today: TODAY,
		timezone: 'America/Chicago',
		openDentalPort: 0,
		twilioPort: 0,
		gmailPort: 0,
		sheetsPort: 0,
		llmPort: 0,
	});
	// The daily Open Dental list, run once the way "Run now" does, before the server starts.
	dailyRun = await n8n.execute(demo.workflows.find((w) => w.name.startsWith('Chairside: daily unscheduled'))!.id!);
	const port = await freePort();
	base = `http://127.0.0.1:${port}`;
	await n8n.start(port, {}, (chunk) => (serverLog += chunk));
	await setupOwner(base);
}, 300_000);

afterAll(async () => {
	await n8n?.stop();
	n8n?.dispose();
	await Promise.all([
		demo?.openDental.close(),
		demo?.nexHealth.close(),
		demo?.twilio.close(),
		demo?.gmail.close(),
		demo?.sheets.close(),
		demo?.llm.close(),
		demo?.slack.close(),
	]);
});

describe('the demo instance', () => {
	it('has every workflow imported, with the Chairside node types a practice gets', async () => {
		const cookie = await login(base);
		const list = await getJson<{ data: Array<{ id: string; name: string }> }>(base, '/rest/workflows', cookie);
		expect(list.data.map((w) => w.name).sort()).toEqual(demo.workflows.map((w) => w.name).sort());
		const imported = await getJson<{ data: { nodes: Array<{ type: string }> } }>(
			base,
			`/rest/workflows/${importWorkflow().id}`,
			cookie,
		);
		expect(imported.data.nodes.map((n) => n.type)).toContain('n8n-nodes-chairside.pmsExport');
		const types = await getJson<Array<{ name: string; displayName: string; outputNames?: string[] }>>(
			base,
			'/types/nodes.json',
			cookie,
		);
		const pmsExport = types.find((t) => t.name === 'n8n-nodes-chairside.pmsExport');
		expect(pmsExport).toMatchObject({ displayName: 'PMS Export', outputNames: ['Cases', 'Rejected Rows', 'Warnings'] });
	});

	it('has the daily unscheduled-treatment list working against the sandbox Open Dental', () => {
		expect(dailyRun.execution.data.resultData.error).toBeUndefined();
		const file = path.join(n8n.filesDir, `unscheduled-treatment-${TODAY}.csv`);
		const rows = parse(fs.readFileSync(file), { columns: true, bom: true }) as Array<Record<string, string>>;
		const yesterday = DateTime.fromISO(TODAY).minus({ days: 1 }).toISODate() as string;
		const expected = findUnscheduledTreatment(demo.practice).filter(
			(u) => u.fee >= 500 && u.procedures[0].DateTP <= yesterday,
		);
		expect(rows.map((r) => Number(r.Chart)).sort((a, b) => a - b)).toEqual(expected.map((u) => u.patient.PatNum));
		const values = rows.map((r) => Number(r.Value));
		expect(values).toEqual([...values].sort((a, b) => b - a));
		expect(Object.keys(rows[0])).toEqual([
			'Patient',
			'Chart',
			'Mobile',
			'Treatment',
			'Value',
			'Days Waiting',
			'Provider',
			'Can Text',
		]);
		// Lay category names for the front desk, never internal keys such as ortho_cosmetic.
		for (const row of rows) expect(row.Treatment).not.toMatch(/_|^[a-z]/);
	});

	it("tests the Open Dental credential: the sandbox keys pass, a wrong key gets Open Dental's 401 in plain words", async () => {
		const cookie = await login(base);
		const test = async (customerKey: string) => {
			const response = await fetch(`${base}/rest/credentials/test`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', cookie },
				body: JSON.stringify({
					credentials: {
						id: SANDBOX_CREDENTIAL_ID,
						name: CREDENTIAL_NAMES.openDentalApi,
						type: 'openDentalApi',
						data: {
							connection: 'custom',
							baseUrl: demo.openDental.url,
							developerKey: SANDBOX_KEYS.developerKey,
							customerKey,
							readOnly: false,
						},
					},
				}),
			});
			return ((await response.json()) as { data: { status: string; message: string } }).data;
		};
		await expect(test(SANDBOX_KEYS.customerKey)).resolves.toMatchObject({ status: 'OK' });
		await expect(test('wrong-key')).resolves.toMatchObject({
			status: 'Error',
			message: expect.stringMatching(/refused the keys \(401\)/),
		});
	});

	it('tests the Twilio credential: the sandbox token passes, a wrong one is named as a 401', async () => {
		const cookie = await login(base);
		const test = async (authToken: string) => {
			const response = await fetch(`${base}/rest/credentials/test`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', cookie },
				body: JSON.stringify({
					credentials: {
						id: 'chairsidetwilsbx',
						name: CREDENTIAL_NAMES.twilioSmsApi,
						type: 'twilioSmsApi',
						data: {
							accountSid: SANDBOX_TWILIO.accountSid,
							authType: 'authToken',
							authToken,
							sender: 'messagingService',
							messagingServiceSid: SANDBOX_TWILIO.messagingServiceSid,
							baseUrl: demo.twilio.url,
						},
					},
				}),
			});
			return ((await response.json()) as { data: { status: string; message: string } }).data;
		};
		await expect(test(SANDBOX_TWILIO.authToken)).resolves.toMatchObject({ status: 'OK' });
		await expect(test('not-the-token')).resolves.toMatchObject({
			status: 'Error',
			message: expect.stringMatching(/refused.*401/),
		});
	});

	it('makes no call to any address outside this machine', () => {
		expect(serverLog).not.toMatch(/ENOTFOUND|getaddrinfo|EAI_AGAIN/);
	});
});

(haveBrowser ? describe : describe.skip)('the editor in a browser', () => {
	let browser: Browser;
	let page: Page;

	beforeAll(async () => {
		browser = await chromium.launch({
			executablePath: CHROMIUM,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
			],
		});
		page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
		await page.goto(`${base}/signin`);
		await page.getByLabel(/email/i).first().fill(DEMO_OWNER.email);
		await page
			.getByLabel(/password/i)
			.first()
			.fill(DEMO_OWNER.password);
		await page.getByRole('button', { name: /sign in/i }).click();
		await page.waitForURL((url) => !url.pathname.includes('signin'), { timeout: 60_000 });
	}, 120_000);

	afterAll(async () => {
		await browser?.close();
	});

	it('shows the PMS Export node with both outputs on the imported workflow', async () => {
		await page.goto(`${base}/workflow/${importWorkflow().id}`);
		const node = page.locator('[data-test-id="canvas-node"]').filter({ hasText: 'PMS Export' });
		await node.waitFor({ timeout: 60_000 });
		await expect(node.innerText()).resolves.toMatch(/Cases[\s\S]*Rejected Rows/);
		await page.screenshot({ path: path.join(artifacts, 'editor-import-workflow.png') });
	}, 120_000);

	it('runs the workflow from the canvas and labels each output with its item count', async () => {
		const truth = JSON.parse(fs.readFileSync(path.join(demo.exportsDir, 'truth.json'), 'utf8'));
		const expected = truth.exports.dentrixTreatmentManager.truth;
		await page.locator('[data-test-id="execute-workflow-button"]').click();
		const caseCount = `${expected.cases.length} items`;
		const rejectedCount = `${expected.rejected.length} item${expected.rejected.length === 1 ? '' : 's'}`;
		await page.getByText(caseCount, { exact: true }).first().waitFor({ timeout: 90_000 });
		await expect(page.getByText(rejectedCount, { exact: true }).count()).resolves.toBeGreaterThan(0);
		await page.screenshot({ path: path.join(artifacts, 'editor-after-run.png') });
	}, 150_000);

	it('draws the journey engine: Cadence Step with its two inputs and six outputs, Patient Message with three', async () => {
		await page.goto(`${base}/workflow/${followUpWorkflow().id}`);
		const cadence = page.locator('[data-test-id="canvas-node"]').filter({ hasText: 'Cadence Step' }).first();
		await cadence.waitFor({ timeout: 60_000 });
		const text = await cadence.innerText();
		for (const label of ['Cases', 'Journal', 'SMS', 'Email', 'Staff Task', 'Waiting', 'Finished', 'Stopped'])
			expect(text).toContain(label);
		const message = page.locator('[data-test-id="canvas-node"]').filter({ hasText: 'Patient Message' }).first();
		await expect(message.innerText()).resolves.toMatch(/Sent[\s\S]*Deferred[\s\S]*Blocked/);
		await page.screenshot({ path: path.join(artifacts, 'editor-treatment-follow-up.png') });
	}, 120_000);

	it('preselects the journey for Execute workflow on the follow-up, not a trigger that waits for a text', async () => {
		// n8n 2.41 ranks triggers by type (test/unit/workflows/execute-trigger.test.ts): the replies live apart.
		await page.goto(`${base}/workflow/${followUpWorkflow().id}`);
		// The label names the preselected trigger once the canvas has chosen it.
		const button = page.locator('[data-test-id="execute-workflow-button"]').filter({ hasText: /from/ });
		await button.waitFor({ timeout: 60_000 });
		const label = await button.innerText();
		expect(label).toMatch(/Execute workflow[\s\S]*from[\s\S]*Every 2 Hours/);
		expect(label).not.toMatch(/Patient Reply/);
	}, 120_000);
});
