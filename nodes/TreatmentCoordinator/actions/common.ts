import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { CoordinatorInputError } from '../../../core/coordinator';
import { toNodeError } from '../../shared/errors';
import { itemRun, type PmsRun, type RunContext } from '../../shared/pms/context';
import type { PerItemOperation } from '../../shared/router';

/** What the chosen operation reads once per run (readRun): nothing for screening. */
export interface CoordinatorRun {
	/** Open Dental and the practice's zone, for an operation that writes to the chart. */
	pms?: PmsRun;
	/** The Chairside Patient Token credential, for Verify Patient Token. */
	tokenSecret?: TokenSecret;
}

export interface CoordinatorOperation extends PerItemOperation<CoordinatorRun> {
	/** Writes to Open Dental: refused on a read-only credential. */
	writes?: boolean;
	/** Reads the practice's token secret; no PMS. */
	readsTokenSecret?: boolean;
}

/** The Chairside Patient Token credential, read once per run. */
export interface TokenSecret {
	secret: string;
	maxLifetimeMinutes: number;
}

/**
 * An operation from its fields and the item it returns for one input item. Input the coordinator
 * refuses (a note with a tooth number, an expired token) fails the item with core's hint as the
 * error's description.
 */
export function coordinatorOperation(
	operation: Omit<CoordinatorOperation, 'runs' | 'execute'> & {
		execute(ctx: IExecuteFunctions, itemIndex: number, run: CoordinatorRun): IDataObject | Promise<IDataObject>;
	},
): CoordinatorOperation {
	return {
		...operation,
		runs: 'perItem',
		async execute(ctx, i, run) {
			try {
				return { json: await operation.execute(ctx, i, run) };
			} catch (error) {
				if (!(error instanceof CoordinatorInputError)) throw toNodeError(ctx.getNode(), error, i);
				throw new NodeOperationError(ctx.getNode(), error.message, {
					itemIndex: i,
					...(error.hint ? { description: error.hint } : {}),
				});
			}
		},
	};
}

/** Item `i`'s Open Dental run: readRun opened it, as for every operation that writes. */
export function chartRun(ctx: IExecuteFunctions, i: number, run: CoordinatorRun): RunContext {
	return itemRun(ctx, i, run.pms as PmsRun);
}

export function showFor(operation: string): INodeProperties['displayOptions'] {
	return { show: { operation: [operation] } };
}

/** A text parameter as a string; an agent may hand over a number or nothing. */
export function textParameter(ctx: IExecuteFunctions, name: string, i: number): string {
	const value = ctx.getNodeParameter(name, i, '') as unknown;
	return value === null || value === undefined ? '' : String(value);
}
