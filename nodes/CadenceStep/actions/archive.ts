import { NodeOperationError, type INodeExecutionData } from 'n8n-workflow';
import { readJournal } from '../../../core/journey/journal';
import { sweep } from '../../../core/journey/retention';
import type { CadenceOperation } from './common';

const HELP =
	'The first input must be every row of the "chairside_journal" Data table (Get rows, Return All), with its id column.';

/**
 * The live journal's rows in; out: the rows that leave it (to insert into the archive table), the
 * same rows by id (to delete from the journal, after the archive has them), and one item with the
 * instant before which archive rows are past the audit retention. One sweep over the whole journal.
 */
export const archive: CadenceOperation = {
	runs: 'perRun',
	description: [
		{
			displayName:
				'Connect every row of the "chairside_journal" Data table to the first input. Archive Rows go to the "chairside_archive" table (Insert), Remove From Journal to Delete Rows by ID on the journal, and Audit Cutoff to Delete Rows on the archive where "at" is before its "before".',
			name: 'archiveNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { operation: ['archive'] } },
		},
	],
	execute(ctx, { retention, now }) {
		const items = ctx.getInputData(0);
		const node = ctx.getNode();
		const position = new Map<string, number>();
		items.forEach((item, i) => typeof item.json.key === 'string' && position.set(item.json.key, i));
		let rows;
		try {
			rows = readJournal(items.map((i) => i.json));
		} catch (error) {
			throw new NodeOperationError(node, (error as Error).message, { description: HELP });
		}
		const { archive: leaving, auditBefore } = sweep(rows, now, retention);
		const archived: INodeExecutionData[] = [];
		const removed: INodeExecutionData[] = [];
		for (const row of leaving) {
			const item = position.get(row.key) as number;
			const id = items[item].json.id;
			if (typeof id !== 'number' && typeof id !== 'string') {
				throw new NodeOperationError(
					node,
					`Journal row "${row.key}" has no id, so it could not be removed after archiving`,
					{ itemIndex: item, description: HELP },
				);
			}
			archived.push({ json: row, pairedItem: { item } });
			removed.push({ json: { id, key: row.key }, pairedItem: { item } });
		}
		return [archived, removed, [{ json: { before: auditBefore }, pairedItem: { item: 0 } }]];
	},
};
