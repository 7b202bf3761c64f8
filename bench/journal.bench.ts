/**
 * A journal that stays fast. Cadence Step > Decide over 10,000 active treatment follow-up
 * enrollments, run in this process through the node (as n8n calls it: cases on the first input,
 * the journal rows the Data table node read on the second), against three journals:
 *   - no history: only the 10,000 enrollments and their touches;
 *   - one year, archived: a year of a 20,000-patient practice (over 200,000 rows, most of them
 *     finished) after workflows/journal-retention.json's nightly Archive Finished: what Read
 *     Journal returns on that day;
 *   - one year, never archived: the same year whole, as every tick read it before retention.
 * One warm-up run, then CHAIRSIDE_BENCH_RUNS runs each (default 7), interleaved; prints each
 * median and spread beside the ratio of medians, or "not measurable" when the spreads overlap
 * (bench/stats.ts).
 *
 * Then the size of both Data tables after the year, measured the way n8n measures them against
 * N8N_DATA_TABLES_MAX_SIZE_BYTES: the rows inserted into n8n's own SQLite build (its sqlite3
 * module, run by its Node), in a table made like n8n's data-table DDL (an integer id, one TEXT
 * column per journal column, createdAt and updatedAt), summed from dbstat as
 * data-table.repository.js does.
 *   npm run bench
 *   CHAIRSIDE_BENCH_RUNS=3 node .build/bench/journal.bench.js     (a quick run)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { JOURNAL_COLUMNS, row, type JournalRow } from '../core/journey/journal';
import { sweep } from '../core/journey/retention';
import { CadenceStep } from '../nodes/CadenceStep/CadenceStep.node';
import { ensureN8n } from '../sandbox/n8n/runner';
import { bandOf, describe, ratio, summarize } from './stats';

const ACTIVE = 10_000;
const PATIENTS = 20_000;
const RUNS = Math.max(1, Number(process.env.CHAIRSIDE_BENCH_RUNS ?? 7));
const NOW = DateTime.fromISO('2027-03-09T15:00:00.000Z', { zone: 'utc' });
const POLICY = { liveDays: 365, auditDays: 2190 };
const iso = (t: DateTime) => t.toUTC().toISO() as string;
const ZONES = ['America/Chicago', 'America/New_York', 'America/Denver', 'America/Los_Angeles', 'America/Phoenix'];

/** The PMS node's unscheduled cases (as bench/cadence.bench.ts makes them), one per active enrollment. */
function cases(): IDataObject[] {
	return Array.from({ length: ACTIVE }, (_, i) => ({
		caseId: `case-${i}`,
		source: 'opendental',
		totalFee: 400 + ((i * 37) % 4000),
		openFee: 400 + ((i * 37) % 4000),
		category: i % 3 ? 'crown' : 'implant',
		layman: i % 3 ? 'your crown' : 'your implant treatment',
		presentedAt: '2027-02-28',
		ageDays: 9,
		status: 'unscheduled',
		provider: 'DOC1',
		nextAppointment: null,
		procedures: [],
		patient: {
			id: `p${i}`,
			firstName: `Pat${i}`,
			lastName: 'Lee',
			mobile: `+1512${String(5_000_000 + i).padStart(7, '0')}`,
			email: `p${i}@example.com`,
			timezone: ZONES[i % 5],
			smsConsent: 'yes',
			preferredChannel: null,
			clinic: null,
			provider: 'DOC1',
			status: 'active',
		},
	}));
}

/** The active work: each case's enrollment, started 7 days ago, and half of them with the day 1 text sent. */
function activeRows(): JournalRow[] {
	const started = NOW.minus({ days: 7 });
	const rows: JournalRow[] = [];
	for (let i = 0; i < ACTIVE; i++) {
		const e = row({
			key: `treatment-follow-up/case-${i}`,
			kind: 'enrollment',
			journey: 'treatment-follow-up',
			patientId: `p${i}`,
			subjectId: `case-${i}`,
			status: 'active',
			startedAt: iso(started),
			at: iso(started),
		});
		rows.push(e);
		if (i % 2) rows.push(touchRow(e, 'day-1-text', 'sms', started.plus({ days: 1 })));
	}
	return rows;
}

function touchRow(e: JournalRow, step: string, channel: string, at: DateTime): JournalRow {
	return row({
		key: `${e.key}#${step}`,
		kind: 'touch',
		journey: e.journey,
		patientId: e.patientId,
		subjectId: e.subjectId,
		enrollment: e.key,
		step,
		channel,
		status: 'sent',
		at: iso(at),
		providerId: `SM${e.key.length}${step.length}`,
	});
}

/**
 * A year of a 20,000-patient practice before NOW, every journey: 140 enrollments a day, each with
 * its texts and emails (three on average), one in five with a staff task, 20 inbound replies a day,
 * and 2% of patients opted out. Every one of these enrollments has ended by NOW.
 */
