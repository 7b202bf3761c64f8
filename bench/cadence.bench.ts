/**
 * Cadence Step > Decide over 10,000 enrollments in a real n8n, against the same decision built
 * the way a consultant would with n8n's own nodes (Set with expressions, IF, Switch, Code), on the
 * same items in the same n8n. Each workflow is started by a webhook and answers when its last node
 * is done; a third workflow that only makes the data is the baseline subtracted from both. Memory
 * is the n8n process's resident set, sampled every 10 ms, above what it was before the run.
 *   npm run bench
 */
import fs from 'node:fs';
import { setupOwner } from '../sandbox/n8n/owner';
import { freePort, N8nSandbox } from '../sandbox/n8n/runner';
import { link, node, workflow } from './workflow';

const N = Number(process.env.CHAIRSIDE_BENCH_ENROLLMENTS ?? 10_000);
const NOW = '2026-03-09T15:00:00.000Z';

// The data, as the PMS node and the journal would give it: cases, and one enrollment row per case
// (half of them with the day 1 text already sent).
const MAKE_DATA = `
const N = ${N};
const start = '2026-03-02T15:00:00.000Z';
const out = [];
for (let i = 0; i < N; i++) {
  const fee = 400 + (i * 37) % 4000;
  out.push({ json: {
    caseId: 'case-' + i, source: 'opendental', totalFee: fee, openFee: fee, category: i % 3 ? 'crown' : 'implant',
    layman: i % 3 ? 'your crown' : 'your implant treatment', presentedAt: '2026-03-01', ageDays: 8,
    status: i % 17 === 0 ? 'scheduled' : 'unscheduled', provider: 'DOC1', nextAppointment: null, procedures: [],
    patient: { id: 'p' + i, firstName: 'Pat' + i, lastName: 'Lee', mobile: '+1512555' + String(1000 + (i % 9000)).padStart(4, '0'),
      email: 'p' + i + '@example.com', timezone: ['America/Chicago','America/New_York','America/Denver','America/Los_Angeles','America/Phoenix'][i % 5],
      smsConsent: 'yes', preferredChannel: null, clinic: null, provider: 'DOC1', status: 'active' },
    enrollment: { key: 'treatment-follow-up/case-' + i, kind: 'enrollment', journey: 'treatment-follow-up', patientId: 'p' + i, subjectId: 'case-' + i,
      status: 'active', startedAt: start, at: start, mobile: null },
    touch: i % 2 ? { key: 'treatment-follow-up/case-' + i + '#day-1-text', kind: 'touch', journey: 'treatment-follow-up', patientId: 'p' + i,
      subjectId: 'case-' + i, enrollment: 'treatment-follow-up/case-' + i, step: 'day-1-text', channel: 'sms', status: 'sent', at: '2026-03-03T16:00:00.000Z' } : null,
  } });
}
return out;`;

const start = (path: string) => [
	node('Start', 'n8n-nodes-base.webhook', { httpMethod: 'GET', path, responseMode: 'lastNode', responseData: 'noData', options: {} }, 0, 0, { webhookId: `bench-${path}` }),
	node('Data', 'n8n-nodes-base.code', { jsCode: MAKE_DATA }, 200),
];

// Cadence Step takes the cases and the journal rows on two inputs; splitting them is part of its baseline.
const split = [
	node('Cases', 'n8n-nodes-base.code', { jsCode: 'return $input.all().map(({ json: { enrollment, touch, ...c } }) => ({ json: c }));' }, 400),
	node('Journal', 'n8n-nodes-base.code', { jsCode: 'return $input.all().flatMap(i => [i.json.enrollment, i.json.touch].filter(Boolean).map(json => ({ json })));' }, 400),
];
const splitLinks = [link('Start', 'Data'), link('Data', 'Cases'), link('Data', 'Journal')];
const chairside = workflow(
	'bench: Cadence Step',
	[
		...start('cadence'),
		...split,
		node('Cadence Step', 'n8n-nodes-chairside.cadenceStep', {
			operation: 'decide',
			journey: 'treatment-follow-up',
			practice: { name: 'Riverside Dental', phone: '(512) 555-0100', bookingLink: 'https://book.example/now', address: '100 Main St', providerNames: 'DOC1=Dr. Rivera' },
			options: { now: NOW },
		}, 600),
	],
	[...splitLinks, link('Cases', 'Cadence Step', 0, 0), link('Journal', 'Cadence Step', 0, 1)],
);

