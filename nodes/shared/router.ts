/** Nodes whose outputs depend on the operation, run by one action per operation over all items. */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { toNodeError } from './errors';

/** n8n evaluates this in the editor to draw the outputs of the chosen operation (the first operation's without one). */
export function outputsByOperation(names: Record<string, string[]>): `={{${string}}}` {
	const fallback = Object.values(names)[0];
	return `={{(${JSON.stringify(names)}[$parameter.operation] || ${JSON.stringify(fallback)}).map(name => ({ type: "main", displayName: name }))}}`;
}

export type RunAction<S> = (ctx: IExecuteFunctions, settings: S) => INodeExecutionData[][];

/** The operation's action with its settings (the practice profile among them), read once per run; any error as n8n's own. */
export async function runOperation<S>(
	ctx: IExecuteFunctions,
	actions: Record<string, RunAction<S>>,
	readSettings: (ctx: IExecuteFunctions, operation: string) => S | Promise<S>,
): Promise<INodeExecutionData[][]> {
	const operation = ctx.getNodeParameter('operation', 0) as string;
	try {
		return actions[operation](ctx, await readSettings(ctx, operation));
	} catch (error) {
		throw toNodeError(ctx.getNode(), error);
	}
}
