/** The one router every Chairside node runs through (nodes/shared/router.ts). */
import { NodeOperationError, type IExecuteFunctions, type INode } from 'n8n-workflow';
import {
	FailedItem,
	failedItem,
	ONLY_OPERATION,
	route,
	type Operation,
	type Router,
} from '../../../nodes/shared/router';
import { PmsApiError } from '../../../core/pms/http';

const node: INode = { id: 'n', name: 'Node', type: 't', typeVersion: 1, position: [0, 0], parameters: {} };

function context(params: Record<string, unknown>, items: number, continueOnFail = false): IExecuteFunctions {
	return {
		getNode: () => node,
		getInputData: () => Array.from({ length: items }, (_, i) => ({ json: { n: i } })),
		getNodeParameter: (name: string, _i: number, fallback?: unknown) => params[name] ?? fallback,
		continueOnFail: () => continueOnFail,
	} as unknown as IExecuteFunctions;
}

const double: Operation<number> = {
	runs: 'perItem',
	description: [],
	outputs: 2,
	execute(ctx, i, factor) {
		const n = ctx.getInputData()[i].json.n as number;
		if (n === 1) throw new Error('item 1 has no phone');
		return { json: { value: n * factor }, output: n % 2 };
	},
};
const report: Operation<number> = {
	runs: 'perRun',
	description: [],
	execute: (_ctx, factor) => [[{ json: { factor } }]],
};

function router(readRun: Router<number>['readRun'] = () => 10): Router<number> {
	return { operations: { double, report, 'patient:get': report }, readRun };
}

