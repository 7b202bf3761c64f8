/**
 * Cadence Step > Decide over 10,000 enrollments in a real n8n, against the same decision built
 * the way a consultant would with n8n's own nodes, on the same items in the same n8n: a chain
 * (Set with expressions, IF, Switch, Code) and one Code node doing it all. Each workflow is started
 * by a webhook and answers when its last node is done; the workflows run in turn, a warm-up each,
 * then CHAIRSIDE_BENCH_RUNS rounds (default 5). Printed: every workflow's whole-run median and
 * spread; each contender's own time, its data baseline taken off (the data alone, or the data
 * split into Cadence Step's two inputs), with the band that subtraction leaves; and ratios only
 * where the bands allow one (bench/stats.ts). Memory is the n8n process's resident set, sampled
 * every 10 ms, above what it was before the run (the most any run needed).
 *   npm run bench
 *   CHAIRSIDE_BENCH_RUNS=3 CHAIRSIDE_BENCH_ENROLLMENTS=2000 node .build/bench/cadence.bench.js   (a quick run)
 */
import fs from 'node:fs';
import type { DateTime as LuxonDateTime } from 'luxon';
import { setupOwner } from '../sandbox/n8n/owner';
import { freePort, N8nSandbox } from '../sandbox/n8n/runner';
import { bandOf, describe, describeBand, minus, ratio, summarize, type Band } from './stats';
import { get, link, node, practiceCredentials, practiceProfile, workflow } from './workflow';

const N = Number(process.env.CHAIRSIDE_BENCH_ENROLLMENTS ?? 10_000);
const RUNS = Math.max(3, Number(process.env.CHAIRSIDE_BENCH_RUNS ?? 5));
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
	node(
		'Start',
		'n8n-nodes-base.webhook',
		{ httpMethod: 'GET', path, responseMode: 'lastNode', responseData: 'noData', options: {} },
		0,
		0,
		{ webhookId: `bench-${path}` },
	),
	node('Data', 'n8n-nodes-base.code', { jsCode: MAKE_DATA }, 200),
];

