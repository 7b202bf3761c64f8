/**
 * What the practice sets in Booking Conversation: the offer, the copy. The operations, one file each
 * under actions/, carry the fields only they show.
 */
import type { INodeProperties } from 'n8n-workflow';
import { DEFAULT_COPY } from '../../core/booking/conversation';
import { practiceOptions } from '../shared/options';
import { outputsByOperation } from '../shared/router';
import type { BookingOperation } from './actions/common';
import { confirm } from './actions/confirm';
import { offer } from './actions/offer';
import { route } from './actions/route';

export const OPERATIONS: Record<string, BookingOperation> = { route, offer, confirm };

// Route Reply first: the outputs drawn before an operation is chosen.
export const OUTPUTS_BY_OPERATION: Record<string, string[]> = {
	route: ['Wants Openings', 'Picked Option', 'Opted Out', 'Everything Else', 'Confirms Visit'],
	offer: ['SMS', 'No Openings'],
	confirm: ['Confirmation', 'Not Booked'],
};

export const outputsExpression = outputsByOperation(OUTPUTS_BY_OPERATION);

const writes = { show: { operation: ['offer', 'confirm'] } };

export const properties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Confirm Booking',
				value: 'confirm',
				action: 'Confirm a booking by text',
				description:
					'After PMS > Book: the confirmation text, the offer closed and the journey stopped ("booked"); a booking that failed goes on to a new offer',
			},
			{
				name: 'Offer Openings',
				value: 'offer',
				action: 'Offer openings by text',
				description:
					"After PMS > Find Open Slots (or Confirm Booking's Not Booked): the numbered openings as a text, and the offer kept in the journal",
			},
			{
				name: 'Route Reply',
				value: 'route',
				action: 'Route a patient reply',
				description: 'Wants to book, picked an offered opening, opted out, or anything else (the usual reply handling)',
			},
		],
		default: 'route',
	},
	...Object.values(OPERATIONS).flatMap((operation) => operation.description),
	{
		displayName: 'Messages',
		name: 'copy',
		type: 'collection',
		placeholder: 'Edit a Message',
		default: {},
		description:
			'The texts, with {{practiceName}}, {{practicePhone}}, {{options}}, {{replyWith}} and (confirmation) {{when}}',
		displayOptions: writes,
		// Empty means core's copy (shown greyed out): n8n's lint and verification scan read only literal defaults.
		options: [
			{
				displayName: 'Confirmation',
				name: 'confirmationCopy',
				type: 'string',
				typeOptions: { rows: 2 },
				default: '',
				placeholder: DEFAULT_COPY.confirmationCopy,
			},
			{
				displayName: 'Offer',
				name: 'offerCopy',
				type: 'string',
				typeOptions: { rows: 2 },
				default: '',
				placeholder: DEFAULT_COPY.offerCopy,
			},
			{
				displayName: 'Offer After a Taken Slot',
				name: 'takenCopy',
				type: 'string',
				typeOptions: { rows: 2 },
				default: '',
				placeholder: DEFAULT_COPY.takenCopy,
			},
			{
				displayName: 'Offer After Expiry',
				name: 'expiredCopy',
				type: 'string',
				typeOptions: { rows: 2 },
				default: '',
				placeholder: DEFAULT_COPY.expiredCopy,
			},
			{
				displayName: 'Visit Confirmed',
				name: 'visitConfirmedCopy',
				type: 'string',
				typeOptions: { rows: 2 },
				default: '',
				placeholder: DEFAULT_COPY.visitConfirmedCopy,
			},
		],
	},
	practiceOptions,
];