function historyRows(): JournalRow[] {
	const journeys: Array<[string, string[]]> = [
		['treatment-follow-up', ['day-1-text', 'day-3-email', 'day-7-text']],
		['hygiene-recall', ['4-weeks-before', '2-weeks-after', '8-weeks-after']],
		['lapsed-reactivation', ['first-text', 'second-text', 'last-email']],
		['no-show-recovery', ['same-day-text', 'next-day-email']],
		['implant-journey', ['day-0', 'day-3-check', 'day-7', 'day-30']],
	];
	const rows: JournalRow[] = [];
	let n = 0;
	for (let day = 365; day >= 15; day--) {
		const start = NOW.minus({ days: day }).set({ hour: 15 });
		for (let k = 0; k < 140; k++, n++) {
			const [journey, steps] = journeys[n % journeys.length];
			const patientId = `p${(n * 7919) % PATIENTS}`;
			const key = `${journey}/h${n}`;
			const end = start.plus({ days: 14 });
			rows.push(
				row({
					key,
					kind: 'enrollment',
					journey,
					patientId,
					subjectId: `h${n}`,
					status: n % 5 ? 'finished' : 'stopped',
					reason: n % 5 ? 'journey complete' : 'booked',
					startedAt: iso(start),
					at: iso(end),
				}),
			);
			const e = rows[rows.length - 1];
			steps.forEach((step, s) =>
				rows.push(touchRow(e, step, step.includes('email') ? 'email' : 'sms', start.plus({ days: s * 4 }))),
			);
			if (n % 5 === 0)
				rows.push(
					row({
						key: `task/${key}#call`,
						kind: 'task',
						patientId,
						enrollment: key,
						status: 'done',
						reason: 'call about the plan',
						at: iso(end),
						detail: 'Call the patient about the plan',
					}),
				);
		}
		for (let r = 0; r < 20; r++)
			rows.push(
				row({
					key: `reply/SM${day}x${r}`,
					kind: 'reply',
					patientId: `p${(day * 31 + r) % PATIENTS}`,
					status: 'book',
					at: iso(start.plus({ hours: 2 })),
				}),
			);
	}
	for (let p = 0; p < PATIENTS; p += 50)
		rows.push(
			row({
				key: `patient/p${p}`,
				kind: 'patient',
				patientId: `p${p}`,
				status: 'opted_out',
				channel: 'sms',
				reason: 'STOP',
				at: iso(NOW.minus({ days: 200 })),
			}),
		);
	return rows;
}

