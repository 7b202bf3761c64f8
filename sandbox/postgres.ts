/**
 * A throwaway PostgreSQL server (Debian's, 15 preferred) for tests, benchmarks and the queue-mode
 * cluster: a data dir in a temp folder, listening on 127.0.0.1 only, on a free port, tuned for
 * speed over durability (nothing in it outlives stop()). Recipe and facts:
 * ../shared/reference/n8n.md, "Queue mode on these machines".
 *
 *   const pg = await startPostgres();
 *   try { ...new Pool(pg.connection)... } finally { await pg.stop(); }
 *
 * A server not stopped when the process exits is stopped (best effort, synchronously) then.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port';

/** Where a client finds the database (a `pg` Pool takes it as is). */
export interface PostgresConnection {
	host: string;
	port: number;
	database: string;
	user: string;
	password: string;
}

export interface PostgresOptions {
	/** The role and database created for the caller; default chairside / chairside / chairside. */
	database?: string;
	user?: string;
	password?: string;
	/**
	 * The data dir, to be created (its parent must be readable by the postgres OS user when root).
	 * Default: a new temp folder, removed by stop().
	 */
	dataDir?: string;
}

export interface PostgresServer {
	connection: PostgresConnection;
	/** Runs SQL as the superuser (default database: the caller's) and returns psql's unaligned output. */
	psql(sql: string, database?: string): Promise<string>;
	/** Stops the server and removes what start created; safe to call twice. */
	stop(): Promise<void>;
	/** The synchronous last resort (process exit): same as stop(), blocking. */
	stopNow(): void;
}

/** The Debian PostgreSQL binaries (15 preferred); CHAIRSIDE_PG_BIN overrides. */
export function postgresBin(): string {
	if (process.env.CHAIRSIDE_PG_BIN) return process.env.CHAIRSIDE_PG_BIN;
	const root = '/usr/lib/postgresql';
	const versions = fs.existsSync(root)
		? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
		: [];
	const version = versions.includes('15') ? '15' : versions.sort((a, b) => Number(b) - Number(a))[0];
	if (!version)
		throw new Error(
			'PostgreSQL is not installed (/usr/lib/postgresql/*/bin/initdb): apt-get install postgresql (.ci/run does)',
		);
	return path.join(root, version, 'bin');
}

/** Runs a command to its exit (not to the close of its pipes: pg_ctl leaves the server running). */
function run(command: string, args: string[], timeoutMs = 60_000): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			stdio: ['ignore', 'pipe', 'pipe'],
			env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
		});
		let output = '';
		child.stdout.on('data', (c: Buffer) => (output += c.toString()));
		child.stderr.on('data', (c: Buffer) => (output += c.toString()));
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.once('error', reject);
		child.once('exit', (code, signal) => {
			clearTimeout(timer);
			if (code === 0) resolve(output);
			else reject(new Error(`${command} ${args.join(' ')} failed (${code ?? signal}):\n${output.slice(-3000)}`));
		});
	});
}

/** initdb refuses root: as root, Postgres commands run as the postgres OS user. */
const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const asPostgres = (bin: string, args: string[]): [string, string[]] =>
	asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];

/** Servers not yet stopped: stopped synchronously if the process exits first. */
const running = new Set<PostgresServer>();
process.once('exit', () => {
	for (const server of running) server.stopNow();
});

export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresServer> {
	const bin = postgresBin();
	const ownFolder = options.dataDir ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'chairside-pg-'));
	// The postgres user must reach its data dir inside.
	if (ownFolder) fs.chmodSync(ownFolder, 0o755);
	const dataDir = options.dataDir ?? path.join(ownFolder as string, 'data');
	const connection: PostgresConnection = {
		host: '127.0.0.1',
		port: 0,
		database: options.database ?? 'chairside',
		user: options.user ?? 'chairside',
		password: options.password ?? 'chairside',
	};
	let stopped = false;
	const ctlStop = (): [string, string[]] =>
		asPostgres(path.join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
	const server: PostgresServer = {
		connection,
		psql: (sql, database = connection.database) =>
			run(path.join(bin, 'psql'), [
				'-X',
				'-q',
				'-A',
				'-t',
				'-v',
				'ON_ERROR_STOP=1',
				'-h',
				'127.0.0.1',
				'-p',
				String(connection.port),
				'-U',
				'postgres',
				'-d',
				database,
				'-c',
				sql,
			]),
		async stop() {
			if (stopped) return;
			stopped = true;
			running.delete(server);
			try {
				if (fs.existsSync(path.join(dataDir, 'postmaster.pid'))) await run(...ctlStop());
			} catch {
				// keep tearing down
			}
			fs.rmSync(ownFolder ?? dataDir, { recursive: true, force: true });
		},
		stopNow() {
			if (stopped) return;
			stopped = true;
			running.delete(server);
			if (fs.existsSync(path.join(dataDir, 'postmaster.pid'))) {
				const [command, args] = ctlStop();
				spawnSync(command, args, { stdio: 'ignore', timeout: 15_000 });
			}
			fs.rmSync(ownFolder ?? dataDir, { recursive: true, force: true });
		},
	};
	running.add(server);
	try {
		fs.mkdirSync(dataDir, { mode: 0o700 });
		if (asRoot) {
			const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
			const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
			if (!Number.isInteger(uid) || uid <= 0)
				throw new Error('no postgres OS user (it comes with the Debian postgresql package)');
			fs.chownSync(dataDir, uid, gid);
		}
		connection.port = await freePort();
		const pg = (name: string, args: string[]) => run(...asPostgres(path.join(bin, name), args));
		await pg('initdb', [
			'-D',
			dataDir,
			'--auth=trust',
			'--username=postgres',
			'--encoding=UTF8',
			'--locale=C',
			'--no-sync',
		]);
		// Throwaway data: no fsync; the socket dir is the data dir (the default /var/run may not be writable).
		const serverOptions = `-p ${connection.port} -k ${dataDir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
		await pg('pg_ctl', [
			'-D',
			dataDir,
			'-l',
			path.join(dataDir, 'server.log'),
			'-w',
			'-t',
			'60',
			'-o',
			serverOptions,
			'start',
		]);
		await server.psql(`CREATE ROLE ${connection.user} LOGIN PASSWORD '${connection.password}'`, 'postgres');
		await server.psql(`CREATE DATABASE ${connection.database} OWNER ${connection.user}`, 'postgres');
		return server;
	} catch (error) {
		await server.stop();
		throw error;
	}
}
