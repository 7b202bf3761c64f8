import { NodeOperationError, type IDataObject, type INodeExecutionData } from 'n8n-workflow';
import { z } from 'zod';
import { noOpeningsTask, offerTouch, type BookingItem, type OfferOption } from '../../../core/booking/conversation';
import { describe } from '../../shared/journal';
import { failedItem } from '../../shared/router';
import { bookingSchema, type BookingOperation } from './common';

const opening = z.object({
	start: z.string().min(1),
	end: z.string().min(1),
	providerId: z.coerce.string().default(''),
	operatoryId: z.coerce.string().default(''),
});
type Opening = Omit<OfferOption, 'option'>;

/**
 * One text per conversation with its openings: slots from Find Open Slots (one item each), or the
 * next slots a Book that found its slot taken carries (Confirm Booking's Not Booked). A conversation
 * with none goes to staff. Over the whole run: the slots of one conversation are many items.
 */
export const offer: BookingOperation = {
	runs: 'perRun',
	description: [
		{
			displayName:
				"Connect PMS > Find Open Slots (fed by Route Reply's Wants Openings) and Confirm Booking's Not Booked. The slots carry the conversation they were found for.",
			name: 'offerNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { operation: ['offer'] } },
		},
		{
			displayName: 'Openings to Offer',
			name: 'openingCount',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 3 },
			default: 2,
			description: 'How many openings one text offers (a few good options, not a list)',
			displayOptions: { show: { operation: ['offer'] } },
		},
	],
	execute(ctx, settings) {
		const sms: INodeExecutionData[] = [];
		const none: INodeExecutionData[] = [];
		const conversations = new Map<string, { booking: BookingItem; openings: Opening[]; item: number }>();
		ctx.getInputData(0).forEach((item, i) => {
			const json = item.json as IDataObject;
			const booking = bookingSchema.safeParse(json.booking);
			if (!booking.success) {
				const message = `Item ${i} carries no booking conversation (booking: ${describe(booking.error)}): connect Find Open Slots fed by Route Reply, or Confirm Booking's Not Booked`;
				none.push(failedItem(ctx, i, new NodeOperationError(ctx.getNode(), message, { itemIndex: i })));
				return;
			}
			const key = `${booking.data.patientId}/${booking.data.replySid}`;
			const entry = conversations.get(key) ?? { booking: booking.data as BookingItem, openings: [], item: i };
			conversations.set(key, entry);
			// Slots (PMS) or openings (Practice Calendar) one per item; a failed booking's next ones as a list.
			const next = json.nextSlots ?? json.openings;
			const found = Array.isArray(next) ? next : json.start ? [json] : [];
			for (const candidate of found) {
				const parsed = opening.safeParse(candidate);
				if (parsed.success) entry.openings.push(parsed.data);
			}
		});
		for (const { booking, openings, item } of conversations.values()) {
			if (!openings.length) {
				none.push({
					json: {
						kind: 'chairside.task',
						patientId: booking.patientId,
						journal: noOpeningsTask(booking, settings.now),
					} as unknown as IDataObject,
					pairedItem: { item },
				});
				continue;
			}
			sms.push({
				json: offerTouch(booking, openings, settings.openingCount, settings, settings.now) as unknown as IDataObject,
				pairedItem: { item },
			});
		}
		return [sms, none];
	},
};
