/**
 * Requests to NexHealth's Synchronizer API (../shared/reference/nexhealth.md): the version header and
 * the institution's subdomain on every call, the { code, data, error } envelope unwrapped, cursor
 * paging, client-side pacing under the documented per-key limits and 429s retried with back-off as
 * the rate-limiting page asks ("handle 429s via sleep and retry"), like the Open Dental transport.
 * The bearer token is the injected HTTP client's business (n8n's credential renews it).
 */
import { PmsApiError, type HttpClient, type HttpRequest, type Timing } from '../http';
import { DEFAULT_RETRY, Pacer, withRetries, type RetryPolicy } from '../retry';

/** docs.nexhealth.com/v2.2.2/reference/versioning: v3.0.0 (alias v20240412) is the current major. */
export const NEX_API_VERSION = 'v3.0.0';
/** GET /patients: "Maximum allowed amount is 1000" rows a page. */
export const PAGE_SIZE = 1000;
/**
 * The documented limits per key are 100 requests/s, 10/s on GET /appointments and GET
 * /available_slots (rate-limiting page): requests are spaced a little wider than that.
 */
const SPACING_MS = { slow: 110, fast: 12 } as const;
/** 429 is "not processed"; 5xx and no answer are retried for reads only (a write is looked up first). */
const TRANSIENT = new Set([0, 429, 500, 502, 503, 504]);

export interface NexHealthTransportOptions {
	http: HttpClient;
	timing: Timing;
	subdomain: string;
	locationId: string;
	retry?: RetryPolicy;
}

export interface Page<T> {
	data: T[];
	hasNext: boolean;
	endCursor: string | null;
}

interface Envelope {
	code?: unknown;
	description?: unknown;
	error?: unknown;
	data?: unknown;
	page_info?: { has_next_page?: unknown; end_cursor?: unknown };
}

function explanationOf(body: unknown): string {
	if (body && typeof body === 'object') {
		const { description, error } = body as Envelope;
		const parts = [
			typeof description === 'string' ? description : '',
			...(Array.isArray(error) ? error.filter((e) => typeof e === 'string') : []),
		];
		const text = [...new Set(parts.filter(Boolean))].join('; ');
		if (text) return text.slice(0, 200);
	}
	return (typeof body === 'string' ? body : '').replace(/\s+/g, ' ').trim().slice(0, 200);
}

export class NexHealthTransport {
	private readonly pacer: Pacer<keyof typeof SPACING_MS>;
	requestsSent = 0;

	constructor(readonly options: NexHealthTransportOptions) {
		this.pacer = new Pacer<keyof typeof SPACING_MS>(options.timing, SPACING_MS, 'fast');
	}

	get locationId(): string {
		return this.options.locationId;
	}

	/** The envelope's `data`. A write (`repeatable: false`) is retried only after a 429. */
	async request(request: HttpRequest, { repeatable = request.method === 'GET' } = {}): Promise<unknown> {
		return (await this.envelope(request, repeatable)).data;
	}

	/**
	 * Every row of a collection: per_page 1000, the next page asked with start_cursor = the previous
	 * page's end_cursor (reference section 3: the forward direction is not spelled out; this is the
	 * only place that decides it).
	 */
	async all<T = unknown>(path: string, query: HttpRequest['query'] = {}): Promise<T[]> {
		const rows: T[] = [];
		let cursor: string | undefined;
		for (;;) {
			const body = await this.envelope(
				{ method: 'GET', path, query: { ...query, per_page: PAGE_SIZE, start_cursor: cursor } },
				true,
			);
			if (!Array.isArray(body.data)) throw new PmsApiError(200, 'expected a list', path, 1);
			rows.push(...(body.data as T[]));
			const next =
				body.page_info?.has_next_page === true && typeof body.page_info.end_cursor === 'string'
					? body.page_info.end_cursor
					: undefined;
			if (!next || next === cursor || body.data.length === 0) return rows;
			cursor = next;
		}
	}

	private envelope(request: HttpRequest, repeatable: boolean): Promise<Envelope> {
		return withRetries((attempt) => this.once(request, attempt), {
			policy: this.options.retry ?? DEFAULT_RETRY,
			timing: this.options.timing,
			retryable: (error) => {
				const { status } = error as PmsApiError;
				return repeatable ? TRANSIENT.has(status) : status === 429;
			},
		});
	}

	private async once(request: HttpRequest, attempt: number): Promise<Envelope> {
		// GET /appointments and GET /available_slots have the slower documented limit.
		await this.pacer.wait(
			request.method === 'GET' && (request.path === '/appointments' || request.path === '/available_slots')
				? 'slow'
				: 'fast',
		);
		this.requestsSent++;
		let status: number;
		let body: unknown;
		try {
			({ status, body } = await this.options.http({
				...request,
				query: { subdomain: this.options.subdomain, ...request.query },
				headers: { 'Nex-Api-Version': NEX_API_VERSION, 'Content-Type': 'application/json', ...request.headers },
			}));
		} catch (error) {
			status = 0;
			body = (error as Error).message;
		}
		if (status >= 200 && status < 300 && body && typeof body === 'object' && (body as Envelope).code !== false)
			return body as Envelope;
		throw new PmsApiError(status >= 200 && status < 300 ? 502 : status, explanationOf(body), request.path, attempt);
	}
}
