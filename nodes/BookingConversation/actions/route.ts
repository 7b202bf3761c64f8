import { z } from 'zod';
import { routeReply } from '../../../core/booking/conversation';
import type { PatientReply } from '../../../core/messaging/touch';
import { describe, type Journal } from '../../shared/journal';
import type { BookingOperation } from './common';

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

/**
 * Each reply to the output its meaning asks for, against the journal read once per run (readRun).
 * A reply already recorded (Twilio retried the webhook) goes nowhere: it was answered. Under
 * Continue On Fail an item that is not a reply goes to Everything Else with its error.
 */
export const route: BookingOperation = {
	runs: 'perItem',
	outputs: 5,
	description: [
		{
			displayName:
				'Connect Patient Reply Trigger replies to the first input and the patient\'s rows of the "chairside_journal" Data table to the second.',
			name: 'routeNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { operation: ['route'] } },
		},
		{
			displayName: 'Offer Valid (Hours)',
			name: 'offerValidHours',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 48,
			description: 'How long the patient can pick an offered opening; a later pick gets fresh openings',
			displayOptions: { show: { operation: ['route'] } },
		},
	],
	execute(ctx, i, settings) {
		const item = ctx.getInputData(0)[i];
		const parsed = reply.safeParse(item.json);
		if (!parsed.success) throw new Error(`Item ${i} is not a Patient Reply Trigger reply: ${describe(parsed.error)}`);
		const journal = (settings.journal as Journal).index;
		const routed = routeReply(parsed.data as unknown as PatientReply, journal, settings.now, settings);
		switch (routed.type) {
			case 'duplicate':
				return [];
			case 'offer':
			case 'book':
			case 'confirm':
				return { json: { ...routed.item }, output: OUTPUT[routed.type] };
			case 'opted_out':
				return { json: { ...item.json, patientId: routed.patientId }, output: OUTPUT.opted_out };
			case 'other': {
				// A hand-off the journal's context asks for: Record Reply makes it a staff task.
				const handOff = routed.handOff ? { needsHuman: true, handOff: routed.handOff } : {};
				return { json: { ...item.json, patientId: routed.patientId, ...handOff }, output: OUTPUT.other };
			}
		}
	},
	onError: (failure, ctx, i) => ({
		json: { ...ctx.getInputData(0)[i].json, error: failure.message },
		output: OUTPUT.other,
	}),
};
