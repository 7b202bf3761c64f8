import type { IDataObject } from 'n8n-workflow';

/**
 * A booking conversation (Booking Conversation > Route Reply) travels with the slots found and the
 * appointments booked for it, so the next step knows whom they are for without a Merge.
 */
export function conversationOf(input: IDataObject): { booking?: IDataObject } {
	return input.kind === 'chairside.booking' ? { booking: input } : {};
}
