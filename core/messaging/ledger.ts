/**
 * The send-once ledger as the dispatcher sees it. In n8n it is the de-duplication store (durable,
 * per workflow, shared by every worker through the database); tests use the in-memory one.
 */

export interface SendLedger {
	/** Records the key; 'seen' when it was already there (nothing recorded). */
	claim(key: string): Promise<'new' | 'seen'>;
	/** Forgets a key: for an intent whose send certainly did not happen. */
	release(key: string): Promise<void>;
	/** Whether the key is there, without leaving it recorded when it was not. */
	has(key: string): Promise<boolean>;
}

export class MemoryLedger implements SendLedger {
	readonly keys = new Set<string>();

	async claim(key: string): Promise<'new' | 'seen'> {
		if (this.keys.has(key)) return 'seen';
		this.keys.add(key);
		return 'new';
	}

	async release(key: string): Promise<void> {
		this.keys.delete(key);
	}

	async has(key: string): Promise<boolean> {
		return this.keys.has(key);
	}
}
