/**
 * A plain fetch HttpClient for NexHealth in tests and benchmarks: what n8n's request helper and the
 * NexHealth credential are to the nodes (a token from POST /authenticates, a new one after a 401).
 */
import type { HttpClient } from '../../core/pms/http';

export function nexFetchClient(baseUrl: string, apiKey: string): HttpClient & { tokens: () => number } {
	let token = '';
	let issued = 0;
	const authenticate = async (version: string) => {
		const response = await fetch(`${baseUrl}/authenticates`, {
			method: 'POST',
			headers: { Authorization: apiKey, 'Nex-Api-Version': version },
		});
		const body = (await response.json()) as { data?: { token?: string } };
		token = body.data?.token ?? '';
		issued++;
	};
	const client = async ({ method, path, query, body, headers }: Parameters<HttpClient>[0]) => {
		const target = new URL(baseUrl + path);
		for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) target.searchParams.set(k, String(v));
		const version = headers?.['Nex-Api-Version'] ?? '';
		for (let attempt = 0; ; attempt++) {
			if (!token) await authenticate(version);
			const response = await fetch(target, {
				method,
				headers: { ...headers, Authorization: `Bearer ${token}` },
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			const text = await response.text();
			if (response.status === 401 && attempt === 0) {
				token = '';
				continue;
			}
			try {
				return { status: response.status, body: JSON.parse(text) as unknown };
			} catch {
				return { status: response.status, body: text };
			}
		}
	};
	return Object.assign(client, { tokens: () => issued });
}
