import { ProcessMemory, processState, type DurableKeys } from '../../../core/state/process';
import { lockOrder } from '../../../core/state/shared-state';

function durableSet(keys = new Set<string>()): DurableKeys & { keys: Set<string> } {
	return {
		id: 'wf',
		keys,
		has: async (k) => keys.has(k),
		add: async (k) => void keys.add(k),
		remove: async (k) => void keys.delete(k),
	};
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('single-instance state', () => {
	it('a key claimed by many at the same instant is claimed once', async () => {
		const durable = durableSet();
		const state = processState(durable, 'send', new ProcessMemory());
		const results = await Promise.all(
			Array.from({ length: 20 }, () =>
				state.claim({ key: 'k', kind: 'send', at: '2026-03-02T16:00:00.000Z', patientId: 'P1' }),
			),
		);
		expect(results.filter((r) => r === null)).toHaveLength(1);
		expect(durable.keys).toEqual(new Set(['chairside.claim:k']));
	});

	it('sections on one lock never overlap; on other locks they do', async () => {
		const state = processState(durableSet(), 'send', new ProcessMemory());
		let inside = 0;
		let most = 0;
		const section = () =>
			state.exclusive('patient:P1', async () => {
				inside++;
				most = Math.max(most, inside);
				await tick();
				inside--;
			});
		await Promise.all([section(), section(), section(), section()]);
		expect(most).toBe(1);
		let together = 0;
		let both = 0;
		const other = (lock: string) =>
			state.exclusive(lock, async () => {
				together++;
				both = Math.max(both, together);
				await tick();
				together--;
			});
		await Promise.all([other('patient:A'), other('patient:B')]);
		expect(both).toBe(2);
	});

	it('several locks are taken in one order: crossed sections finish', async () => {
		const state = processState(durableSet(), 'booking', new ProcessMemory());
		const done = await Promise.all([
			state.exclusive(['chair:1', 'patient:2'], async () => 'a'),
			state.exclusive(['patient:2', 'chair:1'], async () => 'b'),
		]);
		expect(done).toEqual(['a', 'b']);
		expect(lockOrder(['b', 'a', 'b'])).toEqual(['a', 'b']);
	});

	it('a section that throws releases its lock', async () => {
		const state = processState(durableSet(), 'send', new ProcessMemory());
		await expect(state.exclusive('x', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
		await expect(state.exclusive('x', async () => 'next')).resolves.toBe('next');
	});

	it('after a restart the durable keys tell claimed from done, with no claim time (interrupted)', async () => {
		const durable = durableSet();
		const before = processState(durable, 'send', new ProcessMemory());
		await before.claim({ key: 'a', kind: 'send', at: '2026-03-02T16:00:00.000Z', patientId: 'P1' });
		await before.claim({ key: 'b', kind: 'send', at: '2026-03-02T16:00:00.000Z', patientId: 'P1' });
		await before.finish('b', 'SM1');
		const after = processState(durable, 'send', new ProcessMemory());
		expect(await after.get('a')).toMatchObject({ state: 'claimed', at: null });
		expect(await after.get('b')).toMatchObject({ state: 'done' });
		expect(await after.get('c')).toBeNull();
	});

	it('sends count toward caps until released', async () => {
		const state = processState(durableSet(), 'send', new ProcessMemory());
		await state.claim({ key: 'a', kind: 'send', at: '2026-03-02T16:00:00.000Z', patientId: 'P1' });
		await state.claim({ key: 'b', kind: 'send', at: '2026-03-01T16:00:00.000Z', patientId: 'P1' });
		expect(await state.sendsSince('P1', '2026-03-02T00:00:00.000Z')).toEqual(['2026-03-02T16:00:00.000Z']);
		await state.release('a');
		expect(await state.sendsSince('P1', '2026-03-02T00:00:00.000Z')).toEqual([]);
		expect(await state.sendsSince('P2', '2026-03-01T00:00:00.000Z')).toEqual([]);
	});

	it('durable writes of one store never overlap (n8n rewrites one record per workflow)', async () => {
		let inside = 0;
		let most = 0;
		const keys = new Set<string>();
		const slow: DurableKeys = {
			id: 'wf',
			has: async (k) => keys.has(k),
			add: async (k) => {
				inside++;
				most = Math.max(most, inside);
				await tick();
				keys.add(k);
				inside--;
			},
			remove: async (k) => void keys.delete(k),
		};
		const state = processState(slow, 'chart_note', new ProcessMemory());
		await Promise.all(
			['a', 'b', 'c', 'd'].map((key) => state.claim({ key, kind: 'chart_note', at: null, patientId: null })),
		);
		expect(most).toBe(1);
		expect(keys.size).toBe(4);
	});
});

describe('unionOfSends', () => {
	// Imported here so the union's rule is tested beside the state it merges.
	const { unionOfSends } = jest.requireActual(
		'../../../core/messaging/dispatch',
	) as typeof import('../../../core/messaging/dispatch');

	it('a send in both lists (any zone notation) counts once; two sends at one instant count twice', () => {
		expect(unionOfSends(['2026-03-02T10:00:00.000-06:00'], ['2026-03-02T16:00:00.000Z'])).toHaveLength(1);
		expect(unionOfSends([], ['2026-03-02T16:00:00.000Z', '2026-03-02T16:00:00.000Z'])).toHaveLength(2);
		expect(
			unionOfSends(['2026-03-02T16:00:00.000Z'], ['2026-03-02T16:00:00.000Z', '2026-03-02T16:00:00.000Z']),
		).toHaveLength(2);
		expect(unionOfSends(['2026-03-01T16:00:00.000Z'], ['2026-03-02T16:00:00.000Z'])).toHaveLength(2);
		expect(unionOfSends(['not a date'], [])).toHaveLength(0);
	});
});
