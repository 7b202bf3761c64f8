/**
 * Chat Completions on the wire: the request checks OpenAI makes (so a malformed conversation from
 * the client fails here as it would there), the chat.completion object, and the
 * chat.completion.chunk stream with its tool-call deltas, usage chunk and [DONE].
 */
import { randomBytes } from 'node:crypto';
import { errors } from './errors';
import { messageText, type AssistantReply, type ChatRequest } from './script';

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** Throws the OpenAiError OpenAI would answer for this body, or returns it typed. */
export function validateRequest(body: unknown, models: readonly string[]): ChatRequest {
	if (!body || typeof body !== 'object' || Array.isArray(body)) throw errors.invalidType('body', 'an object');
	const request = body as Record<string, unknown>;
	if (request.model === undefined || request.model === '') throw errors.noModel();
	if (typeof request.model !== 'string') throw errors.invalidType('model', 'a string');
	if (request.messages === undefined) throw errors.missing('messages');
	if (!Array.isArray(request.messages)) throw errors.invalidType('messages', 'an array');
	if (request.messages.length === 0) throw errors.emptyMessages();
	request.messages.forEach((m, i) => {
		if (!m || typeof m !== 'object') throw errors.invalidType(`messages[${i}]`, 'an object');
		const role = (m as { role?: unknown }).role;
		if (typeof role !== 'string' || !ROLES.has(role)) {
			throw errors.invalidValue(
				`messages[${i}].role`,
				`Value must be one of 'system', 'assistant', 'user', 'tool', 'function' or 'developer'.`,
			);
		}
	});
	if (request.tools !== undefined) {
		if (!Array.isArray(request.tools)) throw errors.invalidType('tools', 'an array');
		request.tools.forEach((t, i) => {
			const tool = t as { type?: unknown; function?: { name?: unknown } };
			if (tool?.type !== 'function') throw errors.invalidValue(`tools[${i}].type`, "Value must be 'function'.");
			if (!tool.function || typeof tool.function !== 'object') throw errors.missing(`tools[${i}].function`);
			if (typeof tool.function.name !== 'string' || !TOOL_NAME.test(tool.function.name)) {
				throw errors.invalidValue(
					`tools[${i}].function.name`,
					"string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.",
				);
			}
		});
	}
	if (request.tool_choice !== undefined && (!request.tools || (request.tools as unknown[]).length === 0)) {
		throw errors.invalidParam('tool_choice', "'tool_choice' is only allowed when 'tools' are specified.");
	}
	const typed = request as ChatRequest;
	checkToolTurns(typed);
	if (!models.includes(typed.model)) throw errors.unknownModel(typed.model);
	return typed;
}

/**
 * Every assistant tool call answered by a tool message right after it, and no tool message
 * without one: OpenAI refuses either conversation.
 */
function checkToolTurns(request: ChatRequest): void {
	const { messages } = request;
	for (let i = 0; i < messages.length; i++) {
		const m = messages[i];
		if (m.role === 'tool') {
			if (typeof m.tool_call_id !== 'string') throw errors.missing(`messages[${i}].tool_call_id`);
			// The nearest assistant message before the run of tool messages must have asked for it.
			let j = i - 1;
			while (j >= 0 && messages[j].role === 'tool') j--;
			const asked = j >= 0 && messages[j].role === 'assistant' ? (messages[j].tool_calls ?? []) : [];
			if (!asked.some((c) => c.id === m.tool_call_id)) {
				throw errors.invalidParam(
					`messages.[${i}].role`,
					"messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
				);
			}
		}
		if (m.role === 'assistant' && m.tool_calls?.length) {
			const answered = new Set<string>();
			for (let k = i + 1; k < messages.length && messages[k].role === 'tool'; k++)
				answered.add(String(messages[k].tool_call_id));
			const missing = m.tool_calls.filter((c) => !answered.has(c.id)).map((c) => c.id);
			if (missing.length) {
				throw errors.invalidParam(
					`messages.[${i}].role`,
					`An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${missing.join(', ')}`,
				);
			}
			m.tool_calls.forEach((c, k) => {
				try {
					JSON.parse(c.function?.arguments ?? '');
				} catch {
					throw errors.invalidValue(
						`messages[${i}].tool_calls[${k}].function.arguments`,
						'arguments must be a JSON string.',
					);
				}
			});
		}
	}
}

