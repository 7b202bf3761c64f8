/**
 * A real n8n for the end-to-end tests and the demo: n8n 2.41.1 on Node 24, installed once outside
 * the repo (test/e2e/install-n8n.sh), with this package installed the way a practice gets it from
 * Settings > Community Nodes: a copy of the packed files in <user folder>/.n8n/nodes/node_modules.
 * A copy, not a symlink, so `require('n8n-workflow')` resolves to n8n's own copy as it does for a
 * real install (a symlink would resolve to the repo's dev copy: two n8n-workflows).
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../free-port';

export const PACKAGE_NAME = 'n8n-nodes-chairside';

/** The repo root, found from here upwards, so this works from sources and from a bundle in .build/. */
function findRepoRoot(from: string): string {
	for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
		const manifest = path.join(dir, 'package.json');
		if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === PACKAGE_NAME) return dir;
	}
	throw new Error(`cannot find the ${PACKAGE_NAME} repo above ${from}`);
}

export const REPO_ROOT = findRepoRoot(__dirname);

export interface N8nInstall {
	dir: string;
	nodeBin: string;
	n8nBin: string;
}

let install: N8nInstall | null = null;

/** Installs n8n into the cache on first use (minutes), then returns at once. */
export function ensureN8n(): N8nInstall {
	if (install) return install;
	const dir = execFileSync('bash', [path.join(REPO_ROOT, 'test/e2e/install-n8n.sh')], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	}).trim();
	install = {
		dir,
		nodeBin: path.join(dir, 'node24/node_modules/.bin/node'),
		n8nBin: path.join(dir, 'n8n/node_modules/n8n/bin/n8n'),
	};
	return install;
}

/** Files `npm pack` ships (package.json "files" + the always-included ones). */
function installPackageCopy(userFolder: string): void {
	const target = path.join(userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(target, { recursive: true });
	if (!fs.existsSync(path.join(REPO_ROOT, 'dist'))) throw new Error('dist/ is missing: run `npm run build` first');
	for (const file of ['package.json', 'README.md', 'LICENSE']) {
		const from = path.join(REPO_ROOT, file);
		if (fs.existsSync(from)) fs.copyFileSync(from, path.join(target, file));
	}
	fs.cpSync(path.join(REPO_ROOT, 'dist'), path.join(target, 'dist'), { recursive: true });
	// What n8n's installer writes: the nodes folder is an npm project depending on the package.
	const manifest = path.join(userFolder, '.n8n', 'nodes', 'package.json');
	const version = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version;
	fs.writeFileSync(
		manifest,
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [PACKAGE_NAME]: version } }, null, 2),
	);
}

export interface RunResult {
	/** The execution as n8n stores it (data.resultData.runData per node). */
	execution: Execution;
	stdout: string;
	stderr: string;
	ok: boolean;
}

export interface NodeRun {
	data?: { main?: Array<Array<{ json: Record<string, unknown>; pairedItem?: unknown }> | null> };
	error?: { message: string; description?: string; [key: string]: unknown };
	executionStatus?: string;
}

export interface Execution {
	data: {
		resultData: {
			runData: Record<string, NodeRun[]>;
			error?: { message: string; description?: string; node?: { name: string } };
		};
	};
	status?: string;
}

/** The JSON n8n prints for a run: the first top-level "{" line to the matching "}" line. */
export function extractExecutionJson(stdout: string): Execution | null {
	const lines = stdout.split('\n');
	const start = lines.findIndex((l) => l === '{');
	if (start < 0) return null;
	const end = lines.findIndex((l, i) => i > start && l === '}');
	if (end < 0) return null;
	return JSON.parse(lines.slice(start, end + 1).join('\n')) as Execution;
}

export interface WorkflowJson {
	id?: string;
	name: string;
	nodes: Array<{ name: string; type: string; parameters: Record<string, unknown>; [key: string]: unknown }>;
	connections: Record<string, unknown>;
	[key: string]: unknown;
}

export class N8nSandbox {
	private server: ChildProcess | null = null;

	private constructor(
		readonly userFolder: string,
		readonly n8n: N8nInstall,
		private readonly extraEnv: Record<string, string>,
	) {}

