/**
 * A loopback Open Dental REST API (api/v1) serving the synthetic practice, for the demo, the
 * tests and the benchmarks. It follows Open Dental's published pages (opendental.com/site/api*.html),
 * never Chairside's client: each route in routes.ts cites the page and version it follows, and
 * where the pages are silent it says so and does what is hardest on a client. docs/open-dental.md
 * has the fidelity table. The ODFHIR auth header, Content-Type, Limit/Offset paging, the remote
 * throttle, plain-text errors, DateTStamp/serverDateTime polling, an older version's missing
 * filters, and faults a test injects. Bound to 127.0.0.1 only: it serves synthetic PHI-shaped data.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import type { Practice } from '../practice/types';
import { type Body, HttpError, type Query } from './params';
import { type Context, parseVersion, ROUTES } from './routes';
import { type Commlog, Store } from './store';
import { readBody } from '../read-body';

export type { Commlog } from './store';

export interface OpenDentalSimulatorOptions {
	practice: Practice;
	developerKey: string;
	customerKey: string;
	/**
	 * remote: 100 rows a page and the throttle; local (the Local API): 1000 rows (apiimplementation.html).
	 * service (the API Service): its page size is not documented; 500 here, a size no client should guess.
	 */
	mode?: 'remote' | 'local' | 'service';
	/**
	 * The Open Dental version answered as the ProgramVersion preference; default CURRENT_VERSION.
	 * Below a parameter's "Added in version" the parameter is ignored (all rows come back): see VERSIONED in routes.ts.
	 */
	version?: string;
	/**
	 * The office changed its broken-appointment setting so the API's Break accepts a breakType
	 * (apiappointments.html). Default false: an office on default settings refuses one.
	 */
	breakTypeAllowed?: boolean;
	/** Remote only, per customer key: readWrite 1 request/s, readOnly 1 per 5 s; more answers 429. */
	throttle?: 'off' | 'readWrite' | 'readOnly';
	/** Writes answer 401 as a key without the write permission does. */
	readOnlyKey?: boolean;
	/** The simulator's clock for serverDateTime and DateTStamp; default today 08:00 in the first clinic's zone, running. */
	now?: () => DateTime;
	/** Default 0: an ephemeral port. */
	port?: number;
}

export interface RequestRecord {
	method: string;
	/** Under the API root, e.g. "/appointments". */
	path: string;
	query: Record<string, string>;
	status: number;
}

export interface Fault {
	/** Tested against the path under the API root, e.g. /^\/appointments/. */
	path?: RegExp;
	method?: string;
	/** Omitted: a slow but normal answer after delayMs. 400 is Open Dental's answer when the office's eConnector or network fails. */
	status?: 400 | 401 | 429 | 500 | 503 | 504;
	/** Default 1. */
	times?: number;
	delayMs?: number;
	body?: string;
	/** The request is applied, then `status` is answered instead of the reply: a write whose answer was lost (a 504 after the work was done). */
	afterApply?: boolean;
}

export interface OpenDentalSimulator {
	/** e.g. http://127.0.0.1:40123/api/v1 */
	url: string;
	close(): Promise<void>;
	requests: RequestRecord[];
	fault(f: Fault): void;
	completeProcedure(procNum: number, date?: string): void;
	/** Charts a treatment-planned procedure for a patient; returns its ProcNum. */
	planProcedure(input: { patNum: number; code: string; description: string; fee: number; tooth?: string }): number;
	bookAppointment(input: {
		patNum: number;
		start: string;
		lengthMinutes: number;
		provNum: number;
		op: number;
		procNums?: number[];
	}): number;
	setAppointmentStatus(aptNum: number, status: 'Complete' | 'Broken'): void;
	state: { practice: Practice; commlogs: Commlog[] };
}

