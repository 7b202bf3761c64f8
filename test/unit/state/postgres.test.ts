/**
 * The queue-mode state (core/state/postgres.ts) against a real, throwaway PostgreSQL
 * (sandbox/postgres.ts), with two "workers": the module loaded twice in isolation, so each has its
 * own `pg` and its own pool (the module caches one pool per database and table, per process), as
 * two n8n workers would. Each test uses its own table, so no test sees another's claims.
 *
 * Every test here fails when the atomicity it names is removed: a select-then-insert claim (a)
 * and (f) throw duplicate-key errors or send twice; no advisory lock (b) overlaps; unordered
 * locks (b) deadlock; no transaction (c) leaves the claim; no schema lock (d) races CREATE TABLE.
 */
import { DateTime } from 'luxon';
import { policyFrom } from '../../../core/guard';
import { Dispatcher, type DispatchOptions } from '../../../core/messaging/dispatch';
import { findSentSms, sendSms } from '../../../core/messaging/twilio';
import type { PostgresSettings } from '../../../core/state/postgres';
import type { SharedState } from '../../../core/state/shared-state';
import { startPostgres, type PostgresServer } from '../../../sandbox/postgres';
import { startTwilioSimulator, type TwilioSimulator } from '../../../sandbox/twilio';
import { touch } from '../guard/fixtures';
import { basic, fakePause, fetchHttp } from '../messaging/http';

type PostgresModule = typeof import('../../../core/state/postgres');

/** A worker: the module and `pg` loaded afresh, so its pool is its own. */
function loadWorker(): PostgresModule {
	let loaded!: PostgresModule;
	jest.isolateModules(() => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		loaded = require('../../../core/state/postgres') as PostgresModule;
	});
	return loaded;
}

// The clock is pinned: every claim carries one of these instants (10:00 in Chicago).
const NOW = DateTime.fromISO('2026-03-10T15:00:00Z');
const AT = NOW.toUTC().toISO() as string;

let server: PostgresServer;
let workers: PostgresModule[];
let tables = 0;

/** The same table on both workers: [worker A's state, worker B's state]. */
async function statesOnFreshTable(): Promise<[SharedState, SharedState]> {
	const settings: PostgresSettings = { ...server.connection, ssl: false, table: `claims_${++tables}` };
	const a = await workers[0].postgresState(settings);
	const b = await workers[1].postgresState(settings);
	return [a, b];
}

/** Lets the other sections run: a round trip to the server through the section's own view. */
const roundTrip = (view: { get(key: string): Promise<unknown> }) => view.get('nothing');

beforeAll(async () => {
	server = await startPostgres();
	// The server's zone is not UTC, so a claim's time coming back in UTC is the store's doing.
	await server.psql(`ALTER DATABASE ${server.connection.database} SET timezone = 'America/Chicago'`);
	workers = [loadWorker(), loadWorker()];
}, 60_000);

afterAll(async () => {
	// The pools are not closable from outside; an immediate stop ends their connections, and the
	// module ignores an idle client's error by design.
	await server?.stop();
});

