/**
 * Outgoing HTTP the way Twilio makes it: a form-encoded POST with X-Twilio-Signature and
 * I-Twilio-Idempotency-Token, from "TwilioProxy/1.1", given up on after 15 s. Only loopback
 * targets are ever contacted: the simulator must never send traffic off the machine.
 */
import { request } from 'node:http';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';

export interface Delivery {
	status: number;
	body: string;
	contentType: string | null;
}

export interface WebhookRecord {
	kind: 'status-callback' | 'inbound';
	url: string;
	params: Record<string, string>;
	idempotencyToken: string;
	/** The receiver's HTTP status; null when nothing was sent or no answer came. */
	status: number | null;
	/** Why nothing was sent (a non-loopback URL) or why the delivery failed. */
	error: string | null;
	at: string;
}

/** Twilio's webhook timeout (error 11205 on its side). */
export const WEBHOOK_TIMEOUT_MS = 15000;

export function isLoopbackUrl(url: string): boolean {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return false;
	}
	if (parsed.protocol !== 'http:') return false;
	const host = parsed.hostname;
	return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** The signature Twilio sends; a forged one is an HMAC under the wrong key, so it looks just as real. */
export function signature(authToken: string, url: string, params: Record<string, string>, forge = false): string {
	return getExpectedTwilioSignature(forge ? `forged-${authToken}` : authToken, url, params);
}

export function postForm(
	url: string,
	params: Record<string, string>,
	headers: Record<string, string>,
): Promise<Delivery> {
	if (!isLoopbackUrl(url))
		return Promise.reject(
			new Error(`Refusing to contact ${url}: the simulator only talks to http://127.0.0.1 or localhost.`),
		);
	const payload = new URLSearchParams(params).toString();
	return new Promise((resolve, reject) => {
		// agent: false, so no keep-alive socket outlives the delivery and holds a test runner open.
		const req = request(
			url,
			{
				method: 'POST',
				agent: false,
				timeout: WEBHOOK_TIMEOUT_MS,
				headers: {
					'content-type': 'application/x-www-form-urlencoded',
					'content-length': Buffer.byteLength(payload),
					'user-agent': 'TwilioProxy/1.1',
					accept: '*/*',
					'cache-control': 'max-age=259200',
					'x-home-region': 'us1',
					...headers,
				},
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						body: Buffer.concat(chunks).toString('utf8'),
						contentType: res.headers['content-type'] ?? null,
					}),
				);
				res.on('error', reject);
			},
		);
		req.on('timeout', () =>
			req.destroy(new Error(`${url} did not answer within ${WEBHOOK_TIMEOUT_MS / 1000} s (Twilio error 11205).`)),
		);
		req.on('error', reject);
		req.end(payload);
	});
}
