/**
 * HTTP as the PMS adapters see it: injected, so core/ never imports n8n or a network library.
 * The node passes n8n's authenticated request helper; tests pass a simulator or a fake.
 */
export interface HttpRequest {
	method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
	/** Path under the API base, e.g. "/procedurelogs". */
	path: string;
	query?: Record<string, string | number | undefined>;
	body?: unknown;
	/** Set by the transport (Content-Type on every request); the client passes them on. */
	headers?: Record<string, string>;
}

export interface HttpResponse {
	status: number;
	body: unknown;
}

export type HttpClient = (request: HttpRequest) => Promise<HttpResponse>;

/** The clock and the wait, injected so throttling and back-off run in simulated time in tests. */
export interface Timing {
	/** Milliseconds, monotonic enough for spacing requests. */
	now(): number;
	sleep(ms: number): Promise<void>;
}

/** An answer from the PMS that is not a success: status, the PMS's own explanation, the path (no patient data). */
export class PmsApiError extends Error {
	constructor(
		readonly status: number,
		readonly explanation: string,
		readonly path: string,
		readonly attempts: number,
	) {
		super(`${describeStatus(status)} from ${path}${explanation ? `: ${explanation}` : ''}`);
		this.name = 'PmsApiError';
	}
}

function describeStatus(status: number): string {
	switch (status) {
		case 0:
			return 'No answer';
		case 400:
			return 'Bad request (400)';
		case 401:
			return 'Not authorised (401): check the developer and customer keys and their permissions';
		case 404:
			return 'Not found (404)';
		case 429:
			return 'Too many requests (429)';
		case 504:
			return 'The PMS took too long (504)';
		default:
			return `HTTP ${status}`;
	}
}
