/**
 * A loopback OpenAI Chat Completions API (/v1) played by a scripted model, for proving that an n8n
 * AI Agent runs Chairside's tools without a real model: what n8n's OpenAI Chat Model node calls
 * (GET /v1/models for the model list and the credential test, POST /v1/chat/completions, plain or
 * streamed as server-sent chunks), Bearer auth, OpenAI's response and error shapes, and the
 * request checks OpenAI makes on a conversation. A test queues turns (say / call a tool / echo the
 * last tool result) and reads back every request, tool results included. Speaks Chat Completions
 * only: n8n's OpenAI Chat Model 1.3 must have "Use Responses API" off. Bound to 127.0.0.1 only.
 *
 * Control (no auth): POST /_sim/script {turns, match?}, GET|DELETE /_sim/script,
 * GET|DELETE /_sim/requests, GET /_sim/tool-results, POST /_sim/fault {status, times?}.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chunks, completion, completionId, validateRequest } from './completions';
import { errors, OpenAiError } from './errors';
import { messageText, reply, turnContext, type ChatRequest, type JsonTurn, type Script, type Turn } from './script';
import { SANDBOX_LLM } from './defaults';
import { readBody } from '../read-body';

export type { Turn, JsonTurn, ToolCallSpec, ChatRequest, ChatMessage, TurnContext } from './script';
export { SANDBOX_LLM, openAiCredential, SANDBOX_COORDINATOR_DOOR, coordinatorDoorCredentials } from './defaults';

export interface LlmSimulatorOptions {
	/** Default SANDBOX_LLM.apiKey. */
	apiKey?: string;
	/** Model ids served by GET /v1/models and accepted by chat completions. */
	models?: string[];
	/** Default 0: an ephemeral port. */
	port?: number;
	/** Default real time; the `created` field of models and completions. */
	now?: () => Date;
}

export interface LlmRequestRecord {
	at: string;
	method: string;
	path: string;
	status: number;
	/** The parsed JSON body (the raw text when it was not JSON); null for a GET. */
	body: unknown;
	/** Whether the chat call asked for a stream. */
	stream: boolean;
	/** Which script answered (its index) and which of its turns; null when none did. */
	script: number | null;
	turn: number | null;
	/** What was answered: the completion (a stream folded into one), or OpenAI's error body. */
	response: unknown;
}

export interface ToolResult {
	toolCallId: string;
	/** The tool the assistant called, from the assistant message that asked. */
	name: string;
	args: unknown;
	/** The tool message's text as the client sent it. */
	content: string;
	/** content parsed as JSON, or undefined when it is not JSON. */
	json: unknown;
}

export interface LlmFault {
	status: 429 | 500 | 503;
	/** Default 1. */
	times?: number;
}

export interface LlmSimulator {
	/** e.g. http://127.0.0.1:40123 (control endpoints under /_sim). */
	url: string;
	/** The credential's Base URL: url + "/v1". */
	baseUrl: string;
	port: number;
	apiKey: string;
	models: string[];
	/** Queues a script; `match` limits it to conversations whose user text contains it. */
	script(turns: Turn[], options?: { match?: string }): void;
	/** Drops every script. */
	reset(): void;
	/** Turns not answered yet, over all scripts. */
	pendingTurns(): number;
	requests: LlmRequestRecord[];
	/** The /chat/completions requests only. */
	chatRequests(): LlmRequestRecord[];
	/** Every tool result the client fed back (role "tool" messages), once each, in order. */
	toolResults(): ToolResult[];
	fault(f: LlmFault): void;
	close(): Promise<void>;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

export async function startLlmSimulator(options: LlmSimulatorOptions = {}): Promise<LlmSimulator> {
	const apiKey = options.apiKey ?? SANDBOX_LLM.apiKey;
	const models = options.models ?? [...SANDBOX_LLM.models];
	const now = options.now ?? (() => new Date());
	const epoch = () => Math.floor(now().getTime() / 1000);
	const scripts: Script[] = [];
	const requests: LlmRequestRecord[] = [];
	const faults: Array<{ status: number; left: number }> = [];

	const addScript = (turns: Turn[], match?: string): void => {
		if (!Array.isArray(turns) || !turns.length) throw errors.script('a script needs at least one turn');
		scripts.push({ turns, used: 0, ...(match ? { match } : {}) });
	};

	/** The first script with turns left whose match fits the conversation. */
	const pickScript = (userText: string): number => {
		const text = userText.toLowerCase();
		return scripts.findIndex((s) => s.used < s.turns.length && (!s.match || text.includes(s.match.toLowerCase())));
	};

	const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
		res.writeHead(status, { ...JSON_HEADERS, ...headers });
		res.end(JSON.stringify(body));
	};

