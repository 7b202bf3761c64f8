/**
 * What claiming a send costs. The send path as the Dispatcher runs it without a provider: a
 * section under the patient's lock that reads the send key, counts the patient's recent sends and
 * claims the key, then the claim finished. Measured in claims per second, one claim after another
 * per process, for:
 *   (i)   the in-process state (regular mode) over an in-memory durable set, vs a raw Map;
 *   (ii)  postgresState (queue mode) from 1 process, vs a raw `pg` INSERT ... ON CONFLICT DO NOTHING;
 *   (iii) postgresState from 2 processes at once (child processes, as two workers), vs the raw
 *         INSERT from 2 processes at once.
 * Each against its baseline on the same keys and patients, in the same run, interleaved: one
 * warm-up, then CHAIRSIDE_BENCH_RUNS runs (default 5) of CHAIRSIDE_BENCH_N claims (default 2,000;
 * in (iii) that many per process). Prints each median and spread (p25-p75, min-max) beside the ratio of
 * medians and the spread of the per-run ratios; a ratio whose spread exceeds its distance from 1
 * is printed as not measurable. Nothing is clamped or subtracted.
 * The bench starts its own throwaway PostgreSQL (sandbox/postgres.ts) on 127.0.0.1.
 *   npm run bench
 *   CHAIRSIDE_BENCH_RUNS=3 CHAIRSIDE_BENCH_N=500 node .build/bench/claims.bench.js   (a quick run)
 */
import { fork, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { postgresState, type PostgresSettings } from '../core/state/postgres';
import { ProcessMemory, processState, type DurableKeys } from '../core/state/process';
import { locks, type SharedState } from '../core/state/shared-state';
import { startPostgres, type PostgresConnection } from '../sandbox/postgres';
import { describe, summarize } from './stats';

const RUNS = Math.max(1, Number(process.env.CHAIRSIDE_BENCH_RUNS ?? 5));
const N = Math.max(1, Number(process.env.CHAIRSIDE_BENCH_N ?? 2_000));
const PATIENTS = 200;
const TABLE = 'chairside_claims';
// A pinned clock: every claim is at this instant; the caps look back 8 days as the Dispatcher does.
const AT = '2026-03-10T15:00:00.000Z';
const SINCE = '2026-03-02T15:00:00.000Z';

/** The i-th claim of a run: its own key, one of PATIENTS patients (so locks are taken, rarely contended). */
const claimOf = (prefix: string, i: number) => ({ key: `${prefix}:enr-${i}:day1-sms`, patientId: `P${i % PATIENTS}` });

/** The Dispatcher's send path, minus the provider. */
async function sendPath(state: SharedState, prefix: string, n: number): Promise<void> {
	for (let i = 0; i < n; i++) {
		const { key, patientId } = claimOf(prefix, i);
		const claimed = await state.exclusive(locks.patient(patientId), async (view) => {
			if (await view.get(key)) return false;
			await view.sendsSince(patientId, SINCE);
			return (await view.claim({ key, kind: 'send', at: AT, patientId })) === null;
		});
		if (!claimed) throw new Error(`${key} was already claimed: the bench's keys must be fresh`);
		await state.finish(key, `SM${i}`);
	}
}

/** The raw-library baseline: one INSERT ... ON CONFLICT DO NOTHING per claim, into the same table. */
async function rawInserts(pool: Pool, prefix: string, n: number): Promise<void> {
	for (let i = 0; i < n; i++) {
		const { key, patientId } = claimOf(prefix, i);
		const inserted = await pool.query(
			`INSERT INTO ${TABLE} (key, kind, state, at, patient_id) VALUES ($1, 'send', 'claimed', $2, $3) ON CONFLICT (key) DO NOTHING`,
			[key, AT, patientId],
		);
		if (inserted.rowCount !== 1) throw new Error(`${key} was already claimed: the bench's keys must be fresh`);
	}
}

const settingsOf = (connection: PostgresConnection): PostgresSettings => ({ ...connection, ssl: false, table: TABLE });

// ---- child process (a "worker" in (iii)) ----

type ToChild = { run: 'state' | 'raw'; prefix: string; n: number } | { exit: true };

async function child(connection: PostgresConnection): Promise<void> {
	const state = await postgresState(settingsOf(connection));
	// The same pool size as the module's, so the baseline is not starved of connections.
	const pool = new Pool({ ...connection, max: 10 });
	await pool.query('SELECT 1');
	process.on('message', (message: ToChild) => {
		if ('exit' in message) {
			void pool.end().then(() => process.exit(0));
			return;
		}
		const work =
			message.run === 'state'
				? sendPath(state, message.prefix, message.n)
				: rawInserts(pool, message.prefix, message.n);
		work.then(
			() => process.send?.({ done: true }),
			(error: Error) => process.send?.({ error: error.message }),
		);
	});
	process.send?.({ ready: true });
}

// ---- the parent ----

interface Series {
	name: string;
	perSecond: number[];
}

const median = (xs: number[]) => summarize(xs).median;
const fmt = (x: number) => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3));

