import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import {
	bookedTouch,
	visitConfirmedTouch,
	type BookingItem,
	type VisitConfirmation,
} from '../../../core/booking/conversation';
import { describe } from '../../shared/journal';
import { bookingSchema, type BookingOperation } from './common';

// A PMS appointment (id) or a Practice Calendar event (eventId).
const appointment = z.preprocess(
	(json) =>
		json && typeof json === 'object' && !('id' in json) && 'eventId' in json
			? { ...json, id: (json as { eventId: unknown }).eventId }
			: json,
	z.object({ id: z.coerce.string().min(1), start: z.string().min(1), booking: bookingSchema }).passthrough(),
);

/**
 * One confirmation per booked appointment (a retried booking has the same key: Patient Message
 * sends it once). A booking that failed (PMS > Book on Continue) goes to Not Booked, for a new offer,
 * and so does an item that is not a booking, with its error, under Continue On Fail.
 */
export const confirm: BookingOperation = {
	runs: 'perItem',
	outputs: 2,
	description: [
		{
			displayName:
				"Connect PMS > Book (fed by Route Reply's Picked Option, On Error: Continue). Confirmation goes to Patient Message; Not Booked (the slot was taken, or Open Dental refused) goes to Offer Openings.",
			name: 'confirmNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { operation: ['confirm'] } },
		},
	],
	execute(ctx, i, settings) {
		const item = ctx.getInputData(0)[i];
		if (item.json.error !== undefined && bookingSchema.safeParse(item.json.booking).success) {
			return { json: item.json, output: 1 };
		}
		const parsed = appointment.safeParse(item.json);
		if (parsed.success && parsed.data.booking.stage === 'confirm') {
			// C to a reminder, after PMS > Confirm: the thank-you (one per visit).
			const visit = { ...parsed.data, alreadyConfirmed: parsed.data.alreadyConfirmed === true };
			const booking = parsed.data.booking as VisitConfirmation;
			return { json: visitConfirmedTouch(booking, visit, settings, settings.now) as unknown as IDataObject };
		}
		if (!parsed.success || parsed.data.booking.stage !== 'book') {
			const why = parsed.success ? 'booking: not a picked option' : describe(parsed.error);
			throw new Error(
				`Item ${i} is not an appointment booked for a picked option (${why}): connect PMS > Book fed by Route Reply's Picked Option (or PMS > Confirm fed by Confirms Visit)`,
			);
		}
		const booking = parsed.data.booking as BookingItem & { stage: 'book' };
		return { json: bookedTouch(booking, parsed.data, settings, settings.now) as unknown as IDataObject };
	},
	onError: (failure) => ({ json: { error: failure.message }, output: 1 }),
};
