/**
 * The queue-mode state: a table in PostgreSQL (the database queue mode already runs) that every
 * worker shares. A claim is an INSERT that the primary key refuses a second time; a section is a
 * transaction holding an advisory lock, so two workers never check the same patient's caps at once.
 *
 * This is the one part of the package outside n8n's community-package rules (it bundles the `pg`
 * driver, which uses sockets and timers): the build ships it as its own file (dist/state/postgres.js),
 * loaded only when a node has the "Chairside Queue Mode State" credential (README "Scaling out").
 */
import { Pool, type PoolClient } from 'pg';
import { lockOrder, type Claim, type NewClaim, type SharedState, type StateView } from './shared-state';

export interface PostgresSettings {
	host: string;
	port: number;
	database: string;
	user: string;
	password: string;
	ssl: boolean;
	/** Table name; letters, digits and underscores. */
	table: string;
}

interface Queryable {
	query(text: string, values?: unknown[]): Promise<{ rows: Array<Record<string, unknown>>; rowCount: number | null }>;
}

const TABLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
// One pool and one schema check per database and table, per process.
const pools = new Map<string, { pool: Pool; ready: Promise<void> }>();

function connect(settings: PostgresSettings): { pool: Pool; ready: Promise<void> } {
	const id = JSON.stringify([settings.host, settings.port, settings.database, settings.user, settings.table]);
	const known = pools.get(id);
	if (known) return known;
	const pool = new Pool({
		host: settings.host,
		port: settings.port,
		database: settings.database,
		user: settings.user,
		password: settings.password,
		ssl: settings.ssl ? { rejectUnauthorized: true } : undefined,
		max: 10,
		idleTimeoutMillis: 30_000,
	});
	// An idle client's error (the server restarted) must not end the n8n process.
	pool.on('error', () => undefined);
	const entry = { pool, ready: createSchema(pool, settings.table) };
	entry.ready.catch(() => pools.delete(id));
	pools.set(id, entry);
	return entry;
}

/** CREATE ... IF NOT EXISTS races with itself in PostgreSQL: the first worker creates, under a lock. */
async function createSchema(pool: Pool, table: string): Promise<void> {
	const client = await pool.connect();
	try {
		await client.query('BEGIN');
		await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`chairside-schema:${table}`]);
		await client.query(
			`CREATE TABLE IF NOT EXISTS ${table} (
				key text PRIMARY KEY,
				kind text NOT NULL,
				state text NOT NULL,
				at timestamptz,
				patient_id text,
				ref text,
				created_at timestamptz NOT NULL DEFAULT now()
			)`,
		);
		await client.query(`CREATE INDEX IF NOT EXISTS ${table}_sends ON ${table} (patient_id, at) WHERE kind = 'send'`);
		await client.query(`CREATE INDEX IF NOT EXISTS ${table}_created ON ${table} (created_at)`);
		await client.query('COMMIT');
	} catch (error) {
		await client.query('ROLLBACK').catch(() => undefined);
		throw error;
	} finally {
		client.release();
	}
}

function toClaim(row: Record<string, unknown>): Claim {
	return {
		key: row.key as string,
		kind: row.kind as Claim['kind'],
		state: row.state === 'done' ? 'done' : 'claimed',
		at: row.at instanceof Date ? row.at.toISOString() : null,
		patientId: (row.patient_id as string | null) ?? null,
		ref: (row.ref as string | null) ?? null,
	};
}

function viewOn(db: Queryable, table: string): StateView {
	const view: StateView = {
		async get(key) {
			const { rows } = await db.query(`SELECT * FROM ${table} WHERE key = $1`, [key]);
			return rows.length ? toClaim(rows[0]) : null;
		},
		async claim(claim: NewClaim) {
			const inserted = await db.query(
				`INSERT INTO ${table} (key, kind, state, at, patient_id) VALUES ($1, $2, 'claimed', $3, $4) ON CONFLICT (key) DO NOTHING`,
				[claim.key, claim.kind, claim.at, claim.patientId],
			);
			if (inserted.rowCount === 1) return null;
			return (await view.get(claim.key)) as Claim;
		},
		async finish(key, ref) {
			await db.query(`UPDATE ${table} SET state = 'done', ref = $2 WHERE key = $1`, [key, ref]);
		},
		async release(key) {
			await db.query(`DELETE FROM ${table} WHERE key = $1`, [key]);
		},
		async sendsSince(patientId, since) {
			const { rows } = await db.query(
				`SELECT at FROM ${table} WHERE kind = 'send' AND patient_id = $1 AND at >= $2 ORDER BY at`,
				[patientId, since],
			);
			return rows.map((row) => (row.at as Date).toISOString());
		},
	};
	return view;
}

export async function postgresState(settings: PostgresSettings): Promise<SharedState> {
	if (!TABLE_NAME.test(settings.table))
		throw new Error(`Table "${settings.table}" is not a plain PostgreSQL name (letters, digits, underscores)`);
	const { pool, ready } = connect(settings);
	await ready;
	const shared = viewOn(pool as unknown as Queryable, settings.table);
	return {
		...shared,
		async exclusive(names, work) {
			const client: PoolClient = await pool.connect();
			try {
				await client.query('BEGIN');
				for (const lock of lockOrder(names))
					await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [lock]);
				const result = await work(viewOn(client as unknown as Queryable, settings.table));
				await client.query('COMMIT');
				return result;
			} catch (error) {
				await client.query('ROLLBACK').catch(() => undefined);
				throw error;
			} finally {
				client.release();
			}
		},
	};
}
