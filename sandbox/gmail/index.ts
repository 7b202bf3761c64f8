/**
 * A loopback Gmail API (v1) and Google OAuth token endpoint for the demo, the unit tests and the
 * end-to-end tests: refresh-token grants, bearer tokens that expire on the simulator's clock,
 * scopes enforced per method, users.messages.send by JSON raw or /upload (media and multipart),
 * messages.get in every format, rfc822msgid: search, and faults a test injects. Bound to
 * 127.0.0.1 only; it never sends mail anywhere, it keeps it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import { GoogleError, gmailErrors, OAuthError } from './errors';
import { acceptMessage, type Format, renderMessage, type SentMail, type StoredMail } from './messages';
import { parseMessage } from './mime';
import { TokenIssuer } from './oauth';
import { readBody } from '../read-body';

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

export interface GmailFault {
	status: 429 | 500 | 503 | 401;
	/** Default 1. */
	times?: number;
	/** api (default): the next Gmail API request(s); token: the next token request(s). */
	on?: 'api' | 'token';
}

export interface RequestRecord {
	method: string;
	path: string;
	query: Record<string, string>;
	status: number;
}

export interface GmailSimulator {
	/** e.g. http://127.0.0.1:40123: the Gmail root URL, and the token endpoint at /token. */
	url: string;
	port: number;
	tokenUrl: string;
	outbox: SentMail[];
	requests: RequestRecord[];
	readonly tokensIssued: number;
	setNow(dt: DateTime): void;
	fault(f: GmailFault): void;
	/** The user revokes access: refresh grants answer invalid_grant and every access token 401. */
	revoke(): void;
	close(): Promise<void>;
}

const SEND_SCOPES: string[] = [GMAIL_SCOPES.send, GMAIL_SCOPES.compose, GMAIL_SCOPES.modify, GMAIL_SCOPES.full];
const READ_SCOPES: string[] = [GMAIL_SCOPES.readonly, GMAIL_SCOPES.modify, GMAIL_SCOPES.full];
const MISSING_RAW = "'raw' RFC822 payload message string or uploading message via /upload/* URL required";
const MESSAGE_FIELDS = new Set(['id', 'threadId', 'labelIds', 'snippet', 'historyId', 'internalDate', 'payload', 'sizeEstimate', 'raw']);

interface Reply {
	status: number;
	json: unknown;
}