const NODE: INode = {
	id: 'b1',
	name: 'Cadence Step',
	type: 'n8n-nodes-chairside.cadenceStep',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const PARAMS: Record<string, unknown> = {
	operation: 'decide',
	journey: 'treatment-follow-up',
	practice: {
		name: 'Riverside Dental',
		phone: '(512) 555-0100',
		bookingLink: 'https://book.example/now',
		address: '100 Main St',
		providerNames: 'DOC1=Dr. Rivera',
	},
	options: { now: iso(NOW) },
};

/** One Decide tick; returns its wall time and how many items it put out. */
async function tick(inputs: INodeExecutionData[][]): Promise<{ ms: number; out: number }> {
	const ctx = {
		getInputData: (input = 0) => inputs[input],
		getNodeParameter: (name: string, _i: number, fallback?: unknown) => PARAMS[name] ?? fallback,
		getNode: () => NODE,
		getTimezone: () => 'America/Chicago',
		continueOnFail: () => false,
	} as unknown as IExecuteFunctions;
	const started = performance.now();
	const outputs = (await new CadenceStep().execute.call(ctx)) as INodeExecutionData[][];
	return { ms: performance.now() - started, out: outputs.flat().length };
}

/** Rows as the Data table node hands them on: its id, createdAt and updatedAt beside the columns. */
const asItems = (rows: JournalRow[]): INodeExecutionData[] =>
	rows.map((r, i) => ({ json: { id: i + 1, ...r, createdAt: r.at ?? iso(NOW), updatedAt: r.at ?? iso(NOW) } }));

/**
 * Bytes of each table as n8n 2.41.1 counts them on SQLite (SUM(pgsize) FROM dbstat), after inserting
 * the rows with n8n's own sqlite3 module under n8n's Node.
 */
function sqliteBytes(tables: Record<string, JournalRow[]>): Record<string, number> {
	const n8n = ensureN8n();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chairside-journal-size-'));
	try {
		const data = path.join(dir, 'rows.json');
		fs.writeFileSync(
			data,
			JSON.stringify(
				Object.fromEntries(
					Object.entries(tables).map(([t, rows]) => [t, rows.map((r) => JOURNAL_COLUMNS.map((c) => r[c]))]),
				),
			),
		);
		const script = `
const sqlite3 = require(${JSON.stringify(path.join(n8n.dir, 'n8n/node_modules/sqlite3'))});
const tables = JSON.parse(require('fs').readFileSync(${JSON.stringify(data)}, 'utf8'));
const cols = ${JSON.stringify(JOURNAL_COLUMNS)};
const db = new sqlite3.Database(${JSON.stringify(path.join(dir, 'database.sqlite'))});
const run = (sql, args = []) => new Promise((ok, fail) => db.run(sql, args, (e) => (e ? fail(e) : ok())));
const all = (sql) => new Promise((ok, fail) => db.all(sql, (e, r) => (e ? fail(e) : ok(r))));
(async () => {
  const out = {};
  for (const [name, rows] of Object.entries(tables)) {
    const table = 'data_table_user_' + name;
    await run('CREATE TABLE ' + table + ' (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, ' + cols.map((c) => '"' + c + '" TEXT').join(', ') +
      ", createdAt DATETIME(3) NOT NULL DEFAULT (STRFTIME('%Y-%m-%d %H:%M:%f', 'NOW')), updatedAt DATETIME(3) NOT NULL DEFAULT (STRFTIME('%Y-%m-%d %H:%M:%f', 'NOW')))");
    await run('BEGIN');
    const insert = db.prepare('INSERT INTO ' + table + ' (' + cols.map((c) => '"' + c + '"').join(', ') + ') VALUES (' + cols.map(() => '?').join(', ') + ')');
    for (const r of rows) await new Promise((ok, fail) => insert.run(r, (e) => (e ? fail(e) : ok())));
    await new Promise((ok) => insert.finalize(ok));
    await run('COMMIT');
    out[name] = (await all("SELECT SUM(pgsize) AS bytes FROM dbstat WHERE name = '" + table + "'"))[0].bytes;
  }
  console.log(JSON.stringify(out));
  db.close();
})().catch((e) => { console.error(e); process.exit(1); });`;
		return JSON.parse(execFileSync(n8n.nodeBin, ['-e', script], { encoding: 'utf8', maxBuffer: 1 << 20 })) as Record<
			string,
			number
		>;
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

async function main(): Promise<void> {
	const active = activeRows();
	const history = historyRows();
	const year = [...history, ...active];
	const { archive } = sweep(year, NOW, POLICY);
	const leaving = new Set(archive.map((r) => r.key));
	const live = year.filter((r) => !leaving.has(r.key));
	const caseItems = cases().map((json) => ({ json }));
	const journals = {
		'no history': asItems(active),
		'one year, archived': asItems(live),
		'one year, never archived': asItems(year),
	};
	const finished = year.filter((r) => r.kind === 'enrollment' && r.status !== 'active').length;
	console.log(
		`Cadence Step > Decide, ${ACTIVE.toLocaleString()} active enrollments, in process (median of ${RUNS} runs after a warm-up, runs interleaved)`,
	);
	console.log(
		`  one year of a ${PATIENTS.toLocaleString()}-patient practice: ${year.length.toLocaleString()} journal rows, ${finished.toLocaleString()} finished or stopped enrollments`,
	);

	const times: Record<string, number[]> = Object.fromEntries(Object.keys(journals).map((k) => [k, []]));
	const outs = new Set<number>();
	for (const journal of Object.values(journals)) outs.add((await tick([caseItems, journal])).out);
	for (let run = 0; run < RUNS; run++) {
		for (const [name, journal] of Object.entries(journals)) {
			const { ms, out } = await tick([caseItems, journal]);
			times[name].push(ms);
			outs.add(out);
		}
	}
	if (outs.size !== 1)
		throw new Error(`the three journals did not decide the same number of items: ${[...outs].join(', ')}`);
	const base = summarize(times['no history']);
	for (const [name, journal] of Object.entries(journals)) {
		const s = summarize(times[name]);
		const versus =
			name === 'no history'
				? ''
				: `   time against no history: ${ratio(bandOf(s), bandOf(base), [name, 'no history']).text}`;
		console.log(
			`  ${(name + ':').padEnd(27)} ${journal.length.toLocaleString().padStart(8)} rows read   ${describe(s, 'ms')}${versus}`,
		);
	}

	const bytes = sqliteBytes({ journal: live, archive, unarchived: year });
	const mib = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MiB`;
	console.log(
		`Data tables after the year (rows; bytes as n8n counts them on SQLite, dbstat; n8n's default cap N8N_DATA_TABLES_MAX_SIZE_BYTES is 200 MiB for all tables)`,
	);
	console.log(`  chairside_journal:          ${live.length.toLocaleString().padStart(8)} rows   ${mib(bytes.journal)}`);
	console.log(
		`  chairside_archive:          ${archive.length.toLocaleString().padStart(8)} rows   ${mib(bytes.archive)}`,
	);
	console.log(`  (without archiving, one table: ${year.length.toLocaleString()} rows, ${mib(bytes.unarchived)})`);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
