import { DateTime } from 'luxon';
import {
	CALENDAR_SCOPES,
	startCalendarSimulator,
	type CalendarSimulator,
	type CalendarSimulatorOptions,
} from '../../../sandbox/gcal';
import { ACCESS, call, CLIENT, type Answer, type Json } from '../gmail-sim/helpers';

export { ACCESS, call, CLIENT, CALENDAR_SCOPES, type Answer, type Json };
export const CAL = 'front-desk@group.calendar.google.com';
export const ZONE = 'America/Chicago';
export const REFRESH = '1//calendar-refresh';
/** Thursday 5 March 2026, 09:00 in Chicago: the Sunday after, clocks go forward. */
export const START = DateTime.fromISO('2026-03-05T15:00:00Z', { zone: 'utc' });

export async function start(
	overrides: Partial<CalendarSimulatorOptions> = {},
): Promise<{ sim: CalendarSimulator; clock: { now: () => DateTime; advance(minutes: number): void } }> {
	let current = START;
	const clock = { now: () => current, advance: (minutes: number) => void (current = current.plus({ minutes })) };
	const sim = await startCalendarSimulator({
		...CLIENT,
		refreshToken: REFRESH,
		accessToken: ACCESS,
		calendars: [{ id: CAL, summary: 'Front desk', timeZone: ZONE }],
		now: clock.now,
		...overrides,
	});
	return { sim, clock };
}

export const eventsPath = (calendarId = CAL) => `/calendar/v3/calendars/${encodeURIComponent(calendarId)}/events`;

/** A timed event from local Chicago times on a day, e.g. timed('2026-03-09', '09:00', '10:00'). */
export function timed(day: string, from: string, to: string, extra: Json = {}): Json {
	return {
		summary: 'Busy',
		start: { dateTime: `${day}T${from}:00`, timeZone: ZONE },
		end: { dateTime: `${day}T${to}:00`, timeZone: ZONE },
		...extra,
	};
}

export function insert(sim: CalendarSimulator, event: Json, token?: string | null): Promise<Answer> {
	return call(sim, eventsPath(), { json: event, token });
}

export function freeBusy(sim: CalendarSimulator, body: Json, token?: string | null): Promise<Answer> {
	return call(sim, '/calendar/v3/freeBusy', { json: body, token });
}