/** A rough token count (about four characters a token), so usage adds up the way it does at OpenAI. */
export function countTokens(text: string): number {
	return Math.max(1, Math.ceil(text.length / 4));
}

export function usageFor(request: ChatRequest, reply: AssistantReply) {
	const promptText =
		request.messages
			.map((m) => `${m.role} ${messageText(m.content)} ${JSON.stringify(m.tool_calls ?? '')}`)
			.join('\n') + JSON.stringify(request.tools ?? '');
	const prompt_tokens = countTokens(promptText);
	const completion_tokens = countTokens(
		(reply.content ?? '') + reply.toolCalls.map((c) => c.function.name + c.function.arguments).join(''),
	);
	return {
		prompt_tokens,
		completion_tokens,
		total_tokens: prompt_tokens + completion_tokens,
		prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
		completion_tokens_details: {
			reasoning_tokens: 0,
			audio_tokens: 0,
			accepted_prediction_tokens: 0,
			rejected_prediction_tokens: 0,
		},
	};
}

export const SYSTEM_FINGERPRINT = 'fp_c4a125de01';

export function completionId(): string {
	return `chatcmpl-${randomBytes(22).toString('base64url').replace(/[-_]/g, 'x').slice(0, 29)}`;
}

export function finishReason(reply: AssistantReply): 'tool_calls' | 'stop' {
	return reply.toolCalls.length ? 'tool_calls' : 'stop';
}

/** The chat.completion object. */
export function completion(request: ChatRequest, reply: AssistantReply, created: number, id = completionId()) {
	return {
		id,
		object: 'chat.completion' as const,
		created,
		model: request.model,
		choices: [
			{
				index: 0,
				message: {
					role: 'assistant' as const,
					content: reply.content,
					...(reply.toolCalls.length ? { tool_calls: reply.toolCalls } : {}),
					refusal: null,
					annotations: [],
				},
				logprobs: null,
				finish_reason: finishReason(reply),
			},
		],
		usage: usageFor(request, reply),
		service_tier: 'default',
		system_fingerprint: SYSTEM_FINGERPRINT,
	};
}

/** The chat.completion.chunk objects of a streamed answer, in order (the caller adds "data: [DONE]"). */
export function chunks(request: ChatRequest, reply: AssistantReply, created: number, id = completionId()): object[] {
	const includeUsage = request.stream_options?.include_usage === true;
	const chunk = (delta: object, finish: string | null) => ({
		id,
		object: 'chat.completion.chunk' as const,
		created,
		model: request.model,
		service_tier: 'default',
		system_fingerprint: SYSTEM_FINGERPRINT,
		choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
		...(includeUsage ? { usage: null } : {}),
	});
	const out: object[] = [];
	if (reply.toolCalls.length) {
		out.push(chunk({ role: 'assistant', content: reply.content, refusal: null }, null));
		reply.toolCalls.forEach((call, index) => {
			out.push(
				chunk(
					{
						tool_calls: [
							{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } },
						],
					},
					null,
				),
			);
			for (const piece of split(call.function.arguments, 16))
				out.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }, null));
		});
	} else {
		out.push(chunk({ role: 'assistant', content: '', refusal: null }, null));
		for (const piece of splitWords(reply.content ?? '')) out.push(chunk({ content: piece }, null));
	}
	out.push(chunk({}, finishReason(reply)));
	if (includeUsage) {
		out.push({
			id,
			object: 'chat.completion.chunk',
			created,
			model: request.model,
			service_tier: 'default',
			system_fingerprint: SYSTEM_FINGERPRINT,
			choices: [],
			usage: usageFor(request, reply),
		});
	}
	return out;
}

function split(text: string, size: number): string[] {
	const parts: string[] = [];
	for (let i = 0; i < text.length; i += size) parts.push(text.slice(i, i + size));
	return parts;
}

/** Words with their following space, as a model's tokens come. */
function splitWords(text: string): string[] {
	return text.match(/\S+\s*|\s+/g) ?? [];
}
