/**
 * The one way a Chairside node runs (CONTRIBUTING "Add a node"): the node class lists its operations,
 * each in its own file with its description and its execute, and hands them to `route`, as n8n's own
 * Google Sheets v2 node does with `actions/router.ts`. What every node needs once lives here: the
 * unknown-operation error, errors as n8n's own (toNodeError), pairing each output item with its
 * input, and continueOnFail.
 */
import {
	NodeOperationError,
	type IBinaryKeyData,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type IPairedItemData,
	type NodeApiError,
} from 'n8n-workflow';
import { toNodeError } from './errors';

/** n8n evaluates this in the editor to draw the outputs of the chosen operation (the first operation's without one). */
export function outputsByOperation(names: Record<string, string[]>): `={{${string}}}` {
	const fallback = Object.values(names)[0];
	return `={{(${JSON.stringify(names)}[$parameter.operation] || ${JSON.stringify(fallback)}).map(name => ({ type: "main", displayName: name }))}}`;
}

/** One output item of a per-item operation; `output` is the output's index on a node with several (0 by default). */
export interface Emit {
	json: IDataObject;
	binary?: IBinaryKeyData;
	output?: number;
}

export type NodeFailure = NodeApiError | NodeOperationError;

/** Runs once for each input item: the router pairs what it emits with that item and applies continueOnFail. */
export interface PerItemOperation<R> {
	runs: 'perItem';
	description: INodeProperties[];
	/** How many outputs the node draws for this operation (1 by default). */
	outputs?: number;
	execute(ctx: IExecuteFunctions, itemIndex: number, run: R): Emit | Emit[] | Promise<Emit | Emit[]>;
	/**
	 * The item a failure becomes under continueOnFail (default: `{ error }` on the first output), or
	 * null when the failure must stop the run whatever the setting (an unidentified caller, say).
	 */
	onError?(failure: NodeFailure, ctx: IExecuteFunctions, itemIndex: number): Emit | null;
}

/** Runs once over all input items (a report, a journal sweep, a batch the provider takes at once). */
export interface PerRunOperation<R> {
	runs: 'perRun';
	description: INodeProperties[];
	/** How many outputs the node draws for this operation (1 by default). */
	outputs?: number;
	execute(ctx: IExecuteFunctions, run: R): INodeExecutionData[][] | Promise<INodeExecutionData[][]>;
	/**
	 * The one item a failed run (readRun included) becomes under continueOnFail, paired with every
	 * input item; without it the failure stops the run whatever the setting.
	 */
	onError?(failure: NodeFailure, ctx: IExecuteFunctions): Emit | null;
}

export type Operation<R> = PerItemOperation<R> | PerRunOperation<R>;

/**
 * A failure that carries the item it becomes under continueOnFail, for an operation whose failed item
 * depends on how it failed (Patient Message: the touch on Blocked with the outcome that says why).
 */
export class FailedItem extends Error {
	constructor(
		readonly failure: NodeFailure,
		readonly item: Emit,
	) {
		super(failure.message);
	}
}

/** `O`: the node's own operation shape, when readRun looks at a flag of it (e.g. `writes`). */
export interface Router<R, O extends Operation<R> = Operation<R>> {
	/** Keyed by the operation's value, `resource:operation` on a node with resources, ONLY_OPERATION on a node without an Operation parameter. */
	operations: Record<string, O>;
	/** What the operation reads once per run (the practice profile, credentials, a PMS reader); it may refuse the run. */
	readRun(ctx: IExecuteFunctions, key: string, operation: O): R | Promise<R>;
	/** The key when the parameters name no operation: the Operation parameter's default, as n8n fills it in (ONLY_OPERATION if unset). */
	default?: string;
}

/** The key of a node that does one thing and so has no Operation parameter. */
export const ONLY_OPERATION = '';

/** The key of the chosen operation: `resource:operation` when the node has a Resource parameter (its keys say so). */
export function operationKey(ctx: IExecuteFunctions, router: Pick<Router<unknown>, 'operations' | 'default'>): string {
	const operation = ctx.getNodeParameter('operation', 0, router.default ?? ONLY_OPERATION) as string;
	const byResource = Object.keys(router.operations).some((key) => key.includes(':'));
	const resource = byResource ? (ctx.getNodeParameter('resource', 0, '') as string) : '';
	return resource ? `${resource}:${operation}` : operation;
}

export async function route<R, O extends Operation<R>>(
	ctx: IExecuteFunctions,
	router: Router<R, O>,
): Promise<INodeExecutionData[][]> {
	// The node is asked for only when something fails.
	const node = () => ctx.getNode();
	const key = operationKey(ctx, router);
	const chosen = Object.hasOwn(router.operations, key) ? router.operations[key] : undefined;
	if (!chosen) {
		throw new NodeOperationError(node(), `The operation "${key}" is not one this node knows`, {
			description: `Choose one of: ${Object.keys(router.operations).join(', ')}`,
		});
	}
	const operation: Operation<R> = chosen;
	let run: R;
	try {
		run = await router.readRun(ctx, key, chosen);
		if (operation.runs === 'perRun') return await operation.execute(ctx, run);
	} catch (error) {
		const failure = toNodeError(node(), error);
		const fallback = operation.runs === 'perRun' && ctx.continueOnFail() ? operation.onError?.(failure, ctx) : null;
		if (!fallback) throw failure;
		const out = outputs(operation);
		place(
			out,
			[fallback],
			ctx.getInputData().map((_, item) => ({ item })),
		);
		return out;
	}

	const out = outputs(operation);
	const items = ctx.getInputData();
	for (let i = 0; i < items.length; i++) {
		let emitted: Emit[];
		try {
			const result = await operation.execute(ctx, i, run);
			emitted = Array.isArray(result) ? result : [result];
		} catch (error) {
			const failed = error instanceof FailedItem ? error : null;
			const failure = failed ? failed.failure : toNodeError(node(), error, i);
			if (!ctx.continueOnFail()) throw failure;
			const fallback =
				failed?.item ?? (operation.onError ? operation.onError(failure, ctx, i) : { json: { error: failure.message } });
			if (!fallback) throw failure;
			emitted = [fallback];
		}
		place(out, emitted, { item: i });
	}
	return out;
}

/**
 * For a per-run operation that reads its items one by one (a journal sweep, a batch of replies): the
 * failed item's error item under continueOnFail, paired with it; without, the failure is thrown.
 * The one other place continueOnFail is read, so a bad item costs that item the same way everywhere.
 */
export function failedItem(ctx: IExecuteFunctions, itemIndex: number, error: unknown): INodeExecutionData {
	const failure = toNodeError(ctx.getNode(), error, itemIndex);
	if (!ctx.continueOnFail()) throw failure;
	return { json: { error: failure.message }, pairedItem: { item: itemIndex } };
}

function outputs<R>(operation: Operation<R>): INodeExecutionData[][] {
	return Array.from({ length: operation.outputs ?? 1 }, () => []);
}

/** Each emitted item on its output, paired with the input item(s) it came from. */
function place(out: INodeExecutionData[][], emitted: Emit[], pairedItem: IPairedItemData | IPairedItemData[]): void {
	for (const { json, binary, output = 0 } of emitted) {
		out[output].push({ json, ...(binary ? { binary } : {}), pairedItem });
	}
}
