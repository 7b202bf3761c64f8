/**
 * Retries and pacing for every PMS transport: exponential back-off within a budget, and requests
 * spaced by the provider's documented limits. What is worth retrying, and how far apart requests must
 * be, is each provider's (Open Dental: apiimplementation.html and docs/open-dental.md; NexHealth: the
 * rate-limiting page in ../shared/reference/nexhealth.md section 4); how it is done lives here.
 */
import type { Timing } from './http';

export interface RetryPolicy {
	/** Tries per request, the first included. */
	attempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** Total waiting allowed for one request across its retries. */
	budgetMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 1000, maxDelayMs: 20_000, budgetMs: 60_000 };

/** The wait before try `attempt + 1`: doubling from the base, capped. */
export function backoff(policy: RetryPolicy, attempt: number): number {
	return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
}

export interface RetryOptions<T> {
	policy: RetryPolicy;
	timing: Timing;
	/** Whether a failure may be tried again; any other is thrown at once. */
	retryable(error: unknown): boolean;
	/**
	 * After a retryable failure, before waiting: a write looks for its own effect (its answer may
	 * have been lost after it landed). `{ value }` ends the tries with that value.
	 */
	recover?(error: unknown): Promise<{ value: T } | undefined>;
}

/** `send` tried until it answers, a failure is not retryable, or the tries or the budget run out. */
export async function withRetries<T>(send: (attempt: number) => Promise<T>, options: RetryOptions<T>): Promise<T> {
	const { policy, timing } = options;
	let waited = 0;
	for (let attempt = 1; ; attempt++) {
		try {
			return await send(attempt);
		} catch (error) {
			if (!options.retryable(error)) throw error;
			const recovered = await options.recover?.(error);
			if (recovered) return recovered.value;
			const delay = backoff(policy, attempt);
			if (attempt >= policy.attempts || waited + delay > policy.budgetMs) throw error;
			waited += delay;
			await timing.sleep(delay);
		}
	}
}

/**
 * Client-side spacing in lanes: a request in a lane waits for that lane's next slot and for the
 * default lane's, and then holds both (a slow endpoint also counts against the key's overall limit).
 */
export class Pacer<Lane extends string> {
	private readonly next: Record<string, number> = {};

	/** `spacingMs[lane]`: the gap after a request in that lane; 0 sends at once. */
	constructor(
		private readonly timing: Timing,
		private readonly spacingMs: Record<Lane, number>,
		private readonly main: Lane,
	) {}

	async wait(lane: Lane): Promise<void> {
		if (!this.spacingMs[lane] && !this.spacingMs[this.main]) return;
		const now = this.timing.now();
		const slot = Math.max(this.next[lane] ?? 0, this.next[this.main] ?? 0);
		if (now < slot) await this.timing.sleep(slot - now);
		const sent = Math.max(now, slot);
		this.next[lane] = sent + this.spacingMs[lane];
		if (lane !== this.main)
			this.next[this.main] = Math.max(this.next[this.main] ?? 0, sent + this.spacingMs[this.main]);
	}
}
