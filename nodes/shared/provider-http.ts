/**
 * Core's provider transports over n8n's authenticated requests: n8n signs each request with the
 * node's credential (Basic auth for Twilio, the OAuth2 token it refreshes for Google) and core
 * reads the status and body itself.
 */
import { sleep, type IDataObject, type IExecuteFunctions, type IHttpRequestOptions } from 'n8n-workflow';
import type {
	ProviderHttp,
	ProviderRequest,
	ProviderResponse,
	RetryBudget,
	TransportOptions,
} from '../../core/messaging/provider';

function options(request: ProviderRequest): IHttpRequestOptions {
	const o: IHttpRequestOptions = { method: request.method, url: request.url, json: true, returnFullResponse: true };
	if (request.query) o.qs = request.query as IDataObject;
	if (request.form) {
		o.body = new URLSearchParams(request.form).toString();
		o.headers = { 'content-type': 'application/x-www-form-urlencoded' };
	} else if (request.json !== undefined) o.body = request.json as IDataObject;
	return o;
}

type FullResponse = { statusCode: number; body: unknown; headers?: ProviderResponse['headers'] };

/** n8n's error for a failed request, back to a status and a body (0: no HTTP answer). */
function fromError(error: unknown): ProviderResponse {
	const e = error as {
		httpCode?: string | null;
		context?: { data?: unknown };
		description?: string | null;
		message?: string;
	};
	const text = `${e.message ?? ''} ${e.description ?? ''}`;
	// n8n could not refresh the token, or holds none at all: nothing was sent; as good as a 401 for us.
	if (/reconnect|OAuth credentials not connected|sign without access token/i.test(text))
		return { status: 401, body: e.description ?? e.message ?? '' };
	const status = Number(e.httpCode);
	return {
		status: Number.isInteger(status) && status >= 100 ? status : 0,
		body: e.context?.data ?? e.description ?? e.message ?? '',
	};
}

/**
 * `throwsOnStatus`: OAuth2 credentials need n8n to see a 401 (that is when it refreshes the token);
 * Basic-auth providers read every status themselves.
 */
export function providerHttp(ctx: IExecuteFunctions, credential: string, throwsOnStatus: boolean): ProviderHttp {
	return async (request) => {
		const o = options(request);
		if (!throwsOnStatus) o.ignoreHttpStatusErrors = true;
		try {
			const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, credential, o)) as FullResponse;
			return { status: response.statusCode, body: response.body, headers: response.headers };
		} catch (error) {
			return fromError(error);
		}
	};
}

export function transportOptions(retry: RetryBudget): TransportOptions {
	return { retry, pause: { sleep: (ms) => sleep(ms) } };
}
