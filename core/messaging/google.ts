/**
 * What the @googleapis clients share here. n8n owns the OAuth2 tokens, so a client gets an `auth`
 * object whose request() hands googleapis' finished request (URL from the rootUrl and path
 * template, JSON body) to the injected HTTP function: in a node that is
 * httpRequestWithAuthentication, which signs it and refreshes the token on a 401. Google's error
 * answers become ProviderErrors the same way for every API; each API words them its own way.
 */
import { ProviderError, retryAfterMs, scrub, type Attempt, type ProviderHttp, type ProviderRequest, type ProviderResponse } from './provider';

interface GaxiosLikeOptions {
	url?: string | URL;
	method?: string;
	data?: unknown;
	params?: Record<string, unknown>;
}

/** The OAuth2Client stand-in googleapis calls: it only forwards the request it was given. */
function bridge(http: ProviderHttp) {
	return {
		async request(options: GaxiosLikeOptions) {
			const query = Object.fromEntries(Object.entries(options.params ?? {}).map(([k, v]) => [k, String(v)]));
			const url = String(options.url);
			// Only GET, POST and DELETE: the methods the Chairside calls use.
			const response = await http({
				method: (options.method ?? 'GET').toUpperCase() as ProviderRequest['method'],
				url,
				query: Object.keys(query).length ? query : undefined,
				json: options.data,
			});
			return { data: response.body, status: response.status, statusText: '', headers: response.headers ?? {}, config: options, request: { responseURL: url } };
		},
	};
}

/**
 * A client library's rootUrl and auth options. `Auth` is whatever type that library's Options
 * declare (each pins its own google-auth-library); the bridge only ever has request() called.
 */
export function clientOptions<Auth>(http: ProviderHttp, baseUrl: string): { rootUrl: string; auth: Auth } {
	return { rootUrl: `${baseUrl.replace(/\/+$/, '')}/`, auth: bridge(http) as unknown as Auth };
}

/** One call through a client: its answer, judged by `failure`. Non-2xx answers come back, they do not throw. */
export async function attempt<T>(call: () => Promise<unknown>, failure: (response: ProviderResponse) => ProviderError | null): Promise<Attempt<T>> {
	const response = (await call()) as { status: number; data?: unknown; headers?: ProviderResponse['headers'] };
	const answer: ProviderResponse = { status: response.status, body: response.data, headers: response.headers };
	const error = failure(answer);
	return error ? { ok: false, error } : { ok: true, value: (answer.body ?? {}) as T };
}

/** What went wrong, for an API's words: `code` is Google's reason (or the status), `tail` its own words, scrubbed. */
export interface GoogleFailure {
	status: number;
	code: string;
	tail: string;
}

export interface GoogleWords {
	/** 401: n8n could not get a token Google accepts. */
	credential(f: GoogleFailure): string;
	rateLimited(f: GoogleFailure): string;
	/** No HTTP answer at all. */
	noAnswer(f: GoogleFailure): string;
	serverError(f: GoogleFailure): string;
	/** 403 or 404: scope, sharing or a wrong id. */
	access(f: GoogleFailure): string;
	/** Any other 4xx: this request was refused. */
	refused(f: GoogleFailure): string;
}

interface GoogleErrorBody {
	error?: { code?: number; message?: string; status?: string; errors?: Array<{ reason?: string }> } | string;
	error_description?: string;
}

const RATE_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'concurrentLimitExceeded']);

/** Google's answer as a typed failure; null when it is a success. */
export function googleFailure(response: ProviderResponse, provider: ProviderError['provider'], words: GoogleWords): ProviderError | null {
	const { status } = response;
	if (status >= 200 && status < 300) return null;
	const body = (response.body && typeof response.body === 'object' ? response.body : {}) as GoogleErrorBody;
	const error = typeof body.error === 'object' ? body.error : undefined;
	// Older APIs name a reason in errors[]; newer ones (Sheets v4) only the status.
	const reason = error?.errors?.[0]?.reason ?? error?.status ?? (typeof body.error === 'string' ? body.error : null);
	const said = scrub(error?.message ?? body.error_description ?? (typeof response.body === 'string' ? response.body : ''));
	const f: GoogleFailure = { status, code: reason ?? String(status), tail: said ? `: ${said}` : '' };
	const fail = (kind: ProviderError['kind'], message: string, retryAfter: number | null = null) => new ProviderError(provider, kind, status, reason ?? (status ? String(status) : null), message, retryAfter);

	if (status === 401) return fail('configuration', words.credential(f));
	if (status === 429 || (status === 403 && reason !== null && RATE_REASONS.has(reason))) return fail('rate_limited', words.rateLimited(f), retryAfterMs(response.headers));
	if (status === 0) return fail('unavailable', words.noAnswer(f));
	if (status >= 500) return fail('unavailable', words.serverError(f));
	if (status === 403 || status === 404) return fail('configuration', words.access(f));
	return fail('rejected', words.refused(f));
}