	/** A fresh n8n home (sqlite, owner-less) with the built package installed. */
	static async create(options: { userFolder?: string; env?: Record<string, string> } = {}): Promise<N8nSandbox> {
		const n8n = ensureN8n();
		const userFolder = options.userFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), 'chairside-n8n-'));
		fs.mkdirSync(path.join(userFolder, '.n8n'), { recursive: true });
		installPackageCopy(userFolder);
		// Every n8n process also opens a task-runner broker port: its own, so a demo and a test run can coexist.
		const env = { N8N_RUNNERS_BROKER_PORT: String(await freePort()), ...options.env };
		return new N8nSandbox(userFolder, n8n, env);
	}

	env(): NodeJS.ProcessEnv {
		return {
			PATH: `${path.dirname(this.n8n.nodeBin)}:${process.env.PATH ?? ''}`,
			HOME: process.env.HOME ?? os.homedir(),
			TMPDIR: os.tmpdir(),
			N8N_USER_FOLDER: this.userFolder,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_COMMUNITY_PACKAGES_PREVENT_LOADING: 'false',
			// Nothing may leave the machine: no registry, banner, template or MCP-catalogue calls.
			N8N_VERIFIED_PACKAGES_ENABLED: 'false',
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			N8N_DYNAMIC_BANNERS_ENABLED: 'false',
			N8N_DISABLED_MODULES: 'mcp-registry',
			// `execute` prints the run through the info logger.
			N8N_LOG_LEVEL: 'info',
			N8N_RESTRICT_FILE_ACCESS_TO: this.filesDir,
			N8N_HOST: '127.0.0.1',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			GENERIC_TIMEZONE: 'America/Chicago',
			TZ: 'UTC',
			...this.extraEnv,
		};
	}

	/** Where workflows may read and write files (n8n 2 restricts file access to a folder). */
	get filesDir(): string {
		const dir = path.join(this.userFolder, 'files');
		fs.mkdirSync(dir, { recursive: true });
		return dir;
	}

	/** One n8n CLI command; each gets its own task-broker port so several can run at once. */
	async cli(args: string[], timeoutMs = 180_000): Promise<{ stdout: string; stderr: string; code: number }> {
		const env = { ...this.env(), N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
		return new Promise((resolve) => {
			execFile(
				this.n8n.nodeBin,
				[this.n8n.n8nBin, ...args],
				{ env, cwd: this.userFolder, timeout: timeoutMs, maxBuffer: 512 * 1024 * 1024 },
				(error, stdout, stderr) => {
					const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
					resolve({ stdout, stderr, code });
				},
			);
		});
	}

	/** Imports a workflow and returns its id (one is made up when the JSON has none). */
	async importWorkflow(workflow: WorkflowJson): Promise<string> {
		const [id] = await this.importWorkflows([workflow]);
		return id;
	}

	/** Imports several workflows with one CLI call (each call boots n8n: seconds). */
	async importWorkflows(workflows: WorkflowJson[]): Promise<string[]> {
		const withIds = workflows.map((w) => ({ ...w, id: w.id ?? randomBytes(8).toString('hex'), active: false }));
		const file = path.join(this.userFolder, `workflows-${randomBytes(4).toString('hex')}.json`);
		fs.writeFileSync(file, JSON.stringify(withIds));
		const result = await this.cli(['import:workflow', `--input=${file}`]);
		if (result.code !== 0)
			throw new Error(`n8n import:workflow failed (${result.code}):\n${result.stderr}\n${result.stdout}`);
		return withIds.map((w) => w.id);
	}

	async importCredentials(credentials: Array<Record<string, unknown>>): Promise<void> {
		const file = path.join(this.userFolder, `credentials-${randomBytes(4).toString('hex')}.json`);
		fs.writeFileSync(file, JSON.stringify(credentials));
		const result = await this.cli(['import:credentials', `--input=${file}`]);
		if (result.code !== 0) throw new Error(`n8n import:credentials failed:\n${result.stderr}\n${result.stdout}`);
	}

	/** Runs a workflow to the end with `n8n execute` and returns the stored execution. */
	async execute(workflowId: string): Promise<RunResult> {
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput']);
		const execution = extractExecutionJson(result.stdout);
		if (!execution) {
			throw new Error(
				`n8n execute printed no execution (exit ${result.code}):\n${result.stderr.slice(-4000)}\n${result.stdout.slice(-4000)}`,
			);
		}
		return {
			execution,
			stdout: result.stdout,
			stderr: result.stderr,
			ok: result.code === 0 && !execution.data.resultData.error,
		};
	}

	/**
	 * `n8n start` on loopback; resolves once the REST API answers (/healthz alone comes up too early).
	 * Output goes to the terminal, or to `onOutput` when given (tests read it).
	 */
	async start(port: number, extraEnv: Record<string, string> = {}, onOutput?: (chunk: string) => void): Promise<void> {
		const child = this.spawn(['start'], { N8N_PORT: String(port), ...extraEnv }, onOutput);
		await waitForHttp(child, `http://127.0.0.1:${port}/rest/settings`, 'n8n', 120_000);
	}

	/**
	 * `n8n worker` (queue mode: the env must carry EXECUTIONS_MODE=queue, the Postgres and Redis
	 * settings); resolves once its health server says it reaches the database and Redis.
	 */
	async startWorker(options: {
		healthPort: number;
		concurrency?: number;
		env?: Record<string, string>;
		onOutput?: (chunk: string) => void;
	}): Promise<void> {
		const env = {
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(options.healthPort),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			...options.env,
		};
		const child = this.spawn(['worker', `--concurrency=${options.concurrency ?? 10}`], env, options.onOutput);
		await waitForHttp(child, `http://127.0.0.1:${options.healthPort}/healthz/readiness`, 'n8n worker', 120_000);
	}

	/**
	 * One long-running n8n command in its own process group, so that stop() and kill() also end the
	 * task runner it starts (a SIGKILL to n8n alone would leave the runner behind).
	 */
	private spawn(args: string[], extraEnv: Record<string, string>, onOutput?: (chunk: string) => void): ChildProcess {
		const child = spawn(this.n8n.nodeBin, [this.n8n.n8nBin, ...args], {
			env: { ...this.env(), ...extraEnv },
			cwd: this.userFolder,
			stdio: ['ignore', onOutput ? 'pipe' : 'inherit', onOutput ? 'pipe' : 'inherit'],
			detached: true,
		});
		if (onOutput) {
			child.stdout?.on('data', (chunk: Buffer) => onOutput(chunk.toString()));
			child.stderr?.on('data', (chunk: Buffer) => onOutput(chunk.toString()));
		}
		this.server = child;
		liveGroups.add(child);
		child.once('exit', () => liveGroups.delete(child));
		return child;
	}

	/** The `n8n start` process id (the benchmarks sample its memory). */
	get pid(): number | null {
		return this.server?.pid ?? null;
	}

	/** SIGKILL, as a crash or an OOM kill would: no graceful shutdown, running executions cut off. */
	async kill(): Promise<void> {
		const child = this.server;
		this.server = null;
		if (!child || child.exitCode !== null || child.signalCode !== null) return;
		await new Promise<void>((resolve) => {
			child.once('exit', () => resolve());
			signalGroup(child, 'SIGKILL');
		});
	}

	/** SIGTERM (n8n shuts down gracefully), SIGKILL after `graceMs`. */
	async stop(graceMs = 15_000): Promise<void> {
		const child = this.server;
		this.server = null;
		if (!child || child.exitCode !== null || child.signalCode !== null) return;
		await new Promise<void>((resolve) => {
			child.once('exit', () => {
				clearTimeout(timer);
				// The task runner may outlive a graceful n8n by a moment: its group goes too.
				signalGroup(child, 'SIGKILL');
				resolve();
			});
			signalGroup(child, 'SIGTERM');
			const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
			timer.unref();
		});
	}

	dispose(): void {
		fs.rmSync(this.userFolder, { recursive: true, force: true });
	}
}

