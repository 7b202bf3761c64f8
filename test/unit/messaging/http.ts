/** A fetch ProviderHttp for tests: what n8n's authenticated request helper is to the node. */
import type { Pause, ProviderHttp } from '../../../core/messaging/provider';

export function fetchHttp(authorization: () => string, log: Array<{ method: string; url: string }> = []): ProviderHttp {
	return async ({ method, url, query, form, json, headers }) => {
		const target = new URL(url);
		for (const [k, v] of Object.entries(query ?? {})) target.searchParams.set(k, v);
		log.push({ method, url: target.toString() });
		const h: Record<string, string> = { Authorization: authorization(), ...headers };
		let body: string | undefined;
		if (form) {
			h['Content-Type'] = 'application/x-www-form-urlencoded';
			body = new URLSearchParams(form).toString();
		} else if (json !== undefined) {
			h['Content-Type'] = 'application/json';
			body = JSON.stringify(json);
		}
		let response: Response;
		try {
			response = await fetch(target, { method, headers: h, body });
		} catch (error) {
			return { status: 0, body: (error as Error).message };
		}
		const text = await response.text();
		const responseHeaders: Record<string, string> = {};
		response.headers.forEach((v, k) => (responseHeaders[k] = v));
		try {
			return { status: response.status, body: JSON.parse(text) as unknown, headers: responseHeaders };
		} catch {
			return { status: response.status, body: text, headers: responseHeaders };
		}
	};
}

export const basic = (user: string, pass: string) => () => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

/** Instant, recorded waits; the dice always land in the middle. */
export function fakePause(): Pause & { sleeps: number[] } {
	const sleeps: number[] = [];
	return { sleeps, sleep: async (ms: number) => void sleeps.push(ms), random: () => 0.5 };
}