const API_ROOT = '/api/v1';
/** A current Open Dental release, the default version answered. */
export const CURRENT_VERSION = '25.3.40.0';
const PAGE_ROWS = { remote: 100, local: 1000, service: 500 } as const;
const THROTTLE_MS = { readWrite: 1000, readOnly: 5000 } as const;
const FAULT_TEXT: Readonly<Record<number, string>> = {
	// The wording is not documented; it names the eConnector as the explanations do (docs/open-dental.md).
	400: "The eConnector for this office could not be reached. Please check the office's eConnector and network connection.",
	401: 'Unauthorized. The customer key has been disabled.',
	429: 'Too many requests. Slow down and retry after the Retry-After interval.',
	500: 'Internal server error.',
	503: "Service unavailable. The office's eConnector is not responding.",
	504: 'Gateway timeout. The request took longer than 60 seconds to process.',
};

export async function startOpenDentalSimulator(options: OpenDentalSimulatorOptions): Promise<OpenDentalSimulator> {
	const { practice, developerKey, customerKey } = options;
	const mode = options.mode ?? 'remote';
	const throttle = mode === 'remote' ? (options.throttle ?? 'off') : 'off';
	const now = options.now ?? runningClock(practice);
	const store = new Store(practice, now);
	const version = parseVersion(options.version ?? CURRENT_VERSION);
	if (!version) throw new Error(`"${options.version}" is not an Open Dental version`);
	const ctx: Context = {
		store,
		maxRows: PAGE_ROWS[mode],
		version,
		breakTypeAllowed: options.breakTypeAllowed ?? false,
	};
	const requests: RequestRecord[] = [];
	const faults: Array<Fault & { left: number }> = [];
	const lastAccepted = new Map<string, number>();
	const timers = new Set<NodeJS.Timeout>();
	let baseUrl = '';

	const wait = (ms: number): Promise<void> =>
		new Promise((resolve) => {
			const timer = setTimeout(() => {
				timers.delete(timer);
				resolve();
			}, ms);
			timers.add(timer);
		});

	const takeFault = (method: string, path: string): Fault | undefined => {
		const i = faults.findIndex(
			(f) =>
				(f.method === undefined || f.method.toUpperCase() === method) && (f.path === undefined || f.path.test(path)),
		);
		if (i < 0) return undefined;
		const fault = faults[i];
		if (--fault.left <= 0) faults.splice(i, 1);
		return fault;
	};

	/** The request's verdict before any route runs: auth, permission, then the throttle, as Open Dental checks them. */
	const gate = (req: IncomingMessage, write: boolean): void => {
		const header = req.headers.authorization;
		if (!header)
			throw new HttpError(
				401,
				'Authorization header is missing. Send "Authorization: ODFHIR {DeveloperKey}/{CustomerKey}".',
			);
		const match = /^ODFHIR ([^/\s]+)\/([^/\s]+)$/.exec(header);
		if (!match)
			throw new HttpError(401, 'Authorization header is malformed. Expected "ODFHIR {DeveloperKey}/{CustomerKey}".');
		if (match[1] !== developerKey) throw new HttpError(401, 'Invalid developer key.');
		if (match[2] !== customerKey) throw new HttpError(401, 'Invalid customer key.');
		// apiimplementation.html: all API requests require "Content-Type: application/json". What Open
		// Dental does without it is not documented; refusing is the hardest answer for a client.
		if (!/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
			throw new HttpError(400, 'Content-Type must be "application/json".');
		if (write && options.readOnlyKey)
			throw new HttpError(
				401,
				'The customer key does not have permission for this method. Writes need a key with the "ApiWrite" permission.',
			);
		if (throttle === 'off') return;
		// The real clock, not the simulated one: Open Dental throttles wall time.
		const at = Date.now();
		const last = lastAccepted.get(match[2]);
		if (last !== undefined && at - last < THROTTLE_MS[throttle]) {
			throw new HttpError(
				429,
				`Too many requests. This customer key is limited to one request every ${THROTTLE_MS[throttle] / 1000} second(s).`,
			);
		}
		lastAccepted.set(match[2], at);
	};

	const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
		const raw = (await readBody(req)).toString('utf8');
		const method = (req.method ?? 'GET').toUpperCase();
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const path = url.pathname.startsWith(API_ROOT) ? url.pathname.slice(API_ROOT.length) || '/' : url.pathname;
		const query: Query = Object.fromEntries(url.searchParams);
		const record: RequestRecord = { method, path, query, status: 0 };
		requests.push(record);
		const send = (status: number, payload: string, headers: Record<string, string> = {}): void => {
			record.status = status;
			const type = status < 300 ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8';
			res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(payload), ...headers });
			res.end(payload);
		};
		const fault = takeFault(method, path);
		if (fault?.delayMs) await wait(fault.delayMs);
		if (fault?.status && !fault.afterApply) {
			send(fault.status, fault.body ?? FAULT_TEXT[fault.status], fault.status === 429 ? { 'retry-after': '1' } : {});
			return;
		}
		try {
			if (!url.pathname.startsWith(`${API_ROOT}/`))
				throw new HttpError(404, `Not found. The API lives under ${API_ROOT}.`);
			const candidates = ROUTES.filter((r) => r.pattern.test(path));
			if (candidates.length === 0) throw new HttpError(404, `Resource not found: ${path}`);
			const route = candidates.find((r) => r.method === method);
			gate(req, route?.write ?? method !== 'GET');
			if (!route) throw new HttpError(405, `Method ${method} is not allowed on ${path}.`);
			const reply = route.handler(ctx, {
				params: route.pattern.exec(path)?.groups ?? {},
				query,
				body: parseBody(raw, method),
			});
			if (fault?.status && fault.afterApply) {
				send(fault.status, fault.body ?? FAULT_TEXT[fault.status]);
				return;
			}
			send(reply.status, JSON.stringify(reply.json), reply.location ? { location: `${baseUrl}${reply.location}` } : {});
		} catch (error) {
			if (error instanceof HttpError)
				send(
					error.status,
					error.message,
					error.status === 429
						? { 'retry-after': String(THROTTLE_MS[throttle === 'off' ? 'readWrite' : throttle] / 1000) }
						: {},
				);
			else send(500, `Internal server error: ${(error as Error).message}`);
		}
	};

	const server = createServer((req, res) => {
		handle(req, res).catch((error: Error) => {
			if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
			res.end(`Internal server error: ${error.message}`);
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
	});
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${API_ROOT}`;

	return {
		url: baseUrl,
		requests,
		state: { practice, commlogs: store.commlogs },
		close: () =>
			new Promise<void>((resolve, reject) => {
				for (const timer of timers) clearTimeout(timer);
				server.close((error) => (error ? reject(error) : resolve()));
				server.closeAllConnections();
			}),
		fault: (f) => {
			faults.push({ ...f, left: f.times ?? 1 });
		},
		completeProcedure: (procNum, date) => store.completeProcedure(procNum, date),
		planProcedure: ({ patNum, code, description, fee, tooth }) => {
			const patient = store.patient(patNum);
			return store.planProcedure({
				PatNum: patNum,
				ProcCode: code,
				Descript: description,
				ProcFee: fee,
				ToothNum: tooth ?? '',
				ProvNum: patient.PriProv,
				ClinicNum: patient.ClinicNum,
			}).ProcNum;
		},
		bookAppointment: ({ patNum, start, lengthMinutes, provNum, op, procNums }) => {
			const apt = store.createAppointment({
				PatNum: patNum,
				AptDateTime: start,
				lengthMinutes,
				ProvNum: provNum,
				Op: op,
			});
			store.attachProcedures(apt, procNums ?? []);
			return apt.AptNum;
		},
		setAppointmentStatus: (aptNum, status) => store.setAppointmentStatus(aptNum, status),
	};
}

/** Today 08:00 in the first clinic's zone, then advancing with real time. */
function runningClock(practice: Practice): () => DateTime {
	const zone = practice.clinics[0]?.timezone ?? 'utc';
	const start = DateTime.fromISO(`${practice.options.today}T08:00:00`, { zone });
	const startedAt = Date.now();
	return () => start.plus({ milliseconds: Date.now() - startedAt });
}

function parseBody(raw: string, method: string): Body {
	if (method === 'GET' || method === 'DELETE') return {};
	if (raw.trim() === '') throw new HttpError(400, 'A JSON body is required.');
	let body: unknown;
	try {
		body = JSON.parse(raw);
	} catch {
		throw new HttpError(400, 'The body is not valid JSON.');
	}
	if (typeof body !== 'object' || body === null || Array.isArray(body))
		throw new HttpError(400, 'The body must be a JSON object.');
	return body as Body;
}
