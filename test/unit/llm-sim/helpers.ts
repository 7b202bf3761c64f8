import type { LlmSimulator } from '../../../sandbox/llm';

export interface Answer {
	status: number;
	headers: Headers;
	body: any;
	text: string;
}

/** One call to the simulator, authorised with its key unless told otherwise. */
export async function call(
	sim: LlmSimulator,
	path: string,
	init: { method?: string; body?: unknown; raw?: string; key?: string | null } = {},
): Promise<Answer> {
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	const key = init.key === undefined ? sim.apiKey : init.key;
	if (key !== null) headers.authorization = `Bearer ${key}`;
	const response = await fetch(`${sim.url}${path}`, {
		method: init.method ?? (init.body !== undefined || init.raw !== undefined ? 'POST' : 'GET'),
		headers,
		body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
	});
	const text = await response.text();
	let body: unknown = text;
	try {
		body = JSON.parse(text);
	} catch {
		// an event stream
	}
	return { status: response.status, headers: response.headers, body, text };
}

export const TOOLS = [
	{
		type: 'function',
		function: { name: 'Find_openings', description: 'Finds openings', parameters: { type: 'object', properties: {} } },
	},
	{
		type: 'function',
		function: {
			name: 'Book',
			description: 'Books',
			parameters: { type: 'object', properties: { start: { type: 'string' } }, required: ['start'] },
		},
	},
	{
		type: 'function',
		function: { name: 'Log_hesitation', description: 'Logs', parameters: { type: 'object', properties: {} } },
	},
];

export function chat(messages: unknown[], extra: Record<string, unknown> = {}) {
	return { model: 'gpt-4.1-mini', messages, tools: TOOLS, ...extra };
}

/** The data: lines of an event stream, parsed ([DONE] kept as the string). */
export function events(text: string): unknown[] {
	return text
		.split('\n\n')
		.filter((block) => block.startsWith('data: '))
		.map((block) => block.slice(6))
		.map((data) => (data === '[DONE]' ? data : JSON.parse(data)));
}