export async function startGmailSimulator(options: GmailSimulatorOptions): Promise<GmailSimulator> {
	let clock = options.now ?? (() => DateTime.utc());
	const sender = options.sender;
	const scopes = options.scopes ?? [GMAIL_SCOPES.send];
	const tokens = new TokenIssuer({ ...options, scopes, nowMs: () => clock().toMillis() });
	if (options.accessToken) tokens.seed(options.accessToken);
	const outbox: SentMail[] = [];
	const stored = new Map<string, StoredMail>();
	const requests: RequestRecord[] = [];
	const faults: Array<GmailFault & { left: number }> = [];
	let historyId = 1000;

	const takeFault = (on: 'api' | 'token'): GmailFault | undefined => {
		const i = faults.findIndex((f) => (f.on ?? 'api') === on);
		if (i < 0) return undefined;
		const fault = faults[i];
		if (--fault.left <= 0) faults.splice(i, 1);
		return fault;
	};

	/** The bearer token's scopes, or the 401 Google answers. */
	const authorize = (req: IncomingMessage, query: URLSearchParams): string[] => {
		const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
		const check = tokens.check(bearer?.[1] ?? query.get('access_token') ?? undefined);
		if (!check.ok) throw check.reason === 'missing' ? gmailErrors.missingCredentials() : gmailErrors.invalidCredentials();
		return check.scopes;
	};

	const requireScope = (granted: string[], allowed: string[], method: string): void => {
		if (!granted.some((s) => allowed.includes(s))) throw gmailErrors.insufficientScopes(method);
	};

	const checkUser = (userId: string): void => {
		const id = decodeURIComponent(userId);
		if (id !== 'me' && id.toLowerCase() !== sender.toLowerCase()) throw gmailErrors.forbidden(`Delegation denied for ${sender}`);
	};

	const send = (bytes: Buffer, via: SentMail['via'], threadId: string | undefined): Reply => {
		if (threadId !== undefined && !outbox.some((m) => m.threadId === threadId)) throw gmailErrors.invalidArgument('Invalid thread_id value');
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
		return { status: 200, json: { id: message.mail.id, threadId: message.mail.threadId, labelIds: message.mail.labelIds } };
	};

	const sendJson = (raw: Buffer): Reply => {
		let body: unknown;
		try {
			body = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
		} catch {
			throw gmailErrors.invalidArgument('Invalid JSON payload received. Unexpected token.');
		}
		if (typeof body !== 'object' || body === null || Array.isArray(body)) throw gmailErrors.invalidArgument('Invalid JSON payload received. Expected an object.');
		const fields = body as Record<string, unknown>;
		const unknown = Object.keys(fields).find((k) => !MESSAGE_FIELDS.has(k));
		if (unknown) throw gmailErrors.invalidArgument(`Invalid JSON payload received. Unknown name "${unknown}": Cannot find field.`);
		const encoded = fields.raw;
		if (encoded === undefined || encoded === null || encoded === '') throw gmailErrors.invalidArgument(MISSING_RAW);
		// Google's JSON bytes accept standard and URL-safe base64, padded or not.
		if (typeof encoded !== 'string' || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(encoded)) {
			throw gmailErrors.invalidArgument(`Invalid value at 'message.raw' (TYPE_BYTES), Base64 decoding failed for "${String(encoded).slice(0, 40)}"`);
		}
		const threadId = typeof fields.threadId === 'string' ? fields.threadId : undefined;
		return send(Buffer.from(encoded, 'base64'), 'json', threadId);
	};

	const sendUpload = (raw: Buffer, query: URLSearchParams, contentType: string): Reply => {
		const uploadType = query.get('uploadType');
		if (uploadType === null) throw gmailErrors.invalidArgument('Upload requests must include an uploadType URL parameter and a URL path beginning with /upload/');
		if (uploadType === 'media') {
			if (!/^message\//i.test(contentType)) throw gmailErrors.invalidArgument(`Media type '${contentType || 'none'}' is not supported. Valid media types: [message/*]`);
			if (raw.length === 0) throw gmailErrors.invalidArgument(MISSING_RAW);
			return send(raw, 'media', undefined);
		}
		if (uploadType === 'multipart') {
			// multipart/related: the Message resource as JSON, then the message itself.
			const envelope = parseMessage(Buffer.concat([Buffer.from(`Content-Type: ${contentType}\r\n\r\n`, 'latin1'), raw])).root;
			if (envelope.mimeType !== 'multipart/related' || envelope.parts.length !== 2) {
				throw gmailErrors.invalidArgument('A multipart upload needs a multipart/related body with the metadata part and the media part.');
			}
			const [meta, media] = envelope.parts;
			let metadata: Record<string, unknown> = {};
			try {
				const text = meta.body.toString('utf8').trim();
				metadata = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
			} catch {
				throw gmailErrors.invalidArgument('Invalid JSON payload received. Unexpected token.');
			}
			if (!/^message\//.test(media.mimeType)) throw gmailErrors.invalidArgument(`Media type '${media.mimeType}' is not supported. Valid media types: [message/*]`);
			return send(media.body, 'multipart', typeof metadata.threadId === 'string' ? metadata.threadId : undefined);
		}
		throw gmailErrors.invalidArgument(`uploadType=${uploadType} is not supported by the sandbox; use media or multipart.`);
	};

	const getMessage = (id: string, query: URLSearchParams, granted: string[]): Reply => {
		const format = (query.get('format') ?? 'full').toLowerCase();
		if (!['full', 'metadata', 'minimal', 'raw'].includes(format)) throw gmailErrors.invalidArgument(`Invalid value at 'format' (type.googleapis.com/caribou.api.proto.MessageFormat), "${query.get('format')}"`);
		const metadataOnly = !granted.some((s) => READ_SCOPES.includes(s));
		if (metadataOnly) {
			requireScope(granted, [GMAIL_SCOPES.metadata], 'GetMessage');
			if (format === 'full' || format === 'raw') throw gmailErrors.forbidden(`Metadata scope doesn't allow format ${format.toUpperCase()}`);
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
		if (max !== null && (!/^\d+$/.test(max) || Number(max) < 1)) throw gmailErrors.invalidArgument(`Invalid value at 'max_results' (TYPE_UINT32), "${max}"`);
		const limit = Math.min(Number(max ?? 100), 500);
		// Only rfc822msgid: is understood; any other query lists everything (documented limit).
		const wanted = q ? /^\s*rfc822msgid:\s*<?([^\s<>]+)>?\s*$/i.exec(q)?.[1] : undefined;
		const rows = [...outbox].reverse().filter((m) => wanted === undefined || m.messageId.replace(/^<|>$/g, '').toLowerCase() === wanted.toLowerCase());
		const offset = Number(query.get('pageToken') ?? 0) || 0;
		const page = rows.slice(offset, offset + limit);
		const json: Record<string, unknown> = {};
		// Gmail leaves "messages" out entirely when nothing matches.
		if (page.length > 0) json.messages = page.map((m) => ({ id: m.id, threadId: m.threadId }));
		if (offset + limit < rows.length) json.nextPageToken = String(offset + limit);
		json.resultSizeEstimate = rows.length;
		return { status: 200, json };
	};

	const api = (req: IncomingMessage, method: string, path: string, query: URLSearchParams, raw: Buffer): Reply => {
		const upload = /^\/upload\/gmail\/v1\/users\/([^/]+)\/messages\/send$/.exec(path);
		const sendPath = /^\/gmail\/v1\/users\/([^/]+)\/messages\/send$/.exec(path);
		const one = /^\/gmail\/v1\/users\/([^/]+)\/messages\/([^/]+)$/.exec(path);
		const list = /^\/gmail\/v1\/users\/([^/]+)\/messages$/.exec(path);
		const profile = /^\/gmail\/v1\/users\/([^/]+)\/profile$/.exec(path);
		const route =
			(method === 'POST' && (upload ?? sendPath)) || (method === 'GET' && !sendPath && one) || (method === 'GET' && list) || (method === 'GET' && profile) || null;
		if (!route) return { status: 404, json: null };
		const fault = takeFault('api');
		if (fault) throw faultError(fault.status, clock());
		const granted = authorize(req, query);
		checkUser(route[1]);
		const contentType = req.headers['content-type'] ?? '';
		if (route === upload) {
			requireScope(granted, SEND_SCOPES, 'SendMessage');
			return sendUpload(raw, query, contentType);
		}
		if (route === sendPath) {
			requireScope(granted, SEND_SCOPES, 'SendMessage');
			return sendJson(raw);
		}
		if (route === one) return getMessage(decodeURIComponent(one[2]), query, granted);
		if (route === profile) {
			requireScope(granted, [...READ_SCOPES, GMAIL_SCOPES.metadata, GMAIL_SCOPES.compose], 'GetProfile');
			return { status: 200, json: { emailAddress: sender, messagesTotal: outbox.length, threadsTotal: new Set(outbox.map((m) => m.threadId)).size, historyId: String(historyId) } };
		}
		return listMessages(query, granted);
	};

	const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
		const raw = await readBody(req);
		const method = (req.method ?? 'GET').toUpperCase();
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const record: RequestRecord = { method, path: url.pathname, query: Object.fromEntries(url.searchParams), status: 0 };
		requests.push(record);
		const reply = (status: number, json: unknown, headers: Record<string, string> = {}): void => {
			record.status = status;
			const payload = JSON.stringify(json);
			res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(payload), ...headers });
			res.end(payload);
		};
		try {
			if (url.pathname === '/token') {
				if (method !== 'POST') return reply(405, { error: 'invalid_request', error_description: 'Method not allowed: use POST.' });
				const fault = takeFault('token');
				if (fault) throw tokenFault(fault.status);
				return reply(200, tokens.exchange(new URLSearchParams(raw.toString('utf8')), req.headers.authorization), { 'cache-control': 'no-cache, no-store, max-age=0, must-revalidate', pragma: 'no-cache' });
			}
			if (url.pathname.startsWith('/sandbox/')) {
				if (method === 'GET' && url.pathname === '/sandbox/outbox') return reply(200, outbox);
				return reply(404, { error: `No sandbox route ${method} ${url.pathname}. Try GET /sandbox/outbox.` });
			}
			const answer = api(req, method, url.pathname, url.searchParams, raw);
			if (answer.status === 404 && answer.json === null) {
				// Google's front end answers unknown paths with an HTML page, not API JSON.
				record.status = 404;
				const page = `<!DOCTYPE html><title>Error 404 (Not Found)!!1</title><p>The requested URL <code>${escapeHtml(url.pathname)}</code> was not found on this server.</p>`;
				res.writeHead(404, { 'content-type': 'text/html; charset=UTF-8', 'content-length': Buffer.byteLength(page) });
				res.end(page);
				return;
			}
			reply(answer.status, answer.json);
		} catch (error) {
			if (error instanceof GoogleError) {
				const headers: Record<string, string> = error.code === 401 ? { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' } : {};
				reply(error.code, error.json(), headers);
			} else if (error instanceof OAuthError) reply(error.httpStatus, error.json());
			else reply(500, gmailErrors.internal().json());
		}
	};

	const server = createServer((req, res) => {
		handle(req, res).catch((error: Error) => {
			if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=UTF-8' });
			res.end(JSON.stringify({ error: { code: 500, message: error.message, status: 'INTERNAL' } }));
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
	});
	const port = (server.address() as AddressInfo).port;
	const url = `http://127.0.0.1:${port}`;

	return {
		url,
		port,
		tokenUrl: `${url}/token`,
		outbox,
		requests,
		get tokensIssued() {
			return tokens.issued;
		},
		setNow: (dt) => {
			clock = () => dt;
		},
		fault: (f) => {
			faults.push({ ...f, left: f.times ?? 1 });
		},
		revoke: () => tokens.revoke(),
		close: () =>
			new Promise<void>((resolve, reject) => {
				if (!server.listening) return resolve();
				server.close((error) => (error ? reject(error) : resolve()));
				server.closeAllConnections();
			}),
	};
}

function faultError(status: GmailFault['status'], now: DateTime): GoogleError {
	if (status === 401) return gmailErrors.invalidCredentials();
	if (status === 429) return gmailErrors.rateLimited(now.toUTC().plus({ seconds: 1 }).toISO() as string);
	return status === 500 ? gmailErrors.internal() : gmailErrors.unavailable();
}

function tokenFault(status: GmailFault['status']): OAuthError {
	if (status === 401) return new OAuthError(401, 'invalid_client', 'Unauthorized');
	if (status === 429) return new OAuthError(429, 'rate_limit_exceeded', 'Rate limit exceeded. Try again later.');
	return new OAuthError(status, 'internal_failure', 'Backend Error');
}

function escapeHtml(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