function report(title: string, subject: Series, baseline: Series): void {
	const line = (s: Series) => `    ${s.name.padEnd(44)} ${describe(summarize(s.perSecond), 'claims/s')}`;
	// Each run's pair was measured back to back, so the per-run ratio carries the run's conditions.
	const ratios = subject.perSecond.map((x, i) => x / baseline.perSecond[i]);
	const ratio = median(subject.perSecond) / median(baseline.perSecond);
	const spread = Math.max(...ratios) - Math.min(...ratios);
	const signal = Math.abs(ratio - 1);
	console.log(`\n${title}`);
	console.log(line(subject));
	console.log(line(baseline));
	const verdict =
		spread > signal
			? `not measurable: the per-run ratios spread ${fmt(Math.min(...ratios))}-${fmt(Math.max(...ratios))} (${fmt(spread)}) is wider than the ratio's distance from 1 (${fmt(signal)})`
			: `ratio of medians ${fmt(ratio)} (the state does ${fmt(ratio)}x the baseline's claims per second; per-run ratios ${fmt(Math.min(...ratios))}-${fmt(Math.max(...ratios))})`;
	console.log(`    ${verdict}`);
}

/** Claims per second of `work` over `n` claims, timed by the wall clock. */
async function timed(n: number, work: () => Promise<unknown>): Promise<number> {
	const started = performance.now();
	await work();
	return n / ((performance.now() - started) / 1000);
}

function memoryDurable(): DurableKeys {
	const keys = new Set<string>();
	return {
		id: 'bench',
		has: async (k) => keys.has(k),
		add: async (k) => void keys.add(k),
		remove: async (k) => void keys.delete(k),
	};
}

async function rawMap(map: Map<string, unknown>, prefix: string, n: number): Promise<void> {
	for (let i = 0; i < n; i++) {
		const { key, patientId } = claimOf(prefix, i);
		// Awaited like the state's calls, so the baseline is not a synchronous loop the JIT folds away.
		if (await Promise.resolve(map.has(key))) throw new Error(`${key} was already claimed`);
		map.set(key, { key, kind: 'send', state: 'claimed', at: AT, patientId, ref: null });
	}
}

async function inProcess(): Promise<void> {
	const state = processState(memoryDurable(), 'send', new ProcessMemory());
	const map = new Map<string, unknown>();
	const subject: Series = { name: '(i) processState send path', perSecond: [] };
	const baseline: Series = { name: '    raw Map has/set', perSecond: [] };
	await sendPath(state, 'warm', N);
	await rawMap(map, 'warm', N);
	for (let run = 0; run < RUNS; run++) {
		subject.perSecond.push(await timed(N, () => sendPath(state, `p${run}`, N)));
		baseline.perSecond.push(await timed(N, () => rawMap(map, `p${run}`, N)));
	}
	report('(i) regular mode: the in-process state over an in-memory durable set, 1 process', subject, baseline);
}

