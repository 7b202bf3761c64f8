/**
 * A loopback Twilio Programmable Messaging API (2010-04-01) for the demo, the unit tests and the
 * end-to-end tests: Basic auth with the Auth Token or an API key, Messages create/fetch/list with
 * Twilio's validation and error codes, status progression with signed status callbacks, Advanced
 * Opt-Out, signed inbound webhooks, and faults a test injects. Bound to 127.0.0.1 only, and it
 * only ever calls loopback URLs: patient phone numbers must never leave the machine.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import { DELIVERY_ERRORS, errors, TwilioError } from './errors';
import { AUTO_REPLIES, optOutType } from './keywords';
import { API_VERSION, listMessages, messageJson, newSid, type SimMessage } from './messages';
import { sandboxRoute } from './sandbox';
import { countSegments } from './segments';
import { type Delivery, isLoopbackUrl, postForm, signature, type WebhookRecord } from './webhooks';
import { readBody } from '../read-body';

export type { SimMessage, MessageStatus } from './messages';
export type { Delivery, WebhookRecord } from './webhooks';
export { countSegments } from './segments';

export interface TwilioSimulatorOptions {
	accountSid: string;
	authToken: string;
	apiKeys?: Array<{ sid: string; secret: string }>;
	messagingServiceSid?: string;
	/** Owned senders (E.164); From must be one of them. The first also serves the Messaging Service. */
	phoneNumbers?: string[];
	/** Default 0: an ephemeral port. */
	port?: number;
	/** Default: real time, UTC. */
	now?: () => DateTime;
	/** Between status steps; default 0: each step on the next setImmediate after the create response. */
	statusDelayMs?: number;
}

export interface TwilioFault {
	code: 21610 | 21211 | 21408 | 30003 | 429 | 500 | 503;
	/** Default 1. */
	times?: number;
	/** Only creates to this number; default any. */
	to?: string;
	/** 500/503 only: the message is created and delivered anyway, then the create answers 5xx (the retry-sends-twice case). */
	committed?: boolean;
}

export interface InboundOptions {
	webhookUrl: string;
	/** The patient, E.164. */
	from: string;
	body: string;
	/** Default the first owned number. */
	to?: string;
	/** Sign with the wrong key. */
	forgeSignature?: boolean;
	omitSignature?: boolean;
	/** Deliver the identical request twice (same I-Twilio-Idempotency-Token and MessageSid), as Twilio's retries do. */
	repeatDelivery?: boolean;
}

export interface RequestRecord {
	method: string;
	path: string;
	query: Record<string, string>;
	status: number;
	/** The Basic auth user that was accepted (Account SID or API key SID); null when refused or not needed. */
	credential: string | null;
}

export interface TwilioSimulator {
	/** e.g. http://127.0.0.1:40123 (the API lives under /2010-04-01). */
	url: string;
	port: number;
	/** Outbound messages in creation order, live: status progression updates them in place. */
	outbox: SimMessage[];
	/** Inbound messages delivered with inbound(). */
	inbox: SimMessage[];
	requests: RequestRecord[];
	/** Status callbacks and inbound webhooks, sent or refused. */
	webhooks: WebhookRecord[];
	setNow(dt: DateTime): void;
	fault(f: TwilioFault): void;
	optOuts(): string[];
	isOptedOut(phone: string): boolean;
	inbound(opts: InboundOptions): Promise<Delivery[]>;
	/** Resolves when every status step and callback under way has finished. */
	settled(): Promise<void>;
	close(): Promise<void>;
}

const E164 = /^\+[1-9]\d{6,14}$/;
const MAX_BODY_CHARS = 1600;
const FALLBACK_NUMBER = '+15005550006';

