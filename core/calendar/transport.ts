/**
 * Booking on a Google Calendar over n8n's authenticated HTTP (core/messaging/google.ts). Openings come from free/busy and the business
 * hours. A booking's event id comes from its booking key, so a retry (ours after a lost answer,
 * or the workflow's) meets Google's 409 and gets the event already there. Free/busy is read again
 * right before the insert; Google has no conditional insert, so two bookers in the same second
 * can still both land. Messages name the calendar and the times, never the summary or notes.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import { eventIdFor } from './event-id';
import {
	misfit,
	openings,
	type BusySpan,
	type Misfit,
	type Opening,
	type OpeningRules,
	type OpeningsQuery,
} from './openings';
import { DEFAULT_CLINICAL_WORDS, PHI_KIND_WORDS, phiMatcher } from '../guard/phi';
import {
	googleCall,
	googleFailure,
	pathParam,
	type GoogleCall,
	type GoogleRequest,
	type GoogleWords,
} from '../messaging/google';
import { ProviderError, type ProviderHttp, type TransportOptions } from '../messaging/provider';

// Calendar API v3, the methods and fields used here (https://developers.google.com/calendar/api/v3/reference).

/** An event's start or end: a timed event has dateTime (RFC 3339) and may name its zone. */
interface EventDateTime {
	dateTime?: string;
	timeZone?: string;
}

/** The Event resource, the fields written and read here. */
interface CalendarEvent {
	id?: string;
	/** confirmed, tentative or cancelled. */
	status?: string;
	summary?: string;
	description?: string;
	start?: EventDateTime;
	end?: EventDateTime;
	attendees?: Array<{ email: string }>;
	extendedProperties?: { private?: Record<string, string> };
	htmlLink?: string;
}

/** freebusy.query's request body. */
interface FreeBusyRequest {
	timeMin: string;
	timeMax: string;
	timeZone: string;
	items: Array<{ id: string }>;
}

/** freebusy.query's answer: per calendar asked, its busy spans, or why it could not be read. */
interface FreeBusyResponse {
	calendars?: Record<
		string,
		{ busy?: Array<{ start?: string; end?: string }>; errors?: Array<{ domain?: string; reason?: string }> }
	>;
}

/** events.list's answer (only asked to prove the calendar is there). */
interface EventList {
	items?: CalendarEvent[];
}

const events = (calendarId: string) => `calendar/v3/calendars/${pathParam(calendarId)}/events`;

const calendar = {
	freeBusy: (body: FreeBusyRequest): GoogleRequest<FreeBusyResponse> => ({
		method: 'POST',
		path: 'calendar/v3/freeBusy',
		body,
	}),
	getEvent: (calendarId: string, eventId: string): GoogleRequest<CalendarEvent> => ({
		method: 'GET',
		path: `${events(calendarId)}/${pathParam(eventId)}`,
	}),
	/** sendUpdates "all": Google emails the attendees. */
	insertEvent: (
		calendarId: string,
		sendUpdates: 'all' | 'none',
		body: CalendarEvent,
	): GoogleRequest<CalendarEvent> => ({ method: 'POST', path: events(calendarId), query: { sendUpdates }, body }),
	deleteEvent: (calendarId: string, eventId: string): GoogleRequest<unknown> => ({
		method: 'DELETE',
		path: `${events(calendarId)}/${pathParam(eventId)}`,
		query: { sendUpdates: 'all' },
	}),
	listEvents: (calendarId: string, maxResults: number): GoogleRequest<EventList> => ({
		method: 'GET',
		path: events(calendarId),
		query: { maxResults: String(maxResults) },
	}),
};

export interface CalendarAccount {
	/** https://www.googleapis.com, or the sandbox. */
	baseUrl: string;
	calendarId: string;
}

export interface BookingRequest extends OpeningRules {
	/** What the booking is in the caller's world (a request id, a form entry): one key, one event. */
	bookingKey: string;
	/** ISO date and time; without an offset it is read in `zone`. */
	start: string;
	minutes: number;
	/** Shown on the shared calendar: a first name and a service, no clinical detail. */
	summary: string;
	description?: string;
	/** Invited to the event, so Google emails the patient the appointment. */
	attendeeEmail?: string;
}

export interface Booked {
	/** false: the booking key was booked already; this is that event. */
	created: boolean;
	eventId: string;
	calendarId: string;
	start: string;
	end: string;
	htmlLink: string | null;
}

export interface Cancelled {
	eventId: string;
	/** already_cancelled: cancelled before, or never booked; nothing to do. */
	outcome: 'cancelled' | 'already_cancelled';
}

/** The requested time is not free, or is outside the hours; `openings` are the nearest ones that are. */
export class SlotUnavailable extends Error {
	constructor(
		readonly reason: Misfit,
		readonly openings: Opening[],
		message: string,
	) {
		super(message);
		this.name = 'SlotUnavailable';
	}
}