describe('postgresState: two workers, one database', () => {
	it('(a) 40 claims of one key at the same instant, across both pools: exactly one is recorded', async () => {
		const states = await statesOnFreshTable();
		const results = await Promise.all(
			Array.from({ length: 40 }, (_, i) =>
				states[i % 2].claim({ key: 'enr-1:day1-sms', kind: 'send', at: AT, patientId: 'P1' }),
			),
		);
		expect(results.filter((r) => r === null)).toHaveLength(1);
		// Everyone else is told what is there: claimed, at the winner's instant.
		for (const other of results.filter((r) => r !== null))
			expect(other).toEqual({
				key: 'enr-1:day1-sms',
				kind: 'send',
				state: 'claimed',
				at: AT,
				patientId: 'P1',
				ref: null,
			});
		expect(await states[1].sendsSince('P1', '2026-03-01T00:00:00.000Z')).toEqual([AT]);
	});

	it('(b) sections on one lock never overlap across the pools', async () => {
		const states = await statesOnFreshTable();
		let inside = 0;
		let most = 0;
		const section = (state: SharedState) =>
			state.exclusive('patient:P1', async (view) => {
				inside++;
				most = Math.max(most, inside);
				// Several round trips while inside: time for another section to wrongly come in.
				for (let i = 0; i < 3; i++) await roundTrip(view);
				inside--;
			});
		await Promise.all(Array.from({ length: 16 }, (_, i) => section(states[i % 2])));
		expect(most).toBe(1);
	});

	it('(b) sections on different locks run together (each waits, inside, for the other to come in)', async () => {
		const states = await statesOnFreshTable();
		// A barrier rather than a count of overlaps: if one excluded the other, this never finishes
		// (and the test fails on its timeout) instead of passing or failing by luck.
		let arrive!: () => void;
		const bothIn = new Promise<void>((resolve) => {
			let n = 0;
			arrive = () => void (++n === 2 && resolve());
		});
		const section = (state: SharedState, lock: string) =>
			state.exclusive(lock, async (view) => {
				arrive();
				await bothIn;
				return roundTrip(view).then(() => lock);
			});
		await expect(Promise.all([section(states[0], 'patient:A'), section(states[1], 'patient:B')])).resolves.toEqual([
			'patient:A',
			'patient:B',
		]);
	}, 30_000);

	it('(b) several locks named in crossed order, on both pools at once: no deadlock', async () => {
		const states = await statesOnFreshTable();
		// Taken in the order given, A holds chair:1 and waits for patient:2 while B holds patient:2
		// and waits for chair:1: PostgreSQL would abort one with "deadlock detected".
		const runs = Array.from({ length: 20 }, (_, i) =>
			states[i % 2].exclusive(i % 2 ? ['patient:2', 'chair:1'] : ['chair:1', 'patient:2'], async (view) => {
				await roundTrip(view);
				return i;
			}),
		);
		await expect(Promise.all(runs)).resolves.toEqual(Array.from({ length: 20 }, (_, i) => i));
	}, 60_000);

	it('(c) a section that throws rolls back its claim and frees its lock', async () => {
		const [a, b] = await statesOnFreshTable();
		await expect(
			a.exclusive('patient:P1', async (view) => {
				expect(await view.claim({ key: 'k', kind: 'send', at: AT, patientId: 'P1' })).toBeNull();
				throw new Error('the provider call threw');
			}),
		).rejects.toThrow('the provider call threw');
		expect(await b.get('k')).toBeNull();
		expect(await b.sendsSince('P1', '2026-03-01T00:00:00.000Z')).toEqual([]);
		// The lock is free for the other worker, and the key can be claimed again.
		await expect(
			b.exclusive('patient:P1', (view) => view.claim({ key: 'k', kind: 'send', at: AT, patientId: 'P1' })),
		).resolves.toBeNull();
	});

	it('(d) five workers using fresh tables at the same instant all succeed (schema creation does not race)', async () => {
		const five = Array.from({ length: 5 }, () => loadWorker());
		// Several fresh tables, so a race (were there no schema lock) has several chances to show.
		for (let round = 0; round < 4; round++) {
			const settings: PostgresSettings = { ...server.connection, ssl: false, table: `fresh_${round}` };
			const states = await Promise.all(five.map((worker) => worker.postgresState(settings)));
			const claims = await Promise.all(
				states.map((state, i) => state.claim({ key: `k${i}`, kind: 'delivery', at: null, patientId: null })),
			);
			expect(claims).toEqual([null, null, null, null, null]);
		}
	}, 60_000);

	it('(e) claim, sendsSince, finish, release and get round-trip, times in UTC', async () => {
		const [a, b] = await statesOnFreshTable();
		// Claimed in Chicago notation; the store answers in UTC (the server's zone is Chicago too).
		expect(await a.claim({ key: 's1', kind: 'send', at: '2026-03-10T10:00:00.000-05:00', patientId: 'P1' })).toBeNull();
		expect(await a.claim({ key: 's0', kind: 'send', at: '2026-03-01T09:00:00.000Z', patientId: 'P1' })).toBeNull();
		expect(await a.claim({ key: 'b1', kind: 'booking', at: '2026-03-10T15:30:00.000Z', patientId: 'P1' })).toBeNull();
		expect(await a.claim({ key: 's2', kind: 'send', at: '2026-03-10T16:00:00.000Z', patientId: 'P2' })).toBeNull();
		expect(await b.get('s1')).toEqual({
			key: 's1',
			kind: 'send',
			state: 'claimed',
			at: '2026-03-10T15:00:00.000Z',
			patientId: 'P1',
			ref: null,
		});
		// Only P1's sends (not its booking), from `since` on, oldest first.
		expect(await b.sendsSince('P1', '2026-03-01T00:00:00.000Z')).toEqual([
			'2026-03-01T09:00:00.000Z',
			'2026-03-10T15:00:00.000Z',
		]);
		expect(await b.sendsSince('P1', '2026-03-10T09:00:00.000-05:00')).toEqual(['2026-03-10T15:00:00.000Z']);
		await b.finish('s1', 'SM123');
		expect(await a.get('s1')).toEqual({
			key: 's1',
			kind: 'send',
			state: 'done',
			at: '2026-03-10T15:00:00.000Z',
			patientId: 'P1',
			ref: 'SM123',
		});
		await a.release('s0');
		expect(await b.get('s0')).toBeNull();
		expect(await b.sendsSince('P1', '2026-03-01T00:00:00.000Z')).toEqual(['2026-03-10T15:00:00.000Z']);
		// A claim without a time (a delivery) keeps none.
		expect(await a.claim({ key: 'd1', kind: 'delivery', at: null, patientId: null })).toBeNull();
		expect(await b.get('d1')).toMatchObject({ at: null, patientId: null, state: 'claimed' });
		expect(await b.get('missing')).toBeNull();
	});
});

