import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';
import { findOpenings as openingsOf } from '../../../core/calendar/transport';
import { conversationOf } from '../../shared/conversation';
import { dateFieldText } from '../../shared/options';
import type { PerItemOperation } from '../../shared/router';
import { calendarFailure, calendarItem, openingRules, show, type CalendarRun } from './common';

/** A few good openings from the calendar's free/busy, inside business hours; one item per opening. */
export const findOpenings: PerItemOperation<CalendarRun> = {
	runs: 'perItem',
	description: [
		{
			displayName: 'From',
			name: 'from',
			type: 'dateTime',
			default: '',
			description: 'First day to look at. Empty: the reference time.',
			displayOptions: show('findOpenings'),
		},
		{
			displayName: 'To',
			name: 'to',
			type: 'dateTime',
			default: '',
			description: 'Last moment to look at. Empty: 14 days after From.',
			displayOptions: show('findOpenings'),
		},
	],
	async execute(ctx, i, run) {
		const booking = conversationOf(ctx.getInputData()[i].json);
		const { now, account, transport } = calendarItem(ctx, i, run);
		const rules = openingRules(ctx, i, run.zone);
		const serviceMinutes = ctx.getNodeParameter('serviceMinutes', i) as number;
		const day = (name: string) => dateFieldText(ctx.getNodeParameter(name, i, ''));
		const from = day('from') ? DateTime.fromISO(day('from'), { zone: run.zone }) : now;
		const to = day('to') ? DateTime.fromISO(day('to'), { zone: run.zone }) : from.plus({ days: 14 });
		const found = await openingsOf(run.http, account, { ...rules, from, to, serviceMinutes }, transport);
		const items = found.map((opening, n) => ({ json: { option: n + 1, ...opening, ...booking } as IDataObject }));
		// A conversation always gets an item back, so its next step can answer the patient.
		if (!found.length && booking.booking) items.push({ json: { found: 0, ...booking } as IDataObject });
		return items;
	},
	onError: calendarFailure,
};
