import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { z } from 'zod';
import { recordReply, recordResult, type CarriedResult, type RecordOutput } from '../../../core/journey/record';
import type { JournalRow } from '../../../core/journey/journal';
import type { PatientReply } from '../../../core/messaging/touch';
import { describe, journalFrom, type Journal } from '../../shared/journal';
import { failedItem } from '../../shared/router';
import type { CadenceOperation } from './common';

const reply = z
	.object({
		kind: z.literal('chairside.reply'),
		messageSid: z.string().min(1),
		from: z.string(),
		intent: z.string(),
		body: z.string(),
	})
	.passthrough();
const result = z
	.object({
		kind: z.literal('chairside.touch'),
		sendKey: z.string().min(1),
		enrollment: z.string(),
		step: z.string(),
		contact: z.object({ patientId: z.string() }).passthrough(),
		outcome: z.object({ status: z.enum(['sent', 'deferred', 'blocked']), at: z.string() }).passthrough(),
	})
	.passthrough();
const carrier = z
	.object({
		kind: z.enum(['chairside.decision', 'chairside.task']),
		journal: z.array(z.object({ key: z.string() }).passthrough()),
	})
	.passthrough();

/**
 * Whether a Staff Task > Hand Off follows this node (on its task output: Hand Off takes nothing
 * else). Hand Off then writes each open task row, handed off or not, so this node leaves it off its
 * first output: one writer per row, whichever of the two upserts n8n runs first (README "Hand-offs
 * to staff").
 */
function handOffFollows(ctx: IExecuteFunctions): boolean {
	return ctx
		.getChildNodes(ctx.getNode().name, { includeNodeParameters: true })
		.some(
			(node) =>
				node.type === 'n8n-nodes-chairside.staffTask' &&
				!node.disabled &&
				(node.parameters?.operation ?? 'handOff') === 'handOff',
		);
}

/**
 * Journal rows to upsert (first output) and staff hand-offs (second). A row written twice in one
 * run is emitted once, the later version winning, so the upsert sees one row per key (over the whole run).
 * An open task row goes on the first output only when no Hand Off follows to write it.
 */
export const record: CadenceOperation = {
	runs: 'perRun',
	description: [
		{
			displayName:
				"Connect Patient Message results, Cadence Step decisions and Patient Reply Trigger replies to the first input. Replies also need the patient's journal rows on the second input.",
			name: 'recordNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { operation: ['record'] } },
		},
	],
	execute(ctx, { now }) {
		// Only a reply needs the journal (to find the patient by mobile and drop a duplicate delivery):
		// results and decisions carry their rows, so the journey's Record has no second input.
		const items = ctx.getInputData(0);
		const journal = items.some((item) => item.json.kind === 'chairside.reply') ? journalFrom(ctx) : null;
		const rows = new Map<string, { row: JournalRow; item: number }>();
		const tasks: INodeExecutionData[] = [];
		items.forEach((item, i) => {
			const json = item.json as Record<string, unknown>;
			let out: RecordOutput;
			try {
				if (json.kind === 'chairside.reply')
					out = recordReply(reply.parse(json) as unknown as PatientReply, (journal as Journal).index, now);
				else if (json.kind === 'chairside.touch')
					out = recordResult(result.parse(json) as unknown as CarriedResult, now);
				else {
					// A journey's call task or a lost chart note carries its task row: it goes to staff too.
					const carried = carrier.parse(json).journal as unknown as JournalRow[];
					out = { rows: carried, tasks: carried.filter((r) => r.kind === 'task' && r.status === 'open') };
				}
			} catch (error) {
				const message = `Item ${i} is not a Chairside result, decision or reply: ${describe(error)}`;
				tasks.push(failedItem(ctx, i, new NodeOperationError(ctx.getNode(), message, { itemIndex: i })));
				return;
			}
			for (const row of out.rows) {
				rows.delete(row.key);
				rows.set(row.key, { row, item: i });
			}
			for (const task of out.tasks) tasks.push({ json: task, pairedItem: { item: i } });
		});
		const handedOff = new Set(tasks.length && handOffFollows(ctx) ? tasks.map((t) => t.json.key) : []);
		const written = [...rows.values()].filter(({ row }) => !handedOff.has(row.key));
		return [written.map(({ row, item }) => ({ json: row, pairedItem: { item } })), tasks];
	},
};