export async function startTwilioSimulator(options: TwilioSimulatorOptions): Promise<TwilioSimulator> {
	const { accountSid, authToken } = options;
	const apiKeys = options.apiKeys ?? [];
	const phoneNumbers = options.phoneNumbers ?? [];
	const statusDelayMs = options.statusDelayMs ?? 0;
	let clock = options.now ?? (() => DateTime.utc());
	const nowIso = (): string => clock().toUTC().toISO() as string;
	const outbox: SimMessage[] = [];
	const inbox: SimMessage[] = [];
	// Everything in creation order, for the list endpoint: an inbound STOP sorts before Twilio's reply.
	const all: SimMessage[] = [];
	const startedAt = nowIso();
	const requests: RequestRecord[] = [];
	const webhooks: WebhookRecord[] = [];
	const optedOut = new Set<string>();
	const faults: Array<TwilioFault & { left: number }> = [];
	const pending = new Set<Promise<unknown>>();
	const callbackChains = new Map<string, Promise<void>>();
	// Each waiting status step, with the way to wake it: close() wakes them all so nothing hangs.
	const waiting = new Map<NodeJS.Timeout | NodeJS.Immediate, () => void>();
	let closed = false;

	const track = <T>(p: Promise<T>): Promise<T> => {
		pending.add(p);
		p.finally(() => pending.delete(p)).catch(() => undefined);
		return p;
	};

	const later = (): Promise<void> =>
		new Promise((resolve) => {
			const done = (): void => {
				waiting.delete(timer);
				resolve();
			};
			const timer = statusDelayMs <= 0 ? setImmediate(done) : setTimeout(done, statusDelayMs);
			waiting.set(timer, done);
		});

	const deliver = async (
		kind: WebhookRecord['kind'],
		url: string,
		params: Record<string, string>,
		opts: { token?: string; sign?: 'valid' | 'forged' | 'none' } = {},
	): Promise<Delivery | null> => {
		const record: WebhookRecord = {
			kind,
			url,
			params,
			idempotencyToken: opts.token ?? randomUUID(),
			status: null,
			error: null,
			at: nowIso(),
		};
		webhooks.push(record);
		if (!isLoopbackUrl(url)) {
			record.error = 'refused: not a loopback URL';
			return null;
		}
		const sign = opts.sign ?? 'valid';
		const headers: Record<string, string> = { 'i-twilio-idempotency-token': record.idempotencyToken };
		if (sign !== 'none') headers['x-twilio-signature'] = signature(authToken, url, params, sign === 'forged');
		try {
			const delivery = await postForm(url, params, headers);
			record.status = delivery.status;
			return delivery;
		} catch (error) {
			record.error = (error as Error).message;
			throw error;
		}
	};

	const statusCallback = (m: SimMessage): void => {
		if (!m.statusCallback) return;
		const params: Record<string, string> = {
			AccountSid: m.accountSid,
			ApiVersion: API_VERSION,
			From: m.from ?? '',
			MessageSid: m.sid,
			MessageStatus: m.status,
			SmsSid: m.sid,
			SmsStatus: m.status,
			To: m.to,
		};
		if (m.messagingServiceSid) params.MessagingServiceSid = m.messagingServiceSid;
		if (m.errorCode !== null) params.ErrorCode = String(m.errorCode);
		const url = m.statusCallback;
		// One message's callbacks go out in order; a receiver that fails does not stop the next.
		const chain = (callbackChains.get(m.sid) ?? Promise.resolve()).then(() =>
			deliver('status-callback', url, params).then(
				() => undefined,
				() => undefined,
			),
		);
		callbackChains.set(m.sid, chain);
		track(chain);
	};

	const progress = (m: SimMessage, errorCode: number | null): void => {
		const steps = [
			...(m.status === 'accepted' ? (['queued'] as const) : []),
			'sent',
			errorCode === null ? 'delivered' : 'undelivered',
		] as const;
		const run = async (): Promise<void> => {
			for (const status of steps) {
				await later();
				if (closed) return;
				m.status = status;
				m.dateUpdated = nowIso();
				if (status === 'queued' && m.from === null) m.from = phoneNumbers[0] ?? FALLBACK_NUMBER;
				if (status === 'sent') m.dateSent = m.dateUpdated;
				if (status === 'undelivered') {
					m.errorCode = errorCode;
					m.errorMessage = DELIVERY_ERRORS[errorCode as number] ?? null;
				}
				statusCallback(m);
			}
		};
		track(run());
	};

	const takeFault = (to: string): TwilioFault | undefined => {
		const i = faults.findIndex((f) => f.to === undefined || f.to === to);
		if (i < 0) return undefined;
		const fault = faults[i];
		if (--fault.left <= 0) faults.splice(i, 1);
		return fault;
	};

	const authenticate = (header: string | undefined): string => {
		const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
		if (!match) throw errors.authenticate();
		const decoded = Buffer.from(match[1], 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		if (colon < 0) throw errors.authenticate();
		const user = decoded.slice(0, colon);
		const pass = decoded.slice(colon + 1);
		if (user === accountSid && pass === authToken) return user;
		if (apiKeys.some((k) => k.sid === user && k.secret === pass)) return user;
		throw errors.authenticate();
	};

	const createMessage = (form: URLSearchParams): { message: SimMessage; fault: TwilioFault | undefined } => {
		const to = form.get('To');
		if (to === null || to === '') throw errors.missingTo();
		if (!E164.test(to)) throw errors.invalidTo(to);
		const from = form.get('From') || null;
		const service = form.get('MessagingServiceSid') || null;
		if (from === null && service === null) throw errors.missingSender();
		if (service !== null && service !== options.messagingServiceSid) throw errors.invalidService(service);
		if (from !== null && !phoneNumbers.includes(from)) throw errors.invalidFrom(from);
		const body = form.get('Body') ?? '';
		if (body === '') throw errors.missingBody();
		// Twilio's limit is in characters, not UTF-16 units.
		if ([...body].length > MAX_BODY_CHARS) throw errors.bodyTooLong();
		const callback = form.get('StatusCallback') || null;
		if (callback !== null && !URL.canParse(callback)) throw errors.invalidCallback(callback);
		if (callback !== null && !/^https?:$/.test(new URL(callback).protocol)) throw errors.invalidCallback(callback);
		const validityText = form.get('ValidityPeriod');
		const validity = validityText === null || validityText === '' ? null : Number(validityText);
		if (validity !== null && (!/^\d+$/.test(validityText as string) || validity < 1 || validity > 36000))
			throw errors.invalidValidity();
		if (optedOut.has(to)) throw errors.unsubscribed();

		const fault = takeFault(to);
		if (fault?.code === 21610) throw errors.unsubscribed();
		if (fault?.code === 21211) throw errors.invalidTo(to);
		if (fault?.code === 21408) throw errors.regionNotPermitted(to);
		if (fault?.code === 429) throw errors.tooManyRequests();
		if ((fault?.code === 500 || fault?.code === 503) && !fault.committed)
			throw fault.code === 500 ? errors.internal() : errors.unavailable();

		const at = nowIso();
		const segments = countSegments(body);
		const message: SimMessage = {
			sid: newSid('SM'),
			accountSid,
			direction: 'outbound-api',
			to,
			// Without From, a Messaging Service picks its pool number after 'accepted'.
			from,
			messagingServiceSid: service,
			body,
			status: service !== null ? 'accepted' : 'queued',
			errorCode: null,
			errorMessage: null,
			numSegments: segments.segments,
			encoding: segments.encoding,
			dateCreated: at,
			dateUpdated: at,
			dateSent: null,
			statusCallback: callback,
			validityPeriod: validity,
		};
		outbox.push(message);
		all.push(message);
		return { message, fault };
	};

	const route = (
		method: string,
		rest: string,
		form: URLSearchParams,
		query: URLSearchParams,
		res: ServerResponse,
	): { status: number; json: unknown } => {
		const base = `/${API_VERSION}/Accounts/${accountSid}`;
		if (rest === '.json') {
			if (method !== 'GET') throw new TwilioError(405, 20004, 'Method not allowed');
			return { status: 200, json: accountJson(accountSid, startedAt) };
		}
		if (rest === '/Messages.json') {
			if (method === 'GET') return { status: 200, json: listMessages(all, accountSid, query) };
			if (method !== 'POST') throw new TwilioError(405, 20004, 'Method not allowed');
			const { message, fault } = createMessage(form);
			const deliveryError = fault?.code === 30003 ? 30003 : null;
			// Progress once the create answer is on the wire, so no callback overtakes it; 'close'
			// also fires when the client hung up first, and Twilio sends the message all the same.
			res.once('close', () => progress(message, deliveryError));
			if (fault?.committed) {
				// The message went out, but the client hears a 5xx: the response is finished right after.
				throw fault.code === 500 ? errors.internal() : errors.unavailable();
			}
			return { status: 201, json: messageJson(message) };
		}
		const one = /^\/Messages\/([^/]+)\.json$/.exec(rest);
		if (one) {
			if (method !== 'GET') throw new TwilioError(405, 20004, 'Method not allowed');
			const message = all.find((m) => m.sid === one[1]);
			if (!message) throw errors.notFound(`${base}${rest}`);
			return { status: 200, json: messageJson(message) };
		}
		throw errors.notFound(`${base}${rest}`);
	};

	const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
		const raw = (await readBody(req)).toString('utf8');
		const method = (req.method ?? 'GET').toUpperCase();
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const record: RequestRecord = {
			method,
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			status: 0,
			credential: null,
		};
		requests.push(record);
		const send = (status: number, json: unknown, headers: Record<string, string> = {}): void => {
			record.status = status;
			const payload = JSON.stringify(json);
			res.writeHead(status, {
				'content-type': 'application/json; charset=utf-8',
				'content-length': Buffer.byteLength(payload),
				'twilio-request-id': newSid('RQ'),
				...headers,
			});
			res.end(payload);
		};
		try {
			if (url.pathname.startsWith('/sandbox/')) {
				const reply = await sandboxRoute(method, url.pathname, raw, {
					outbox,
					inbox,
					optOuts: () => [...optedOut],
					inbound,
					fault,
				});
				send(reply.status, reply.json);
				return;
			}
			record.credential = authenticate(req.headers.authorization);
			const match = /^\/2010-04-01\/Accounts\/([^/.]+)(\.json|\/.+)$/.exec(url.pathname);
			if (!match || match[1] !== accountSid) throw errors.notFound(url.pathname);
			const reply = route(method, match[2], new URLSearchParams(raw), url.searchParams, res);
			send(reply.status, reply.json);
		} catch (error) {
			if (error instanceof TwilioError) {
				send(
					error.status,
					error.json(),
					error.status === 401 ? { 'www-authenticate': 'Basic realm="Twilio API"' } : {},
				);
			} else send(500, errors.internal().json());
		}
	};

	const fault = (f: TwilioFault): void => {
		faults.push({ ...f, left: f.times ?? 1 });
	};

	async function inbound(opts: InboundOptions): Promise<Delivery[]> {
		if (!isLoopbackUrl(opts.webhookUrl))
			throw new Error(
				`Refusing to deliver to ${opts.webhookUrl}: only http://127.0.0.1 or localhost webhooks are allowed.`,
			);
		if (!E164.test(opts.from)) throw new Error(`inbound(): from must be E.164, got "${opts.from}"`);
		const to = opts.to ?? phoneNumbers[0] ?? FALLBACK_NUMBER;
		const type = optOutType(opts.body);
		const at = nowIso();
		const segments = countSegments(opts.body);
		const message: SimMessage = {
			sid: newSid('SM'),
			accountSid,
			direction: 'inbound',
			to,
			from: opts.from,
			messagingServiceSid: options.messagingServiceSid ?? null,
			body: opts.body,
			status: 'received',
			errorCode: null,
			errorMessage: null,
			numSegments: segments.segments,
			encoding: segments.encoding,
			dateCreated: at,
			dateUpdated: at,
			dateSent: at,
			statusCallback: null,
			validityPeriod: null,
		};
		inbox.push(message);
		all.push(message);
		// Advanced Opt-Out acts before the webhook: the list changes and Twilio answers the keyword itself.
		if (type === 'STOP') optedOut.add(opts.from);
		if (type === 'START') optedOut.delete(opts.from);
		if (type) {
			const reply = countSegments(AUTO_REPLIES[type]);
			const auto: SimMessage = {
				...message,
				sid: newSid('SM'),
				direction: 'outbound-reply',
				to: opts.from,
				from: to,
				body: AUTO_REPLIES[type],
				status: 'sent',
				numSegments: reply.segments,
				encoding: reply.encoding,
			};
			outbox.push(auto);
			all.push(auto);
		}
		const params: Record<string, string> = {
			AccountSid: accountSid,
			ApiVersion: API_VERSION,
			Body: opts.body,
			From: opts.from,
			MessageSid: message.sid,
			NumMedia: '0',
			NumSegments: String(segments.segments),
			SmsMessageSid: message.sid,
			SmsSid: message.sid,
			SmsStatus: 'received',
			To: to,
		};
		if (options.messagingServiceSid) params.MessagingServiceSid = options.messagingServiceSid;
		if (type) params.OptOutType = type;
		const token = randomUUID();
		const sign = opts.omitSignature ? 'none' : opts.forgeSignature ? 'forged' : 'valid';
		const deliveries: Delivery[] = [];
		for (let i = 0; i < (opts.repeatDelivery ? 2 : 1); i++) {
			deliveries.push((await track(deliver('inbound', opts.webhookUrl, params, { token, sign }))) as Delivery);
		}
		return deliveries;
	}

	const server = createServer((req, res) => {
		handle(req, res).catch((error: Error) => {
			if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
			res.end(JSON.stringify({ ...errors.internal().json(), detail: error.message }));
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
	});
	const port = (server.address() as AddressInfo).port;

	return {
		url: `http://127.0.0.1:${port}`,
		port,
		outbox,
		inbox,
		requests,
		webhooks,
		setNow: (dt) => {
			clock = () => dt;
		},
		fault,
		optOuts: () => [...optedOut],
		isOptedOut: (phone) => optedOut.has(phone),
		inbound,
		settled: async () => {
			while (pending.size > 0) await Promise.allSettled([...pending]);
		},
		close: () =>
			new Promise<void>((resolve, reject) => {
				if (closed) return resolve();
				closed = true;
				for (const [timer, wake] of waiting) {
					clearTimeout(timer as NodeJS.Timeout);
					clearImmediate(timer as NodeJS.Immediate);
					wake();
				}
				server.close((error) => (error ? reject(error) : resolve()));
				server.closeAllConnections();
			}),
	};
}

/** The account as GET Accounts/{Sid}.json returns it, minus auth_token: the simulator never echoes a secret. */
function accountJson(sid: string, createdIso: string): Record<string, unknown> {
	const created = DateTime.fromISO(createdIso, { zone: 'utc' }).setLocale('en-US').toRFC2822();
	const base = `/${API_VERSION}/Accounts/${sid}`;
	return {
		date_created: created,
		date_updated: created,
		friendly_name: 'Chairside sandbox',
		owner_account_sid: sid,
		sid,
		status: 'active',
		subresource_uris: {
			messages: `${base}/Messages.json`,
			incoming_phone_numbers: `${base}/IncomingPhoneNumbers.json`,
			keys: `${base}/Keys.json`,
		},
		type: 'Full',
		uri: `${base}.json`,
	};
}
