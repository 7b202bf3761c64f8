/**
 * The single-instance state: every execution of a regular-mode n8n runs in one process, so a lock
 * held here excludes them all (README "Scaling out"). This module must exist once per process:
 * the build ships it as its own file (dist/state/process.js) that every node bundle requires, so
 * Node's module cache gives all of them the same instance.
 *
 * What must survive a restart is written through to a durable store the node provides (n8n's
 * de-duplication store, or a trigger's static data); what only matters while runs overlap (when a
 * claim was made, the sends that count toward caps) is kept here, and after a restart the journal
 * has it.
 */
import { lockOrder, type Claim, type NewClaim, type SharedState, type StateView } from './shared-state';

/** A durable set of strings: n8n's de-duplication store or a trigger's static data. */
export interface DurableKeys {
	/** Identifies the store: stores with one id share one durable record (read-modify-write). */
	readonly id: string;
	has(key: string): Promise<boolean>;
	add(key: string): Promise<void>;
	remove(key: string): Promise<void>;
}

/** How many claims the process remembers; the durable store keeps the keys beyond that. */
const REMEMBERED = 200_000;

/** Locks and recent claims of one n8n instance. */
export class ProcessMemory {
	private readonly tails = new Map<string, Promise<void>>();
	readonly claims = new Map<string, Claim>();
	readonly sends = new Map<string, string[]>();

	async exclusive<T>(lock: string, work: () => Promise<T>): Promise<T> {
		const previous = this.tails.get(lock) ?? Promise.resolve();
		let done!: () => void;
		const mine = new Promise<void>((resolve) => (done = resolve));
		const tail = previous.then(() => mine);
		this.tails.set(lock, tail);
		await previous;
		try {
			return await work();
		} finally {
			done();
			if (this.tails.get(lock) === tail) this.tails.delete(lock);
		}
	}

	remember(claim: Claim): void {
		this.claims.set(claim.key, claim);
		if (claim.kind === 'send' && claim.patientId && claim.at) {
			this.sends.set(claim.patientId, [...(this.sends.get(claim.patientId) ?? []), claim.at].slice(-50));
		}
		if (this.claims.size > REMEMBERED) this.claims.delete(this.claims.keys().next().value as string);
	}

	forget(claim: Claim): void {
		this.claims.delete(claim.key);
		if (claim.kind !== 'send' || !claim.patientId) return;
		const left = (this.sends.get(claim.patientId) ?? []).filter((at) => at !== claim.at);
		this.sends.set(claim.patientId, left);
	}
}

const memories = new Map<string, ProcessMemory>();

/** The memory of one n8n instance (a process runs one; unit tests run several side by side). */
export function memoryOf(instanceId: string): ProcessMemory {
	let memory = memories.get(instanceId);
	if (!memory) memories.set(instanceId, (memory = new ProcessMemory()));
	return memory;
}

// Claim keys carry their own namespace (a send key, "delivery:", "chart:", a fact's name).
const intentKey = (key: string) => `chairside.claim:${key}`;
const doneKey = (key: string) => `chairside.done:${key}`;

/** The process's state, written through to `durable`; `kind` names claims only the durable store knows. */
export function processState(durable: DurableKeys, kind: Claim['kind'], memory: ProcessMemory): SharedState {
	// The durable store rewrites one record per id: its calls never overlap.
	const serial = <T>(work: () => Promise<T>) => memory.exclusive(`durable:${durable.id}`, work);
	const view: StateView = {
		async get(key) {
			const known = memory.claims.get(key);
			if (known) return known;
			if (!(await serial(() => durable.has(intentKey(key))))) return null;
			const finished = await serial(() => durable.has(doneKey(key)));
			// Claimed before this process started: whatever was in flight then was interrupted.
			return { key, kind, state: finished ? 'done' : 'claimed', at: null, patientId: null, ref: null };
		},
		async claim(claim: NewClaim) {
			// Its own lock name: a section may hold locks.key(claim.key) while claiming it.
			return memory.exclusive(`claim:${claim.key}`, async () => {
				const existing = await view.get(claim.key);
				if (existing) return existing;
				const recorded: Claim = { ...claim, state: 'claimed', ref: null };
				memory.remember(recorded);
				await serial(() => durable.add(intentKey(recorded.key)));
				return null;
			});
		},
		async finish(key, ref) {
			const known = memory.claims.get(key);
			if (known) memory.claims.set(key, { ...known, state: 'done', ref });
			await serial(() => durable.add(doneKey(key)));
		},
		async release(key) {
			const known = memory.claims.get(key);
			if (known) memory.forget(known);
			await serial(() => durable.remove(intentKey(key)));
		},
		async sendsSince(patientId, since) {
			const sinceMs = Date.parse(since);
			return (memory.sends.get(patientId) ?? []).filter((at) => Date.parse(at) >= sinceMs);
		},
	};
	const section = <T>(names: string[], work: () => Promise<T>): Promise<T> =>
		names.length ? memory.exclusive(names[0], () => section(names.slice(1), work)) : work();
	return { ...view, exclusive: (names, work) => section(lockOrder(names), () => work(view)) };
}
