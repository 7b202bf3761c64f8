/**
 * Gmail users.messages.send through @googleapis/gmail. n8n owns the OAuth2 tokens, so the client
 * gets an `auth` object whose request() hands googleapis' finished request (URL from the rootUrl
 * and path template, JSON body) to the injected HTTP function: in the node that is
 * httpRequestWithAuthentication, which signs it and refreshes the token on a 401.
 */
import { gmail, type gmail_v1 } from '@googleapis/gmail';
import type { DateTime } from 'luxon';
import { addressOf, buildMime, messageIdFor, toBase64Url } from './mime';
import { ProviderError, retryAfterMs, scrub, withRetry, type ProviderHttp, type ProviderResponse, type TransportOptions } from './provider';

export interface GmailAccount {
	/** https://gmail.googleapis.com, or the sandbox. */
	baseUrl: string;
	/** From: "front@practice.com" or "Bright Smiles <front@practice.com>". */
	from: string;
}

export interface EmailRequest {
	to: string;
	subject: string;
	text: string;
	html: string | null;
	/** Send-once key: its hash becomes the Message-ID, the same on every retry. */
	sendKey: string;
	/** The Date header. */
	date: DateTime;
}

export interface EmailSent {
	id: string;
	threadId: string | null;
	messageId: string;
}

interface GoogleErrorBody {
	error?: { code?: number; message?: string; status?: string; errors?: Array<{ reason?: string }> } | string;
	error_description?: string;
}

const RATE_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'concurrentLimitExceeded']);

/** Google's answer as a typed failure; null when it is a success. */
export function gmailFailure(response: ProviderResponse): ProviderError | null {
	const { status } = response;
	if (status >= 200 && status < 300) return null;
	const body = (response.body && typeof response.body === 'object' ? response.body : {}) as GoogleErrorBody;
	const error = typeof body.error === 'object' ? body.error : undefined;
	const reason = error?.errors?.[0]?.reason ?? error?.status ?? (typeof body.error === 'string' ? body.error : null);
	const said = scrub(error?.message ?? body.error_description ?? (typeof response.body === 'string' ? response.body : ''));
	const tail = said ? `: ${said}` : '';
	const fail = (kind: ProviderError['kind'], message: string, retryAfter: number | null = null) => new ProviderError('gmail', kind, status, reason ?? (status ? String(status) : null), message, retryAfter);

	if (status === 401) return fail('configuration', `Google refused the Gmail credential (401): reconnect it${tail}`);
	if (status === 429 || (status === 403 && reason !== null && RATE_REASONS.has(reason))) {
		return fail('rate_limited', `Gmail: too many requests (${reason ?? status})`, retryAfterMs(response.headers));
	}
	if (status === 0) return fail('unavailable', `No answer from Gmail${tail}`);
	if (status >= 500) return fail('unavailable', `Gmail answered ${status}${tail}`);
	if (status === 403 || status === 404) return fail('configuration', `Gmail refused the request (${reason ?? status}): check the credential's scope (gmail.send) and API Base URL${tail}`);
	return fail('rejected', `Gmail refused the message (${reason ?? status})${tail}`);
}

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
			const response = await http({
				method: (options.method ?? 'GET').toUpperCase() === 'POST' ? 'POST' : 'GET',
				url,
				query: Object.keys(query).length ? query : undefined,
				json: options.data,
			});
			return { data: response.body, status: response.status, statusText: '', headers: response.headers ?? {}, config: options, request: { responseURL: url } };
		},
	};
}

function client(http: ProviderHttp, baseUrl: string): gmail_v1.Gmail {
	const rootUrl = `${baseUrl.replace(/\/+$/, '')}/`;
	return gmail({ version: 'v1', rootUrl, auth: bridge(http) as unknown as gmail_v1.Options['auth'] });
}

/** Builds the MIME message and sends it. Throws ProviderError when Gmail refuses or the budget runs out. */
export async function sendEmail(http: ProviderHttp, account: GmailAccount, request: EmailRequest, options: TransportOptions): Promise<EmailSent> {
	const messageId = messageIdFor(request.sendKey);
	const raw = toBase64Url(
		buildMime({ from: account.from, to: request.to, subject: request.subject, text: request.text, html: request.html, messageId, date: request.date }),
	);
	const api = client(http, account.baseUrl);
	if (!addressOf(account.from).includes('@')) throw new ProviderError('gmail', 'configuration', 0, null, 'The Gmail credential has no Sender Address');
	const sent = await withRetry(async () => {
		const response = (await api.users.messages.send({ userId: 'me', requestBody: { raw } })) as unknown as ProviderResponse & { data?: unknown };
		const answer: ProviderResponse = { status: response.status, body: response.data, headers: response.headers };
		const error = gmailFailure(answer);
		return error ? { ok: false, error } : { ok: true, value: (answer.body ?? {}) as { id?: string; threadId?: string } };
	}, options);
	if (!sent.id) throw new ProviderError('gmail', 'unavailable', 200, null, 'Gmail answered without a message id');
	return { id: sent.id, threadId: sent.threadId ?? null, messageId };
}
