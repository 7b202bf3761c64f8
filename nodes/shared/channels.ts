/**
 * From a node's credentials and n8n's helpers to the two channels over n8n's authenticated requests:
 * what core's dispatcher needs (Patient Message), and how Staff Task reaches the front desk.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import type { EmailChannel, SmsChannel } from '../../core/messaging/dispatch';
import { sendEmail } from '../../core/messaging/gmail';
import type { RetryBudget } from '../../core/messaging/provider';
import { findSentSms, sendSms, type TwilioAccount } from '../../core/messaging/twilio';
import { providerHttp, transportOptions } from './provider-http';

export const TWILIO = 'twilioSmsApi';
export const GMAIL = 'chairsideGmailOAuth2Api';

export interface TwilioCredential {
	accountSid: string;
	sender?: 'messagingService' | 'phoneNumber';
	messagingServiceSid?: string;
	fromNumber?: string;
	baseUrl?: string;
}

export interface GmailCredential {
	sender?: string;
	baseUrl?: string;
}

export function has(ctx: IExecuteFunctions, credential: string): boolean {
	return Boolean(ctx.getNode().credentials?.[credential]);
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
	const http = providerHttp(ctx, TWILIO, false);
	const o = transportOptions(retry);
	return { send: (r) => sendSms(http, account, r, o), find: (r) => findSentSms(http, account, r, o) };
}

/** The email channel, or null when the node has no Gmail credential. */
export async function emailChannel(ctx: IExecuteFunctions, retry: RetryBudget): Promise<EmailChannel | null> {
	if (!has(ctx, GMAIL)) return null;
	const c = (await ctx.getCredentials(GMAIL)) as unknown as GmailCredential;
	const account = { baseUrl: c.baseUrl || 'https://gmail.googleapis.com', from: c.sender ?? '' };
	const http = providerHttp(ctx, GMAIL, true);
	const o = transportOptions(retry);
	return { send: (r) => sendEmail(http, account, r, o) };
}
