/** Locations of one group sharing one state (core/state/scoped.ts): their patients apart, a number's facts shared. */
import { ProcessMemory, processState, type DurableKeys } from '../../../core/state/process';
import { scopedState } from '../../../core/state/scoped';
import { facts, locks } from '../../../core/state/shared-state';
import { inboundMessageKey } from '../../../core/reply/deliveries';

const durable = (): DurableKeys => {
	const keys = new Set<string>();
	return {
		id: 'wf',
		has: async (k) => keys.has(k),
		add: async (k) => void keys.add(k),
		remove: async (k) => void keys.delete(k),
	};
};
const at = '2026-03-02T16:00:00.000Z';

function group() {
	const memory = new ProcessMemory();
	const shared = processState(durable(), 'send', memory);
	return { shared, downtown: scopedState(shared, 'Downtown'), uptown: scopedState(shared, 'Uptown') };
}

describe('a location of a group', () => {
	it("claims its patient 79's send once, and the other location's patient 79 is another patient", async () => {
		const { downtown, uptown } = group();
		const claim = { key: '79-recall-2026-03', kind: 'send' as const, at, patientId: '79' };
		const [first, again] = await Promise.all([downtown.claim(claim), downtown.claim(claim)]);
		expect([first, again].filter((c) => c === null)).toHaveLength(1);
		expect(await uptown.claim(claim)).toBeNull();
		expect(await downtown.get(claim.key)).toMatchObject({ key: claim.key, patientId: '79', state: 'claimed' });
	});

	it("counts only its own patient's sends toward the caps", async () => {
		const { downtown, uptown } = group();
		await downtown.claim({ key: 'a', kind: 'send', at, patientId: '79' });
		await downtown.finish('a', 'SM1');
		expect(await downtown.sendsSince('79', '2026-03-01T00:00:00.000Z')).toEqual([at]);
		expect(await uptown.sendsSince('79', '2026-03-01T00:00:00.000Z')).toEqual([]);
	});

	it('sees a STOP, a refused number, an unsubscribe and an inbound message any location recorded', async () => {
		const { shared, downtown, uptown } = group();
		await uptown.claim({ key: facts.optedOutNumber('+15125550123'), kind: 'fact', at, patientId: null });
		await shared.claim({ key: inboundMessageKey('SM42'), kind: 'delivery', at, patientId: null });
		expect(await downtown.get(facts.optedOutNumber('+15125550123'))).not.toBeNull();
		expect(await downtown.get(inboundMessageKey('SM42'))).toMatchObject({ at });
	});

	it("holds its own patient's lock, not the other location's", async () => {
		const { downtown, uptown } = group();
		const order: string[] = [];
		let release!: () => void;
		const held = downtown.exclusive(locks.patient('79'), () => new Promise<void>((r) => (release = r)));
		await new Promise((r) => setImmediate(r));
		// Uptown's patient 79 goes through while Downtown's is held.
		await uptown.exclusive(locks.patient('79'), async () => void order.push('uptown'));
		const second = downtown.exclusive(locks.patient('79'), async () => void order.push('downtown again'));
		order.push('released');
		release();
		await Promise.all([held, second]);
		expect(order).toEqual(['uptown', 'released', 'downtown again']);
	});

	it('is the state itself for a single-location practice (no Location)', () => {
		const { shared } = group();
		expect(scopedState(shared, '')).toBe(shared);
	});
});
