/**
 * n8n in queue mode for the end-to-end tests: PostgreSQL 15 and Redis from Debian, n8n main and
 * N workers, all on 127.0.0.1 with throwaway data under one temp folder, each n8n process with its
 * own user folder and its own copy of the built package (as a practice installs it on every
 * machine). Recipe and facts: ../shared/reference/n8n.md, "Queue mode on these machines".
 *
 *   const cluster = await QueueCluster.start({ workers: 2, workflows, credentials });
 *   try { ...drive cluster.base... } finally { await cluster.stop(); }
 *
 * Every process is stopped and every data dir removed by stop(), and (best effort, synchronously)
 * when the test process exits without calling it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parse as unflatten } from 'flatted';
import { startPostgres, type PostgresConnection, type PostgresServer } from '../postgres';
import { getJson, login, setupOwner } from './owner';
import { freePort, N8nSandbox, type WorkflowJson } from './runner';

/** Where a test's credential (n8n's Postgres credential, a psql call) finds n8n's database. */
export type { PostgresConnection };

export interface QueueClusterOptions {
	/** Default 2. */
	workers?: number;
	/** Jobs a worker runs at once (`n8n worker --concurrency`); default 10. */
	concurrency?: number;
	/** Imported with main's folder before anything starts, then published (active). */
	workflows?: WorkflowJson[];
	/** Imported with main's folder before anything starts (n8n's export format: id, name, type, data). */
	credentials?: Array<Record<string, unknown>>;
	/** GENERIC_TIMEZONE; default America/Chicago. */
	timezone?: string;
	/** Extra env for every n8n process and CLI call. */
	env?: Record<string, string>;
	/** Every process's output as it comes ("main", "worker-1", ..., "redis"); default: kept in log() only. */
	onOutput?: (process: string, chunk: string) => void;
	/** Creates the instance owner after start (needed for the REST API); default true. */
	owner?: boolean;
}

interface ExecutionSummary {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
	startedAt: string | null;
	stoppedAt: string | null;
}

export interface ClusterExecution extends ExecutionSummary {
	/** "worker-1", "worker-2", ... from the workers' logs; "main" when main ran it; null when unknown yet. */
	ranOn: string | null;
}

/** One page of GET /rest/executions; `nextCursor` is null on the last page. */
interface ExecutionPage {
	data: { results: ExecutionSummary[]; nextCursor?: string | null };
}

/**
 * Executions as n8n's REST API lists them, newest first (any n8n: regular or queue mode), up to
 * `limit`. n8n 2.41 pages with a cursor: each page (at most 100, its cap) carries `nextCursor`,
 * null on the last page, and a page after the first is asked for with `cursor=<nextCursor>`
 * (the older `lastId` is refused with 400 "Use cursor to load execution pages"; n8n's
 * executions/parse-range-query.middleware.js and execution-list-v1.service.js). The public API's
 * `/api/v1/executions` pages the same way (`nextCursor`), but needs an API key and leaves running
 * executions out. The first page of an unfiltered list also holds the running and queued ones
 * ahead of the finished ones, so each row is kept once, by id.
 */
export async function listExecutions(
	base: string,
	cookie: string,
	filter: { workflowId?: string; status?: string } = {},
	limit = Infinity,
): Promise<ExecutionSummary[]> {
	const byId = new Map<string, ExecutionSummary>();
	let cursor: string | null = null;
	do {
		const page = Math.min(100, limit - byId.size);
		const after: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
		const query = `filter=${encodeURIComponent(JSON.stringify(filter))}&limit=${page}${after}`;
		const list: ExecutionPage = await getJson<ExecutionPage>(base, `/rest/executions?${query}`, cookie);
		for (const execution of list.data.results) if (!byId.has(execution.id)) byId.set(execution.id, execution);
		cursor = list.data.nextCursor ?? null;
	} while (cursor && byId.size < limit);
	return [...byId.values()].slice(0, limit);
}

/** Resolves once Redis answers PING. */
async function redisReady(port: number, child: ChildProcess, timeoutMs = 15_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
		const pong = await new Promise<boolean>((resolve) => {
			const socket = net.connect(port, '127.0.0.1');
			socket.setTimeout(1000);
			socket.once('connect', () => socket.write('PING\r\n'));
			socket.once('data', (d: Buffer) => {
				socket.destroy();
				resolve(d.toString().startsWith('+PONG'));
			});
			socket.once('error', () => resolve(false));
			socket.once('timeout', () => {
				socket.destroy();
				resolve(false);
			});
		});
		if (pong) return;
		await new Promise((r) => setTimeout(r, 50));
	}
	throw new Error(`redis-server did not answer PING on ${port}`);
}