/** n8n processes still running: ended with their task runners if this process exits first (a failed test run). */
const liveGroups = new Set<ChildProcess>();
process.once('exit', () => {
	for (const child of liveGroups) signalGroup(child, 'SIGKILL');
});

/** A signal to the process group a detached child leads (the child alone when the group is gone). */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			// already gone
		}
	}
}

/** Polls `url` until it answers 2xx with JSON; fails early when the process exits. */
async function waitForHttp(child: ChildProcess, url: string, what: string, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null)
			throw new Error(`${what} exited with ${child.exitCode ?? child.signalCode} before it was ready`);
		try {
			const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
			// While it starts, n8n answers every path with 200 "n8n is starting up. Please wait" (text/html).
			if (response.ok && (response.headers.get('content-type') ?? '').includes('json')) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(`${what} did not answer ${url} within ${timeoutMs / 1000} s`);
}

/** Output items of one node's last run, per output index. */
export function outputOf(execution: Execution, nodeName: string): Array<Array<Record<string, unknown>>> {
	const runs = execution.data.resultData.runData[nodeName];
	if (!runs?.length) throw new Error(`node "${nodeName}" did not run`);
	const main = runs[runs.length - 1].data?.main ?? [];
	return main.map((items) => (items ?? []).map((item) => item.json));
}

export { freePort };
