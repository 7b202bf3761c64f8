/**
 * What Google's front end does around every API method, shared by the Gmail, Sheets and Calendar
 * simulators: the OAuth token endpoint at /token, injected faults (answered before the token is
 * checked, as the front end does), the bearer token check, Google's error JSON and its HTML 404
 * for unknown paths, GET /sandbox/<name> views, and a log of every request. Bound to 127.0.0.1.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DateTime } from 'luxon';
import { GoogleError, type GoogleErrors, OAuthError } from './errors';
import type { TokenIssuer } from './oauth';
import { readBody } from '../read-body';

export interface GoogleFault {
	/** drop: the request is carried out, then the connection closes unanswered (a lost response). */
	status: 429 | 500 | 503 | 401 | 'drop';
	/** Default 1. */
	times?: number;
	/** api (default): the next API request(s); token: the next token request(s). */
	on?: 'api' | 'token';
	/** Only API requests whose path ends so, e.g. "/events": to hit one step of a sequence. */
	path?: string;
}

/** The faults that answer with an error. */
type AnswerFault = Exclude<GoogleFault['status'], 'drop'>;

export interface RequestRecord {
	method: string;
	path: string;
	query: Record<string, string>;
	status: number;
}

export interface Reply {
	status: number;
	json: unknown;
}

export interface ApiCall {
	req: IncomingMessage;
	query: URLSearchParams;
	raw: Buffer;
	/** The bearer token's scopes. */
	scopes: string[];
}

/** The method serving a path, or null when Google serves nothing there. */
export type Router = (method: string, path: string) => ((call: ApiCall) => Reply) | null;

export interface FrontEndOptions {
	port?: number;
	tokens: TokenIssuer;
	route: Router;
	errors: GoogleErrors & { rateLimited(now: DateTime): GoogleError };
	now: () => DateTime;
	/** GET /sandbox/<name>: what the simulator shows the demo and the tests. */
	views: Record<string, () => unknown>;
}

export interface FrontEnd {
	url: string;
	port: number;
	tokenUrl: string;
	requests: RequestRecord[];
	fault(f: GoogleFault): void;
	close(): Promise<void>;
}

const NO_CACHE = { 'cache-control': 'no-cache, no-store, max-age=0, must-revalidate', pragma: 'no-cache' };