/** Resident memory of a process group in MiB (n8n plus its task runner), from /proc. */
function groupRssMiB(pgid: number): number {
	let kib = 0;
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			// pid (comm) state ppid pgrp ...: comm may hold spaces, so split after the last ")".
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (Number(fields[2]) !== pgid) continue;
			const rss = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${entry}/status`, 'utf8'));
			if (rss) kib += Number(rss[1]);
		} catch {
			// the process ended while we looked
		}
	}
	return Math.round(kib / 1024);
}

/** Clusters not yet stopped: torn down synchronously if the test process exits first. */
const running = new Set<QueueCluster>();
process.once('exit', () => {
	for (const cluster of running) cluster.stopNow();
});

export class QueueCluster {
	/** n8n main's URL, e.g. http://127.0.0.1:40123 (webhooks under /webhook/). */
	base = '';
	port = 0;
	postgres: PostgresConnection = { host: '127.0.0.1', port: 0, database: 'n8n', user: 'n8n', password: 'n8n' };
	redis = { host: '127.0.0.1', port: 0 };
	main!: N8nSandbox;
	/** In order: worker-1, worker-2, ... */
	workers: N8nSandbox[] = [];
	/** Ids of options.workflows, in order. */
	workflowIds: string[] = [];
	/** Wall-clock milliseconds per start-up phase. */
	readonly timings: Record<string, number> = {};
	readonly encryptionKey = randomBytes(24).toString('hex');

	private pgServer: PostgresServer | null = null;
	private redisProcess: ChildProcess | null = null;
	private readonly logs = new Map<string, string>();
	private readonly partialLines = new Map<string, string>();
	/** Execution id -> the worker whose log says it started it. */
	private readonly ranOnById = new Map<string, string>();
	private session = '';
	private stopped = false;

	private constructor(
		/** The temp folder everything lives under (removed by stop()). */
		readonly root: string,
		private readonly options: QueueClusterOptions,
	) {}

	/** Starts Postgres, Redis, imports and publishes, then the workers, then main; waits for all to be healthy. */
	static async start(options: QueueClusterOptions = {}): Promise<QueueCluster> {
		const root = fs.mkdtempSync(path.join(os.tmpdir(), 'chairside-queue-'));
		// The postgres user must reach its data dir inside.
		fs.chmodSync(root, 0o755);
		const cluster = new QueueCluster(root, options);
		running.add(cluster);
		try {
			await cluster.boot();
			return cluster;
		} catch (error) {
			const log = cluster.log();
			await cluster.stop();
			(error as Error).message += `\n--- cluster log ---\n${log.slice(-6000)}`;
			throw error;
		}
	}

	private async phase<T>(name: string, work: () => Promise<T>): Promise<T> {
		const started = Date.now();
		try {
			return await work();
		} finally {
			this.timings[name] = Date.now() - started;
		}
	}

	private async boot(): Promise<void> {
		const started = Date.now();
		await Promise.all([
			this.phase('postgres', () => this.startPostgres()),
			this.phase('redis', () => this.startRedis()),
		]);
		this.port = await freePort();
		this.base = `http://127.0.0.1:${this.port}`;
		const env = this.sharedEnv();
		const count = this.options.workers ?? 2;
		// Sandboxes one after another: each takes a broker port from freePort().
		this.main = await N8nSandbox.create({ userFolder: this.folder('main'), env });
		for (let i = 1; i <= count; i++)
			this.workers.push(await N8nSandbox.create({ userFolder: this.folder(`worker-${i}`), env }));

		await this.phase('import', async () => {
			// The first CLI call also migrates the Postgres schema.
			if (this.options.credentials?.length) await this.main.importCredentials(this.options.credentials);
			if (this.options.workflows?.length) this.workflowIds = await this.main.importWorkflows(this.options.workflows);
			else await this.cliOk(['list:workflow']);
			await Promise.all(this.workflowIds.map((id) => this.cliOk(['publish:workflow', `--id=${id}`])));
		});
		// Workers first: a webhook that answers from its last node waits for a worker.
		await this.phase('workers', () =>
			Promise.all(
				this.workers.map(async (worker, i) =>
					worker.startWorker({
						healthPort: await freePort(),
						concurrency: this.options.concurrency ?? 10,
						onOutput: (chunk) => this.output(`worker-${i + 1}`, chunk),
					}),
				),
			),
		);
		await this.phase('main', () => this.main.start(this.port, {}, (chunk) => this.output('main', chunk)));
		if (this.options.owner ?? true) await setupOwner(this.base);
		this.timings.total = Date.now() - started;
	}

	private folder(name: string): string {
		const dir = path.join(this.root, name);
		fs.mkdirSync(dir, { recursive: true });
		return dir;
	}

	private async cliOk(args: string[]): Promise<void> {
		const result = await this.main.cli(args);
		if (result.code !== 0)
			throw new Error(
				`n8n ${args.join(' ')} failed (${result.code}):\n${result.stderr.slice(-3000)}\n${result.stdout.slice(-3000)}`,
			);
	}

	/** What every n8n process and CLI call of this cluster shares. */
	private sharedEnv(): Record<string, string> {
		return {
			EXECUTIONS_MODE: 'queue',
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: this.postgres.host,
			DB_POSTGRESDB_PORT: String(this.postgres.port),
			DB_POSTGRESDB_DATABASE: this.postgres.database,
			DB_POSTGRESDB_USER: this.postgres.user,
			DB_POSTGRESDB_PASSWORD: this.postgres.password,
			QUEUE_BULL_REDIS_HOST: this.redis.host,
			QUEUE_BULL_REDIS_PORT: String(this.redis.port),
			N8N_ENCRYPTION_KEY: this.encryptionKey,
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			WEBHOOK_URL: `${this.base}/`,
			GENERIC_TIMEZONE: this.options.timezone ?? 'America/Chicago',
			// stop() should not wait 30 s for executions a failed test left running.
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
			...this.options.env,
		};
	}

	private async startPostgres(): Promise<void> {
		const { database, user, password } = this.postgres;
		this.pgServer = await startPostgres({ database, user, password, dataDir: path.join(this.root, 'postgres') });
		this.postgres.port = this.pgServer.connection.port;
	}

	/** Runs SQL as the Postgres superuser (default database: n8n's) and returns psql's unaligned output. */
	async psql(sql: string, database = this.postgres.database): Promise<string> {
		if (!this.pgServer) throw new Error('Postgres is not running');
		return this.pgServer.psql(sql, database);
	}

	private async startRedis(): Promise<void> {
		this.redis.port = await freePort();
		const child = spawn(
			'redis-server',
			[
				'--port',
				String(this.redis.port),
				'--bind',
				'127.0.0.1',
				'--save',
				'',
				'--appendonly',
				'no',
				'--daemonize',
				'no',
				'--dir',
				this.folder('redis'),
			],
			{
				stdio: ['ignore', 'pipe', 'pipe'],
			},
		);
		child.stdout.on('data', (c: Buffer) => this.output('redis', c.toString()));
		child.stderr.on('data', (c: Buffer) => this.output('redis', c.toString()));
		this.redisProcess = child;
		await new Promise<void>((resolve, reject) => {
			child.once('error', (error) =>
				reject(new Error(`redis-server did not start (apt-get install redis-server; .ci/run does): ${error.message}`)),
			);
			child.once('spawn', () => resolve());
		});
		await redisReady(this.redis.port, child);
	}

	private output(name: string, chunk: string): void {
		this.options.onOutput?.(name, chunk);
		this.logs.set(name, ((this.logs.get(name) ?? '') + chunk).slice(-50_000));
		if (!name.startsWith('worker-')) return;
		const text = (this.partialLines.get(name) ?? '') + chunk;
		const lines = text.split('\n');
		this.partialLines.set(name, lines.pop() ?? '');
		for (const line of lines) {
			const started = /Worker started execution (\d+)/.exec(line);
			if (started) this.ranOnById.set(started[1], name);
		}
	}

	/** The recent output of one process ("main", "worker-1", "redis"), or of all of them. */
	log(name?: string): string {
		if (name) return this.logs.get(name) ?? '';
		return [...this.logs].map(([process, text]) => `--- ${process} ---\n${text.slice(-4000)}`).join('\n');
	}

	/** The worker ("worker-1", ...) whose log says it ran the execution; null if none did (yet). */
	ranOn(executionId: string): string | null {
		return this.ranOnById.get(executionId) ?? null;
	}

	/** The owner's session cookie (logs in once). */
	async cookie(): Promise<string> {
		this.session ||= await login(this.base);
		return this.session;
	}

	/**
	 * Executions newest first, each with the process that ran it. A worker logs "Worker started
	 * execution <id>" (n8n's job processor); an execution no worker claims ran on main (manual runs),
	 * or has not started yet: `ranOn` is null while its status is "new".
	 */
	async executions(
		filter: { workflowId?: string; status?: string } = {},
		limit = Infinity,
	): Promise<ClusterExecution[]> {
		const list = await listExecutions(this.base, await this.cookie(), filter, limit);
		return list.map((e) => ({ ...e, ranOn: this.ranOn(e.id) ?? (e.status === 'new' ? null : 'main') }));
	}

	/** The error messages an execution stored (empty when it has none). */
	async executionErrors(executionId: string): Promise<string[]> {
		const detail = await getJson<{ data: { data: string } }>(
			this.base,
			`/rest/executions/${executionId}`,
			await this.cookie(),
		);
		// n8n stores run data flatted (strings by reference): read it whole, then each node's error.
		const run = unflatten(detail.data.data) as {
			resultData?: { error?: { message?: string }; runData?: Record<string, Array<{ error?: { message?: string } }>> };
		};
		const nodeErrors = Object.entries(run.resultData?.runData ?? {}).flatMap(([node, runs]) =>
			runs.flatMap((r) => (r.error?.message ? [`${node}: ${r.error.message.slice(0, 300)}`] : [])),
		);
		return nodeErrors.length ? nodeErrors : [run.resultData?.error?.message ?? 'no error message'];
	}

	/**
	 * For a failure message: each execution's id, workflow, status and process, with the errors of
	 * failed ones; an execution "running" on a worker long after its tick is stuck there.
	 */
	async describeExecutions(limit = 20): Promise<string> {
		try {
			const executions = await this.executions({}, limit);
			const lines = await Promise.all(
				executions.map(async (e) => {
					const errors =
						e.status === 'error' || e.status === 'crashed'
							? (await this.executionErrors(e.id).catch(() => [])).slice(0, 3).join(' | ')
							: '';
					return `#${e.id} ${e.workflowId} ${e.status} on ${e.ranOn ?? '?'} started ${e.startedAt ?? '-'}${errors ? `: ${errors}` : ''}`;
				}),
			);
			return lines.join('\n');
		} catch (error) {
			return `(executions not readable: ${(error as Error).message})`;
		}
	}

	/** Resident memory per process in MiB (each n8n with its task runner). */
	rss(): Record<string, number> {
		const sizes: Record<string, number> = {};
		const add = (name: string, pid: number | null | undefined) => {
			if (pid) sizes[name] = groupRssMiB(pid);
		};
		add('main', this.main?.pid);
		this.workers.forEach((w, i) => add(`worker-${i + 1}`, w.pid));
		if (this.redisProcess?.pid) {
			const rss = /VmRSS:\s+(\d+) kB/.exec(
				fs.existsSync(`/proc/${this.redisProcess.pid}/status`)
					? fs.readFileSync(`/proc/${this.redisProcess.pid}/status`, 'utf8')
					: '',
			);
			if (rss) sizes.redis = Math.round(Number(rss[1]) / 1024);
		}
		return sizes;
	}

	/** Stops every process and removes every data dir; safe to call twice and after a failed start. */
	async stop(): Promise<void> {
		if (this.stopped) return;
		this.stopped = true;
		const attempt = async (work: () => Promise<unknown>) => {
			try {
				await work();
			} catch {
				// keep tearing down
			}
		};
		await Promise.all([this.main, ...this.workers].filter(Boolean).map((n8n) => attempt(() => n8n.stop(10_000))));
		await attempt(async () => {
			const child = this.redisProcess;
			this.redisProcess = null;
			if (!child || child.exitCode !== null || child.signalCode !== null) return;
			await new Promise<void>((resolve) => {
				child.once('exit', () => resolve());
				child.kill('SIGKILL');
			});
		});
		await attempt(async () => this.pgServer?.stop());
		fs.rmSync(this.root, { recursive: true, force: true });
		running.delete(this);
	}

	/** The synchronous last resort at process exit: kill, stop Postgres, remove the folder. */
	stopNow(): void {
		if (this.stopped) return;
		this.stopped = true;
		for (const n8n of [this.main, ...this.workers]) {
			if (n8n?.pid) {
				try {
					process.kill(-n8n.pid, 'SIGKILL');
				} catch {
					// gone
				}
			}
		}
		this.redisProcess?.kill('SIGKILL');
		this.pgServer?.stopNow();
		fs.rmSync(this.root, { recursive: true, force: true });
	}
}