describe('Dispatcher on two workers sharing postgresState', () => {
	const SID = 'AC' + '0'.repeat(32);
	const TOKEN = 'sandbox-token';
	const SERVICE = 'MG' + '1'.repeat(32);
	let twilio: TwilioSimulator;
	let options: [DispatchOptions, DispatchOptions];

	beforeEach(async () => {
		// The simulator shares the dispatcher's pinned clock.
		twilio = await startTwilioSimulator({
			accountSid: SID,
			authToken: TOKEN,
			messagingServiceSid: SERVICE,
			phoneNumbers: ['+15125550100'],
			now: () => NOW,
		});
		const http = fetchHttp(basic(SID, TOKEN));
		const account = { accountSid: SID, baseUrl: twilio.url, messagingServiceSid: SERVICE };
		const pause = fakePause();
		const sms = {
			send: (r: Parameters<typeof sendSms>[2]) => sendSms(http, account, r, { pause }),
			find: (r: Parameters<typeof findSentSms>[2]) => findSentSms(http, account, r, { pause }),
		};
		const [a, b] = await statesOnFreshTable();
		options = [
			{ policy: policyFrom(), sms, email: null, state: a },
			{ policy: policyFrom(), sms, email: null, state: b },
		];
	});
	afterEach(async () => {
		await twilio.close();
	});

	it('(f) the same touch dispatched 5 times at once on two workers: one text', async () => {
		const outcomes = await Promise.all(
			Array.from({ length: 5 }, (_, i) => new Dispatcher(options[i % 2]).dispatch(touch(), NOW)),
		);
		expect(twilio.outbox).toHaveLength(1);
		expect(outcomes.filter((o) => o.rule === 'passed')).toHaveLength(1);
		for (const other of outcomes.filter((o) => o.rule !== 'passed')) {
			expect(other.rule).toBe('send_once');
			expect(['deferred', 'sent']).toContain(other.status);
		}
	});

	it('(f) three different touches for one patient at once on two workers: one sent, two deferred by the day cap', async () => {
		const touches = [
			touch(),
			touch({ sendKey: 'enr-7:noshow-sms', enrollment: 'enr-7', journey: 'no-show-recovery' }),
			touch({ sendKey: 'enr-9:recall-sms', enrollment: 'enr-9', journey: 'hygiene-recall' }),
		];
		const outcomes = await Promise.all(touches.map((t, i) => new Dispatcher(options[i % 2]).dispatch(t, NOW)));
		expect(outcomes.filter((o) => o.status === 'sent')).toHaveLength(1);
		expect(outcomes.filter((o) => o.status === 'deferred' && o.rule === 'frequency_cap')).toHaveLength(2);
		expect(twilio.outbox).toHaveLength(1);
	});
});
