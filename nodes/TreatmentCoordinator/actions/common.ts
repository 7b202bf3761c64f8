import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { RunContext } from '../../shared/pms/context';

/** One operation: its fields in the editor and what it does for one input item. */
export type CoordinatorOperation =
	| {
			description: INodeProperties[];
			/** Reads text only: no credential, no PMS. */
			writes: false;
			execute(ctx: IExecuteFunctions, itemIndex: number): IDataObject;
	  }
	| {
			description: INodeProperties[];
			/** Reads the practice's token secret (Chairside Patient Token credential); no PMS. */
			writes: 'secret';
			execute(ctx: IExecuteFunctions, itemIndex: number, secret: TokenSecret): IDataObject;
	  }
	| {
			description: INodeProperties[];
			/** Writes to Open Dental: refused on a read-only credential. */
			writes: true;
			execute(ctx: IExecuteFunctions, itemIndex: number, run: RunContext): Promise<IDataObject>;
	  };

/** The Chairside Patient Token credential, read once per run. */
export interface TokenSecret {
	secret: string;
	maxLifetimeMinutes: number;
}

export function showFor(operation: string): INodeProperties['displayOptions'] {
	return { show: { operation: [operation] } };
}

/** A text parameter as a string; an agent may hand over a number or nothing. */
export function textParameter(ctx: IExecuteFunctions, name: string, i: number): string {
	const value = ctx.getNodeParameter(name, i, '') as unknown;
	return value === null || value === undefined ? '' : String(value);
}
