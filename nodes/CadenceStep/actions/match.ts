import { NodeOperationError, type INodeExecutionData } from 'n8n-workflow';
import { z } from 'zod';
import { matchReply } from '../../../core/journey/match';
import { describe, journalFrom } from '../../shared/journal';
import type { Action } from './common';

const reply = z.object({ kind: z.literal('chairside.reply'), from: z.string().min(1) }).passthrough();

/** Replies to the first output with the enrollment they answer (and its milestone); the rest to the second. */
export const match: Action = (ctx, { journey, practice, now: at }) => {
	const journal = journalFrom(ctx);
	// Days since a milestone are counted on the practice's calendar (its profile's zone), not the server's.
	const now = at.setZone(practice.zone);
	const matched: INodeExecutionData[] = [];
	const unmatched: INodeExecutionData[] = [];
	ctx.getInputData(0).forEach((item, i) => {
		const parsed = reply.safeParse(item.json);
		if (!parsed.success) {
			const message = `Item ${i} is not a Patient Reply Trigger reply: ${describe(parsed.error)}`;
			if (!ctx.continueOnFail()) throw new NodeOperationError(ctx.getNode(), message, { itemIndex: i });
			unmatched.push({ json: { ...item.json, error: message }, pairedItem: { item: i } });
			return;
		}
		const found = matchReply(parsed.data, journal.index, journey.id, now);
		if (found) matched.push({ json: { ...item.json, ...found }, pairedItem: { item: i } });
		else unmatched.push({ json: item.json, pairedItem: { item: i } });
	});
	return [matched, unmatched];
};
