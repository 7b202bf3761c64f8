/** The chat simulator speaks OpenAI's wire protocol: models, auth, completion and chunk shapes, request checks. */
import { startLlmSimulator, type LlmSimulator } from '../../../sandbox/llm';
import { SANDBOX_LLM, openAiCredential } from '../../../sandbox/llm/defaults';
import { call, chat, events } from './helpers';

let sim: LlmSimulator;
beforeEach(async () => {
	sim = await startLlmSimulator({ now: () => new Date('2026-11-23T14:00:00Z') });
});
afterEach(() => sim.close());

describe('the chat simulator as OpenAI', () => {
	it('binds to loopback and serves /v1; the sandbox credential points n8n there', () => {
		expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(sim.baseUrl).toBe(`${sim.url}/v1`);
		expect(openAiCredential(sim.baseUrl)).toMatchObject({
			type: 'openAiApi',
			data: { apiKey: SANDBOX_LLM.apiKey, url: sim.baseUrl },
		});
	});

	it('lists its models as GET /v1/models does (the model picker and the credential test), and one by id', async () => {
		const list = await call(sim, '/v1/models');
		expect(list.status).toBe(200);
		expect(list.body).toEqual({
			object: 'list',
			data: SANDBOX_LLM.models.map((id) => ({ id, object: 'model', created: expect.any(Number), owned_by: 'system' })),
		});
		expect((await call(sim, '/v1/models/gpt-4o-mini')).body).toMatchObject({ id: 'gpt-4o-mini', object: 'model' });
		const missing = await call(sim, '/v1/models/gpt-9');
		expect(missing.status).toBe(404);
		expect(missing.body.error).toMatchObject({ code: 'model_not_found', type: 'invalid_request_error' });
	});

	it('refuses a missing or wrong key with 401 and OpenAI error bodies', async () => {
		const none = await call(sim, '/v1/models', { key: null });
		expect(none.status).toBe(401);
		expect(none.body).toEqual({
			error: {
				message: expect.stringMatching(/^You didn't provide an API key/),
				type: 'invalid_request_error',
				param: null,
				code: null,
			},
		});
		const wrong = await call(sim, '/v1/chat/completions', {
			key: 'sk-proj-wrongwrongwrongwrong1234',
			body: chat([{ role: 'user', content: 'hi' }]),
		});
		expect(wrong.status).toBe(401);
		expect(wrong.body).toEqual({
			error: {
				message: expect.stringMatching(/^Incorrect API key provided: sk-proj-\*+1234\./),
				type: 'invalid_request_error',
				param: null,
				code: 'invalid_api_key',
			},
		});
		expect(sim.requests.map((r) => r.status)).toEqual([401, 401]);
	});

	it('answers a tool call in the chat.completion shape: finish_reason tool_calls, arguments a JSON string, usage', async () => {
		sim.script([{ toolCall: { name: 'Find openings', args: { day: 'Tuesday' } } }]);
		const answer = await call(sim, '/v1/chat/completions', {
			body: chat([
				{ role: 'system', content: 'You coordinate.' },
				{ role: 'user', content: 'When can I come in?' },
			]),
		});
		expect(answer.status).toBe(200);
		expect(answer.headers.get('x-request-id')).toMatch(/^req_/);
		expect(answer.body).toEqual({
			id: expect.stringMatching(/^chatcmpl-/),
			object: 'chat.completion',
			created: Date.parse('2026-11-23T14:00:00Z') / 1000,
			model: 'gpt-4.1-mini',
			choices: [
				{
					index: 0,
					message: {
						role: 'assistant',
						content: null,
						tool_calls: [
							{
								id: expect.stringMatching(/^call_\w{24}$/),
								type: 'function',
								function: { name: 'Find_openings', arguments: '{"day":"Tuesday"}' },
							},
						],
						refusal: null,
						annotations: [],
					},
					logprobs: null,
					finish_reason: 'tool_calls',
				},
			],
			usage: expect.objectContaining({
				prompt_tokens: expect.any(Number),
				completion_tokens: expect.any(Number),
				total_tokens: expect.any(Number),
			}),
			service_tier: 'default',
			system_fingerprint: expect.any(String),
		});
		const { usage } = answer.body;
		expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
	});

	it('answers text with finish_reason stop and no tool_calls key', async () => {
		sim.script([{ say: 'Tuesday at 9 works.' }]);
		const answer = await call(sim, '/v1/chat/completions', { body: chat([{ role: 'user', content: 'hi' }]) });
		expect(answer.body.choices[0]).toEqual({
			index: 0,
			message: { role: 'assistant', content: 'Tuesday at 9 works.', refusal: null, annotations: [] },
			logprobs: null,
			finish_reason: 'stop',
		});
	});

	it('streams text as chat.completion.chunk events, with the usage chunk when asked, then [DONE]', async () => {
		sim.script([{ say: 'Tuesday at 9 works.' }]);
		const answer = await call(sim, '/v1/chat/completions', {
			body: chat([{ role: 'user', content: 'hi' }], { stream: true, stream_options: { include_usage: true } }),
		});
		expect(answer.headers.get('content-type')).toMatch(/^text\/event-stream/);
		const all = events(answer.text);
		expect(all.at(-1)).toBe('[DONE]');
		const parts = all.slice(0, -1) as any[];
		expect(new Set(parts.map((p) => p.id)).size).toBe(1);
		expect(parts.every((p) => p.object === 'chat.completion.chunk')).toBe(true);
		expect(parts[0].choices[0].delta).toMatchObject({ role: 'assistant' });
		const text = parts
			.flatMap((p) => p.choices)
			.map((c: any) => c.delta.content ?? '')
			.join('');
		expect(text).toBe('Tuesday at 9 works.');
		expect(parts.at(-2).choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
		expect(parts.at(-1)).toMatchObject({ choices: [], usage: { total_tokens: expect.any(Number) } });
		expect(parts.slice(0, -1).every((p) => p.usage === null)).toBe(true);
		expect(sim.chatRequests()[0]).toMatchObject({
			stream: true,
			response: { choices: [{ message: { content: 'Tuesday at 9 works.' } }] },
		});
	});

	it('streams a tool call as an id/name delta then argument fragments that join to the JSON', async () => {
		sim.script([
			{ toolCall: { name: 'book', args: { start: '2026-11-24T09:00:00-06:00', note: 'a fairly long note to split' } } },
		]);
		const answer = await call(sim, '/v1/chat/completions', {
			body: chat([{ role: 'user', content: 'book it' }], { stream: true }),
		});
		const parts = events(answer.text).slice(0, -1) as any[];
		expect(parts.some((p) => 'usage' in p)).toBe(false);
		const deltas = parts.flatMap((p) => p.choices[0].delta.tool_calls ?? []);
		expect(deltas[0]).toEqual({
			index: 0,
			id: expect.stringMatching(/^call_/),
			type: 'function',
			function: { name: 'Book', arguments: '' },
		});
		expect(deltas.length).toBeGreaterThan(2);
		expect(JSON.parse(deltas.map((d: any) => d.function.arguments).join(''))).toEqual({
			start: '2026-11-24T09:00:00-06:00',
			note: 'a fairly long note to split',
		});
		expect(parts.at(-1).choices[0].finish_reason).toBe('tool_calls');
	});

	it.each([
		['no model', { messages: [{ role: 'user', content: 'x' }] }, 400, 'you must provide a model parameter'],
		['no messages', { model: 'gpt-4.1-mini' }, 400, "Missing required parameter: 'messages'."],
		['empty messages', { model: 'gpt-4.1-mini', messages: [] }, 400, "Invalid 'messages': empty array"],
		[
			'unknown model',
			{ model: 'gpt-9', messages: [{ role: 'user', content: 'x' }] },
			404,
			'The model `gpt-9` does not exist',
		],
		[
			'bad role',
			{ model: 'gpt-4.1-mini', messages: [{ role: 'robot', content: 'x' }] },
			400,
			"Invalid value for 'messages[0].role'",
		],
		[
			'bad tool name',
			{
				model: 'gpt-4.1-mini',
				messages: [{ role: 'user', content: 'x' }],
				tools: [{ type: 'function', function: { name: 'Find openings' } }],
			},
			400,
			"Invalid value for 'tools[0].function.name'",
		],
		[
			'orphan tool message',
			{
				model: 'gpt-4.1-mini',
				messages: [
					{ role: 'user', content: 'x' },
					{ role: 'tool', tool_call_id: 'call_1', content: '[]' },
				],
			},
			400,
			"messages with role 'tool' must be a response",
		],
		[
			'unanswered tool call',
			{
				model: 'gpt-4.1-mini',
				messages: [
					{ role: 'user', content: 'x' },
					{
						role: 'assistant',
						content: null,
						tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'Book', arguments: '{}' } }],
					},
					{ role: 'user', content: 'y' },
				],
			},
			400,
			'The following tool_call_ids did not have response messages: call_1',
		],
	])('refuses %s as OpenAI does', async (_what, body, status, message) => {
		sim.script([{ say: 'never' }]);
		const answer = await call(sim, '/v1/chat/completions', { body });
		expect(answer.status).toBe(status);
		expect(answer.body.error.message).toContain(message);
		expect(answer.body.error).toHaveProperty('type', 'invalid_request_error');
		expect(sim.pendingTurns()).toBe(1);
	});

	it('refuses a body that is not JSON, and an unknown path, in OpenAI words', async () => {
		const bad = await call(sim, '/v1/chat/completions', { raw: '{"model":' });
		expect(bad.status).toBe(400);
		expect(bad.body.error.message).toMatch(/^We could not parse the JSON body/);
		const responses = await call(sim, '/v1/responses', { body: { model: 'gpt-4.1-mini', input: 'hi' } });
		expect(responses.status).toBe(404);
		expect(responses.body.error.message).toBe('Invalid URL (POST /v1/responses)');
	});

	it('injects 429 and 5xx faults in OpenAI shapes before the script answers', async () => {
		sim.script([{ say: 'ok' }]);
		sim.fault({ status: 429 });
		sim.fault({ status: 500 });
		const body = chat([{ role: 'user', content: 'x' }]);
		const limited = await call(sim, '/v1/chat/completions', { body });
		expect(limited.status).toBe(429);
		expect(limited.body.error).toMatchObject({ code: 'rate_limit_exceeded', type: 'requests' });
		expect((await call(sim, '/v1/chat/completions', { body })).body.error).toMatchObject({ type: 'server_error' });
		expect((await call(sim, '/v1/chat/completions', { body })).body.choices[0].message.content).toBe('ok');
	});
});
