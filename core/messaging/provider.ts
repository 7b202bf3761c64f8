/**
 * What the transports share: HTTP as the node injects it (n8n's authenticated request helper; a
 * fetch client in tests), the typed provider error, and retries with exponential back-off and
 * jitter inside a budget of attempts and waiting time. The wait and the dice are injected, so
 * tests run in simulated time.
 */

export interface ProviderRequest {
	method: 'GET' | 'POST' | 'DELETE';
	/** Absolute URL. */
	url: string;
	query?: Record<string, string>;
	/** application/x-www-form-urlencoded body (Twilio). */
	form?: Record<string, string>;
	/** JSON body (Gmail). */
	json?: unknown;
	headers?: Record<string, string>;
}

export interface ProviderResponse {
	/** 0 when no HTTP answer arrived (connection refused, reset, timeout). */
	status: number;
	body: unknown;
	headers?: Record<string, string | string[] | undefined>;
}

export type ProviderHttp = (request: ProviderRequest) => Promise<ProviderResponse>;

export interface RetryBudget {
	/** Tries per request, the first included. */
	attempts: number;
	/** Total waiting allowed across the retries of one request. */
	maxWaitMs: number;
	baseDelayMs?: number;
	maxDelayMs?: number;
}

export const DEFAULT_RETRY: RetryBudget = { attempts: 4, maxWaitMs: 30_000, baseDelayMs: 1000, maxDelayMs: 16_000 };

export interface Pause {
	sleep(ms: number): Promise<void>;
	/** [0, 1); Math.random by default. */
	random?(): number;
}

export interface TransportOptions {
	retry?: RetryBudget;
	pause: Pause;
}

/**
 * - opt_out: the recipient unsubscribed (Twilio 21610); nothing was sent.
 * - rejected: this message was refused (bad number, landline, filtered...); nothing was sent.
 * - configuration: credentials, permissions or sender settings; every message would fail.
 * - rate_limited: too many requests, still after the retries; nothing was sent.
 * - unavailable: no answer or a 5xx after the retries; the provider may have sent it.
 */
export type ProviderFailure = 'opt_out' | 'rejected' | 'configuration' | 'rate_limited' | 'unavailable';

export class ProviderError extends Error {
	attempts = 1;
	/** Set when retrying could do harm (a create that may have gone through with no way to check). */
	final = false;

	constructor(
		readonly provider: 'twilio' | 'gmail' | 'sheets' | 'calendar',
		readonly kind: ProviderFailure,
		readonly httpStatus: number,
		/** The provider's error code (Twilio's number, Gmail's reason), or null. */
		readonly code: string | null,
		message: string,
		readonly retryAfterMs: number | null = null,
	) {
		super(message);
		this.name = 'ProviderError';
	}

	get retryable(): boolean {
		return !this.final && (this.kind === 'rate_limited' || this.kind === 'unavailable');
	}

	/** Whether the provider may have acted although the call failed: the ambiguous case. */
	get mayHaveSent(): boolean {
		return this.kind === 'unavailable';
	}
}

export type Attempt<T> = { ok: true; value: T } | { ok: false; error: ProviderError };

/** Runs `call` until it succeeds, fails for good, or the budget of attempts or waiting is spent. */
export async function withRetry<T>(
	call: (attempt: number) => Promise<Attempt<T>>,
	options: TransportOptions,
): Promise<T> {
	const budget = options.retry ?? DEFAULT_RETRY;
	const base = budget.baseDelayMs ?? 1000;
	const cap = budget.maxDelayMs ?? 16_000;
	const random = options.pause.random ?? Math.random;
	let waited = 0;
	for (let attempt = 1; ; attempt++) {
		const result = await call(attempt);
		if (result.ok) return result.value;
		const error = result.error;
		error.attempts = attempt;
		if (!error.retryable || attempt >= budget.attempts) throw error;
		// Equal jitter: half the exponential step for sure, half at random, so clients spread out.
		const step = Math.min(cap, base * 2 ** (attempt - 1));
		let delay = Math.round(step / 2 + random() * (step / 2));
		if (error.retryAfterMs !== null) delay = Math.max(delay, error.retryAfterMs);
		if (waited + delay > budget.maxWaitMs) throw error;
		waited += delay;
		await options.pause.sleep(delay);
	}
}

/** Retry-After in seconds or as an HTTP date, in milliseconds from now (clock for the date form injected). */
export function retryAfterMs(headers: ProviderResponse['headers'], nowMs: number = Date.now()): number | null {
	const raw = headers?.['retry-after'] ?? headers?.['Retry-After'];
	const value = Array.isArray(raw) ? raw[0] : raw;
	if (!value) return null;
	if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
	const date = Date.parse(value);
	return Number.isFinite(date) ? Math.max(0, date - nowMs) : null;
}

/** A provider's own words, safe for logs and error panels: numbers and addresses removed. */
export function scrub(text: string): string {
	return text
		.replace(/[^\s@<>"'()]+@[^\s@<>"'()]+/g, '[address]')
		.replace(/\+?\d[\d\s().-]{5,}\d/g, '[number]')
		.replace(/\s+/g, ' ')
		.trim()
		.slice(0, 200);
}
