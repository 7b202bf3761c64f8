/** Patient Message's channels (nodes/shared/channels.ts, shared with Staff Task) and the go-live check of its accounts. */
import type { IExecuteFunctions } from 'n8n-workflow';
import type { GoLiveCheck } from '../../core/golive/report';
import { GMAIL, has, TWILIO, type GmailCredential, type TwilioCredential } from '../shared/channels';
import { providerHttp } from '../shared/provider-http';

export { emailChannel, GMAIL, smsChannel, TWILIO } from '../shared/channels';

/**
 * The go-live check's account checks, sending nothing: Twilio is asked for its account (GET
 * Accounts/{Sid}.json, https://www.twilio.com/docs/iam/api/account#fetch-an-account-resource).
 * Gmail's gmail.send scope can only send, so its check is whether n8n holds a token (the
 * credential was connected with Sign in with Google) and a sender address.
 */
export async function accountChecks(ctx: IExecuteFunctions): Promise<GoLiveCheck[]> {
	const checks: GoLiveCheck[] = [];
	if (!has(ctx, TWILIO))
		checks.push({
			check: 'Twilio',
			ok: false,
			detail: 'No Twilio credential on this node: texts cannot go out.',
			fix: 'Select the Twilio credential.',
		});
	else {
		const c = (await ctx.getCredentials(TWILIO)) as unknown as TwilioCredential;
		const url = `${(c.baseUrl || 'https://api.twilio.com').replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(c.accountSid)}.json`;
		const response = await providerHttp(ctx, TWILIO, false)({ method: 'GET', url });
		const body = (response.body ?? {}) as { status?: string; friendly_name?: string; message?: string };
		const sender =
			c.sender === 'phoneNumber'
				? `from ${c.fromNumber ?? '(no number)'}`
				: `through Messaging Service ${c.messagingServiceSid ?? '(none)'}`;
		if (response.status === 200 && body.status === 'active')
			checks.push({ check: 'Twilio', ok: true, detail: `Account ${c.accountSid} is active; texts go ${sender}.` });
		else if (response.status === 200)
			checks.push({
				check: 'Twilio',
				ok: false,
				detail: `Account ${c.accountSid} is ${body.status ?? 'not active'}.`,
				fix: 'Reactivate the account in the Twilio console.',
			});
		else {
			const why =
				response.status === 401
					? 'the Account SID or Auth Token is wrong'
					: response.status === 0
						? 'Twilio could not be reached'
						: `Twilio answered ${response.status}${body.message ? ` (${body.message})` : ''}`;
			checks.push({
				check: 'Twilio',
				ok: false,
				detail: `Twilio refused the account check: ${why}.`,
				fix: 'Fix the Twilio credential (Account SID, Auth Token).',
			});
		}
	}
	if (!has(ctx, GMAIL))
		checks.push({
			check: 'Gmail',
			ok: false,
			detail: 'No Gmail credential on this node: emails cannot go out.',
			fix: 'Select the Gmail credential.',
		});
	else {
		const c = (await ctx.getCredentials(GMAIL)) as unknown as GmailCredential & {
			oauthTokenData?: { access_token?: string; refresh_token?: string };
		};
		const token = Boolean(c.oauthTokenData?.refresh_token || c.oauthTokenData?.access_token);
		if (!token)
			checks.push({
				check: 'Gmail',
				ok: false,
				detail: 'The Gmail credential is not connected.',
				fix: 'Open the credential and click Sign in with Google.',
			});
		else if (!c.sender)
			checks.push({
				check: 'Gmail',
				ok: false,
				detail: 'The Gmail credential has no Sender Address.',
				fix: 'Fill in Sender Address (the Gmail or Workspace address that signed in).',
			});
		else
			checks.push({
				check: 'Gmail',
				ok: true,
				detail: `Connected; emails go from ${c.sender}. (Its send-only permission cannot be tested without sending.)`,
			});
	}
	return checks;
}