/** How far past the requested day the next openings are looked for. */
const SEARCH_DAYS = 14;

const booking = z.object({
	bookingKey: z.string().trim().min(1, 'Booking Key is empty: it names the booking so a retry cannot book twice'),
	start: z.string(),
	minutes: z.number(),
	summary: z.string().trim().min(1, 'Summary is empty'),
	description: z.string().optional(),
	attendeeEmail: z.string().trim().email('Attendee Email is not an email address').optional(),
});

const phi = phiMatcher(DEFAULT_CLINICAL_WORDS);

function words(account: CalendarAccount): GoogleWords {
	const where = `calendar ${account.calendarId}`;
	return {
		credential: (f) => `Google refused the Google Calendar credential (401): reconnect it${f.tail}`,
		rateLimited: (f) => `Google Calendar: too many requests (${f.code}) for ${where}`,
		noAnswer: (f) => `No answer from Google Calendar for ${where}${f.tail}`,
		serverError: (f) => `Google Calendar answered ${f.status} for ${where}${f.tail}`,
		access: (f) =>
			f.status === 404
				? `Google Calendar has no ${where} (404): check the Calendar ID and that the connected Google account can see it`
				: `Google Calendar refused ${where} (${f.code}): check that the connected Google account can edit it and the credential's scopes (calendar.events, calendar.freebusy)`,
		// Google's words about a refused event name fields, not their values.
		refused: (f) => `Google Calendar refused the request for ${where} (${f.code})${f.tail}`,
	};
}

function connect(http: ProviderHttp, account: CalendarAccount, options: TransportOptions): GoogleCall {
	const failure = words(account);
	return googleCall(http, account.baseUrl, (response) => googleFailure(response, 'calendar', failure), options);
}

/** Google's answer for one status, as a value instead of a ProviderError (409 on insert, 404/410 on delete). */
async function unless<T>(status: number[], run: () => Promise<T>): Promise<T | number> {
	try {
		return await run();
	} catch (error) {
		if (error instanceof ProviderError && status.includes(error.httpStatus)) return error.httpStatus;
		throw error;
	}
}

async function busyTime(
	call: GoogleCall,
	account: CalendarAccount,
	from: DateTime,
	to: DateTime,
	zone: string,
): Promise<BusySpan[]> {
	const answer = await call(
		calendar.freeBusy({
			timeMin: from.toUTC().toISO() as string,
			timeMax: to.toUTC().toISO() as string,
			timeZone: zone,
			items: [{ id: account.calendarId }],
		}),
	);
	const entry = answer.calendars?.[account.calendarId];
	const reason = entry?.errors?.[0]?.reason ?? (entry ? null : 'missing');
	if (reason) {
		const message = `Google Calendar cannot read the free/busy time of calendar ${account.calendarId} (${reason}): check the Calendar ID and that the connected Google account can see it`;
		throw new ProviderError('calendar', 'configuration', 200, reason, message);
	}
	return (entry?.busy ?? []).map((span) => ({ start: span.start ?? '', end: span.end ?? '' }));
}

async function search(call: GoogleCall, account: CalendarAccount, query: OpeningsQuery): Promise<Opening[]> {
	// Busy time just outside the window still needs its buffer.
	const margin = { minutes: query.bufferMinutes ?? 0 };
	const busy = await busyTime(call, account, query.from.minus(margin), query.to.plus(margin), query.zone);
	return openings(busy, query);
}

/** Up to `limit` openings in [from, to) for a service of `serviceMinutes`. */
export function findOpenings(
	http: ProviderHttp,
	account: CalendarAccount,
	query: OpeningsQuery,
	options: TransportOptions,
): Promise<Opening[]> {
	return search(connect(http, account, options), account, query);
}

function booked(event: CalendarEvent, account: CalendarAccount, created: boolean): Booked {
	return {
		created,
		eventId: event.id ?? '',
		calendarId: account.calendarId,
		start: event.start?.dateTime ?? '',
		end: event.end?.dateTime ?? '',
		htmlLink: event.htmlLink ?? null,
	};
}

/** The event a booking key made, or why there is none to return. */
async function existing(call: GoogleCall, account: CalendarAccount, eventId: string): Promise<CalendarEvent | null> {
	const found = await unless([404], () => call(calendar.getEvent(account.calendarId, eventId)));
	if (typeof found === 'number') return null;
	if (found.status === 'cancelled') {
		throw new ProviderError(
			'calendar',
			'rejected',
			409,
			'cancelled',
			`This booking key was booked on calendar ${account.calendarId} and cancelled (event ${eventId}): a new booking needs a new key`,
		);
	}
	return found;
}

