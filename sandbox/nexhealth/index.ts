/**
 * A loopback NexHealth Synchronizer API serving the synthetic practice, for the demo and the tests.
 * It follows NexHealth's published documentation (../shared/reference/nexhealth.md cites each page),
 * never Chairside's client:
 * - auth: POST /authenticates with the raw API key -> a JWT bearer token with `exp`; 401 without a
 *   valid, unexpired one (docs.nexhealth.com/v3.1.0/reference/authentication-1, /docs/getting-started).
 * - versioning: the `Nex-Api-Version` header (v3.0.0, alias v20240412; v3.1.0) on every call
 *   (docs.nexhealth.com/v2.2.2/reference/versioning). The OpenAPI marks it required: a call without
 *   one is refused (400), the strictest reading.
 * - scoping: `subdomain` on every call, `location_id` where the OpenAPI requires it.
 * - the envelope { code, description, error[], data, count } on every answer, errors included.
 * - cursor pagination: per_page (default 5, at most 1000), page_info { has_next_page, end_cursor... };
 *   the next page is asked with start_cursor = the previous end_cursor. The docs do not spell the
 *   forward direction out (reference/nexhealth.md section 3): this is the relay-style reading.
 * - rate limits per API key (docs.nexhealth.com/v2.2.2/reference/rate-limiting): 100 requests/s,
 *   10/s on GET /appointments and GET /available_slots; 1,000/min on patients and appointments,
 *   2,000/min elsewhere; 429 beyond, with no Retry-After (none is documented).
 * - POST /appointments is asynchronous (docs.nexhealth.com/docs/how-a-write-reaches-the-ehr):
 *   201 with foreign_id and last_sync_time null; later the EHR takes it (or refuses it when the chair
 *   is taken) and `appointment_insertion.complete` (or `.failed`) is delivered to subscribed endpoints.
 * - webhooks (docs.nexhealth.com/docs/webhooks, /reference/webhook-endpoints): POST /webhook_endpoints
 *   gives a secret_key; deliveries carry `timestamp` and `signature` headers, the signature being
 *   hex HMAC-SHA256(secret_key, "{timestamp}.{base64(raw body)}") - a SECONDARY source's reading
 *   (reference/nexhealth.md section 6), kept in `signDelivery` alone. Non-2xx answers are retried on
 *   the documented schedule (30 s, 1.5 min, 3.5 min, ...), scaled by `retryScale`.
 * - no chart-note write: /clinical_notes is read-only; patient alerts can be posted.
 * HTTPS is required for webhook targets in production; this loopback sandbox accepts http://127.0.0.1 only.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import type { Practice } from '../practice/types';
import { readBody } from '../read-body';
import { NexStore, type NexAppointment, type NexProcedure } from './store';

export { NexStore } from './store';
export type { NexAppointment, NexPatient, NexProcedure } from './store';

export const SUPPORTED_VERSIONS = ['v3.0.0', 'v20240412', 'v3.1.0'] as const;
/** docs.nexhealth.com/reference/webhook-endpoints: the retry schedule, in seconds after the first try. */
export const WEBHOOK_RETRY_SECONDS = [30, 90, 210, 600, 1800, 7200, 18000, 36000, 86400, 172800];

export interface NexHealthSimulatorOptions {
	practice: Practice;
	apiKey: string;
	subdomain: string;
	/** Token lifetime in seconds: 1 hour in production, 24 hours in the sandbox (reference section 1). Default 3600. */
	tokenLifetimeSeconds?: number;
	/** The data's clock (appointment times, "future only"); tokens expire on the wall clock. Default: now. */
	now?: () => DateTime;
	/** Milliseconds before a posted appointment reaches the EHR; null: only when `syncWrites()` is called. Default 300. */
	writeDelayMs?: number | null;
	/** Webhook retry delays are the documented ones times this (default 0.001: 30 s becomes 30 ms). */
	retryScale?: number;
	/** Default true. */
	rateLimits?: boolean;
	port?: number;
}

export interface RequestRecord {
	method: string;
	path: string;
	query: Record<string, string | string[]>;
	status: number;
	version: string | null;
}