	const authorize = (req: IncomingMessage): void => {
		const header = req.headers.authorization;
		const match = typeof header === 'string' ? /^Bearer\s+(.*)$/i.exec(header.trim()) : null;
		if (!match || !match[1]) throw errors.noKey();
		if (match[1] !== apiKey) throw errors.wrongKey(match[1]);
	};

	const modelJson = (id: string) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'system' });

	const control = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
		const method = req.method ?? 'GET';
		if (path === '/_sim/script' && method === 'POST') {
			const body = JSON.parse((await readBody(req)).toString('utf8') || '{}') as { turns?: JsonTurn[]; match?: string };
			addScript(body.turns as Turn[], body.match);
			return send(res, 200, { scripts: scripts.length, pending: pending() });
		}
		if (path === '/_sim/script' && method === 'GET') {
			return send(res, 200, {
				scripts: scripts.map((s) => ({
					match: s.match ?? null,
					used: s.used,
					turns: s.turns.filter((t) => typeof t !== 'function'),
				})),
			});
		}
		if (path === '/_sim/script' && method === 'DELETE') {
			scripts.length = 0;
			return send(res, 200, { scripts: 0 });
		}
		if (path === '/_sim/requests' && method === 'GET') return send(res, 200, { requests });
		if (path === '/_sim/requests' && method === 'DELETE') {
			requests.length = 0;
			return send(res, 200, { requests: 0 });
		}
		if (path === '/_sim/tool-results' && method === 'GET') return send(res, 200, { toolResults: toolResults() });
		if (path === '/_sim/fault' && method === 'POST') {
			const body = JSON.parse((await readBody(req)).toString('utf8') || '{}') as LlmFault;
			fault(body);
			return send(res, 200, { faults: faults.length });
		}
		throw errors.invalidUrl(method, path);
	};

	const pending = (): number => scripts.reduce((n, s) => n + s.turns.length - s.used, 0);

	const fault = (f: LlmFault): void => {
		if (![429, 500, 503].includes(f.status))
			throw errors.script(`fault status must be 429, 500 or 503, not ${f.status}`);
		faults.push({ status: f.status, left: f.times ?? 1 });
	};

	const chat = async (req: IncomingMessage, res: ServerResponse, record: LlmRequestRecord): Promise<void> => {
		const raw = (await readBody(req)).toString('utf8');
		let body: unknown;
		try {
			body = JSON.parse(raw);
		} catch {
			record.body = raw;
			throw errors.badJson();
		}
		record.body = body;
		const request = validateRequest(body, models);
		record.stream = request.stream === true;
		const injected = faults[0];
		if (injected) {
			if (--injected.left <= 0) faults.shift();
			throw injected.status === 429
				? errors.rateLimited(request.model)
				: injected.status === 500
					? errors.server()
					: errors.overloaded();
		}
		const ctx = turnContext(request);
		const index = pickScript(ctx.userText);
		if (index < 0)
			throw errors.script(
				`no turn left for this conversation (user text: ${JSON.stringify(ctx.userText.slice(0, 200))})`,
			);
		const script = scripts[index];
		const turn = script.turns[script.used];
		const answer = reply(turn, ctx);
		script.used++;
		record.script = index;
		record.turn = script.used - 1;
		const created = epoch();
		const id = completionId();
		const whole = completion(request, answer, created, id);
		record.response = whole;
		const headers = {
			'x-request-id': `req_${id.slice(9)}`,
			'openai-processing-ms': '12',
			'openai-version': '2020-10-01',
			'openai-organization': 'org-sandbox',
		};
		if (!request.stream) return send(res, 200, whole, headers);
		res.writeHead(200, {
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-cache',
			connection: 'keep-alive',
			...headers,
		});
		for (const chunk of chunks(request, answer, created, id)) res.write(`data: ${JSON.stringify(chunk)}\n\n`);
		res.end('data: [DONE]\n\n');
	};

	const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const path = url.pathname.replace(/\/+$/, '') || '/';
		const method = req.method ?? 'GET';
		if (path.startsWith('/_sim/')) return control(req, res, path);
		const record: LlmRequestRecord = {
			at: now().toISOString(),
			method,
			path,
			status: 200,
			body: null,
			stream: false,
			script: null,
			turn: null,
			response: null,
		};
		requests.push(record);
		try {
			authorize(req);
			if (method === 'GET' && path === '/v1/models') {
				record.response = { object: 'list', data: models.map(modelJson) };
				return send(res, 200, record.response);
			}
			const one = /^\/v1\/models\/([^/]+)$/.exec(path);
			if (method === 'GET' && one) {
				const id = decodeURIComponent(one[1]);
				if (!models.includes(id)) throw errors.unknownModel(id);
				record.response = modelJson(id);
				return send(res, 200, record.response);
			}
			if (method === 'POST' && path === '/v1/chat/completions') return await chat(req, res, record);
			throw errors.invalidUrl(method, path);
		} catch (error) {
			const failure = error instanceof OpenAiError ? error : errors.server();
			record.status = failure.status;
			record.response = failure.body();
			if (!res.headersSent)
				send(res, failure.status, failure.body(), failure.status === 429 ? { 'retry-after': '0' } : {});
			else res.end();
		}
	};

	const server = createServer((req, res) => {
		handle(req, res).catch((error: Error) => {
			// Control endpoints: a bad script is the test's mistake, answered in OpenAI's error shape too.
			const failure = error instanceof OpenAiError ? error : errors.script(error.message);
			if (!res.headersSent) send(res, failure.status, failure.body());
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	const url = `http://127.0.0.1:${port}`;

	const chatRequests = () => requests.filter((r) => r.path === '/v1/chat/completions');

	const toolResults = (): ToolResult[] => {
		const seen = new Map<string, ToolResult>();
		for (const record of chatRequests()) {
			const messages = ((record.body as ChatRequest | null)?.messages ?? []) as ChatRequest['messages'];
			if (!Array.isArray(messages)) continue;
			const calls = new Map<string, { name: string; arguments: string }>();
			for (const m of messages) {
				for (const c of m.tool_calls ?? []) calls.set(c.id, c.function);
				if (m.role !== 'tool' || typeof m.tool_call_id !== 'string' || seen.has(m.tool_call_id)) continue;
				const content = messageText(m.content);
				const call = calls.get(m.tool_call_id);
				seen.set(m.tool_call_id, {
					toolCallId: m.tool_call_id,
					name: call?.name ?? '',
					args: parse(call?.arguments),
					content,
					json: parse(content),
				});
			}
		}
		return [...seen.values()];
	};

	return {
		url,
		baseUrl: `${url}/v1`,
		port,
		apiKey,
		models,
		script: (turns, opts = {}) => addScript(turns, opts.match),
		reset: () => {
			scripts.length = 0;
		},
		pendingTurns: pending,
		requests,
		chatRequests,
		toolResults,
		fault,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

function parse(text: string | undefined): unknown {
	if (text === undefined) return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}