/** The refusal of `start`, with the openings from that day (or now) on. */
async function unavailable(
	call: GoogleCall,
	account: CalendarAccount,
	request: BookingRequest,
	start: DateTime,
	problem: Misfit,
	now: DateTime,
): Promise<SlotUnavailable> {
	const from = DateTime.max(now, start.setZone(request.zone).startOf('day'));
	const next = await search(call, account, {
		...request,
		serviceMinutes: request.minutes,
		from,
		to: from.plus({ days: SEARCH_DAYS }),
	});
	const when = start.setZone(request.zone).toFormat('ccc d LLL yyyy HH:mm');
	const why = problem === 'busy' ? 'is no longer free' : 'is outside the business hours';
	const list = next.length
		? next.map((o) => DateTime.fromISO(o.start, { setZone: true }).toFormat('ccc d LLL HH:mm')).join(', ')
		: `none in the next ${SEARCH_DAYS} days`;
	return new SlotUnavailable(
		problem,
		next,
		`${when} (${request.minutes} min) on calendar ${account.calendarId} ${why}; next openings: ${list}`,
	);
}

/**
 * Books `minutes` at `start`: checks the hours and free/busy, then inserts the event with the id
 * from the booking key. Booking a key again returns its event with created: false. Throws
 * SlotUnavailable (with the next openings) when the time is taken or closed, ProviderError when
 * Google refuses, Error when the request itself is wrong. `now` bounds where next openings start.
 */
export async function book(
	http: ProviderHttp,
	account: CalendarAccount,
	request: BookingRequest,
	options: TransportOptions & { now: DateTime },
): Promise<Booked> {
	const parsed = booking.safeParse(request);
	if (!parsed.success) throw new Error(parsed.error.issues[0].message);
	const found = phi.find(request.summary, request.description);
	if (found)
		throw new Error(
			`Summary and Description show on a shared calendar: leave out clinical detail (found ${PHI_KIND_WORDS[found]})`,
		);
	const start = DateTime.fromISO(request.start, { zone: request.zone });
	if (!start.isValid)
		throw new Error(`Start "${request.start}" is not an ISO date and time, e.g. 2026-03-10T09:00:00-05:00`);
	const end = start.plus({ minutes: request.minutes });
	const rules = { ...request, serviceMinutes: request.minutes };
	const eventId = eventIdFor(request.bookingKey);
	const call = connect(http, account, options);

	// The hours first: a closed time needs no request to refuse (and the rules are checked here).
	if (misfit(start, [], rules)) throw await unavailable(call, account, request, start, 'closed', options.now);
	const margin = { minutes: request.bufferMinutes ?? 0 };
	if (misfit(start, await busyTime(call, account, start.minus(margin), end.plus(margin), request.zone), rules)) {
		// Busy may be this very booking, made by an earlier try whose answer was lost.
		const mine = await existing(call, account, eventId);
		if (mine) return booked(mine, account, false);
		throw await unavailable(call, account, request, start, 'busy', options.now);
	}

	const inserted = await unless([409], () =>
		call(
			calendar.insertEvent(account.calendarId, request.attendeeEmail ? 'all' : 'none', {
				id: eventId,
				summary: request.summary,
				description: request.description,
				start: { dateTime: start.toISO({ suppressMilliseconds: true }) as string, timeZone: request.zone },
				end: { dateTime: end.toISO({ suppressMilliseconds: true }) as string, timeZone: request.zone },
				attendees: request.attendeeEmail ? [{ email: request.attendeeEmail.trim() }] : undefined,
				extendedProperties: { private: { chairsideBookingKey: request.bookingKey } },
			}),
		),
	);
	if (typeof inserted !== 'number') return booked(inserted, account, true);
	// 409: the id is taken, by this booking key; a retry after a lost answer ends here.
	const mine = await existing(call, account, eventId);
	if (!mine)
		throw new ProviderError(
			'calendar',
			'unavailable',
			409,
			'duplicate',
			`Google Calendar says event ${eventId} exists but does not show it on calendar ${account.calendarId}`,
		);
	return booked(mine, account, false);
}

/** Cancels the booking key's event (it stays on the calendar as cancelled, as Google keeps it). */
export async function cancel(
	http: ProviderHttp,
	account: CalendarAccount,
	bookingKey: string,
	options: TransportOptions,
): Promise<Cancelled> {
	const eventId = eventIdFor(bookingKey);
	const call = connect(http, account, options);
	const answer = await unless([404, 410], () => call(calendar.deleteEvent(account.calendarId, eventId)));
	if (answer === 404) {
		// Google says 404 alike for an unknown event and an unknown calendar; only the first is fine.
		await call(calendar.listEvents(account.calendarId, 1));
	}
	return { eventId, outcome: answer === 404 || answer === 410 ? 'already_cancelled' : 'cancelled' };
}