export interface Delivery {
	url: string;
	event: string;
	body: string;
	headers: Record<string, string>;
	status: number;
	attempt: number;
}

export interface Fault {
	path?: RegExp;
	method?: string;
	status: 400 | 401 | 429 | 500 | 503;
	times?: number;
}

export interface NexHealthSimulator {
	/** e.g. http://127.0.0.1:40123 (the API root, like https://nexhealth.info). */
	url: string;
	store: NexStore;
	requests: RequestRecord[];
	deliveries: Delivery[];
	/** Tokens issued by POST /authenticates. */
	tokensIssued: number;
	fault(f: Fault): void;
	/** Writes every pending appointment to the "EHR" now and delivers its webhook. */
	syncWrites(): Promise<void>;
	/** Waits until every webhook delivery (and its retries) has been made. */
	settled(): Promise<void>;
	close(): Promise<void>;
}

interface Endpoint {
	id: number;
	target_url: string;
	secret_key: string;
	active: boolean;
	created_at: string;
	updated_at: string;
	subscriptions: Array<{ id: number; resource_type: string; event: string; active: boolean; subdomain: string }>;
}

class ApiError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

type Query = Record<string, string | string[]>;

/**
 * The signature of one delivery, as the secondary source reads NexHealth's scheme: one function, so a
 * correction after a real delivery is one edit here (and the client's verifier, core/pms/nexhealth/webhook.ts).
 */
