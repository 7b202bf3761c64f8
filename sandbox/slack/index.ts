/**
 * A loopback Slack incoming webhook for the demo and the tests: what Slack documents in "Sending
 * messages using incoming webhooks" (https://api.slack.com/messaging/webhooks) and its "Handling
 * errors" section (https://api.slack.com/messaging/webhooks#handling_errors):
 *
 *   POST https://hooks.slack.com/services/T.../B.../<secret> with a JSON body (Content-type:
 *   application/json) carrying `text` (mrkdwn) and/or `blocks`; the legacy form encoding
 *   `payload=<json>` is accepted too. Success is HTTP 200 with the body `ok`. Errors are plain-text
 *   words with an HTTP status: 400 invalid_payload (not understandable as sent), 400 no_text (no
 *   text and no blocks), 404 no_service (the webhook is disabled, removed or invalid), and the
 *   channel's own (410 channel_is_archived, 403 action_prohibited) a test can inject.
 *
 * Bound to 127.0.0.1 only; it posts nowhere, it keeps each message.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import { readBody } from '../read-body';

export interface SlackPost {
	/** The webhook path that received it (/services/T.../B.../...). */
	path: string;
	text: string | null;
	blocks: unknown[] | null;
	/** The simulator's clock when it arrived, ISO. */
	at: string;
}

export type SlackError = 'invalid_payload' | 'no_text' | 'no_service' | 'channel_is_archived' | 'action_prohibited';

const STATUS: Record<SlackError, number> = {
	invalid_payload: 400,
	no_text: 400,
	no_service: 404,
	channel_is_archived: 410,
	action_prohibited: 403,
};

export interface SlackSimulatorOptions {
	port?: number;
	now?: () => DateTime;
}

export interface SlackSimulator {
	/** http://127.0.0.1:<port> */
	url: string;
	/** A new incoming-webhook URL, as Slack gives one when an app is added to a channel. */
	webhook(channel?: string): string;
	/** Messages accepted, in order. */
	posts: SlackPost[];
	/** The channel a webhook posts to. */
	channelOf(url: string): string | null;
	/** The next `times` posts to any webhook answer `error`. */
	fail(error: SlackError, times?: number): void;
	setNow(now: DateTime): void;
	close(): Promise<void>;
}

export async function startSlackSimulator(options: SlackSimulatorOptions = {}): Promise<SlackSimulator> {
	let clock = options.now ?? (() => DateTime.utc());
	const hooks = new Map<string, string>();
	const posts: SlackPost[] = [];
	const faults: SlackError[] = [];
	let count = 0;

	const answer = (res: http.ServerResponse, status: number, body: string) => {
		res.writeHead(status, { 'content-type': 'text/html' });
		res.end(body);
	};

	const server = http.createServer(async (req, res) => {
		const path = (req.url ?? '').split('?')[0];
		const body = (await readBody(req)).toString('utf8');
		if (req.method === 'GET' && path === '/sandbox/posts') {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify(posts));
			return;
		}
		if (req.method !== 'POST' || !hooks.has(path)) return answer(res, 404, 'no_service');
		const fault = faults.shift();
		if (fault) return answer(res, STATUS[fault], fault);
		let payload: unknown;
		try {
			const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
			payload =
				type === 'application/x-www-form-urlencoded'
					? JSON.parse(new URLSearchParams(body).get('payload') ?? '')
					: JSON.parse(body);
		} catch {
			return answer(res, 400, 'invalid_payload');
		}
		if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return answer(res, 400, 'invalid_payload');
		const { text, blocks } = payload as { text?: unknown; blocks?: unknown };
		if ((text !== undefined && typeof text !== 'string') || (blocks !== undefined && !Array.isArray(blocks)))
			return answer(res, 400, 'invalid_payload');
		const hasText = typeof text === 'string' && text.trim() !== '';
		const hasBlocks = Array.isArray(blocks) && blocks.length > 0;
		if (!hasText && !hasBlocks) return answer(res, 400, 'no_text');
		posts.push({
			path,
			text: hasText ? (text as string) : null,
			blocks: hasBlocks ? (blocks as unknown[]) : null,
			at: clock().toUTC().toISO() as string,
		});
		answer(res, 200, 'ok');
	});
	await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		url,
		posts,
		webhook(channel = '#front-desk') {
			count += 1;
			const path = `/services/TSANDBOX01/B${String(count).padStart(8, '0')}/sandbox${count}secret`;
			hooks.set(path, channel);
			return `${url}${path}`;
		},
		channelOf(hook) {
			return hooks.get(hook.replace(url, '')) ?? null;
		},
		fail(error, times = 1) {
			for (let i = 0; i < times; i++) faults.push(error);
		},
		setNow(now) {
			clock = () => now;
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
