/** The Practice Calendar node's fields: the Operation, those several operations read, and each operation's own (actions/). */
import type { INodeProperties } from 'n8n-workflow';
import { practiceOptions } from '../shared/options';
import { book } from './actions/book';
import { cancel } from './actions/cancel';
import { show } from './actions/common';
import { findOpenings } from './actions/findOpenings';

export const properties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'findOpenings',
		options: [
			{
				name: 'Book',
				value: 'book',
				action: 'Book an appointment',
				description: 'Re-checks the time, then adds the event; one booking key is one event, whatever the retries',
			},
			{
				name: 'Cancel',
				value: 'cancel',
				action: 'Cancel an appointment',
				description: 'Cancels the event of a booking key; cancelling twice is fine',
			},
			{
				name: 'Find Openings',
				value: 'findOpenings',
				action: 'Find open appointment times',
				description: "A few good openings from the calendar's free/busy, inside business hours",
			},
		],
	},
	{
		displayName: 'Calendar ID',
		name: 'calendarId',
		type: 'string',
		default: 'primary',
		required: true,
		description: 'The practice calendar: "primary", or the ID from Google Calendar > Settings > Integrate calendar',
	},
	...findOpenings.description,
	...book.description,
	...cancel.description,
	{
		displayName: 'Service Minutes',
		name: 'serviceMinutes',
		type: 'number',
		typeOptions: { minValue: 5, maxValue: 720 },
		default: 60,
		displayOptions: show('findOpenings', 'book'),
	},
	{
		displayName: 'Business Hours',
		name: 'businessHours',
		type: 'string',
		default: 'Mon-Fri 09:00-17:00',
		placeholder: 'Mon-Thu 08:00-17:00, Fri 08:00-13:00',
		displayOptions: show('findOpenings', 'book'),
	},
	{
		displayName: 'Opening Settings',
		name: 'settings',
		type: 'collection',
		placeholder: 'Add Setting',
		default: {},
		displayOptions: show('findOpenings', 'book'),
		options: [
			{
				displayName: 'Buffer Minutes',
				name: 'bufferMinutes',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'Kept clear before and after every appointment',
			},
			{
				displayName: 'Closed Dates',
				name: 'closedDates',
				type: 'string',
				default: '',
				placeholder: '2026-12-24, 2026-12-25',
			},
			{
				displayName: 'One per Day First',
				name: 'spread',
				type: 'boolean',
				default: true,
				description: 'Whether to offer the first opening of each day before a second one on the same day',
			},
			{
				displayName: 'Openings to Offer',
				name: 'openingCount',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 100 },
				default: 3,
				description: 'A few good options, not hundreds',
			},
			{
				displayName: 'Step Minutes',
				name: 'stepMinutes',
				type: 'number',
				typeOptions: { minValue: 5 },
				default: 15,
				description: 'Openings start on this grid',
			},
		],
	},
	practiceOptions,
];