// Cadence Step takes the cases and the journal rows on two inputs; splitting them is part of its baseline.
const split = [
	node(
		'Cases',
		'n8n-nodes-base.code',
		{ jsCode: 'return $input.all().map(({ json: { enrollment, touch, ...c } }) => ({ json: c }));' },
		400,
	),
	node(
		'Journal',
		'n8n-nodes-base.code',
		{
			jsCode:
				'return $input.all().flatMap(i => [i.json.enrollment, i.json.touch].filter(Boolean).map(json => ({ json })));',
		},
		400,
	),
];
const splitLinks = [link('Start', 'Data'), link('Data', 'Cases'), link('Data', 'Journal')];
const chairside = workflow(
	'bench: Cadence Step',
	[
		...start('cadence'),
		...split,
		node(
			'Cadence Step',
			'n8n-nodes-chairside.cadenceStep',
			{
				operation: 'decide',
				journey: 'treatment-follow-up',
				practice: {
					name: 'Riverside Dental',
					phone: '(512) 555-0100',
					bookingLink: 'https://book.example/now',
					address: '100 Main St',
					providerNames: 'DOC1=Dr. Rivera',
				},
				options: { now: NOW },
			},
			600,
			0,
			{ credentials: practiceCredentials },
		),
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
		node(
			'Days Since Start',
			'n8n-nodes-base.set',
			{
				mode: 'manual',
				includeOtherFields: true,
				assignments: {
					assignments: [
						{
							id: 'd',
							name: 'daysIn',
							type: 'number',
							value: expr(
								`Math.floor(DateTime.fromISO('${NOW}').setZone($json.patient.timezone).startOf('day').diff(DateTime.fromISO($json.enrollment.startedAt).setZone($json.patient.timezone).startOf('day'), 'days').days)`,
							),
						},
						{
							id: 'l',
							name: 'localHour',
							type: 'number',
							value: expr(`DateTime.fromISO('${NOW}').setZone($json.patient.timezone).hour`),
						},
						{ id: 's', name: 'lastStep', type: 'string', value: expr(`$json.touch ? $json.touch.step : ''`) },
					],
				},
				options: {},
			},
			400,
		),
		node(
			'Still Unscheduled?',
			'n8n-nodes-base.if',
			{
				conditions: {
					options: { caseSensitive: true, typeValidation: 'loose', version: 2 },
					combinator: 'and',
					conditions: [
						{
							id: 'u',
							leftValue: expr('$json.status'),
							rightValue: 'unscheduled',
							operator: { type: 'string', operation: 'equals' },
						},
						{
							id: 'c',
							leftValue: expr('$json.patient.smsConsent'),
							rightValue: 'no',
							operator: { type: 'string', operation: 'notEquals' },
						},
					],
				},
				options: {},
			},
			600,
		),
		node(
			'Which Step',
			'n8n-nodes-base.switch',
			{
				mode: 'expression',
				numberOutputs: 4,
				output: expr(
					`$json.daysIn >= 12 ? ($json.totalFee >= 3000 ? 3 : 2) : $json.daysIn >= 7 ? ($json.lastStep === 'day-7-text' ? 2 : 0) : $json.daysIn >= 3 ? ($json.lastStep === 'day-3-email' ? 2 : 1) : $json.daysIn >= 1 && $json.lastStep === '' ? 0 : 2`,
				),
				options: {},
			},
			800,
		),
		node(
			'Text Copy',
			'n8n-nodes-base.set',
			{
				mode: 'manual',
				includeOtherFields: true,
				assignments: {
					assignments: [
						{
							id: 'b',
							name: 'body',
							type: 'string',
							value: `=Hi {{ $json.patient.firstName }}, we saved your spot for {{ $json.layman }} with Dr. Rivera. Pick a time: https://book.example/now - Riverside Dental. Reply STOP to opt out.`,
						},
						{
							id: 'k',
							name: 'sendKey',
							type: 'string',
							value: expr(`$json.enrollment.key + '#' + ($json.daysIn >= 7 ? 'day-7-text' : 'day-1-text')`),
						},
					],
				},
				options: {},
			},
			1000,
		),
		node(
			'Email Copy',
			'n8n-nodes-base.set',
			{
				mode: 'manual',
				includeOtherFields: true,
				assignments: {
					assignments: [
						{
							id: 's',
							name: 'subject',
							type: 'string',
							value: `={{ $json.patient.firstName }}, a quick summary of {{ $json.layman }}`,
						},
						{
							id: 'b',
							name: 'body',
							type: 'string',
							value: `=Hi {{ $json.patient.firstName }}, estimated cost {{ '$' + Math.floor($json.totalFee * 0.9 / 50) * 50 + ' - $' + Math.ceil($json.totalFee * 1.1 / 50) * 50 }}. {{ $json.totalFee >= 1500 ? 'Ask about monthly payment options.' : '' }} Book: https://book.example/now`,
						},
					],
				},
				options: {},
			},
			1000,
		),
		node(
			'One a Day',
			'n8n-nodes-base.code',
			{
				jsCode: `const seen = new Set(); return $input.all().filter(i => { const id = i.json.patient.id; if (seen.has(id) || i.json.localHour < 8 || i.json.localHour >= 20) return false; seen.add(id); return true; });`,
			},
			1200,
		),
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

type Json = Record<string, unknown>;
/** An item as the consultant's code reads it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- what a Code node's $json is
type Row = Record<string, any>;

/**
 * The chain's rules in one Code node (run once for all items), as a consultant would write them:
 * days since enrollment in the patient's zone, booked/opted-out checks, which step is due, the
 * copy, and one text a day per patient inside 08:00-20:00 local.
 */
function consultantCode(
	items: Array<{ json: Json }>,
	nowIso: string,
	DateTime: typeof LuxonDateTime,
): Array<{ json: Json }> {
	const now = DateTime.fromISO(nowIso);
	const seen = new Set<string>();
	const out: Array<{ json: Json }> = [];
	for (const { json } of items) {
		const row = json as Row;
		if (row.status !== 'unscheduled' || row.patient.smsConsent === 'no') continue;
		const zone = row.patient.timezone;
		const local = now.setZone(zone);
		const daysIn = Math.floor(
			local.startOf('day').diff(DateTime.fromISO(row.enrollment.startedAt).setZone(zone).startOf('day'), 'days').days,
		);
		const lastStep = row.touch ? row.touch.step : '';
		const step =
			daysIn >= 12
				? row.totalFee >= 3000
					? 3
					: 2
				: daysIn >= 7
					? lastStep === 'day-7-text'
						? 2
						: 0
					: daysIn >= 3
						? lastStep === 'day-3-email'
							? 2
							: 1
						: daysIn >= 1 && lastStep === ''
							? 0
							: 2;
		let copy: Json;
		if (step === 0) {
			copy = {
				body: `Hi ${row.patient.firstName}, we saved your spot for ${row.layman} with Dr. Rivera. Pick a time: https://book.example/now - Riverside Dental. Reply STOP to opt out.`,
				sendKey: `${row.enrollment.key}#${daysIn >= 7 ? 'day-7-text' : 'day-1-text'}`,
			};
		} else if (step === 1) {
			const low = Math.floor((row.totalFee * 0.9) / 50) * 50;
			const high = Math.ceil((row.totalFee * 1.1) / 50) * 50;
			copy = {
				subject: `${row.patient.firstName}, a quick summary of ${row.layman}`,
				body: `Hi ${row.patient.firstName}, estimated cost $${low} - $${high}. ${row.totalFee >= 1500 ? 'Ask about monthly payment options.' : ''} Book: https://book.example/now`,
			};
		} else continue;
		if (seen.has(row.patient.id) || local.hour < 8 || local.hour >= 20) continue;
		seen.add(row.patient.id);
		out.push({ json: { ...row, daysIn, localHour: local.hour, lastStep, ...copy } });
	}
	return out;
}

// The Code node runs the function's own text: what is timed is what is type-checked here.
const oneCode = workflow(
	'bench: one Code node',
	[
		...start('code'),
		node(
			'Follow-Up',
			'n8n-nodes-base.code',
			{ jsCode: `return (${consultantCode.toString()})($input.all(), '${NOW}', DateTime);` },
			400,
		),
	],
	[link('Start', 'Data'), link('Data', 'Follow-Up')],
);

const baseline = workflow(
	'bench: data only',
	[...start('baseline'), node('Done', 'n8n-nodes-base.noOp', {}, 400)],
	[link('Start', 'Data'), link('Data', 'Done')],
);
const splitBaseline = workflow(
	'bench: data split',
	[...start('split'), ...split, node('Done', 'n8n-nodes-base.noOp', {}, 600)],
	[...splitLinks, link('Cases', 'Done'), link('Journal', 'Done', 0, 0)],
);

const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);

/** Wall time of one webhook-started run, and the peak resident memory above the level before it. */
async function once(base: string, path: string, pid: number): Promise<{ ms: number; mb: number }> {
	const before = rssKb(pid);
	let peak = before;
	const sampler = setInterval(() => (peak = Math.max(peak, rssKb(pid))), 10);
	const t0 = performance.now();
	const response = await get(`${base}/webhook/${path}`);
	const ms = performance.now() - t0;
	clearInterval(sampler);
	if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${response.body.slice(0, 500)}`);
	return { ms, mb: (peak - before) / 1024 };
}

const CONTENDERS = [
	{ path: 'baseline', label: 'data only' },
	{ path: 'split', label: "data split into Cadence Step's two inputs" },
	{ path: 'cadence', label: 'Cadence Step (one node)' },
	{ path: 'code', label: 'one Code node' },
	{ path: 'chain', label: 'Set/IF/Switch/Set/Code chain' },
] as const;
type Path = (typeof CONTENDERS)[number]['path'];

async function main(): Promise<void> {
	const n8n = await N8nSandbox.create();
	await n8n.importCredentials([practiceProfile('America/Chicago')]);
	const ids = await n8n.importWorkflows([
		{ ...chairside, id: 'benchcadence0001' },
		{ ...consultant, id: 'benchconsultant1' },
		{ ...oneCode, id: 'benchcadcode0001' },
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
		const ms = Object.fromEntries(CONTENDERS.map((c) => [c.path, [] as number[]])) as Record<Path, number[]>;
		const mb = Object.fromEntries(CONTENDERS.map((c) => [c.path, 0])) as Record<Path, number>;
		// A warm-up each (code paths compiled, caches filled), then rounds in turn, so drift hits all alike.
		for (const c of CONTENDERS) mb[c.path] = (await once(base, c.path, pid)).mb;
		for (let run = 0; run < RUNS; run++) {
			for (const c of CONTENDERS) {
				const r = await once(base, c.path, pid);
				ms[c.path].push(r.ms);
				mb[c.path] = Math.max(mb[c.path], r.mb);
			}
		}
		const whole = Object.fromEntries(CONTENDERS.map((c) => [c.path, summarize(ms[c.path])])) as Record<
			Path,
			ReturnType<typeof summarize>
		>;
		console.log(
			`Cadence Step > Decide over ${N.toLocaleString('en-US')} enrollments in a real n8n 2.41.1 (${RUNS} rounds after a warm-up each, workflows in turn)`,
		);
		console.log('  whole runs, webhook to answer:');
		for (const c of CONTENDERS)
			console.log(
				`    ${(c.label + ':').padEnd(46)} ${describe(whole[c.path], 'ms').padEnd(72)} peak memory +${mb[c.path].toFixed(0)} MB`,
			);
		// Each contender's own time: its whole run less the run that only makes (and splits) its data.
		const own: Record<'cadence' | 'code' | 'chain', Band> = {
			cadence: minus(bandOf(whole.cadence), bandOf(whole.split)),
			code: minus(bandOf(whole.code), bandOf(whole.baseline)),
			chain: minus(bandOf(whole.chain), bandOf(whole.baseline)),
		};
		console.log("  own time, the data baseline taken off (band: the p25-p75 bands' worst pairing):");
		console.log(`    ${'Cadence Step (less data + split):'.padEnd(46)} ${describeBand(own.cadence, 'ms')}`);
		console.log(`    ${'one Code node (less data):'.padEnd(46)} ${describeBand(own.code, 'ms')}`);
		console.log(`    ${'chain (less data):'.padEnd(46)} ${describeBand(own.chain, 'ms')}`);
		console.log("  ratios, time of n8n's own nodes over Cadence Step's:");
		console.log(
			`    one Code node / Cadence Step, own time:      ${ratio(own.code, own.cadence, ['one Code node', 'Cadence Step']).text}`,
		);
		console.log(
			`    chain / Cadence Step, own time:              ${ratio(own.chain, own.cadence, ['the chain', 'Cadence Step']).text}`,
		);
		console.log(
			`    one Code node / Cadence Step, whole runs:    ${ratio(bandOf(whole.code), bandOf(whole.cadence), ['one Code node', 'Cadence Step']).text}`,
		);
		console.log(
			`    chain / Cadence Step, whole runs:            ${ratio(bandOf(whole.chain), bandOf(whole.cadence), ['the chain', 'Cadence Step']).text}`,
		);
		console.log(
			'  the Code node and the chain do less (no journal rows, no skipped steps with why, no guard facts, no zone per step, no profile checks)',
		);
	} finally {
		await n8n.stop();
		n8n.dispose();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
