/** Staff Task's operations, one file each (as n8n's own Google Sheets v2 node routes its actions). */
import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { toNodeError } from '../../shared/errors';
import { close } from './close';
import { readRun, type StaffOperation } from './common';
import { digest } from './digest';
import { followUp } from './followUp';
import { handOff } from './handOff';

export const OPERATIONS: Record<string, StaffOperation> = { handOff, followUp, digest, close };

export const operation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Close',
			value: 'close',
			action: 'Close a task',
			description: 'Close the task a signed link names and record who closed it and when',
		},
		{
			name: 'Daily Digest',
			value: 'digest',
			action: 'Send the list of open tasks',
			description: 'One message to the front desk listing every open task, oldest first',
		},
		{
			name: 'Follow Up Overdue',
			value: 'followUp',
			action: 'Follow up overdue tasks',
			description: 'Remind the front desk once about a task past its deadline, then tell the escalation contact',
		},
		{
			name: 'Hand Off',
			value: 'handOff',
			action: 'Hand off a task to staff',
			description:
				"Alert the front desk (email, Slack, a text when urgent) with the patient's first name, what is needed and by when, and record the task as open",
		},
	],
	default: 'handOff',
};

export async function route(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const name = ctx.getNodeParameter('operation', 0) as string;
	const op = OPERATIONS[name];
	if (!op) throw new NodeOperationError(ctx.getNode(), `Unknown operation "${name}"`);
	try {
		return await op.execute(ctx, await readRun(ctx, name));
	} catch (error) {
		throw toNodeError(ctx.getNode(), error);
	}
}
