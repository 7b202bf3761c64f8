import { cancel as cancelEvent } from '../../../core/calendar/transport';
import type { PerItemOperation } from '../../shared/router';
import { bookingKey, calendarFailure, calendarItem, type CalendarRun } from './common';

/** Cancels the event of a booking key; cancelling twice is fine. */
export const cancel: PerItemOperation<CalendarRun> = {
	runs: 'perItem',
	description: [bookingKey('cancel')],
	async execute(ctx, i, run) {
		const { account, transport } = calendarItem(ctx, i, run);
		const key = String(ctx.getNodeParameter('bookingKey', i));
		return { json: { ...(await cancelEvent(run.http, account, key, transport)) } };
	},
	onError: calendarFailure,
};
