import { PmsApiError, type HttpClient, type HttpRequest, type Timing } from '../http';

export type Throttle = 'none' | 'readWrite' | 'readOnly';

/** Open Dental Remote allows 1 request/s per customer key, 1 per 5 s for read-only keys. */
export const THROTTLE_INTERVAL_MS: Record<Throttle, number> = { none: 0, readWrite: 1000, readOnly: 5000 };

export interface RetryPolicy {
	/** Tries per request, the first included. */
	attempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** Total waiting allowed for one request across its retries. */
	budgetMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 1000, maxDelayMs: 20_000, budgetMs: 60_000 };

export interface TransportOptions {
	http: HttpClient;
	timing: Timing;
	throttle: Throttle;
	/** Rows per page: 100 on Remote, up to 1,000 on the Local API and API Service. */
	pageSize: number;
	retry?: RetryPolicy;
}

// 429 is "not processed, retry later"; 5xx and 504 (Open Dental's "took over 60 s") are transient.
const RETRYABLE = new Set([0, 429, 500, 502, 503, 504]);
const NOT_PROCESSED = new Set([429]);

function explanationOf(body: unknown): string {
	const text = typeof body === 'string' ? body : body && typeof body === 'object' ? JSON.stringify(body) : '';
	// Open Dental answers errors in plain words; keep them short, they end up in n8n's error panel.
	return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}

/**
 * Requests to one Open Dental API: client-side throttle, retries with exponential back-off within a
 * budget, Limit/Offset paging. State (the throttle's next slot) lives only as long as one run.
 */
export class OpenDentalTransport {
	private nextSlot = 0;
	/** Requests actually sent, retries included: what a poll costs. */
	requestsSent = 0;

	constructor(private readonly options: TransportOptions) {}

	/**
	 * `repeatable: false` is for writes that must not happen twice (a POST, a Break): only "not
	 * processed" (429) is retried; after a timeout or a 5xx the caller checks what was applied.
	 */
	async request(request: HttpRequest, { repeatable = request.method !== 'POST' } = {}): Promise<unknown> {
		const retry = this.options.retry ?? DEFAULT_RETRY;
		const retryable = repeatable ? RETRYABLE : NOT_PROCESSED;
		let waited = 0;
		for (let attempt = 1; ; attempt++) {
			await this.awaitSlot();
			this.requestsSent++;
			let status: number;
			let body: unknown;
			try {
				({ status, body } = await this.options.http(request));
			} catch (error) {
				status = 0;
				body = (error as Error).message;
			}
			if (status >= 200 && status < 300) return body;
			const delay = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
			if (!retryable.has(status) || attempt >= retry.attempts || waited + delay > retry.budgetMs) {
				throw new PmsApiError(status, explanationOf(body), request.path, attempt);
			}
			waited += delay;
			await this.options.timing.sleep(delay);
		}
	}

	/** Every row of a list endpoint, a page at a time, until a page comes back short. */
	async all<T = unknown>(path: string, query: HttpRequest['query'] = {}): Promise<T[]> {
		const rows: T[] = [];
		const limit = this.options.pageSize;
		for (let offset = 0; ; offset += limit) {
			const page = await this.request({ method: 'GET', path, query: { ...query, Limit: limit, Offset: offset } });
			if (!Array.isArray(page)) throw new PmsApiError(200, 'expected a list', path, 1);
			rows.push(...(page as T[]));
			if (page.length < limit) return rows;
		}
	}

	private async awaitSlot(): Promise<void> {
		const interval = THROTTLE_INTERVAL_MS[this.options.throttle];
		if (!interval) return;
		const now = this.options.timing.now();
		if (now < this.nextSlot) await this.options.timing.sleep(this.nextSlot - now);
		this.nextSlot = Math.max(now, this.nextSlot) + interval;
	}
}
