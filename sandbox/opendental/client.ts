/** A plain fetch HttpClient for tests and benchmarks: what n8n's request helper is to the nodes. */
import type { HttpClient } from '../../core/pms/http';

export function fetchClient(baseUrl: string, authorization: string): HttpClient {
	return async ({ method, path, query, body, headers }) => {
		const target = new URL(baseUrl + path);
		for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) target.searchParams.set(k, String(v));
		const response = await fetch(target, {
			method,
			// Only what the caller sets (the transport sets Content-Type): the simulator checks it.
			headers: { Authorization: authorization, ...headers },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		try {
			return { status: response.status, body: JSON.parse(text) as unknown };
		} catch {
			// Open Dental answers errors in plain text
			return { status: response.status, body: text };
		}
	};
}
