/**
 * What the Google API calls share. n8n owns the OAuth2 tokens: every request goes to the injected
 * HTTP function, which in a node is httpRequestWithAuthentication (it signs the request and
 * refreshes the token on a 401). Each API module writes its requests and answers as typed shapes
 * from Google's REST reference (the methods Chairside calls, the fields it reads); no Google
 * client library is bundled. Google's error answers become ProviderErrors the same way for every
 * API; each API words them its own way.
 */
import {
	ProviderError,
	retryAfterMs,
	scrub,
	withRetry,
	type ProviderHttp,
	type ProviderResponse,
	type TransportOptions,
} from './provider';

/**
 * One REST call: `path` is under the API root (e.g. "gmail/v1/users/me/messages/send"), its
 * parameters escaped with pathParam. `Answer` is the shape of a 2xx body, so a request built by
 * an API module carries the type of what it returns.
 */
export interface GoogleRequest<Answer> {
	/** Only GET, POST and DELETE: the methods the Chairside calls use. */
	method: 'GET' | 'POST' | 'DELETE';
	path: string;
	query?: Record<string, string>;
	/** The JSON request body. */
	body?: unknown;
	/** Type only: what a success answers. */
	readonly answer?: Answer;
}

/** Sends one request (retried within the budget) and returns its 2xx body; throws ProviderError otherwise. */
export type GoogleCall = <Answer>(request: GoogleRequest<Answer>) => Promise<Answer>;

/**
 * A path parameter as Google's URI templates expand it (RFC 6570 simple expansion): every
 * character but A-Z a-z 0-9 - . _ ~ percent-encoded, so a calendar id's "@" and a Sheets range's
 * "'", "!" and ":" reach Google as one segment.
 */
export function pathParam(value: string): string {
	return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Calls to one Google API at `baseUrl` (Google's API root or a simulator's), judged by `failure`. */
export function googleCall(
	http: ProviderHttp,
	baseUrl: string,
	failure: (response: ProviderResponse) => ProviderError | null,
	options: TransportOptions,
): GoogleCall {
	const root = baseUrl.replace(/\/+$/, '');
	return <Answer>(request: GoogleRequest<Answer>) =>
		withRetry(async () => {
			const response = await http({
				method: request.method,
				url: `${root}/${request.path}`,
				query: request.query,
				json: request.body,
			});
			const error = failure(response);
			return error ? { ok: false, error } : { ok: true, value: (response.body ?? {}) as Answer };
		}, options);
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
export function googleFailure(
	response: ProviderResponse,
	provider: ProviderError['provider'],
	words: GoogleWords,
): ProviderError | null {
	const { status } = response;
	if (status >= 200 && status < 300) return null;
	const body = (response.body && typeof response.body === 'object' ? response.body : {}) as GoogleErrorBody;
	const error = typeof body.error === 'object' ? body.error : undefined;
	// Older APIs name a reason in errors[]; newer ones (Sheets v4) only the status.
	const reason = error?.errors?.[0]?.reason ?? error?.status ?? (typeof body.error === 'string' ? body.error : null);
	const said = scrub(
		error?.message ?? body.error_description ?? (typeof response.body === 'string' ? response.body : ''),
	);
	const f: GoogleFailure = { status, code: reason ?? String(status), tail: said ? `: ${said}` : '' };
	const fail = (kind: ProviderError['kind'], message: string, retryAfter: number | null = null) =>
		new ProviderError(provider, kind, status, reason ?? (status ? String(status) : null), message, retryAfter);

	if (status === 401) return fail('configuration', words.credential(f));
	if (status === 429 || (status === 403 && reason !== null && RATE_REASONS.has(reason)))
		return fail('rate_limited', words.rateLimited(f), retryAfterMs(response.headers));
	if (status === 0) return fail('unavailable', words.noAnswer(f));
	if (status >= 500) return fail('unavailable', words.serverError(f));
	if (status === 403 || status === 404) return fail('configuration', words.access(f));
	return fail('rejected', words.refused(f));
}
