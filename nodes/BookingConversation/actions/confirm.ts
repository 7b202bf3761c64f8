import { NodeOperationError, type IDataObject, type INodeExecutionData } from 'n8n-workflow';
import { z } from 'zod';
import {
	bookedTouch,
	visitConfirmedTouch,
	type BookingItem,
	type VisitConfirmation,
} from '../../../core/booking/conversation';
import { describe } from '../../shared/journal';
import { bookingSchema, type Action } from './common';

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
 * sends it once). A booking that failed (PMS > Book on Continue) goes to Not Booked, for a new offer.
 */
export const confirm: Action = (ctx, settings) => {
	const sms: INodeExecutionData[] = [];
	const notBooked: INodeExecutionData[] = [];
	ctx.getInputData(0).forEach((item, i) => {
		if (item.json.error !== undefined && bookingSchema.safeParse(item.json.booking).success) {
			notBooked.push({ json: item.json, pairedItem: { item: i } });
			return;
		}
		const parsed = appointment.safeParse(item.json);
		if (parsed.success && parsed.data.booking.stage === 'confirm') {
			// C to a reminder, after PMS > Confirm: the thank-you (one per visit).
			const visit = { ...parsed.data, alreadyConfirmed: parsed.data.alreadyConfirmed === true };
			sms.push({
				json: visitConfirmedTouch(
					parsed.data.booking as VisitConfirmation,
					visit,
					settings,
					settings.now,
				) as unknown as IDataObject,
				pairedItem: { item: i },
			});
			return;
		}
		if (!parsed.success || parsed.data.booking.stage !== 'book') {
			const why = parsed.success ? 'booking: not a picked option' : describe(parsed.error);
			const message = `Item ${i} is not an appointment booked for a picked option (${why}): connect PMS > Book fed by Route Reply's Picked Option (or PMS > Confirm fed by Confirms Visit)`;
			if (!ctx.continueOnFail()) throw new NodeOperationError(ctx.getNode(), message, { itemIndex: i });
			notBooked.push({ json: { error: message }, pairedItem: { item: i } });
			return;
		}
		const booking = parsed.data.booking as BookingItem & { stage: 'book' };
		sms.push({
			json: bookedTouch(booking, parsed.data, settings, settings.now) as unknown as IDataObject,
			pairedItem: { item: i },
		});
	});
	return [sms, notBooked];
};