export function signDelivery(secretKey: string, timestamp: string, rawBody: string): string {
	return createHmac('sha256', secretKey)
		.update(`${timestamp}.${Buffer.from(rawBody).toString('base64')}`)
		.digest('hex');
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

export async function startNexHealthSimulator(options: NexHealthSimulatorOptions): Promise<NexHealthSimulator> {
	const now = options.now ?? (() => DateTime.now());
	const store = new NexStore(options.practice, now);
	const lifetime = options.tokenLifetimeSeconds ?? 3600;
	const writeDelay = options.writeDelayMs === undefined ? 300 : options.writeDelayMs;
	const retryScale = options.retryScale ?? 0.001;
	const limits = options.rateLimits ?? true;
	const tokenSecret = randomBytes(16);
	const requests: RequestRecord[] = [];
	const deliveries: Delivery[] = [];
	const faults: Array<Fault & { left: number }> = [];
	const endpoints: Endpoint[] = [];
	const pending = new Set<number>();
	const inflight = new Set<Promise<void>>();
	const timers = new Set<NodeJS.Timeout>();
	const hits: Array<{ at: number; bucket: string }> = [];
	let tokensIssued = 0;
	let closed = false;

	const issueToken = (): string => {
		const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
		const payload = base64url(
			JSON.stringify({
				sub: createHash('sha256').update(options.apiKey).digest('hex').slice(0, 12),
				exp: Math.floor(Date.now() / 1000) + lifetime,
				jti: randomBytes(6).toString('hex'),
			}),
		);
		const signature = createHmac('sha256', tokenSecret).update(`${header}.${payload}`).digest('base64url');
		tokensIssued++;
		return `${header}.${payload}.${signature}`;
	};
	const validToken = (token: string): boolean => {
		const [header, payload, signature] = token.split('.');
		if (!header || !payload || !signature) return false;
		if (createHmac('sha256', tokenSecret).update(`${header}.${payload}`).digest('base64url') !== signature)
			return false;
		const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { exp: number };
		return claims.exp * 1000 > Date.now();
	};

	/** reference/nexhealth.md section 4: per second, and per minute by family. */
	const rateLimited = (method: string, path: string): boolean => {
		if (!limits) return false;
		const at = Date.now();
		while (hits.length && hits[0].at < at - 60_000) hits.shift();
		const slow = method === 'GET' && (path === '/appointments' || path === '/available_slots');
		const family = /^\/(patients|appointments)/.test(path) ? 'pa' : 'other';
		const bucket = `${slow ? 'slow' : 'fast'}:${family}`;
		const lastSecond = hits.filter((h) => h.at > at - 1000);
		if (lastSecond.length >= 100) return true;
		if (slow && lastSecond.filter((h) => h.bucket.startsWith('slow')).length >= 10) return true;
		if (hits.filter((h) => h.bucket.endsWith(family)).length >= (family === 'pa' ? 1000 : 2000)) return true;
		hits.push({ at, bucket });
		return false;
	};

	const envelope = (data: unknown, extra: Record<string, unknown> = {}) => ({
		code: true,
		description: '',
		error: [],
		data,
		...extra,
	});

	const one = (q: Query, name: string): string | undefined => {
		const v = q[name] ?? q[`${name}[]`];
		return Array.isArray(v) ? v[0] : v;
	};
	const many = (q: Query, name: string): string[] => {
		const v = q[`${name}[]`] ?? q[name];
		return v === undefined ? [] : Array.isArray(v) ? v : [v];
	};
	const requireParam = (q: Query, name: string): string => {
		const v = one(q, name);
		if (v === undefined || v === '') throw new ApiError(400, `${name} is required`);
		return v;
	};
	const location = (q: Query, required: boolean): number | null => {
		const raw = required ? requireParam(q, 'location_id') : one(q, 'location_id');
		if (raw === undefined) return null;
		if (!store.location(Number(raw))) throw new ApiError(404, `Location ${raw} not found`);
		return Number(raw);
	};

	/** Cursor pagination over rows sorted by id: start_cursor = the previous page's end_cursor. */
	const paginate = <T extends { id: number }>(rows: T[], q: Query) => {
		const perPage = one(q, 'per_page') === undefined ? 5 : Number(one(q, 'per_page'));
		if (!Number.isInteger(perPage) || perPage < 1 || perPage > 1000)
			throw new ApiError(400, 'per_page must be between 1 and 1000');
		const sorted = [...rows].sort((a, b) => a.id - b.id);
		const after = one(q, 'start_cursor');
		const afterId = after === undefined ? null : Number(Buffer.from(after, 'base64').toString().replace(/^id:/, ''));
		if (after !== undefined && !Number.isFinite(afterId)) throw new ApiError(400, 'start_cursor is not a valid cursor');
		const rest = afterId === null ? sorted : sorted.filter((r) => r.id > afterId);
		const page = rest.slice(0, perPage);
		const cursor = (r: T | undefined) => (r ? Buffer.from(`id:${r.id}`).toString('base64') : null);
		return envelope(page, {
			count: rows.length,
			page_info: {
				has_previous_page: afterId !== null,
				has_next_page: rest.length > perPage,
				start_cursor: cursor(page[0]),
				end_cursor: cursor(page[page.length - 1]),
			},
		});
	};

	const publicAppointment = (a: NexAppointment) => a;
	const procedureBody = (p: NexProcedure) => p;

	const routes: Array<{
		method: string;
		pattern: RegExp;
		handler: (
			q: Query,
			body: Record<string, unknown>,
			params: Record<string, string>,
		) => Promise<[number, unknown]> | [number, unknown];
	}> = [
		{
			method: 'GET',
			pattern: /^\/patients$/,
			handler: (q) => {
				const loc = location(q, true) as number;
				const strict = one(q, 'location_strict') === 'true';
				const inactive = one(q, 'inactive');
				const since = one(q, 'updated_since');
				const rows = [...store.patients.values()].filter(
					(p) =>
						(!strict || p.location_ids.includes(loc)) &&
						(inactive === undefined || String(p.inactive) === inactive) &&
						(!since || p.updated_at >= since),
				);
				return [200, paginate(rows, q)];
			},
		},
		{
			method: 'GET',
			pattern: /^\/patients\/(?<id>\d+)$/,
			handler: (_q, _b, { id }) => {
				const p = store.patients.get(Number(id));
				if (!p) throw new ApiError(404, `Patient ${id} not found`);
				return [200, envelope(p)];
			},
		},
		{
			method: 'POST',
			pattern: /^\/patients\/(?<id>\d+)\/alerts$/,
			handler: (_q, body, { id }) => {
				if (!store.patients.has(Number(id))) throw new ApiError(404, `Patient ${id} not found`);
				const note = (body.patient_alert as { note?: unknown } | undefined)?.note;
				if (typeof note !== 'string' || !note) throw new ApiError(400, 'patient_alert.note is required');
				return [201, envelope({ id: alerts.push({ patient_id: Number(id), note }), patient_id: Number(id), note })];
			},
		},
		{
			method: 'GET',
			pattern: /^\/procedures$/,
			handler: (q) => {
				const filters = [
					'provider_id',
					'patient_id',
					'appointment_id',
					'started_after',
					'started_before',
					'ended_after',
					'ended_before',
					'updated_since',
				];
				if (!filters.some((f) => one(q, f) !== undefined))
					throw new ApiError(400, `At least one of ${filters.join(', ')} is required`);
				const loc = location(q, false);
				const eq = (name: string, v: number | null) => one(q, name) === undefined || String(v) === one(q, name);
				const after = (name: string, v: string | null, cmp: (a: string, b: string) => boolean) =>
					one(q, name) === undefined || (v !== null && cmp(v, one(q, name) as string));
				const rows = [...store.procedures.values()].filter(
					(p) =>
						(loc === null || p.location_id === loc) &&
						eq('provider_id', p.provider_id) &&
						eq('patient_id', p.patient_id) &&
						eq('appointment_id', p.appointment_id) &&
						after('started_after', p.start_date, (a, b) => a >= b.slice(0, 10)) &&
						after('started_before', p.start_date, (a, b) => a <= b.slice(0, 10)) &&
						after('ended_after', p.end_date, (a, b) => a >= b.slice(0, 10)) &&
						after('ended_before', p.end_date, (a, b) => a <= b.slice(0, 10)) &&
						after('updated_since', p.updated_at, (a, b) => a >= b),
				);
				return [200, paginate(rows.map(procedureBody), q)];
			},
		},
		{
			method: 'GET',
			pattern: /^\/appointments$/,
			handler: (q) => {
				const start = DateTime.fromISO(requireParam(q, 'start'));
				const end = DateTime.fromISO(requireParam(q, 'end'));
				if (!start.isValid || !end.isValid) throw new ApiError(400, 'start and end must be ISO 8601 datetimes');
				const loc = location(q, false);
				const patients = many(q, 'patient_ids').map(Number);
				const providers = many(q, 'provider_ids').map(Number);
				const operatories = many(q, 'operatory_ids').map(Number);
				const cancelled = one(q, 'cancelled');
				const since = one(q, 'updated_since');
				const rows = [...store.appointments.values()].filter((a) => {
					const at = DateTime.fromISO(a.start_time);
					return (
						at >= start &&
						at <= end &&
						(loc === null || a.location_id === loc) &&
						(!patients.length || patients.includes(a.patient_id)) &&
						(!providers.length || providers.includes(a.provider_id)) &&
						(!operatories.length || operatories.includes(a.operatory_id)) &&
						(cancelled === undefined || String(a.cancelled) === cancelled) &&
						(!since || a.updated_at >= since)
					);
				});
				return [200, paginate(rows.map(publicAppointment), q)];
			},
		},
		{
			method: 'GET',
			pattern: /^\/appointments\/(?<id>\d+)$/,
			handler: (_q, _b, { id }) => {
				const a = store.appointments.get(Number(id));
				if (!a) throw new ApiError(404, `Appointment ${id} not found`);
				return [200, envelope(publicAppointment(a))];
			},
		},
		{
			method: 'POST',
			pattern: /^\/appointments$/,
			handler: (q, body) => {
				const loc = location(q, true) as number;
				const appt = (body.appt ?? {}) as Record<string, unknown>;
				for (const field of ['patient_id', 'provider_id', 'start_time'])
					if (appt[field] === undefined || appt[field] === null || appt[field] === '')
						throw new ApiError(400, `appt.${field} is required`);
				// This location maps bookings to operatories (appointments-1: then operatory_id is required).
				if (appt.operatory_id === undefined) throw new ApiError(400, 'appt.operatory_id is required for this location');
				const patient = store.patients.get(Number(appt.patient_id));
				if (!patient) throw new ApiError(404, `Patient ${String(appt.patient_id)} not found`);
				if (!store.providers.some((p) => p.id === Number(appt.provider_id)))
					throw new ApiError(404, `Provider ${String(appt.provider_id)} not found`);
				const op = store.operatories.find((o) => o.id === Number(appt.operatory_id) && o.location_id === loc);
				if (!op) throw new ApiError(404, `Operatory ${String(appt.operatory_id)} not found at location ${loc}`);
				const start = DateTime.fromISO(String(appt.start_time), { zone: store.zoneOf(loc) });
				if (!start.isValid) throw new ApiError(400, 'appt.start_time is not a valid datetime');
				if (start <= now()) throw new ApiError(400, 'Appointments can only be created in the future');
				const end = appt.end_time
					? DateTime.fromISO(String(appt.end_time), { zone: store.zoneOf(loc) })
					: start.plus({ minutes: 15 });
				if (!end.isValid || end <= start) throw new ApiError(400, 'appt.end_time must be after start_time');
				const note = appt.note === undefined ? '' : String(appt.note);
				if (note.length > 128) throw new ApiError(400, 'appt.note is limited to 128 characters');
				const created = store.addPending({
					patient_id: patient.id,
					provider_id: Number(appt.provider_id),
					operatory_id: op.id,
					location_id: loc,
					start,
					end,
					note,
				});
				pending.add(created.id);
				if (writeDelay !== null) later(writeDelay, () => writeToEhr(created.id));
				return [201, envelope({ appt: created })];
			},
		},
		{
			method: 'PATCH',
			pattern: /^\/appointments\/(?<id>\d+)$/,
			handler: (_q, body, { id }) => {
				const a = store.appointments.get(Number(id));
				if (!a) throw new ApiError(404, `Appointment ${id} not found`);
				const appt = (body.appt ?? {}) as Record<string, unknown>;
				const stamp = store.stamp();
				if (typeof appt.confirmed === 'boolean')
					Object.assign(a, { confirmed: appt.confirmed, confirmed_at: appt.confirmed ? stamp : null });
				if (typeof appt.cancelled === 'boolean')
					Object.assign(a, { cancelled: appt.cancelled, cancelled_at: appt.cancelled ? stamp : null });
				if (typeof appt.note === 'string') {
					if (appt.note.length > 128) throw new ApiError(400, 'appt.note is limited to 128 characters');
					a.note = appt.note;
				}
				a.updated_at = stamp;
				return [200, envelope({ appt: a })];
			},
		},
		{
			method: 'GET',
			pattern: /^\/patient_recalls$/,
			handler: (q) => {
				const loc = location(q, true) as number;
				const dueAfter = one(q, 'due_after');
				const patient = one(q, 'patient_id');
				const rows = store.recalls.filter(
					(r) =>
						r.location_id === loc &&
						(!dueAfter || r.date_due >= dueAfter.slice(0, 10)) &&
						(!patient || String(r.patient_id) === patient),
				);
				return [200, paginate(rows, q)];
			},
		},
		{
			method: 'GET',
			pattern: /^\/providers$/,
			handler: (q) => {
				const loc = location(q, false);
				return [
					200,
					paginate(
						store.providers.filter((p) => loc === null || p.location_ids.includes(loc)),
						q,
					),
				];
			},
		},
		{
			method: 'GET',
			pattern: /^\/operatories$/,
			handler: (q) => {
				const loc = location(q, true);
				return [
					200,
					paginate(
						store.operatories.filter((o) => o.location_id === loc).map(({ providerIds: _p, ...o }) => o),
						q,
					),
				];
			},
		},
		{ method: 'GET', pattern: /^\/clinical_notes$/, handler: (q) => (location(q, true), [200, paginate([], q)]) },
		{
			method: 'GET',
			pattern: /^\/available_slots$/,
			handler: (q) => availableSlots(q),
		},
		{
			method: 'POST',
			pattern: /^\/webhook_endpoints$/,
			handler: (_q, body) => {
				const target = String(body.target_url ?? '');
				// Production requires HTTPS (webhooks page); the sandbox delivers to loopback only.
				if (!/^http:\/\/127\.0\.0\.1(:\d+)?\//.test(target) && !/^https:\/\//.test(target))
					throw new ApiError(400, 'target_url must be an HTTPS URL');
				if (!/^http:\/\/127\.0\.0\.1/.test(target))
					throw new ApiError(400, 'This sandbox delivers to http://127.0.0.1 only');
				const stamp = store.stamp();
				const endpoint: Endpoint = {
					id: endpoints.length + 1,
					target_url: target,
					secret_key: randomBytes(24).toString('hex'),
					active: true,
					created_at: stamp,
					updated_at: stamp,
					subscriptions: [],
				};
				endpoints.push(endpoint);
				const { subscriptions: _s, ...shown } = endpoint;
				return [201, envelope(shown)];
			},
		},
		{
			method: 'GET',
			pattern: /^\/webhook_endpoints$/,
			handler: (q) => [
				200,
				paginate(
					endpoints.map(({ subscriptions: _s, ...e }) => e),
					q,
				),
			],
		},
		{
			method: 'DELETE',
			pattern: /^\/webhook_endpoints\/(?<id>\d+)$/,
			handler: (_q, _b, { id }) => {
				const i = endpoints.findIndex((e) => e.id === Number(id));
				if (i < 0) throw new ApiError(404, `Webhook endpoint ${id} not found`);
				endpoints.splice(i, 1);
				return [200, envelope(null)];
			},
		},
		{
			method: 'POST',
			pattern: /^\/webhook_endpoints\/(?<id>\d+)\/webhook_subscriptions$/,
			handler: (q, body, { id }) => {
				const endpoint = endpoints.find((e) => e.id === Number(id));
				if (!endpoint) throw new ApiError(404, `Webhook endpoint ${id} not found`);
				const resource = String(body.resource_type ?? '');
				const event = String(body.event ?? '');
				if (!resource || !event) throw new ApiError(400, 'resource_type and event are required');
				const sub = {
					id: endpoint.subscriptions.length + 1,
					resource_type: resource,
					event,
					active: body.active !== false,
					subdomain: one(q, 'subdomain') as string,
				};
				endpoint.subscriptions.push(sub);
				return [201, envelope(sub)];
			},
		},
		{
			method: 'GET',
			pattern: /^\/sync_status$/,
			handler: () => [
				200,
				envelope({
					read_status: 'green',
					write_status: 'green',
					read_status_at: store.stamp(),
					write_status_at: store.stamp(),
					locations: store.locations.map((l) => l.id),
				}),
			],
		},
	];
	const alerts: Array<{ patient_id: number; note: string }> = [];

	/**
	 * reference/nexhealth.md "Available slots": working hours 08:00-17:00 weekdays (12:00-13:00 lunch) in
	 * each operatory of the asked location whose provider is asked, minus appointments holding the chair
	 * and time already past; `slot_length` minutes each, every `slot_interval` (default the length).
	 */
	function availableSlots(q: Query): [number, unknown] {
		const startDate = requireParam(q, 'start_date');
		const days = Number(requireParam(q, 'days'));
		const lids = many(q, 'lids').map(Number);
		const pids = many(q, 'pids').map(Number);
		if (!lids.length) throw new ApiError(400, 'lids[] is required');
		if (!pids.length && one(q, 'appointment_type_id') === undefined)
			throw new ApiError(400, 'pids[] or appointment_type_id is required');
		if (!Number.isInteger(days) || days < 1) throw new ApiError(400, 'days must be a positive number');
		const length = Number(one(q, 'slot_length') ?? 15);
		const interval = Number(one(q, 'slot_interval') ?? length);
		const ops = many(q, 'operatory_ids').map(Number);
		const out: unknown[] = [];
		for (const lid of lids) {
			const loc = store.location(lid);
			if (!loc) throw new ApiError(404, `Location ${lid} not found`);
			const zone = loc.tz;
			const nowHere = now().setZone(zone);
			const providers = pids.length
				? pids
				: store.providers.filter((p) => p.location_ids.includes(lid)).map((p) => p.id);
			for (const pid of providers) {
				const slots: Array<{ time: string; end_time: string; operatory_id: number; provider_id: number }> = [];
				for (const op of store.operatories.filter(
					(o) => o.location_id === lid && o.providerIds.includes(pid) && (!ops.length || ops.includes(o.id)),
				)) {
					const busy = store
						.occupying(op.id)
						.map((a) => [DateTime.fromISO(a.start_time), DateTime.fromISO(a.end_time)] as const);
					for (let d = 0; d < days; d++) {
						const day = DateTime.fromISO(startDate, { zone }).plus({ days: d });
						if (day.weekday > 5) continue;
						for (
							let t = day.set({ hour: 8 });
							t.plus({ minutes: length }) <= day.set({ hour: 17 });
							t = t.plus({ minutes: interval })
						) {
							const end = t.plus({ minutes: length });
							if (t <= nowHere) continue;
							if (t < day.set({ hour: 13 }) && end > day.set({ hour: 12 })) continue;
							if (busy.some(([s, e]) => s < end && e > t)) continue;
							slots.push({
								time: t.toISO() as string,
								end_time: end.toISO() as string,
								operatory_id: op.id,
								provider_id: pid,
							});
						}
					}
				}
				slots.sort((a, b) => a.time.localeCompare(b.time) || a.operatory_id - b.operatory_id);
				out.push({ lid, pid, next_available_date: slots[0]?.time.slice(0, 10) ?? null, slots });
			}
		}
		return [200, envelope(out)];
	}

	function later(ms: number, run: () => Promise<void> | void): void {
		const timer = setTimeout(() => {
			timers.delete(timer);
			track(Promise.resolve().then(run));
		}, ms);
		timers.add(timer);
	}
	function track(p: Promise<void>): void {
		const tracked = p.catch(() => undefined).finally(() => inflight.delete(tracked));
		inflight.add(tracked);
	}

	/** The EHR takes the appointment unless the chair is taken by then; either way its webhook goes out. */
	async function writeToEhr(id: number): Promise<void> {
		if (!pending.delete(id)) return;
		const a = store.appointments.get(id);
		if (!a) return;
		const start = DateTime.fromISO(a.start_time);
		const end = DateTime.fromISO(a.end_time);
		const clash = store
			.occupying(a.operatory_id, a.id)
			.some(
				(b) => b.foreign_id !== null && DateTime.fromISO(b.start_time) < end && DateTime.fromISO(b.end_time) > start,
			);
		let event = 'appointment_insertion.complete';
		if (clash) {
			event = 'appointment_insertion.failed';
			store.appointments.delete(id);
		} else {
			store.markWritten(a);
		}
		await deliver('Appointment', 'appointment_insertion', event, { appointment: a });
	}

	async function deliver(resourceType: string, subscribed: string, eventName: string, data: unknown): Promise<void> {
		const body = JSON.stringify({
			resource_type: resourceType,
			event_name: eventName,
			event_time: store.stamp(),
			delivery_errors: null,
			data,
		});
		for (const endpoint of endpoints.filter(
			(e) =>
				e.active &&
				e.subscriptions.some(
					(s) =>
						s.active && s.resource_type === resourceType && s.event === subscribed && s.subdomain === options.subdomain,
				),
		)) {
			track(attempt(endpoint, eventName, body, 1));
		}
	}

	async function attempt(endpoint: Endpoint, event: string, body: string, n: number): Promise<void> {
		if (closed) return;
		const timestamp = String(Math.floor(Date.now() / 1000));
		const headers = {
			'content-type': 'application/json',
			timestamp,
			signature: signDelivery(endpoint.secret_key, timestamp, body),
		};
		let status = 0;
		try {
			const response = await fetch(endpoint.target_url, {
				method: 'POST',
				headers,
				body,
				signal: AbortSignal.timeout(30_000),
			});
			status = response.status;
			await response.text();
		} catch {
			status = 0;
		}
		deliveries.push({ url: endpoint.target_url, event, body, headers, status, attempt: n });
		if (status >= 200 && status < 300) return;
		const delay = WEBHOOK_RETRY_SECONDS[n - 1];
		// After the last retry (48 h of errors) the endpoint is deactivated (webhook-endpoints page).
		if (delay === undefined) {
			endpoint.active = false;
			return;
		}
		const previous = n === 1 ? 0 : WEBHOOK_RETRY_SECONDS[n - 2];
		later((delay - previous) * 1000 * retryScale, () => attempt(endpoint, event, body, n + 1));
	}

	const fail = (res: ServerResponse, status: number, message: string) => {
		res.writeHead(status, { 'content-type': 'application/json' });
		res.end(JSON.stringify({ code: false, description: message, error: [message], data: null }));
	};

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const query: Query = {};
		for (const [k, v] of url.searchParams) {
			const prev = query[k];
			query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
		}
		const method = req.method ?? 'GET';
		const path = url.pathname.replace(/\/+$/, '') || '/';
		const version = (req.headers['nex-api-version'] as string | undefined) ?? null;
		const record: RequestRecord = { method, path, query, status: 0, version };
		requests.push(record);
		const raw = (await readBody(req)).toString();
		const answer = (status: number, body: unknown) => {
			record.status = status;
			if (status >= 400) return fail(res, status, (body as { message: string }).message);
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(JSON.stringify(body));
		};
		try {
			if (!version) throw new ApiError(400, 'The Nex-Api-Version header is required (e.g. v3.0.0)');
			if (!(SUPPORTED_VERSIONS as readonly string[]).includes(version))
				throw new ApiError(400, `Unsupported Nex-Api-Version "${version}"`);
			const auth = req.headers.authorization ?? '';
			if (method === 'POST' && path === '/authenticates') {
				// The raw key, no "Bearer" (authentication-1).
				if (auth !== options.apiKey) throw new ApiError(401, 'Invalid API key');
				return answer(200, { code: true, description: 'Authenticated', error: [], data: { token: issueToken() } });
			}
			if (!auth.startsWith('Bearer ') || !validToken(auth.slice(7)))
				throw new ApiError(401, 'Unauthorized: a valid bearer token is required');
			if (rateLimited(method, path)) throw new ApiError(429, 'Too many requests: rate limit exceeded');
			const subdomain = one(query, 'subdomain');
			if (!subdomain) throw new ApiError(400, 'subdomain is required');
			if (subdomain !== options.subdomain) throw new ApiError(403, `Not authorized for institution "${subdomain}"`);
			const fault = faults.find(
				(f) => f.left > 0 && (!f.method || f.method === method) && (!f.path || f.path.test(path)),
			);
			if (fault) {
				fault.left--;
				throw new ApiError(
					fault.status,
					fault.status === 429 ? 'Too many requests: rate limit exceeded' : 'Injected fault',
				);
			}
			for (const route of routes) {
				if (route.method !== method) continue;
				const m = route.pattern.exec(path);
				if (!m) continue;
				let body: Record<string, unknown> = {};
				if (raw) {
					try {
						body = JSON.parse(raw) as Record<string, unknown>;
					} catch {
						throw new ApiError(400, 'The body is not valid JSON');
					}
				}
				const [status, out] = await route.handler(query, body, m.groups ?? {});
				return answer(status, out);
			}
			throw new ApiError(404, `No route ${method} ${path}`);
		} catch (error) {
			if (error instanceof ApiError) return answer(error.status, { message: error.message });
			return answer(500, { message: 'Internal server error' });
		}
	}

	const server = createServer((req, res) => void handle(req, res));
	await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		store,
		requests,
		deliveries,
		get tokensIssued() {
			return tokensIssued;
		},
		fault: (f) => faults.push({ ...f, left: f.times ?? 1 }),
		async syncWrites() {
			await Promise.all([...pending].map((id) => writeToEhr(id)));
		},
		async settled() {
			while (inflight.size || timers.size) {
				await Promise.all([...inflight]);
				if (timers.size && !inflight.size) await new Promise((r) => setTimeout(r, 10));
			}
		},
		async close() {
			closed = true;
			for (const t of timers) clearTimeout(t);
			timers.clear();
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
	};
}
