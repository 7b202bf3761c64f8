import { NodeOperationError, type INodeExecutionData } from 'n8n-workflow';
import { verifyCloseLink } from '../../../core/staff/link';
import { closedRow, StaffTaskInputError } from '../../../core/staff/task';
import { rowsFrom, type StaffOperation } from './common';

/**
 * A close link submitted through the close form: the signature is checked first (only a link
 * Chairside made closes a task), then the task's row, found among the input's journal rows, is
 * written back closed, with who closed it and when. A task closed already stays as it was.
 */
export const close: StaffOperation = {
	runs: 'perRun',
	description: [
		{
			displayName: 'Task Key',
			name: 'task',
			type: 'string',
			default: "={{ $('Close Task Form').first().json.task }}",
			required: true,
			displayOptions: { show: { operation: ['close'] } },
			description: "The link's task field, as the close form received it",
		},
		{
			displayName: 'Valid Until',
			name: 'until',
			type: 'string',
			default: "={{ $('Close Task Form').first().json.until }}",
			required: true,
			displayOptions: { show: { operation: ['close'] } },
			description: "The link's until field",
		},
		{
			displayName: 'Signature',
			name: 'sig',
			type: 'string',
			default: "={{ $('Close Task Form').first().json.sig }}",
			required: true,
			displayOptions: { show: { operation: ['close'] } },
			description: "The link's sig field",
		},
		{
			displayName: 'Closed By',
			name: 'closedBy',
			type: 'string',
			default: "={{ $('Close Task Form').first().json['Your name'] }}",
			required: true,
			displayOptions: { show: { operation: ['close'] } },
			description:
				'Who closed it, as the journal records it (the name typed in the form, or the n8n user with n8n User Auth on the form)',
		},
	],
	async execute(ctx, run) {
		let key: string;
		try {
			key = verifyCloseLink(
				{
					task: ctx.getNodeParameter('task', 0),
					until: ctx.getNodeParameter('until', 0),
					sig: ctx.getNodeParameter('sig', 0),
				},
				run.secret,
				run.now,
			);
		} catch (error) {
			throw new NodeOperationError(
				ctx.getNode(),
				(error as Error).message,
				error instanceof StaffTaskInputError ? { description: 'Nothing was changed.' } : {},
			);
		}
		const rows = rowsFrom(ctx);
		const found = rows.find((r) => r.key === key && r.kind === 'task');
		if (!found)
			throw new NodeOperationError(
				ctx.getNode(),
				'This task is not in the journal (it may have been archived): nothing was changed',
			);
		const position = ctx.getInputData().findIndex((item) => item.json.key === key);
		const paired = { item: Math.max(position, 0) };
		if (found.status !== 'open') return [[{ json: { ...found, alreadyClosed: true }, pairedItem: paired }]];
		let row;
		try {
			row = closedRow(found, String(ctx.getNodeParameter('closedBy', 0) ?? ''), run.now);
		} catch (error) {
			throw new NodeOperationError(ctx.getNode(), (error as Error).message);
		}
		const out: INodeExecutionData[] = [{ json: row, pairedItem: paired }];
		return [out];
	},
};