describe('route', () => {
	it('runs a per-item operation, pairs each item with its input and places it on its output', async () => {
		const out = await route(context({ operation: 'double' }, 4, true), router());
		expect(out).toEqual([
			[
				{ json: { value: 0 }, pairedItem: { item: 0 } },
				{ json: { error: 'item 1 has no phone' }, pairedItem: { item: 1 } },
				{ json: { value: 20 }, pairedItem: { item: 2 } },
			],
			[{ json: { value: 30 }, pairedItem: { item: 3 } }],
		]);
	});

	it('stops at the failing item, naming it, without continueOnFail', async () => {
		const error = await route(context({ operation: 'double' }, 3), router()).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as NodeOperationError).message).toBe('item 1 has no phone');
		expect((error as NodeOperationError).context.itemIndex).toBe(1);
	});

	it('lets an operation refuse to go on as an error item', async () => {
		const strict: Operation<number> = { ...double, onError: () => null };
		const run = route(context({ operation: 'strict' }, 3, true), { operations: { strict }, readRun: () => 1 });
		await expect(run).rejects.toThrow('item 1 has no phone');
	});

	it('runs a per-run operation once with what readRun read', async () => {
		expect(await route(context({ operation: 'report' }, 5), router())).toEqual([[{ json: { factor: 10 } }]]);
	});

	it('keys a node with resources by resource and operation', async () => {
		expect(await route(context({ resource: 'patient', operation: 'get' }, 0), router())).toEqual([
			[{ json: { factor: 10 } }],
		]);
	});

	it('runs the only operation of a node without an Operation parameter', async () => {
		const run = route(context({}, 0), { operations: { [ONLY_OPERATION]: report }, readRun: () => 3 });
		expect(await run).toEqual([[{ json: { factor: 3 } }]]);
	});

	it("runs the Operation parameter's default when the parameters name none, and reads no Resource without resources", async () => {
		const ctx = context({}, 1);
		const asked = jest.spyOn(ctx, 'getNodeParameter');
		const out = await route(ctx, { operations: { double, report }, readRun: () => 10, default: 'double' });
		expect(out).toEqual([[{ json: { value: 0 }, pairedItem: { item: 0 } }], []]);
		expect(asked.mock.calls.map(([name]) => name)).toEqual(['operation']);
	});

	it('asks for the node only when something fails', async () => {
		const ctx = { ...context({ operation: 'double' }, 1), getNode: undefined } as unknown as IExecuteFunctions;
		expect(await route(ctx, router())).toEqual([[{ json: { value: 0 }, pairedItem: { item: 0 } }], []]);
	});

	describe('a per-run operation that fails', () => {
		const failing: Operation<number> = {
			runs: 'perRun',
			description: [],
			outputs: 2,
			execute: () => {
				throw new Error('the sheet is gone');
			},
			onError: (failure) => ({ json: { error: failure.message }, output: 1 }),
		};
		const routed = (continueOnFail: boolean, operation = failing, readRun: Router<number>['readRun'] = () => 1) =>
			route(context({ operation: 'failing' }, 2, continueOnFail), { operations: { failing: operation }, readRun });

		it('becomes its onError item under continueOnFail, paired with every input item', async () => {
			expect(await routed(true)).toEqual([
				[],
				[{ json: { error: 'the sheet is gone' }, pairedItem: [{ item: 0 }, { item: 1 }] }],
			]);
		});

		it('so does a refused run', async () => {
			const refused = () => {
				throw new Error('no profile');
			};
			expect((await routed(true, failing, refused))[1][0].json).toEqual({ error: 'no profile' });
		});

		it('stops the run without continueOnFail, or without onError', async () => {
			await expect(routed(false)).rejects.toThrow('the sheet is gone');
			await expect(routed(true, { ...failing, onError: undefined })).rejects.toThrow('the sheet is gone');
		});
	});

	it("hands readRun the node's own operation shape, so it reads a flag once for the run", async () => {
		type Flagged = Operation<number> & { writes?: boolean };
		const write: Flagged = { ...report, writes: true };
		const readRun = (_ctx: IExecuteFunctions, _key: string, operation: Flagged) => (operation.writes ? 1 : 2);
		const flagged: Router<number, Flagged> = { operations: { write, report }, readRun };
		expect(await route(context({ operation: 'write' }, 0), flagged)).toEqual([[{ json: { factor: 1 } }]]);
		expect(await route(context({ operation: 'report' }, 0), flagged)).toEqual([[{ json: { factor: 2 } }]]);
	});

	it('names an unknown operation and the ones it knows, instead of "is not a function"', async () => {
		await expect(route(context({ operation: 'toString' }, 1), router())).rejects.toThrow(
			'The operation "toString" is not one this node knows',
		);
	});

	it("turns a refused run into n8n's own API error", async () => {
		const refused = router(() => {
			throw new PmsApiError(401, 'the key is not valid', '/patients', 1);
		});
		const error = await route(context({ operation: 'report' }, 1), refused).catch((e: unknown) => e);
		expect((error as Error).constructor.name).toBe('NodeApiError');
		expect((error as Error).message).toContain('the key is not valid');
	});

	it('puts a FailedItem on the output it names under continueOnFail, and throws its failure without', async () => {
		const blocked: Operation<number> = {
			runs: 'perItem',
			description: [],
			outputs: 2,
			execute(ctx, i) {
				const failure = new NodeOperationError(ctx.getNode(), `item ${i} is not a touch`, { itemIndex: i });
				throw new FailedItem(failure, { json: { blocked: i }, output: 1 });
			},
			onError: () => null,
		};
		const routed = { operations: { blocked }, readRun: () => 1 };
		expect(await route(context({ operation: 'blocked' }, 1, true), routed)).toEqual([
			[],
			[{ json: { blocked: 0 }, pairedItem: { item: 0 } }],
		]);
		const error = await route(context({ operation: 'blocked' }, 1), routed).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toBe('item 0 is not a touch');
	});

	it("failedItem: a per-run operation's bad item becomes its error item under continueOnFail, else the run stops naming it", () => {
		const bad = new Error('no patient id');
		expect(failedItem(context({}, 1, true), 3, bad)).toEqual({
			json: { error: 'no patient id' },
			pairedItem: { item: 3 },
		});
		let thrown: unknown;
		try {
			failedItem(context({}, 1), 3, bad);
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(NodeOperationError);
		expect((thrown as NodeOperationError).context.itemIndex).toBe(3);
	});
});
