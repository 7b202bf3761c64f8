/**
 * What `npm run demo` gives a newcomer, checked the way a person would: n8n started with the
 * package installed and the workflows imported (the demo's own setup code), the owner signed in
 * through the real editor in headless Chromium, the import workflow opened and executed from
 * the canvas. Screenshots land in test/e2e/artifacts/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { prepareDemo, type DemoContent } from '../../sandbox/demo/setup';
import { DEMO_OWNER, getJson, login, setupOwner } from '../../sandbox/n8n/owner';
import { freePort, N8nSandbox } from '../../sandbox/n8n/runner';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const artifacts = path.join(__dirname, 'artifacts');
// CI installs Chromium (.ci/run); on a laptop without it the browser half is skipped, loudly.
const haveBrowser = fs.existsSync(CHROMIUM) || process.env.CI === 'true';
if (!haveBrowser) console.warn(`Chromium not found at ${CHROMIUM}: editor browser checks skipped (set CHROMIUM_PATH)`);

let n8n: N8nSandbox;
let demo: DemoContent;
let base: string;
let serverLog = '';

beforeAll(async () => {
	fs.mkdirSync(artifacts, { recursive: true });
	n8n = await N8nSandbox.create({ env: { N8N_SECURE_COOKIE: 'false' } });
	demo = await prepareDemo(n8n, '2026-11-23');
	const port = await freePort();
	base = `http://127.0.0.1:${port}`;
	await n8n.start(port, {}, (chunk) => (serverLog += chunk));
	await setupOwner(base);
}, 300_000);

afterAll(async () => {
	await n8n?.stop();
	n8n?.dispose();
});

describe('the demo instance', () => {
	it('has every workflow imported, with the Chairside node types a practice gets', async () => {
		const cookie = await login(base);
		const list = await getJson<{ data: Array<{ id: string; name: string }> }>(base, '/rest/workflows', cookie);
		expect(list.data.map((w) => w.name).sort()).toEqual(demo.workflows.map((w) => w.name).sort());
		const imported = await getJson<{ data: { nodes: Array<{ type: string }> } }>(base, `/rest/workflows/${demo.workflows[0].id}`, cookie);
		expect(imported.data.nodes.map((n) => n.type)).toContain('n8n-nodes-chairside.pmsExport');
		const types = await getJson<Array<{ name: string; displayName: string; outputNames?: string[] }>>(base, '/types/nodes.json', cookie);
		const pmsExport = types.find((t) => t.name === 'n8n-nodes-chairside.pmsExport');
		expect(pmsExport).toMatchObject({ displayName: 'PMS Export', outputNames: ['Cases', 'Rejected Rows'] });
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
			args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
		});
		page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
		await page.goto(`${base}/signin`);
		await page.getByLabel(/email/i).first().fill(DEMO_OWNER.email);
		await page.getByLabel(/password/i).first().fill(DEMO_OWNER.password);
		await page.getByRole('button', { name: /sign in/i }).click();
		await page.waitForURL((url) => !url.pathname.includes('signin'), { timeout: 60_000 });
	}, 120_000);

	afterAll(async () => {
		await browser?.close();
	});

	it('shows the PMS Export node with both outputs on the imported workflow', async () => {
		await page.goto(`${base}/workflow/${demo.workflows[0].id}`);
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
});
