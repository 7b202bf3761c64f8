/**
 * The journal on a node's second input (Cadence Step, Booking Conversation): the rows of the
 * "chairside_journal" Data table, read once per run.
 */
import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import { JournalIndex, readJournal } from '../../core/journey/journal';

export interface Journal {
	index: JournalIndex;
	/** Position of each row on the second input, for pairedItem of items made from the journal alone. */
	position: Map<string, number>;
}

export const JOURNAL_INPUT_HELP =
	'Connect the rows of the "chairside_journal" Data table (Data table > Get rows, Return All, with Settings > Always Output Data on) to the second input, "Journal".';

/**
 * Journal rows from the second input (the Data table node's Get rows). With nothing there the node
 * refuses to run: deciding without the journal would start every journey again and forget opt-outs.
 * n8n (v1 execution order, core's workflow-execute) never passes a node's empty output on, and
 * fills an input nothing reached with [], so "not connected" and "connected, but no item came" look
 * the same here. The shipped Get rows node has Always Output Data on, so an empty table (a fresh
 * install) still sends one empty item, which readJournal skips.
 */
export function journalFrom(ctx: IExecuteFunctions): Journal {
	const items = ctx.getInputData(1);
	if (!items.length) {
		throw new NodeOperationError(ctx.getNode(), 'No journal on the second input: nothing was decided or sent', {
			description: JOURNAL_INPUT_HELP,
		});
	}
	try {
		const position = new Map<string, number>();
		items.forEach((item, i) => typeof item.json.key === 'string' && position.set(item.json.key, i));
		return { index: new JournalIndex(readJournal(items.map((i) => i.json))), position };
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), (error as Error).message, { description: JOURNAL_INPUT_HELP });
	}
}

/** Zod's first issue as "field: problem", never the value itself (it may be PHI). */
export function describe(error: unknown): string {
	const issues = (error as { issues?: Array<{ path: Array<string | number>; message: string }> }).issues;
	if (issues?.length)
		return issues
			.map((i) => `${i.path.join('.') || '(item)'}: ${i.message}`)
			.slice(0, 3)
			.join('; ');
	return (error as Error).message;
}
