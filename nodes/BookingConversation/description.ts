/** What the practice sets in Booking Conversation: the practice's details, the offer, the copy. */
import type { INodeProperties } from 'n8n-workflow';
import { DEFAULT_COPY } from '../../core/booking/conversation';
import { practiceOptions } from '../shared/options';
import { outputsByOperation } from '../shared/router';

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
	{
		displayName:
			'Connect Patient Reply Trigger replies to the first input and the patient\'s rows of the "chairside_journal" Data table to the second.',
		name: 'routeNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { operation: ['route'] } },
	},
	{
		displayName:
			"Connect PMS > Find Open Slots (fed by Route Reply's Wants Openings) and Confirm Booking's Not Booked. The slots carry the conversation they were found for.",
		name: 'offerNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { operation: ['offer'] } },
	},
	{
		displayName:
			"Connect PMS > Book (fed by Route Reply's Picked Option, On Error: Continue). Confirmation goes to Patient Message; Not Booked (the slot was taken, or Open Dental refused) goes to Offer Openings.",
		name: 'confirmNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { operation: ['confirm'] } },
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
	{
		displayName: 'Offer Valid (Hours)',
		name: 'offerValidHours',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 48,
		description: 'How long the patient can pick an offered opening; a later pick gets fresh openings',
		displayOptions: { show: { operation: ['route'] } },
	},
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