// The consultant's version of the same rules: days since enrollment, booked/opted-out checks,
// which step is due (latest only), the $1,500/$3,000 conditions, the copy, and one text a day per patient.
const expr = (e: string) => `={{ ${e} }}`;
const consultant = workflow(
	'bench: Set/IF/Code chain',
	[
		...start('chain'),
		node('Days Since Start', 'n8n-nodes-base.set', {
			mode: 'manual',
			includeOtherFields: true,
			assignments: {
				assignments: [
					{ id: 'd', name: 'daysIn', type: 'number', value: expr(`Math.floor(DateTime.fromISO('${NOW}').setZone($json.patient.timezone).startOf('day').diff(DateTime.fromISO($json.enrollment.startedAt).setZone($json.patient.timezone).startOf('day'), 'days').days)`) },
					{ id: 'l', name: 'localHour', type: 'number', value: expr(`DateTime.fromISO('${NOW}').setZone($json.patient.timezone).hour`) },
					{ id: 's', name: 'lastStep', type: 'string', value: expr(`$json.touch ? $json.touch.step : ''`) },
				],
			},
			options: {},
		}, 400),
		node('Still Unscheduled?', 'n8n-nodes-base.if', {
			conditions: {
				options: { caseSensitive: true, typeValidation: 'loose', version: 2 },
				combinator: 'and',
				conditions: [
					{ id: 'u', leftValue: expr('$json.status'), rightValue: 'unscheduled', operator: { type: 'string', operation: 'equals' } },
					{ id: 'c', leftValue: expr('$json.patient.smsConsent'), rightValue: 'no', operator: { type: 'string', operation: 'notEquals' } },
				],
			},
			options: {},
		}, 600),
		node('Which Step', 'n8n-nodes-base.switch', {
			mode: 'expression',
			numberOutputs: 4,
			output: expr(`$json.daysIn >= 12 ? ($json.totalFee >= 3000 ? 3 : 2) : $json.daysIn >= 7 ? ($json.lastStep === 'day-7-text' ? 2 : 0) : $json.daysIn >= 3 ? ($json.lastStep === 'day-3-email' ? 2 : 1) : $json.daysIn >= 1 && $json.lastStep === '' ? 0 : 2`),
			options: {},
		}, 800),
		node('Text Copy', 'n8n-nodes-base.set', {
			mode: 'manual',
			includeOtherFields: true,
			assignments: {
				assignments: [
					{ id: 'b', name: 'body', type: 'string', value: `=Hi {{ $json.patient.firstName }}, we saved your spot for {{ $json.layman }} with Dr. Rivera. Pick a time: https://book.example/now - Riverside Dental. Reply STOP to opt out.` },
					{ id: 'k', name: 'sendKey', type: 'string', value: expr(`$json.enrollment.key + '#' + ($json.daysIn >= 7 ? 'day-7-text' : 'day-1-text')`) },
				],
			},
			options: {},
		}, 1000),
		node('Email Copy', 'n8n-nodes-base.set', {
			mode: 'manual',
			includeOtherFields: true,
			assignments: {
				assignments: [
					{ id: 's', name: 'subject', type: 'string', value: `={{ $json.patient.firstName }}, a quick summary of {{ $json.layman }}` },
					{ id: 'b', name: 'body', type: 'string', value: `=Hi {{ $json.patient.firstName }}, estimated cost {{ '$' + Math.floor($json.totalFee * 0.9 / 50) * 50 + ' - $' + Math.ceil($json.totalFee * 1.1 / 50) * 50 }}. {{ $json.totalFee >= 1500 ? 'Ask about monthly payment options.' : '' }} Book: https://book.example/now` },
				],
			},
			options: {},
		}, 1000),
		node('One a Day', 'n8n-nodes-base.code', {
			jsCode: `const seen = new Set(); return $input.all().filter(i => { const id = i.json.patient.id; if (seen.has(id) || i.json.localHour < 8 || i.json.localHour >= 20) return false; seen.add(id); return true; });`,
		}, 1200),
	],
	[
		link('Start', 'Data'),
		link('Data', 'Days Since Start'),
		link('Days Since Start', 'Still Unscheduled?'),
		link('Still Unscheduled?', 'Which Step'),
		link('Which Step', 'Text Copy', 0),
		link('Which Step', 'Email Copy', 1),
		link('Text Copy', 'One a Day'),
		link('Email Copy', 'One a Day'),
	],
);

