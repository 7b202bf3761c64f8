/**
 * Twilio Programmable Messaging over plain HTTP (the twilio client is not bundled). Twilio has no
 * idempotency key on Messages: a retried create can send twice, so only answers that mean "not
 * processed" (429, 5xx before anything was created) are retried here, and findSentSms lets the
 * node look for a message an interrupted earlier attempt may already have sent.
 */
import { DateTime } from 'luxon';
import {
	ProviderError,
	retryAfterMs,
	scrub,
	withRetry,
	type Attempt,
	type ProviderHttp,
	type ProviderResponse,
	type TransportOptions,
} from './provider';

export interface TwilioAccount {
	accountSid: string;
	/** https://api.twilio.com, or the sandbox. */
	baseUrl: string;
	/** Preferred sender; otherwise fromNumber. */
	messagingServiceSid?: string | null;
	fromNumber?: string | null;
}

export interface SmsRequest {
	/** E.164. */
	to: string;
	body: string;
	statusCallback?: string | null;
	/** Just before this attempt, on Twilio's clock (allow for skew): enables the look-up before a retry. */
	since?: DateTime;
}

export interface SmsSent {
	sid: string;
	status: string;
	/** Twilio's count (num_segments), or null when it did not say. */
	segments: number | null;
}

export interface SmsFound extends SmsSent {
	/** ISO instant Twilio created it. */
	createdAt: string;
}

interface TwilioErrorBody {
	code?: number | string;
	message?: string;
	status?: number;
}

interface TwilioMessage {
	sid?: string;
	status?: string;
	num_segments?: string | number;
	body?: string;
	to?: string;
	direction?: string;
	date_created?: string;
}

// Sender and account settings: every message would fail the same way.
const CONFIGURATION_CODES = new Set([20003, 20005, 20008, 21212, 21603, 21606, 21659, 21705, 21712]);
const OPT_OUT = 21610;
// Refusals about the number, not the message (docs/facts.md#legal-limits-for-patient-messages): 21211 invalid To,
// 21408 a destination the account may not text. Every later text to it would fail the same way.
const NUMBER_CODES = new Set(['21211', '21408']);

/** Whether Twilio refused the number itself, so no later text to it can go either. */
export function refusesNumber(error: ProviderError): boolean {
	return (
		error.provider === 'twilio' && error.kind === 'rejected' && error.code !== null && NUMBER_CODES.has(error.code)
	);
}

function messagesUrl(account: TwilioAccount): string {
	return `${account.baseUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(account.accountSid)}/Messages.json`;
}

function segmentsOf(value: unknown): number | null {
	const n = Number(value);
	return Number.isInteger(n) && n > 0 ? n : null;
}

/** Twilio's answer as a typed failure; null when it is a success. */
export function twilioFailure(response: ProviderResponse): ProviderError | null {
	const { status } = response;
	if (status >= 200 && status < 300) return null;
	const body = (response.body && typeof response.body === 'object' ? response.body : {}) as TwilioErrorBody;
	const code = body.code !== undefined && body.code !== null ? Number(body.code) : null;
	const codeText = code !== null && Number.isFinite(code) ? String(code) : null;
	const said = scrub(
		typeof body.message === 'string' ? body.message : typeof response.body === 'string' ? response.body : '',
	);
	const tail = said ? `: ${said}` : '';
	const fail = (kind: ProviderError['kind'], message: string, retryAfter: number | null = null) =>
		new ProviderError('twilio', kind, status, codeText ?? (status ? String(status) : null), message, retryAfter);

	if (status === 401) return fail('configuration', `Twilio refused the Account SID and token/key (401)${tail}`);
	if (status === 429 || code === 20429)
		return fail('rate_limited', `Twilio: too many requests (${codeText ?? 429})`, retryAfterMs(response.headers));
	if (status === 0) return fail('unavailable', `No answer from Twilio${tail}`);
	if (status >= 500) return fail('unavailable', `Twilio answered ${status}${codeText ? ` (${codeText})` : ''}${tail}`);
	if (code === OPT_OUT) return fail('opt_out', 'Twilio: the recipient has opted out (21610)');
	if (status === 403 || status === 404 || (code !== null && CONFIGURATION_CODES.has(code))) {
		return fail(
			'configuration',
			`Twilio refused the request (${codeText ?? status}): check the Twilio credential's sender, Account SID and Base URL${tail}`,
		);
	}
	return fail('rejected', `Twilio refused the message (${codeText ?? status})${tail}`);
}

function answer<T>(response: ProviderResponse, value: () => T): Attempt<T> {
	const error = twilioFailure(response);
	return error ? { ok: false, error } : { ok: true, value: value() };
}

