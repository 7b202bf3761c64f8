/** A stand-in for n8n's execute context that runs Booking Conversation on given items and journal rows. */
import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { BookingConversation } from '../../../nodes/BookingConversation/BookingConversation.node';
import { withProfile } from '../practice/profile-fields';

export interface ConversationContext {
	params: Record<string, unknown>;
	items: IDataObject[];
	journal?: IDataObject[];
	continueOnFail?: boolean;
}

export function conversationContext({
	params,
	items,
	journal = [],
	continueOnFail = false,
}: ConversationContext): IExecuteFunctions {
	const node: INode = {
		id: 'n2',
		name: 'Booking Conversation',
		type: 'n8n-nodes-chairside.bookingConversation',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const inputs: INodeExecutionData[][] = [items.map((json) => ({ json })), journal.map((json) => ({ json }))];
	return {
		getInputData: (input = 0) => inputs[input],
		getNodeParameter: (name: string, _i: number, fallback?: unknown) => {
			const value = name.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], params);
			return value === undefined ? fallback : value;
		},
		getNode: () => node,
		getTimezone: () => 'America/New_York',
		// What used to be the node's practice fields and zone option is the practice profile's now.
		getCredentials: withProfile({
			timeZone: (params.options as { timezone?: string } | undefined)?.timezone ?? 'America/New_York',
			practiceName: params.practiceName,
			phone: params.practicePhone,
		}),
		continueOnFail: () => continueOnFail,
	} as unknown as IExecuteFunctions;
}

export const runConversation = (c: ConversationContext) =>
	new BookingConversation().execute.call(conversationContext(c));
