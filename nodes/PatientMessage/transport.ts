/**
 * From the node's credentials and n8n's helpers to what core's dispatcher needs: the two channels
 * over n8n's authenticated requests (n8n signs Twilio with Basic auth and Gmail with the OAuth2
 * token it refreshes), and the send-once ledger over n8n's de-duplication store.
 */
import { sleep, type IDataObject, type IExecuteFunctions, type IHttpRequestOptions } from 'n8n-workflow';
import type { EmailChannel, SmsChannel } from '../../core/messaging/dispatch';
import { sendEmail } from '../../core/messaging/gmail';
import type { SendLedger } from '../../core/messaging/ledger';
import type { ProviderHttp, ProviderRequest, ProviderResponse, RetryBudget, TransportOptions } from '../../core/messaging/provider';
import { findSentSms, sendSms, type TwilioAccount } from '../../core/messaging/twilio';

export const TWILIO = 'twilioSmsApi';
export const GMAIL = 'chairsideGmailOAuth2Api';

interface TwilioCredential {
	accountSid: string;
	sender?: 'messagingService' | 'phoneNumber';
	messagingServiceSid?: string;
	fromNumber?: string;
	baseUrl?: string;
}

interface GmailCredential {
	sender?: string;
	baseUrl?: string;
}

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
	const e = error as { httpCode?: string | null; context?: { data?: unknown }; description?: string | null; message?: string };
	const text = `${e.message ?? ''} ${e.description ?? ''}`;
	// n8n could not refresh the token, or holds none at all: nothing was sent; as good as a 401 for us.
	if (/reconnect|OAuth credentials not connected|sign without access token/i.test(text)) return { status: 401, body: e.description ?? e.message ?? '' };
	const status = Number(e.httpCode);
	return { status: Number.isInteger(status) && status >= 100 ? status : 0, body: e.context?.data ?? e.description ?? e.message ?? '' };
}

function httpFor(ctx: IExecuteFunctions, credential: string, throwsOnStatus: boolean): ProviderHttp {
	return async (request) => {
		const o = options(request);
		// Twilio (Basic auth) reads every status itself; for Gmail n8n must see the 401 to refresh the token.
		if (!throwsOnStatus) o.ignoreHttpStatusErrors = true;
		try {
			const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, credential, o)) as FullResponse;
			return { status: response.statusCode, body: response.body, headers: response.headers };
		} catch (error) {
			return fromError(error);
		}
	};
}

function has(ctx: IExecuteFunctions, credential: string): boolean {
	return Boolean(ctx.getNode().credentials?.[credential]);
}

export function transportOptions(retry: RetryBudget): TransportOptions {
	return { retry, pause: { sleep: (ms) => sleep(ms) } };
}

/** The SMS channel, or null when the node has no Twilio credential. */
export async function smsChannel(ctx: IExecuteFunctions, retry: RetryBudget): Promise<SmsChannel | null> {
	if (!has(ctx, TWILIO)) return null;
	const c = (await ctx.getCredentials(TWILIO)) as unknown as TwilioCredential;
	const account: TwilioAccount = {
		accountSid: c.accountSid,
		baseUrl: c.baseUrl || 'https://api.twilio.com',
		messagingServiceSid: c.sender === 'phoneNumber' ? null : c.messagingServiceSid || null,
		fromNumber: c.sender === 'phoneNumber' ? c.fromNumber || null : null,
	};
	const http = httpFor(ctx, TWILIO, false);
	const o = transportOptions(retry);
	return { send: (r) => sendSms(http, account, r, o), find: (r) => findSentSms(http, account, r, o) };
}

/** The email channel, or null when the node has no Gmail credential. */
export async function emailChannel(ctx: IExecuteFunctions, retry: RetryBudget): Promise<EmailChannel | null> {
	if (!has(ctx, GMAIL)) return null;
	const c = (await ctx.getCredentials(GMAIL)) as unknown as GmailCredential;
	const account = { baseUrl: c.baseUrl || 'https://gmail.googleapis.com', from: c.sender ?? '' };
	const http = httpFor(ctx, GMAIL, true);
	const o = transportOptions(retry);
	return { send: (r) => sendEmail(http, account, r, o) };
}

/**
 * n8n's de-duplication store, workflow scope: durable across executions and shared by every node
 * of the workflow (and every worker in queue mode, through the database).
 */
export function dedupeLedger(ctx: IExecuteFunctions, maxEntries: number): SendLedger {
	const store = { mode: 'entries' as const, maxEntries };
	return {
		async claim(key) {
			const result = await ctx.helpers.checkProcessedAndRecord([key], 'workflow', store);
			return result.new.length > 0 ? 'new' : 'seen';
		},
		async release(key) {
			await ctx.helpers.removeProcessed([key], 'workflow', store);
		},
		async has(key) {
			// The store can only check by recording: undo the record when the key was not there.
			const result = await ctx.helpers.checkProcessedAndRecord([key], 'workflow', store);
			if (result.new.length === 0) return true;
			await ctx.helpers.removeProcessed([key], 'workflow', store);
			return false;
		},
	};
}
