/**
 * The simulator through the clients n8n's OpenAI Chat Model node uses (@langchain/openai's
 * ChatOpenAI over the openai SDK), taken from the cached n8n install: tool calls parsed, tool
 * results accepted, streaming folded back together. Skipped when n8n is not installed yet
 * (test/e2e/install-n8n.sh installs it).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLlmSimulator, type LlmSimulator } from '../../../sandbox/llm';

const N8N_MODULES = path.join(
	process.env.CHAIRSIDE_N8N_CACHE ?? path.join(os.homedir(), '.cache/chairside'),
	'n8n-2.41.1-node24/n8n/node_modules',
);
const installed = fs.existsSync(path.join(N8N_MODULES, '@langchain/openai/package.json'));
const describeWithN8n = installed ? describe : describe.skip;

let sim: LlmSimulator;
beforeEach(async () => {
	sim = await startLlmSimulator();
});
afterEach(() => sim.close());

describeWithN8n("n8n's own OpenAI clients against the simulator", () => {
	/* eslint-disable @typescript-eslint/no-require-imports */
	// Resolved as n8n resolves them (package "exports" included), from n8n's node_modules.
	const load = (name: string) => require(require.resolve(name, { paths: [N8N_MODULES] }));
	const { ChatOpenAI } = load('@langchain/openai');
	const { ToolMessage, HumanMessage } = load('@langchain/core/messages');
	const OpenAI = load('openai').default;
	const tool = {
		type: 'function',
		function: {
			name: 'Find_openings',
			description: 'Finds openings',
			parameters: { type: 'object', properties: { day: { type: 'string' } }, required: ['day'] },
		},
	};

	const model = (extra: Record<string, unknown> = {}) =>
		new ChatOpenAI({
			apiKey: sim.apiKey,
			model: 'gpt-4.1-mini',
			maxRetries: 0,
			configuration: { baseURL: sim.baseUrl },
			...extra,
		});

	it('ChatOpenAI gets a tool call, sends the tool result back, and reads the answer', async () => {
		sim.script([{ toolCall: { name: 'Find openings', args: { day: 'Tuesday' } } }, { say: 'Tuesday 9:00 is open.' }]);
		const bound = model().bindTools([tool]);
		const first = await bound.invoke([new HumanMessage('When can I come in?')]);
		expect(first.tool_calls).toEqual([
			{ id: expect.stringMatching(/^call_/), name: 'Find_openings', args: { day: 'Tuesday' }, type: 'tool_call' },
		]);
		expect(first.usage_metadata).toMatchObject({ input_tokens: expect.any(Number), output_tokens: expect.any(Number) });
		const second = await bound.invoke([
			new HumanMessage('When can I come in?'),
			first,
			new ToolMessage({ tool_call_id: first.tool_calls[0].id, content: '[{"start":"2026-11-24T09:00"}]' }),
		]);
		expect(second.content).toBe('Tuesday 9:00 is open.');
		expect(sim.toolResults()).toEqual([
			expect.objectContaining({ name: 'Find_openings', json: [{ start: '2026-11-24T09:00' }] }),
		]);
	});

	it('ChatOpenAI streaming joins the chunks into the same tool call and text', async () => {
		sim.script([
			{ toolCall: { name: 'Find_openings', args: { day: 'Thursday afternoon' } } },
			{ say: 'Thursday at 2 works.' },
		]);
		const bound = model({ streaming: true, streamUsage: true }).bindTools([tool]);
		let joined: any;
		for await (const chunk of await bound.stream([new HumanMessage('Thursday?')]))
			joined = joined ? joined.concat(chunk) : chunk;
		expect(joined.tool_calls).toEqual([
			expect.objectContaining({ name: 'Find_openings', args: { day: 'Thursday afternoon' } }),
		]);
		expect(sim.chatRequests()[0]).toMatchObject({ stream: true, body: { stream: true } });
		let text = '';
		for await (const chunk of await model({ streaming: true }).stream([new HumanMessage('Thursday?')]))
			text += chunk.content;
		expect(text).toBe('Thursday at 2 works.');
	});

	it('the openai SDK lists models and turns a wrong key into AuthenticationError', async () => {
		const client = new OpenAI({ apiKey: sim.apiKey, baseURL: sim.baseUrl, maxRetries: 0 });
		const ids: string[] = [];
		for await (const m of client.models.list()) ids.push(m.id);
		expect(ids).toEqual(sim.models);
		const wrong = new OpenAI({ apiKey: 'sk-wrong-key-000000', baseURL: sim.baseUrl, maxRetries: 0 });
		await expect(
			wrong.chat.completions.create({ model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'x' }] }),
		).rejects.toMatchObject({ status: 401, code: 'invalid_api_key' });
	});
});
