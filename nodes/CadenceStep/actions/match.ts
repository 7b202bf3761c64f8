import { z } from 'zod';
import { matchReply } from '../../../core/journey/match';
import { describe, type Journal } from '../../shared/journal';
import type { CadenceOperation } from './common';

const reply = z.object({ kind: z.literal('chairside.reply'), from: z.string().min(1) }).passthrough();

/**
 * Each reply to the first output with the enrollment it answers (and its milestone), else to the
 * second; the journal is read once per run (readRun). Under Continue On Fail an item that is not a
 * reply goes to the second output with its error.
 */
export const match: CadenceOperation = {
	runs: 'perItem',
	outputs: 2,
	description: [
		{
			displayName:
				'Connect Patient Reply Trigger replies to the first input and the rows of the "chairside_journal" Data table to the second.',
			name: 'matchNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { operation: ['match'] } },
		},
	],
	execute(ctx, i, { journey, practice, now, journal }) {
		const item = ctx.getInputData(0)[i];
		const parsed = reply.safeParse(item.json);
		if (!parsed.success) throw new Error(`Item ${i} is not a Patient Reply Trigger reply: ${describe(parsed.error)}`);
		// Days since a milestone are counted on the practice's calendar (its profile's zone), not the server's.
		const found = matchReply(parsed.data, (journal as Journal).index, journey.id, now.setZone(practice.zone));
		return found ? { json: { ...item.json, ...found } } : { json: item.json, output: 1 };
	},
	onError: (failure, ctx, i) => ({ json: { ...ctx.getInputData(0)[i].json, error: failure.message }, output: 1 }),
};
