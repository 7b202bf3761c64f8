import { z } from 'zod';
import type { Operation } from '../../shared/router';
import type { Settings } from '../settings';

export type BookingOperation = Operation<Settings>;

const enrollmentRow = z.object({ key: z.string().min(1), kind: z.literal('enrollment') }).passthrough();
const conversation = {
	kind: z.literal('chairside.booking'),
	patientId: z.string().min(1),
	mobile: z.string().min(1),
	replySid: z.string().min(1),
	// Items from before this field existed get the normal send window (see Conversation.replyReceivedAt).
	replyReceivedAt: z.string().nullable().default(null),
	enrollmentRow: enrollmentRow.nullable(),
	optedOut: z.boolean(),
};
const option = {
	option: z.number().int().min(1),
	start: z.string().min(1),
	end: z.string().min(1),
	providerId: z.string(),
	operatoryId: z.string(),
};

/** The conversation an item carries (Route Reply made it; PMS slots and bookings pass it on). */
const moves = { moves: z.string().nullish() };
export const bookingSchema = z.discriminatedUnion('stage', [
	z.object({
		...conversation,
		...moves,
		stage: z.literal('offer'),
		why: z.enum(['asked', 'expired', 'taken', 'reschedule']),
	}),
	z.object({
		...conversation,
		...moves,
		stage: z.literal('book'),
		offerKey: z.string().min(1),
		bookingKey: z.string().min(1),
		lengthMinutes: z.number(),
		...option,
	}),
	z.object({ ...conversation, stage: z.literal('confirm'), appointmentId: z.string().min(1) }),
]);
