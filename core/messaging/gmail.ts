/**
 * Gmail users.messages.send over n8n's authenticated HTTP (see google.ts), so n8n signs the
 * request and refreshes the OAuth2 token.
 */
import type { DateTime } from 'luxon';
import { addressOf, buildMime, messageIdFor, toBase64Url } from './mime';
import { googleCall, googleFailure, pathParam, type GoogleRequest, type GoogleWords } from './google';
import { ProviderError, type ProviderHttp, type ProviderResponse, type TransportOptions } from './provider';

/** The Message resource, the fields read here (https://developers.google.com/gmail/api/reference/rest/v1/users.messages). */
export interface GmailMessage {
	id?: string;
	threadId?: string;
	labelIds?: string[];
}

/**
 * users.messages.send with the whole RFC 2822 message, base64url, in `raw`
 * (https://developers.google.com/gmail/api/reference/rest/v1/users.messages/send).
 */
function sendMessage(userId: string, raw: string): GoogleRequest<GmailMessage> {
	return { method: 'POST', path: `gmail/v1/users/${pathParam(userId)}/messages/send`, body: { raw } };
}

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
	/** One-click unsubscribe URL for the List-Unsubscribe headers; null or absent: none. */
	listUnsubscribe?: string | null;
}

export interface EmailSent {
	id: string;
	threadId: string | null;
	messageId: string;
}

const GMAIL_WORDS: GoogleWords = {
	credential: (f) => `Google refused the Gmail credential (401): reconnect it${f.tail}`,
	rateLimited: (f) => `Gmail: too many requests (${f.code})`,
	noAnswer: (f) => `No answer from Gmail${f.tail}`,
	serverError: (f) => `Gmail answered ${f.status}${f.tail}`,
	access: (f) =>
		`Gmail refused the request (${f.code}): check the credential's scope (gmail.send) and API Base URL${f.tail}`,
	refused: (f) => `Gmail refused the message (${f.code})${f.tail}`,
};

/** Google's answer as a typed failure; null when it is a success. */
export function gmailFailure(response: ProviderResponse): ProviderError | null {
	return googleFailure(response, 'gmail', GMAIL_WORDS);
}

/** Builds the MIME message and sends it. Throws ProviderError when Gmail refuses or the budget runs out. */
export async function sendEmail(
	http: ProviderHttp,
	account: GmailAccount,
	request: EmailRequest,
	options: TransportOptions,
): Promise<EmailSent> {
	const messageId = messageIdFor(request.sendKey);
	const raw = toBase64Url(
		buildMime({
			from: account.from,
			to: request.to,
			subject: request.subject,
			text: request.text,
			html: request.html,
			messageId,
			date: request.date,
			listUnsubscribe: request.listUnsubscribe,
		}),
	);
	if (!addressOf(account.from).includes('@'))
		throw new ProviderError('gmail', 'configuration', 0, null, 'The Gmail credential has no Sender Address');
	const sent = await googleCall(http, account.baseUrl, gmailFailure, options)(sendMessage('me', raw));
	if (!sent.id) throw new ProviderError('gmail', 'unavailable', 200, null, 'Gmail answered without a message id');
	return { id: sent.id, threadId: sent.threadId ?? null, messageId };
}
