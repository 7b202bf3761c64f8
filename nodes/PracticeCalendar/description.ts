/** The Practice Calendar node's fields. */
import type { INodeProperties } from 'n8n-workflow';
import { practiceOptions } from '../shared/options';

const show = (...operation: string[]): INodeProperties['displayOptions'] => ({ show: { operation } });

export const properties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'findOpenings',
		options: [
			{ name: 'Book', value: 'book', action: 'Book an appointment', description: 'Re-checks the time, then adds the event; one booking key is one event, whatever the retries' },
			{ name: 'Cancel', value: 'cancel', action: 'Cancel an appointment', description: 'Cancels the event of a booking key; cancelling twice is fine' },
			{ name: 'Find Openings', value: 'findOpenings', action: 'Find open appointment times', description: 'A few good openings from the calendar\'s free/busy, inside business hours' },
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
	{ displayName: 'From', name: 'from', type: 'dateTime', default: '', description: 'First day to look at. Empty: the reference time.', displayOptions: show('findOpenings') },
	{ displayName: 'To', name: 'to', type: 'dateTime', default: '', description: 'Last moment to look at. Empty: 14 days after From.', displayOptions: show('findOpenings') },
	{ displayName: 'Start', name: 'start', type: 'dateTime', default: '', required: true, description: 'The time to book (an opening from Find Openings)', displayOptions: show('book') },
	{
		displayName: 'Booking Key',
		name: 'bookingKey',
		type: 'string',
		default: '',
		required: true,
		description: 'What this booking is in your workflow (a reply ID, a form entry): the same key never makes a second event',
		displayOptions: show('book', 'cancel'),
	},
	{ displayName: 'Summary', name: 'summary', type: 'string', default: 'Appointment', description: 'Shown on the calendar: a first name and a service, no clinical detail', displayOptions: show('book') },
	{ displayName: 'Description', name: 'description', type: 'string', typeOptions: { rows: 3 }, default: '', displayOptions: show('book') },
	{ displayName: 'Invite Email', name: 'attendeeEmail', type: 'string', placeholder: 'name@email.com', default: '', description: 'Google emails this address the appointment', displayOptions: show('book') },
	{ displayName: 'Service Minutes', name: 'serviceMinutes', type: 'number', typeOptions: { minValue: 5, maxValue: 720 }, default: 60, displayOptions: show('findOpenings', 'book') },
	{ displayName: 'Business Hours', name: 'businessHours', type: 'string', default: 'Mon-Fri 09:00-17:00', placeholder: 'Mon-Thu 08:00-17:00, Fri 08:00-13:00', displayOptions: show('findOpenings', 'book') },
	{
		displayName: 'Opening Settings',
		name: 'settings',
		type: 'collection',
		placeholder: 'Add Setting',
		default: {},
		displayOptions: show('findOpenings', 'book'),
		options: [
			{ displayName: 'Buffer Minutes', name: 'bufferMinutes', type: 'number', typeOptions: { minValue: 0 }, default: 0, description: 'Kept clear before and after every appointment' },
			{ displayName: 'Closed Dates', name: 'closedDates', type: 'string', default: '', placeholder: '2026-12-24, 2026-12-25' },
			{ displayName: 'One per Day First', name: 'spread', type: 'boolean', default: true, description: 'Whether to offer the first opening of each day before a second one on the same day' },
			{ displayName: 'Openings to Offer', name: 'openingCount', type: 'number', typeOptions: { minValue: 1, maxValue: 100 }, default: 3, description: 'A few good options, not hundreds' },
			{ displayName: 'Step Minutes', name: 'stepMinutes', type: 'number', typeOptions: { minValue: 5 }, default: 15, description: 'Openings start on this grid' },
		],
	},
	practiceOptions,
];
