import { PmsApiError, type HttpClient, type HttpRequest, type Timing } from '../http';
import { DEFAULT_RETRY, Pacer, withRetries, type RetryPolicy } from '../retry';
import { parseVersion, type OdVersion } from './version';

/** Kept here too: the retry policy was Open Dental's before NexHealth shared it (core/pms/retry.ts). */
export { DEFAULT_RETRY, type RetryPolicy };

export type Throttle = 'none' | 'readWrite' | 'readOnly';

/** Open Dental Remote allows 1 request/s per customer key, 1 per 5 s for read-only keys. */
export const THROTTLE_INTERVAL_MS: Record<Throttle, number> = { none: 0, readWrite: 1000, readOnly: 5000 };

export interface TransportOptions {
	http: HttpClient;
	timing: Timing;
	throttle: Throttle;
	/**
	 * Rows per page where Open Dental documents it (apiimplementation.html: 100 on Remote, 1,000 on
	 * the Local API); null where it does not (the API Service, a custom URL): then paging stops only
	 * on an empty page. Either way no Limit is sent, so the server's own maximum applies.
	 */
	pageSize: number | null;
	retry?: RetryPolicy;
}

/**
 * apiimplementation.html lists 200/201/400/401/404/410/504 and says an eConnector or network
 * failure comes back as 400 with an explanation; there is no 429 on the list. A 400 is transient
 * only when its explanation says so (a bad parameter is also 400 and must not be repeated); 429,
 * 5xx and "no answer" (0) stay transient because proxies in front of the API answer them.
 * The explanation texts are not documented word for word: see docs/open-dental.md.
 */
const TRANSIENT_400 = /econnector|network|timed? ?out|could not connect|unreachable|not responding/i;
const TRANSIENT = new Set([0, 429, 500, 502, 503, 504]);

export function isTransient(error: unknown): error is PmsApiError {
	if (!(error instanceof PmsApiError)) return false;
	return TRANSIENT.has(error.status) || (error.status === 400 && TRANSIENT_400.test(error.explanation));
}

/** "Not processed, retry later": safe to send a write again without looking first. */
const NOT_PROCESSED = new Set([429]);

function explanationOf(body: unknown): string {
	const text = typeof body === 'string' ? body : body && typeof body === 'object' ? JSON.stringify(body) : '';
	// Open Dental answers errors in plain words; keep them short, they end up in n8n's error panel.
	return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}

/** apiimplementation.html: "All API requests require" the JSON content type, GETs included. */
const HEADERS = { 'Content-Type': 'application/json' } as const;

/**
 * Requests to one Open Dental API: client-side throttle, retries with exponential back-off within a
 * budget, Offset paging, the server's version. State (the throttle's next slot, the version) lives
 * only as long as one run.
 */
export class OpenDentalTransport {
	private readonly pacer: Pacer<'key'>;
	private serverVersion: Promise<OdVersion | null> | null = null;
	/** Requests actually sent, retries included: what a poll costs. */
	requestsSent = 0;

	constructor(private readonly options: TransportOptions) {
		this.pacer = new Pacer(options.timing, { key: THROTTLE_INTERVAL_MS[options.throttle] }, 'key');
	}

	private get retry(): RetryPolicy {
		return this.options.retry ?? DEFAULT_RETRY;
	}

	/**
	 * `repeatable: false` is for writes that must not happen twice (a POST, a Break): only "not
	 * processed" (429) is retried; after a transient failure the caller checks what was applied
	 * (see `write`).
	 */
	async request(request: HttpRequest, { repeatable = request.method !== 'POST' } = {}): Promise<unknown> {
		return withRetries((attempt) => this.once(request, attempt), {
			policy: this.retry,
			timing: this.options.timing,
			retryable: (error) => (repeatable ? isTransient(error) : NOT_PROCESSED.has((error as PmsApiError).status)),
		});
	}

	/**
	 * A write that must happen once: sent, and after a transient failure (the eConnector's 400, no
	 * answer, a 5xx) `applied` looks for its effect before it is sent again, within the retry policy.
	 * Returns the write's answer, or what `applied` found.
	 */
	async write<T>(
		request: HttpRequest,
		applied: () => Promise<T | undefined>,
	): Promise<{ answer: unknown } | { found: T }> {
		return withRetries<{ answer: unknown } | { found: T }>(
			async () => ({ answer: await this.request(request, { repeatable: false }) }),
			{
				policy: this.retry,
				timing: this.options.timing,
				retryable: isTransient,
				recover: async () => {
					const found = await applied();
					return found === undefined ? undefined : { value: { found } };
				},
			},
		);
	}

	/**
	 * Every row of a list endpoint, a page at a time. The offset moves by the rows received; paging
	 * stops on an empty page, or on a short one where the mode's page size is documented.
	 */
	async all<T = unknown>(path: string, query: HttpRequest['query'] = {}): Promise<T[]> {
		const rows: T[] = [];
		const { pageSize } = this.options;
		for (;;) {
			const page = await this.request({ method: 'GET', path, query: { ...query, Offset: rows.length } });
			if (!Array.isArray(page)) throw new PmsApiError(200, 'expected a list', path, 1);
			rows.push(...(page as T[]));
			if (page.length === 0 || (pageSize !== null && page.length < pageSize)) return rows;
		}
	}

	/**
	 * The office's Open Dental version, from the ProgramVersion preference (apipreferences.html,
	 * GET /preferences since 21.1), read once per run; null when it cannot be read, and then every
	 * version-gated feature counts as missing.
	 */
	version(): Promise<OdVersion | null> {
		this.serverVersion ??= this.request({
			method: 'GET',
			path: '/preferences',
			query: { PrefName: 'ProgramVersion' },
		}).then(
			(rows) => {
				const row = Array.isArray(rows)
					? (rows as Array<{ PrefName?: unknown; ValueString?: unknown }>).find((r) => r.PrefName === 'ProgramVersion')
					: undefined;
				return typeof row?.ValueString === 'string' ? parseVersion(row.ValueString) : null;
			},
			(error: unknown) => {
				// A key without the preference, or an API older than the route: decide as for the oldest.
				if (error instanceof PmsApiError && !isTransient(error)) return null;
				throw error;
			},
		);
		return this.serverVersion;
	}

	/** The version read by an earlier run and kept (PMS Trigger's saved directory): not asked again. */
	useVersion(version: OdVersion | null): void {
		this.serverVersion = Promise.resolve(version);
	}

	/** Whether this run has the version (asked for it, or was given it), so `version()` sends nothing. */
	get hasVersion(): boolean {
		return this.serverVersion !== null;
	}

	private async once(request: HttpRequest, attempt: number): Promise<unknown> {
		await this.pacer.wait('key');
		this.requestsSent++;
		let status: number;
		let body: unknown;
		try {
			({ status, body } = await this.options.http({ ...request, headers: { ...HEADERS, ...request.headers } }));
		} catch (error) {
			status = 0;
			body = (error as Error).message;
		}
		if (status >= 200 && status < 300) return body;
		throw new PmsApiError(status, explanationOf(body), request.path, attempt);
	}
}