/**
 * POST Messages.json. Throws ProviderError when Twilio refuses or the retry budget runs out.
 * A 5xx or a lost connection may come after Twilio created the message, so before retrying one
 * it looks for the message (created since `request.since`) and returns it if it is there;
 * without `since`, or when that look-up fails too, it does not retry the create at all.
 */
export async function sendSms(
	http: ProviderHttp,
	account: TwilioAccount,
	request: SmsRequest,
	options: TransportOptions,
): Promise<SmsSent> {
	const form: Record<string, string> = { To: request.to, Body: request.body };
	if (account.messagingServiceSid) form.MessagingServiceSid = account.messagingServiceSid;
	else if (account.fromNumber) form.From = account.fromNumber;
	else
		throw new ProviderError(
			'twilio',
			'configuration',
			0,
			null,
			'The Twilio credential has neither a Messaging Service SID nor a From number',
		);
	if (request.statusCallback) form.StatusCallback = request.statusCallback;
	const url = messagesUrl(account);
	let ambiguous: ProviderError | null = null;
	const created = await withRetry<TwilioMessage>(async () => {
		if (ambiguous) {
			const earlier = ambiguous;
			if (!request.since) throw earlier;
			const found = await findSentSms(
				http,
				account,
				{ to: request.to, body: request.body, since: request.since, maxPages: 1 },
				{ ...options, retry: { attempts: 1, maxWaitMs: 0 } },
			).catch(() => {
				throw earlier;
			});
			if (found)
				return { ok: true, value: { sid: found.sid, status: found.status, num_segments: found.segments ?? undefined } };
		}
		const response = await http({ method: 'POST', url, form });
		const error = twilioFailure(response);
		if (error) {
			ambiguous = error.mayHaveSent ? error : null;
			// Without a look-up window there is no way to tell a lost answer from a lost request.
			if (error.mayHaveSent && !request.since) error.final = true;
			return { ok: false, error };
		}
		return { ok: true, value: (response.body ?? {}) as TwilioMessage };
	}, options);
	// A success without a SID: Twilio took something; never retry it.
	if (!created.sid)
		throw new ProviderError('twilio', 'unavailable', 200, null, 'Twilio answered without a message SID');
	return { sid: created.sid, status: created.status ?? 'queued', segments: segmentsOf(created.num_segments) };
}

export interface FindSmsRequest {
	to: string;
	/** Look back to this instant (an earlier attempt cannot be older than the step's due time). */
	since: DateTime;
	body: string;
	/** Pages of 50 to read at most; default 4. */
	maxPages?: number;
}

const sameText = (a: string, b: string) => a.replace(/\r\n/g, '\n').trim() === b.replace(/\r\n/g, '\n').trim();

/**
 * The newest outbound message to `to` with this exact body created since `since`, or null.
 * Filtered by To only: Twilio's DateSent filter leaves out messages still queued (no date_sent),
 * which is exactly what an interrupted attempt may have left behind; dates are checked here.
 */
export async function findSentSms(
	http: ProviderHttp,
	account: TwilioAccount,
	request: FindSmsRequest,
	options: TransportOptions,
): Promise<SmsFound | null> {
	const base = account.baseUrl.replace(/\/+$/, '');
	const since = request.since.toMillis();
	let url: string | null = messagesUrl(account);
	let query: Record<string, string> | undefined = { To: request.to, PageSize: '50' };
	for (let page = 0; url && page < (request.maxPages ?? 4); page++) {
		const pageUrl: string = url;
		const pageQuery = query;
		const body = await withRetry(async () => {
			const response = await http({ method: 'GET', url: pageUrl, query: pageQuery });
			return answer(
				response,
				() => (response.body ?? {}) as { messages?: TwilioMessage[]; next_page_uri?: string | null },
			);
		}, options);
		const messages = Array.isArray(body.messages) ? body.messages : [];
		let anyRecent = false;
		for (const m of messages) {
			const created = m.date_created ? DateTime.fromRFC2822(m.date_created) : DateTime.invalid('missing');
			const createdMs = created.isValid ? created.toMillis() : NaN;
			// Keep reading past undated rows; stop only when a whole page is older than `since`.
			if (!(createdMs < since)) anyRecent = true;
			if (createdMs < since) continue;
			if (!m.sid || !(m.direction ?? 'outbound-api').startsWith('outbound') || m.to !== request.to) continue;
			if (typeof m.body === 'string' && sameText(m.body, request.body)) {
				return {
					sid: m.sid,
					status: m.status ?? 'unknown',
					segments: segmentsOf(m.num_segments),
					createdAt: created.isValid ? (created.toUTC().toISO() as string) : '',
				};
			}
		}
		if (!anyRecent) return null;
		url = body.next_page_uri ? `${base}${body.next_page_uri}` : null;
		query = undefined;
	}
	return null;
}