async function oneProcess(connection: PostgresConnection): Promise<void> {
	const state = await postgresState(settingsOf(connection));
	const pool = new Pool({ ...connection, max: 10 });
	const subject: Series = { name: '(ii) postgresState send path', perSecond: [] };
	const baseline: Series = { name: '    raw pg INSERT ... ON CONFLICT DO NOTHING', perSecond: [] };
	await sendPath(state, 'warm1s', N);
	await rawInserts(pool, 'warm1r', N);
	for (let run = 0; run < RUNS; run++) {
		subject.perSecond.push(await timed(N, () => sendPath(state, `one${run}s`, N)));
		baseline.perSecond.push(await timed(N, () => rawInserts(pool, `one${run}r`, N)));
	}
	await pool.end();
	report('(ii) queue mode: postgresState from 1 process', subject, baseline);
}

async function twoProcesses(connection: PostgresConnection): Promise<void> {
	const children: ChildProcess[] = [];
	const waitFor = (c: ChildProcess, key: 'ready' | 'done') =>
		new Promise<void>((resolve, reject) => {
			const onMessage = (m: Record<string, unknown>) => {
				c.off('message', onMessage);
				if (m.error) reject(new Error(String(m.error)));
				else if (m[key]) resolve();
				else reject(new Error(`unexpected ${JSON.stringify(m)}`));
			};
			c.on('message', onMessage);
		});
	try {
		for (let i = 0; i < 2; i++) {
			const c = fork(__filename, ['--child'], {
				env: { ...process.env, CHAIRSIDE_BENCH_PG: JSON.stringify(connection) },
				stdio: 'inherit',
			});
			children.push(c);
		}
		await Promise.all(children.map((c) => waitFor(c, 'ready')));
		// Both children start together; the run lasts until the later one is done.
		const both = (run: 'state' | 'raw', prefix: string) =>
			timed(2 * N, () =>
				Promise.all(
					children.map(
						(c, i) => (c.send({ run, prefix: `${prefix}w${i}`, n: N } satisfies ToChild), waitFor(c, 'done')),
					),
				),
			);
		const subject: Series = { name: '(iii) postgresState send path, 2 processes', perSecond: [] };
		const baseline: Series = { name: '    raw pg INSERT ... ON CONFLICT, 2 processes', perSecond: [] };
		await both('state', 'warm2s');
		await both('raw', 'warm2r');
		for (let run = 0; run < RUNS; run++) {
			subject.perSecond.push(await both('state', `two${run}s`));
			baseline.perSecond.push(await both('raw', `two${run}r`));
		}
		report(
			`(iii) queue mode: postgresState from 2 processes at once (claims/s of both together, ${N} each)`,
			subject,
			baseline,
		);
	} finally {
		for (const c of children) if (c.connected) c.send({ exit: true } satisfies ToChild);
		await Promise.all(
			children.map((c) => (c.exitCode !== null ? undefined : new Promise((resolve) => c.once('exit', resolve)))),
		);
	}
}

async function main(): Promise<void> {
	console.log(
		`claims.bench: ${RUNS} runs of ${N.toLocaleString('en-US')} claims each (one warm-up), ${PATIENTS} patients, interleaved with the baseline`,
	);
	await inProcess();
	const server = await startPostgres();
	try {
		await oneProcess(server.connection);
		await twoProcesses(server.connection);
		const rows = await server.psql(`SELECT count(*) FROM ${TABLE}`);
		console.log(`\n${rows.trim()} claims in the table at the end (every claim fresh; none refused)`);
	} finally {
		await server.stop();
	}
}

if (process.argv.includes('--child')) {
	child(JSON.parse(process.env.CHAIRSIDE_BENCH_PG as string) as PostgresConnection).catch((error) => {
		console.error(error);
		process.exit(1);
	});
} else {
	main().then(
		() => process.exit(0),
		(error) => {
			console.error(error);
			process.exit(1);
		},
	);
}
