/**
 * A loopback Gmail API (v1) and Google OAuth token endpoint for the demo, the unit tests and the
 * end-to-end tests: refresh-token grants, bearer tokens that expire on the simulator's clock,
 * scopes enforced per method, users.messages.send by JSON raw or /upload (media and multipart),
 * messages.get in every format, rfc822msgid: search, and faults a test injects. Bound to
 * 127.0.0.1 only; it never sends mail anywhere, it keeps it.
 */
import { DateTime } from 'luxon';
import { gmailErrors } from './errors';
import { acceptMessage, type Format, renderMessage, type SentMail, type StoredMail } from './messages';
import { parseMessage } from './mime';
import {
	type FrontEnd,
	type GoogleControls,
	jsonObject,
	type Reply,
	type Router,
	startFrontEnd,
	withControls,
} from '../google/front';
import { TokenIssuer } from '../google/oauth';

export type { SentMail } from './messages';

export const GMAIL_SCOPES = {
	send: 'https://www.googleapis.com/auth/gmail.send',
	readonly: 'https://www.googleapis.com/auth/gmail.readonly',
	metadata: 'https://www.googleapis.com/auth/gmail.metadata',
	compose: 'https://www.googleapis.com/auth/gmail.compose',
	modify: 'https://www.googleapis.com/auth/gmail.modify',
	full: 'https://mail.google.com/',
} as const;

export interface GmailSimulatorOptions {
	clientId: string;
	clientSecret: string;
	refreshToken: string;
	/** An access token valid for 3599 s from the start, as after a refresh. */
	accessToken?: string;
	/** The mailbox address: "me", and what From becomes when it names anyone else. */
	sender: string;
	/** Granted to every token; default gmail.send only, as the package asks for. */
	scopes?: string[];
	/** keep (default): a well-formed client Message-ID survives; replace: Gmail mints its own, as it may. */
	messageIds?: 'keep' | 'replace';
	port?: number;
	/** Default: real time, UTC. */
	now?: () => DateTime;
}

/** url (e.g. http://127.0.0.1:40123) is the Gmail root URL, with the token endpoint at /token. */
export interface GmailSimulator extends FrontEnd, GoogleControls {
	outbox: SentMail[];
}

const SEND_SCOPES: string[] = [GMAIL_SCOPES.send, GMAIL_SCOPES.compose, GMAIL_SCOPES.modify, GMAIL_SCOPES.full];
const READ_SCOPES: string[] = [GMAIL_SCOPES.readonly, GMAIL_SCOPES.modify, GMAIL_SCOPES.full];
const MISSING_RAW = "'raw' RFC822 payload message string or uploading message via /upload/* URL required";
const MESSAGE_FIELDS = new Set([
	'id',
	'threadId',
	'labelIds',
	'snippet',
	'historyId',
	'internalDate',
	'payload',
	'sizeEstimate',
	'raw',
]);

