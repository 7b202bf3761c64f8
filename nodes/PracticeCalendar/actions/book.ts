import { NodeOperationError } from 'n8n-workflow';
import { book as bookEvent } from '../../../core/calendar/transport';
import { conversationOf } from '../../shared/conversation';
import { dateFieldText } from '../../shared/options';
import type { PerItemOperation } from '../../shared/router';
import { bookingKey, calendarFailure, calendarItem, openingRules, show, type CalendarRun } from './common';

/** Re-checks the time, then adds the event; one booking key is one event, whatever the retries. */
export const book: PerItemOperation<CalendarRun> = {
	runs: 'perItem',
	description: [
		{
			displayName: 'Start',
			name: 'start',
			type: 'dateTime',
			default: '',
			required: true,
			description: 'The time to book (an opening from Find Openings)',
			displayOptions: show('book'),
		},
		bookingKey('book'),
		{
			displayName: 'Summary',
			name: 'summary',
			type: 'string',
			default: 'Appointment',
			description: 'Shown on the calendar: a first name and a service, no clinical detail',
			displayOptions: show('book'),
		},
		{
			displayName: 'Description',
			name: 'description',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			displayOptions: show('book'),
		},
		{
			displayName: 'Invite Email',
			name: 'attendeeEmail',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			description: 'Google emails this address the appointment',
			displayOptions: show('book'),
		},
	],
	async execute(ctx, i, run) {
		const booking = conversationOf(ctx.getInputData()[i].json);
		const { now, account, transport } = calendarItem(ctx, i, run);
		const rules = openingRules(ctx, i, run.zone);
		const minutes = ctx.getNodeParameter('serviceMinutes', i) as number;
		const start = dateFieldText(ctx.getNodeParameter('start', i));
		if (!start)
			throw new NodeOperationError(ctx.getNode(), 'Start is empty: pick an opening from Find Openings', {
				itemIndex: i,
			});
		const text = (name: string) => String(ctx.getNodeParameter(name, i, '')).trim();
		const booked = await bookEvent(
			run.http,
			account,
			{
				...rules,
				bookingKey: text('bookingKey'),
				start,
				minutes,
				summary: text('summary') || 'Appointment',
				description: text('description') || undefined,
				attendeeEmail: text('attendeeEmail') || undefined,
			},
			{ ...transport, now },
		);
		return { json: { ...booked, ...booking } };
	},
	onError: calendarFailure,
};
