import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/** One operation over all the node's input items. */
export type Action = (ctx: IExecuteFunctions) => Promise<INodeExecutionData[][]>;
