/**
 * The scripted model: a test queues turns, and each /chat/completions call is answered with the
 * next one. A turn says text, calls one or more of the tools the request offers (matched by name,
 * case-insensitive prefix or /regex/, since n8n derives tool names from node names), repeats the
 * last tool result, or (in-process only) is a function of the request.
 */
import { randomBytes } from 'node:crypto';
import { errors } from './errors';

export interface ToolCallSpec {
	/** A tool of the request: exact name, then case-insensitive, then a unique case-insensitive prefix; "/re/flags" is a regex. */
	name: string;
	args?: Record<string, unknown>;
	/** Argument -> path into the last tool result's JSON ("0.start", "nextSlots.1.start"; "" for the whole). */
	argsFromLastToolResult?: Record<string, string>;
}

export type Turn =
	| { say: string }
	| { toolCall: ToolCallSpec; say?: string }
	| { toolCalls: ToolCallSpec[]; say?: string }
	| { echoLastToolResult: true; prefix?: string }
	| ((request: TurnContext) => Turn);

/** A turn as it can travel over HTTP (no functions). */
export type JsonTurn = Exclude<Turn, (request: TurnContext) => Turn>;

export interface ChatMessage {
	role: string;
	content?: unknown;
	name?: string;
	tool_calls?: Array<{ id: string; type: string; function: { name: string; arguments: string } }>;
	tool_call_id?: string;
}

export interface ChatTool {
	type: string;
	function: { name: string; description?: string; parameters?: unknown; strict?: boolean };
}

export interface ChatRequest {
	model: string;
	messages: ChatMessage[];
	tools?: ChatTool[];
	tool_choice?: unknown;
	stream?: boolean;
	stream_options?: { include_usage?: boolean };
	[key: string]: unknown;
}

export interface TurnContext {
	request: ChatRequest;
	toolNames: string[];
	/** The parsed JSON of the last role "tool" message (its text when not JSON); undefined when none. */
	lastToolResult: unknown;
	/** All user text, joined. */
	userText: string;
}

/** What the assistant answers: text or tool calls (arguments already JSON strings). */
export interface AssistantReply {
	content: string | null;
	toolCalls: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>;
}

export interface Script {
	/** Only conversations whose user text contains this (case-insensitive) use this script; omitted: any. */
	match?: string;
	turns: Turn[];
	/** Turns answered so far. */
	used: number;
}

/** Plain text of a message's content (a string, or an array of parts with text). */
export function messageText(content: unknown): string {
	if (typeof content === 'string') return content;
	if (Array.isArray(content))
		return content
			.map((part) =>
				part && typeof part === 'object' && 'text' in part ? String((part as { text: unknown }).text) : '',
			)
			.join('');
	return '';
}

export function turnContext(request: ChatRequest): TurnContext {
	const toolNames = (request.tools ?? [])
		.map((t) => t.function?.name)
		.filter((n): n is string => typeof n === 'string');
	const lastTool = [...request.messages].reverse().find((m) => m.role === 'tool');
	let lastToolResult: unknown;
	if (lastTool) {
		const text = messageText(lastTool.content);
		try {
			lastToolResult = JSON.parse(text);
		} catch {
			lastToolResult = text;
		}
	}
	const userText = request.messages
		.filter((m) => m.role === 'user')
		.map((m) => messageText(m.content))
		.join('\n');
	return { request, toolNames, lastToolResult, userText };
}

/** The request's tool that `spec` names; a script error lists the offered names when none or several fit. */
export function matchTool(spec: string, toolNames: string[]): string {
	const regex = /^\/(.+)\/([a-z]*)$/.exec(spec);
	let found: string[];
	if (regex) {
		const re = new RegExp(regex[1], regex[2]);
		found = toolNames.filter((n) => re.test(n));
	} else {
		found = toolNames.filter((n) => n === spec);
		if (!found.length) found = toolNames.filter((n) => n.toLowerCase() === spec.toLowerCase());
		if (!found.length) {
			// n8n turns "Find openings" into "Find_openings": compare with spaces as underscores too.
			const wanted = spec.toLowerCase().replace(/\s+/g, '_');
			found = toolNames.filter((n) => n.toLowerCase().startsWith(wanted));
		}
	}
	if (found.length === 1) return found[0];
	const offered = toolNames.length ? toolNames.join(', ') : 'none';
	if (!found.length) throw errors.script(`the script calls tool "${spec}" but the request offers: ${offered}`);
	throw errors.script(`tool "${spec}" is ambiguous among: ${found.join(', ')}`);
}

/** A value at a dotted path ("0.start"); "" is the whole value. */
export function atPath(value: unknown, path: string): unknown {
	if (path === '' || path === '$') return value;
	let current = value;
	for (const key of path
		.replace(/^\$\.?/, '')
		.replace(/\[(\d+)\]/g, '.$1')
		.split('.')
		.filter(Boolean)) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}

export function newToolCallId(): string {
	return `call_${randomBytes(18).toString('base64url').replace(/[-_]/g, 'x').slice(0, 24)}`;
}

/** Resolves a turn (functions first) against the request into the assistant's reply. */
export function reply(turn: Turn, ctx: TurnContext): AssistantReply {
	let resolved = turn;
	for (let depth = 0; typeof resolved === 'function'; depth++) {
		if (depth > 10) throw errors.script('a function turn kept returning functions');
		resolved = resolved(ctx);
	}
	if ('echoLastToolResult' in resolved) {
		if (ctx.lastToolResult === undefined) throw errors.script('echoLastToolResult, but the request has no tool result');
		const text = typeof ctx.lastToolResult === 'string' ? ctx.lastToolResult : JSON.stringify(ctx.lastToolResult);
		return { content: `${resolved.prefix ?? ''}${text}`, toolCalls: [] };
	}
	const specs = 'toolCalls' in resolved ? resolved.toolCalls : 'toolCall' in resolved ? [resolved.toolCall] : [];
	if (!specs.length) {
		if (!('say' in resolved) || typeof resolved.say !== 'string')
			throw errors.script(`a turn needs say, toolCall, toolCalls or echoLastToolResult: ${JSON.stringify(resolved)}`);
		return { content: resolved.say, toolCalls: [] };
	}
	if (ctx.request.tool_choice === 'none')
		throw errors.script('the script calls a tool but the request says tool_choice "none"');
	const toolCalls = specs.map((spec) => {
		const name = matchTool(spec.name, ctx.toolNames);
		const args: Record<string, unknown> = { ...(spec.args ?? {}) };
		for (const [arg, path] of Object.entries(spec.argsFromLastToolResult ?? {})) {
			if (ctx.lastToolResult === undefined)
				throw errors.script(`argument "${arg}" comes from the last tool result, but the request has none`);
			const value = atPath(ctx.lastToolResult, path);
			if (value === undefined)
				throw errors.script(
					`argument "${arg}": nothing at "${path}" in the last tool result ${JSON.stringify(ctx.lastToolResult).slice(0, 300)}`,
				);
			args[arg] = value;
		}
		return { id: newToolCallId(), type: 'function' as const, function: { name, arguments: JSON.stringify(args) } };
	});
	return { content: 'say' in resolved && typeof resolved.say === 'string' ? resolved.say : null, toolCalls };
}
