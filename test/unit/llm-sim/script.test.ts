/** The scripted model: turns in order, tool names matched against the request, tool results read back. */
import { startLlmSimulator, type LlmSimulator } from '../../../sandbox/llm';
import { atPath, matchTool } from '../../../sandbox/llm/script';
import { call, chat } from './helpers';

let sim: LlmSimulator;
beforeEach(async () => {
	sim = await startLlmSimulator();
});
afterEach(() => sim.close());

const NAMES = ['Find_openings', 'Book', 'Log_hesitation', 'Hand_off'];

describe('tool names', () => {
	it.each([
		['Book', 'Book'],
		['book', 'Book'],
		['Find openings', 'Find_openings'],
		['find', 'Find_openings'],
		['/^log_/i', 'Log_hesitation'],
	])('%s picks %s', (spec, name) => {
		expect(matchTool(spec, NAMES)).toBe(name);
	});

	it('names the offered tools when nothing fits, and refuses an ambiguous prefix', () => {
		expect(() => matchTool('Cancel', NAMES)).toThrow(
			'the script calls tool "Cancel" but the request offers: Find_openings, Book, Log_hesitation, Hand_off',
		);
		expect(() => matchTool('/o/', NAMES)).toThrow(/ambiguous/);
	});

	it('reads dotted and bracket paths', () => {
		const value = [{ start: 'a', nextSlots: [{ start: 'b' }] }];
		expect(atPath(value, '0.start')).toBe('a');
		expect(atPath(value, '[0].nextSlots[0].start')).toBe('b');
		expect(atPath(value, '')).toBe(value);
		expect(atPath(value, '3.start')).toBeUndefined();
	});
});

describe('a script of turns', () => {
	const user = { role: 'user', content: 'patient 41: can I book my crown?' };

	it('answers each chat call with the next turn, feeds a tool result into the next call, and records the tool results', async () => {
		const slots = [{ option: 1, start: '2026-11-24T09:00:00-06:00', providerId: '2', operatoryId: '3' }];
		const answers: any[] = [];
		await fetch(`${sim.url}/_sim/script`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				turns: [
					{ toolCall: { name: 'Find openings', args: {} } },
					{
						toolCall: {
							name: 'Book',
							args: { patientId: '41' },
							argsFromLastToolResult: { start: '0.start', providerId: '0.providerId' },
						},
					},
					{ echoLastToolResult: true, prefix: 'Booked: ' },
				],
			}),
		});
		const messages: any[] = [user];
		for (const result of [slots, { id: '900', start: slots[0].start }]) {
			const answer = (await call(sim, '/v1/chat/completions', { body: chat(messages) })).body;
			answers.push(answer);
			const message = answer.choices[0].message;
			messages.push(message, { role: 'tool', tool_call_id: message.tool_calls[0].id, content: JSON.stringify(result) });
		}
		const last = (await call(sim, '/v1/chat/completions', { body: chat(messages) })).body;
		expect(JSON.parse(answers[1].choices[0].message.tool_calls[0].function.arguments)).toEqual({
			patientId: '41',
			start: '2026-11-24T09:00:00-06:00',
			providerId: '2',
		});
		expect(last.choices[0]).toMatchObject({
			finish_reason: 'stop',
			message: { content: `Booked: {"id":"900","start":"${slots[0].start}"}` },
		});
		expect(sim.pendingTurns()).toBe(0);
		expect(sim.toolResults()).toEqual([
			{ toolCallId: expect.any(String), name: 'Find_openings', args: {}, content: JSON.stringify(slots), json: slots },
			{
				toolCallId: expect.any(String),
				name: 'Book',
				args: { patientId: '41', start: slots[0].start, providerId: '2' },
				content: expect.any(String),
				json: { id: '900', start: slots[0].start },
			},
		]);
		expect(sim.chatRequests().map((r) => r.turn)).toEqual([0, 1, 2]);
		const recorded = (await (await fetch(`${sim.url}/_sim/tool-results`)).json()) as any;
		expect(recorded.toolResults).toHaveLength(2);
		expect(((await (await fetch(`${sim.url}/_sim/requests`)).json()) as any).requests).toHaveLength(3);
	});

	it('calls several tools in one turn, and a function turn sees the request', async () => {
		sim.script([
			{
				toolCalls: [
					{ name: 'Log', args: { reason: 'cost' } },
					{ name: 'Hand', args: {} },
				],
			},
			(ctx) => ({ say: `tools: ${ctx.toolNames.length}` }),
		]);
		const tools = [...chat([]).tools, { type: 'function', function: { name: 'Hand_off', parameters: {} } }];
		const first = (await call(sim, '/v1/chat/completions', { body: { ...chat([user]), tools } })).body;
		expect(first.choices[0].message.tool_calls.map((c: any) => c.function.name)).toEqual([
			'Log_hesitation',
			'Hand_off',
		]);
		const second = (await call(sim, '/v1/chat/completions', { body: { ...chat([user]), tools } })).body;
		expect(second.choices[0].message.content).toBe('tools: 4');
	});

	it('keeps conversations apart with match, and says plainly when a conversation has no turn left', async () => {
		sim.script([{ say: 'for 41' }], { match: 'patient 41' });
		sim.script([{ say: 'for 77' }], { match: 'patient 77' });
		expect(
			(await call(sim, '/v1/chat/completions', { body: chat([{ role: 'user', content: 'patient 77 here' }]) })).body
				.choices[0].message.content,
		).toBe('for 77');
		expect((await call(sim, '/v1/chat/completions', { body: chat([user]) })).body.choices[0].message.content).toBe(
			'for 41',
		);
		const none = await call(sim, '/v1/chat/completions', { body: chat([user]) });
		expect(none.status).toBe(400);
		expect(none.body.error).toMatchObject({
			type: 'sim_script_error',
			message: expect.stringContaining('no turn left'),
		});
	});

	it('answers a call to a tool the request does not offer as a script error (400, never retried), and keeps the turn', async () => {
		sim.script([{ toolCall: { name: 'Cancel' } }]);
		const answer = await call(sim, '/v1/chat/completions', { body: chat([user]) });
		expect(answer.status).toBe(400);
		expect(answer.body.error.message).toContain('the request offers: Find_openings, Book, Log_hesitation');
		expect(sim.pendingTurns()).toBe(1);
		sim.reset();
		expect(sim.pendingTurns()).toBe(0);
	});
});
