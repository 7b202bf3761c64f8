import { NodeOperationError, type INodeExecutionData } from 'n8n-workflow';
import { z } from 'zod';
import { routeReply } from '../../../core/booking/conversation';
import type { PatientReply } from '../../../core/messaging/touch';
import { describe, journalFrom } from '../../shared/journal';
import type { Action } from './common';

const reply = z
	.object({
		kind: z.literal('chairside.reply'),
		messageSid: z.string().min(1),
		from: z.string().min(1),
		body: z.string(),
		intent: z.string(),
		needsHuman: z.boolean(),
	})
	.passthrough();
const OUTPUT = { offer: 0, book: 1, opted_out: 2, other: 3, confirm: 4 } as const;

/** A reply already recorded (Twilio retried the webhook) goes nowhere: it was answered. */
export const route: Action = (ctx, settings) => {
	const journal = journalFrom(ctx);
	const out: INodeExecutionData[][] = [[], [], [], [], []];
	ctx.getInputData(0).forEach((item, i) => {
		const parsed = reply.safeParse(item.json);
		if (!parsed.success) {
			const message = `Item ${i} is not a Patient Reply Trigger reply: ${describe(parsed.error)}`;
			if (!ctx.continueOnFail()) throw new NodeOperationError(ctx.getNode(), message, { itemIndex: i });
			out[OUTPUT.other].push({ json: { ...item.json, error: message }, pairedItem: { item: i } });
			return;
		}
		const routed = routeReply(parsed.data as unknown as PatientReply, journal.index, settings.now, settings);
		switch (routed.type) {
			case 'duplicate':
				return;
			case 'offer':
			case 'book':
			case 'confirm':
				out[OUTPUT[routed.type]].push({ json: { ...routed.item }, pairedItem: { item: i } });
				return;
			case 'opted_out':
				out[OUTPUT.opted_out].push({ json: { ...item.json, patientId: routed.patientId }, pairedItem: { item: i } });
				return;
			case 'other': {
				// A hand-off the journal's context asks for: Record Reply makes it a staff task.
				const handOff = routed.handOff ? { needsHuman: true, handOff: routed.handOff } : {};
				out[OUTPUT.other].push({
					json: { ...item.json, patientId: routed.patientId, ...handOff },
					pairedItem: { item: i },
				});
			}
		}
	});
	return out;
};