export async function startFrontEnd(options: FrontEndOptions): Promise<FrontEnd> {
	const { tokens, errors } = options;
	const requests: RequestRecord[] = [];
	const faults: Array<GoogleFault & { left: number }> = [];

	const takeFault = (on: 'api' | 'token', path: string): GoogleFault | undefined => {
		const i = faults.findIndex((f) => (f.on ?? 'api') === on && path.endsWith(f.path ?? ''));
		if (i < 0) return undefined;
		const fault = faults[i];
		if (--fault.left <= 0) faults.splice(i, 1);
		return fault;
	};

	const faultError = (status: AnswerFault): GoogleError => {
		if (status === 401) return errors.invalidCredentials();
		if (status === 429) return errors.rateLimited(options.now());
		return status === 500 ? errors.internal() : errors.unavailable();
	};

	/** The bearer token's scopes, or the 401 Google answers. */
	const authorize = (req: IncomingMessage, query: URLSearchParams): string[] => {
		const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
		const check = tokens.check(bearer?.[1] ?? query.get('access_token') ?? undefined);
		if (!check.ok) throw check.reason === 'missing' ? errors.missingCredentials() : errors.invalidCredentials();
		return check.scopes;
	};

	const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
		const raw = await readBody(req);
		const method = (req.method ?? 'GET').toUpperCase();
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const record: RequestRecord = {
			method,
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			status: 0,
		};
		requests.push(record);
		let drop = false;
		/** A fault: an error answer now, or (drop) the answer that comes withheld. */
		const trip = (fault: GoogleFault | undefined, error: (status: AnswerFault) => Error): void => {
			if (fault?.status === 'drop') drop = true;
			else if (fault) throw error(fault.status);
		};
		/** `type` null: no body and no content type, as Google answers 204. */
		const send = (status: number, type: string | null, payload: string, headers: Record<string, string> = {}): void => {
			if (drop) {
				// Status 0 in the log, as the client saw no answer.
				res.destroy();
				return;
			}
			record.status = status;
			res.writeHead(status, {
				...(type ? { 'content-type': `${type}; charset=UTF-8` } : {}),
				'content-length': Buffer.byteLength(payload),
				...headers,
			});
			res.end(payload);
		};
		const reply = (status: number, json: unknown, headers: Record<string, string> = {}): void =>
			send(status, 'application/json', JSON.stringify(json), headers);
		try {
			if (url.pathname === '/token') {
				if (method !== 'POST')
					return reply(405, { error: 'invalid_request', error_description: 'Method not allowed: use POST.' });
				trip(takeFault('token', url.pathname), tokenFault);
				return reply(
					200,
					tokens.exchange(new URLSearchParams(raw.toString('utf8')), req.headers.authorization),
					NO_CACHE,
				);
			}
			if (url.pathname.startsWith('/sandbox/')) {
				const view = options.views[url.pathname.slice('/sandbox/'.length)];
				if (method === 'GET' && view) return reply(200, view());
				const known = Object.keys(options.views).map((name) => `GET /sandbox/${name}`);
				return reply(404, { error: `No sandbox route ${method} ${url.pathname}. Try ${known.join(', ')}.` });
			}
			const serve = options.route(method, url.pathname);
			if (!serve) {
				// Google's front end answers unknown paths with an HTML page, not API JSON.
				return send(
					404,
					'text/html',
					`<!DOCTYPE html><title>Error 404 (Not Found)!!1</title><p>The requested URL <code>${escapeHtml(url.pathname)}</code> was not found on this server.</p>`,
				);
			}
			trip(takeFault('api', url.pathname), faultError);
			const answer = serve({ req, query: url.searchParams, raw, scopes: authorize(req, url.searchParams) });
			if (answer.status === 204) send(204, null, '');
			else reply(answer.status, answer.json);
		} catch (error) {
			if (error instanceof GoogleError) {
				const headers: Record<string, string> =
					error.code === 401
						? { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' }
						: {};
				reply(error.code, error.json(), headers);
			} else if (error instanceof OAuthError) reply(error.httpStatus, error.json());
			else reply(500, errors.internal().json());
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
		requests,
		fault: (f) => {
			faults.push({ ...f, left: f.times ?? 1 });
		},
		close: () =>
			new Promise<void>((resolve, reject) => {
				if (!server.listening) return resolve();
				server.close((error) => (error ? reject(error) : resolve()));
				server.closeAllConnections();
			}),
	};
}

function tokenFault(status: AnswerFault): OAuthError {
	if (status === 401) return new OAuthError(401, 'invalid_client', 'Unauthorized');
	if (status === 429) return new OAuthError(429, 'rate_limit_exceeded', 'Rate limit exceeded. Try again later.');
	return new OAuthError(status, 'internal_failure', 'Backend Error');
}

function escapeHtml(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A JSON request body that must be an object, refused as Google refuses it. */
export function jsonObject(raw: Buffer, errors: GoogleErrors): Record<string, unknown> {
	let body: unknown;
	try {
		body = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
	} catch {
		throw errors.invalidArgument('Invalid JSON payload received. Unexpected token.');
	}
	if (typeof body !== 'object' || body === null || Array.isArray(body))
		throw errors.invalidArgument('Invalid JSON payload received. Expected an object.');
	return body as Record<string, unknown>;
}

/** Methods that need one of `allowed` scopes, refused in the API's own words otherwise. */
export function scopeCheck(errors: GoogleErrors) {
	return (allowed: string[], method: string, serve: (call: ApiCall) => Reply) =>
		(call: ApiCall): Reply => {
			if (!call.scopes.some((s) => allowed.includes(s))) throw errors.insufficientScopes(method);
			return serve(call);
		};
}

/** A path segment as the client meant it: googleapis escapes ids ("%40" for "@"), others may not. */
export function decodeSegment(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}

/** What every Google simulator lets a test do besides serving: count token grants, move its clock, revoke access. */
export interface GoogleControls {
	readonly tokensIssued: number;
	setNow(dt: DateTime): void;
	/** The user revokes access: refresh grants answer invalid_grant and every access token 401. */
	revoke(): void;
}

/** Adds the controls to a simulator's handle (a live getter: spreading it would freeze the count). */
export function withControls<T extends object>(
	handle: T,
	tokens: TokenIssuer,
	setClock: (now: () => DateTime) => void,
): T & GoogleControls {
	Object.defineProperty(handle, 'tokensIssued', { get: () => tokens.issued, enumerable: true });
	return Object.assign(handle, { setNow: (dt: DateTime) => setClock(() => dt), revoke: () => tokens.revoke() }) as T &
		GoogleControls;
}
