import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Clock, START } from '../sim-clock';
import { startTwilioSimulator, type TwilioSimulator, type TwilioSimulatorOptions } from '../../../sandbox/twilio';

export { Clock, START };

export const ACCOUNT = 'AC11111111111111111111111111111111';
export const TOKEN = '22222222222222222222222222222222';
export const KEY = { sid: 'SK33333333333333333333333333333333', secret: 'key-secret-4444' };
export const SERVICE = 'MG55555555555555555555555555555555';
export const NUMBER = '+15125550100';
export const PATIENT = '+15125550123';

export async function start(
	overrides: Partial<TwilioSimulatorOptions> = {},
): Promise<{ sim: TwilioSimulator; clock: Clock }> {
	const clock = new Clock();
	const sim = await startTwilioSimulator({
		accountSid: ACCOUNT,
		authToken: TOKEN,
		apiKeys: [KEY],
		messagingServiceSid: SERVICE,
		phoneNumbers: [NUMBER],
		now: clock.now,
		...overrides,
	});
	return { sim, clock };
}

export function basic(user: string, pass: string): string {
	return `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
}

export const AUTH = basic(ACCOUNT, TOKEN);

export interface Answer<T> {
	status: number;
	body: T;
	headers: Headers;
}

export type Row = Record<string, unknown>;

export async function call<T = Row>(
	sim: TwilioSimulator,
	path: string,
	init: { method?: string; form?: Record<string, string>; auth?: string | null } = {},
): Promise<Answer<T>> {
	const headers: Record<string, string> = {};
	const auth = init.auth === undefined ? AUTH : init.auth;
	if (auth !== null) headers.Authorization = auth;
	if (init.form) headers['Content-Type'] = 'application/x-www-form-urlencoded';
	const res = await fetch(`${sim.url}${path}`, {
		method: init.method ?? (init.form ? 'POST' : 'GET'),
		headers,
		body: init.form ? new URLSearchParams(init.form).toString() : undefined,
	});
	return { status: res.status, body: (await res.json()) as T, headers: res.headers };
}

export const MESSAGES = `/2010-04-01/Accounts/${ACCOUNT}/Messages.json`;

export function send(sim: TwilioSimulator, form: Record<string, string>, auth?: string): Promise<Answer<Row>> {
	return call(sim, MESSAGES, { form, auth });
}

export interface Received {
	url: string;
	headers: IncomingHttpHeaders;
	params: Record<string, string>;
	raw: string;
}

/** A loopback receiver for status callbacks and inbound webhooks; answers with `reply`. */
export async function receiver(
	reply: { status: number; body: string; type: string } = { status: 200, body: '<Response/>', type: 'text/xml' },
) {
	const received: Received[] = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const raw = Buffer.concat(chunks).toString('utf8');
			received.push({
				url: req.url ?? '/',
				headers: req.headers,
				params: Object.fromEntries(new URLSearchParams(raw)),
				raw,
			});
			res.writeHead(reply.status, { 'content-type': reply.type });
			res.end(reply.body);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		base,
		received,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