export async function startGmailSimulator(options: GmailSimulatorOptions): Promise<GmailSimulator> {
	let clock = options.now ?? (() => DateTime.utc());
	const sender = options.sender;
	const scopes = options.scopes ?? [GMAIL_SCOPES.send];
	const tokens = new TokenIssuer({ ...options, scopes, nowMs: () => clock().toMillis() });
	if (options.accessToken) tokens.seed(options.accessToken);
	const outbox: SentMail[] = [];
	const stored = new Map<string, StoredMail>();
	let historyId = 1000;

	const requireScope = (granted: string[], allowed: string[], method: string): void => {
		if (!granted.some((s) => allowed.includes(s))) throw gmailErrors.insufficientScopes(method);
	};

	const checkUser = (userId: string): void => {
		const id = decodeURIComponent(userId);
		if (id !== 'me' && id.toLowerCase() !== sender.toLowerCase())
			throw gmailErrors.forbidden(`Delegation denied for ${sender}`);
	};

	const send = (bytes: Buffer, via: SentMail['via'], threadId: string | undefined): Reply => {
		if (threadId !== undefined && !outbox.some((m) => m.threadId === threadId))
			throw gmailErrors.invalidArgument('Invalid thread_id value');
		const now = clock().toUTC();
		const message = acceptMessage(bytes, {
			sender,
			nowMs: now.toMillis(),
			nowRfc2822: now.setLocale('en-US').toRFC2822() as string,
			atIso: now.toISO() as string,
			messageIds: options.messageIds ?? 'keep',
			threadId,
			via,
			historyId: ++historyId,
		});
		outbox.push(message.mail);
		stored.set(message.mail.id, message);
		return {
			status: 200,
			json: { id: message.mail.id, threadId: message.mail.threadId, labelIds: message.mail.labelIds },
		};
	};

	const sendJson = (raw: Buffer): Reply => {
		const fields = jsonObject(raw, gmailErrors);
		const unknown = Object.keys(fields).find((k) => !MESSAGE_FIELDS.has(k));
		if (unknown)
			throw gmailErrors.invalidArgument(`Invalid JSON payload received. Unknown name "${unknown}": Cannot find field.`);
		const encoded = fields.raw;
		if (encoded === undefined || encoded === null || encoded === '') throw gmailErrors.invalidArgument(MISSING_RAW);
		// Google's JSON bytes accept standard and URL-safe base64, padded or not.
		if (typeof encoded !== 'string' || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(encoded)) {
			throw gmailErrors.invalidArgument(
				`Invalid value at 'message.raw' (TYPE_BYTES), Base64 decoding failed for "${String(encoded).slice(0, 40)}"`,
			);
		}
		const threadId = typeof fields.threadId === 'string' ? fields.threadId : undefined;
		return send(Buffer.from(encoded, 'base64'), 'json', threadId);
	};

	const sendUpload = (raw: Buffer, query: URLSearchParams, contentType: string): Reply => {
		const uploadType = query.get('uploadType');
		if (uploadType === null)
			throw gmailErrors.invalidArgument(
				'Upload requests must include an uploadType URL parameter and a URL path beginning with /upload/',
			);
		if (uploadType === 'media') {
			if (!/^message\//i.test(contentType))
				throw gmailErrors.invalidArgument(
					`Media type '${contentType || 'none'}' is not supported. Valid media types: [message/*]`,
				);
			if (raw.length === 0) throw gmailErrors.invalidArgument(MISSING_RAW);
			return send(raw, 'media', undefined);
		}
		if (uploadType === 'multipart') {
			// multipart/related: the Message resource as JSON, then the message itself.
			const envelope = parseMessage(
				Buffer.concat([Buffer.from(`Content-Type: ${contentType}\r\n\r\n`, 'latin1'), raw]),
			).root;
			if (envelope.mimeType !== 'multipart/related' || envelope.parts.length !== 2) {
				throw gmailErrors.invalidArgument(
					'A multipart upload needs a multipart/related body with the metadata part and the media part.',
				);
			}
			const [meta, media] = envelope.parts;
			let metadata: Record<string, unknown> = {};
			try {
				const text = meta.body.toString('utf8').trim();
				metadata = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
			} catch {
				throw gmailErrors.invalidArgument('Invalid JSON payload received. Unexpected token.');
			}
			if (!/^message\//.test(media.mimeType))
				throw gmailErrors.invalidArgument(
					`Media type '${media.mimeType}' is not supported. Valid media types: [message/*]`,
				);
			return send(media.body, 'multipart', typeof metadata.threadId === 'string' ? metadata.threadId : undefined);
		}
		throw gmailErrors.invalidArgument(
			`uploadType=${uploadType} is not supported by the sandbox; use media or multipart.`,
		);
	};

	const getMessage = (id: string, query: URLSearchParams, granted: string[]): Reply => {
		const format = (query.get('format') ?? 'full').toLowerCase();
		if (!['full', 'metadata', 'minimal', 'raw'].includes(format))
			throw gmailErrors.invalidArgument(
				`Invalid value at 'format' (type.googleapis.com/caribou.api.proto.MessageFormat), "${query.get('format')}"`,
			);
		const metadataOnly = !granted.some((s) => READ_SCOPES.includes(s));
		if (metadataOnly) {
			requireScope(granted, [GMAIL_SCOPES.metadata], 'GetMessage');
			if (format === 'full' || format === 'raw')
				throw gmailErrors.forbidden(`Metadata scope doesn't allow format ${format.toUpperCase()}`);
		}
		if (!/^[0-9a-f]{1,24}$/i.test(id)) throw gmailErrors.invalidArgument('Invalid id value');
		const message = stored.get(id);
		if (!message) throw gmailErrors.notFound();
		return { status: 200, json: renderMessage(message, format as Format, query.getAll('metadataHeaders')) };
	};

	const listMessages = (query: URLSearchParams, granted: string[]): Reply => {
		const q = query.get('q');
		if (!granted.some((s) => READ_SCOPES.includes(s))) {
			requireScope(granted, [GMAIL_SCOPES.metadata], 'ListMessages');
			if (q) throw gmailErrors.forbidden("Metadata scope does not support 'q' parameter");
		}
		const max = query.get('maxResults');
		if (max !== null && (!/^\d+$/.test(max) || Number(max) < 1))
			throw gmailErrors.invalidArgument(`Invalid value at 'max_results' (TYPE_UINT32), "${max}"`);
		const limit = Math.min(Number(max ?? 100), 500);
		// Only rfc822msgid: is understood; any other query lists everything (documented limit).
		const wanted = q ? /^\s*rfc822msgid:\s*<?([^\s<>]+)>?\s*$/i.exec(q)?.[1] : undefined;
		const rows = [...outbox]
			.reverse()
			.filter((m) => wanted === undefined || m.messageId.replace(/^<|>$/g, '').toLowerCase() === wanted.toLowerCase());
		const offset = Number(query.get('pageToken') ?? 0) || 0;
		const page = rows.slice(offset, offset + limit);
		const json: Record<string, unknown> = {};
		// Gmail leaves "messages" out entirely when nothing matches.
		if (page.length > 0) json.messages = page.map((m) => ({ id: m.id, threadId: m.threadId }));
		if (offset + limit < rows.length) json.nextPageToken = String(offset + limit);
		json.resultSizeEstimate = rows.length;
		return { status: 200, json };
	};

	const route: Router = (method, path) => {
		const upload = /^\/upload\/gmail\/v1\/users\/([^/]+)\/messages\/send$/.exec(path);
		const sendPath = /^\/gmail\/v1\/users\/([^/]+)\/messages\/send$/.exec(path);
		const one = /^\/gmail\/v1\/users\/([^/]+)\/messages\/([^/]+)$/.exec(path);
		const list = /^\/gmail\/v1\/users\/([^/]+)\/messages$/.exec(path);
		const profile = /^\/gmail\/v1\/users\/([^/]+)\/profile$/.exec(path);
		const match =
			(method === 'POST' && (upload ?? sendPath)) ||
			(method === 'GET' && !sendPath && one) ||
			(method === 'GET' && list) ||
			(method === 'GET' && profile) ||
			null;
		if (!match) return null;
		return ({ req, query, raw, scopes: granted }) => {
			checkUser(match[1]);
			if (match === upload) {
				requireScope(granted, SEND_SCOPES, 'SendMessage');
				return sendUpload(raw, query, req.headers['content-type'] ?? '');
			}
			if (match === sendPath) {
				requireScope(granted, SEND_SCOPES, 'SendMessage');
				return sendJson(raw);
			}
			if (match === one) return getMessage(decodeURIComponent(match[2]), query, granted);
			if (match === profile) {
				requireScope(granted, [...READ_SCOPES, GMAIL_SCOPES.metadata, GMAIL_SCOPES.compose], 'GetProfile');
				return {
					status: 200,
					json: {
						emailAddress: sender,
						messagesTotal: outbox.length,
						threadsTotal: new Set(outbox.map((m) => m.threadId)).size,
						historyId: String(historyId),
					},
				};
			}
			return listMessages(query, granted);
		};
	};

	const front = await startFrontEnd({
		port: options.port,
		tokens,
		route,
		errors: gmailErrors,
		now: () => clock(),
		views: { outbox: () => outbox },
	});

	return withControls<Omit<GmailSimulator, keyof GoogleControls>>(
		{
			...front,
			outbox,
		},
		tokens,
		(now) => (clock = now),
	);
}