const baseline = workflow('bench: data only', [...start('baseline'), node('Done', 'n8n-nodes-base.noOp', {}, 400)], [link('Start', 'Data'), link('Data', 'Done')]);
const splitBaseline = workflow('bench: data split', [...start('split'), ...split, node('Done', 'n8n-nodes-base.noOp', {}, 600)], [...splitLinks, link('Cases', 'Done'), link('Journal', 'Done', 0, 0)]);

const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);

/** Wall time of one webhook-started run, and the peak resident memory above the level before it. */
async function once(base: string, path: string, pid: number): Promise<{ ms: number; mb: number }> {
	const before = rssKb(pid);
	let peak = before;
	const sampler = setInterval(() => (peak = Math.max(peak, rssKb(pid))), 10);
	const t0 = performance.now();
	const response = await fetch(`${base}/webhook/${path}`, { signal: AbortSignal.timeout(600_000) });
	const ms = performance.now() - t0;
	clearInterval(sampler);
	if (!response.ok) throw new Error(`${path} answered ${response.status}: ${(await response.text()).slice(0, 500)}`);
	return { ms, mb: (peak - before) / 1024 };
}

async function median(base: string, path: string, pid: number, runs = 3): Promise<{ ms: number; mb: number }> {
	await once(base, path, pid); // warm-up: code paths compiled, caches filled
	const results = [];
	for (let i = 0; i < runs; i++) results.push(await once(base, path, pid));
	const ms = results.map((r) => r.ms).sort((a, b) => a - b)[Math.floor(runs / 2)];
	return { ms, mb: Math.max(...results.map((r) => r.mb)) };
}

async function main(): Promise<void> {
	const n8n = await N8nSandbox.create();
	const ids = await n8n.importWorkflows([
		{ ...chairside, id: 'benchcadence0001' },
		{ ...consultant, id: 'benchconsultant1' },
		{ ...baseline, id: 'benchbaseline001' },
		{ ...splitBaseline, id: 'benchbaseline002' },
	]);
	for (const id of ids) await n8n.cli(['publish:workflow', `--id=${id}`]);
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	await n8n.start(port, {}, () => undefined);
	await setupOwner(base);
	// Published workflows are activated a moment after the REST API answers.
	while ((await fetch(`${base}/webhook/baseline`)).status === 404) await new Promise((r) => setTimeout(r, 250));
	const pid = n8n.pid as number;
	try {
		const data = await median(base, 'baseline', pid);
		const dataSplit = await median(base, 'split', pid);
		const ours = await median(base, 'cadence', pid);
		const theirs = await median(base, 'chain', pid);
		const oursMs = Math.max(1, ours.ms - dataSplit.ms);
		const theirsMs = Math.max(1, theirs.ms - data.ms);
		console.log(`Cadence Step > Decide over ${N.toLocaleString()} enrollments in a real n8n 2.41.1 (median of 3 runs after a warm-up)`);
		console.log(`  making the data: ${data.ms.toFixed(0)} ms; splitting it into cases and journal rows: ${(dataSplit.ms - data.ms).toFixed(0)} ms (both subtracted)`);
		console.log(`  Cadence Step (one node):         ${oursMs.toFixed(0).padStart(7)} ms   peak memory +${ours.mb.toFixed(0)} MB`);
		console.log(`  Set/IF/Switch/Set/Code chain:    ${theirsMs.toFixed(0).padStart(7)} ms   peak memory +${theirs.mb.toFixed(0)} MB`);
		console.log(`  ratio: Cadence Step is ${(theirsMs / oursMs).toFixed(1)}x faster; the chain does less (no journal rows, no skipped steps, no guard facts, no zones per step)`);
	} finally {
		await n8n.stop();
		n8n.dispose();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
