/**
 * A loopback Google Calendar API (v3) and OAuth token endpoint for the demo and the tests:
 * freebusy.query, events.insert (a client-supplied id, 409 when it is taken), events.get,
 * events.delete (the event stays, cancelled) and events.list with paging, on the calendars it is
 * given; bearer tokens that expire on the simulator's clock and scopes checked per method;
 * Google's error JSON; faults a test injects, among them a response dropped after the request
 * was carried out. Query parameters other than those read below are ignored (fields,
 * sendUpdates...). Bound to 127.0.0.1 only; it invites no one.
 */
import { DateTime } from 'luxon';
import { SANDBOX_CALENDAR } from './defaults';
import { calendarErrors } from './errors';
import { Calendar, type CalendarSeed, rfc3339, type StoredEvent } from './events';
import {
	decodeSegment,
	type FrontEnd,
	type GoogleControls,
	jsonObject,
	type Reply,
	type Router,
	scopeCheck,
	startFrontEnd,
	withControls,
} from '../google/front';
import { TokenIssuer } from '../google/oauth';

export type { CalendarSeed } from './events';

export const CALENDAR_SCOPES = {
	calendar: 'https://www.googleapis.com/auth/calendar',
	readonly: 'https://www.googleapis.com/auth/calendar.readonly',
	events: 'https://www.googleapis.com/auth/calendar.events',
	eventsReadonly: 'https://www.googleapis.com/auth/calendar.events.readonly',
	freebusy: 'https://www.googleapis.com/auth/calendar.freebusy',
	eventsFreebusy: 'https://www.googleapis.com/auth/calendar.events.freebusy',
} as const;

export interface CalendarSimulatorOptions {
	clientId: string;
	clientSecret: string;
	/** Default SANDBOX_CALENDAR.refreshToken. */
	refreshToken?: string;
	/** An access token valid for 3599 s from the start, as after a refresh. */
	accessToken?: string;
	/** Granted to every token; default calendar.events and calendar.freebusy, as the package asks for. */
	scopes?: string[];
	/** Default: SANDBOX_CALENDAR's calendar, empty. */
	calendars?: CalendarSeed[];
	port?: number;
	/** Default: real time, UTC. */
	now?: () => DateTime;
}

/** url (e.g. http://127.0.0.1:40123) is the API root (as https://www.googleapis.com), with the token endpoint at /token. */
export interface CalendarSimulator extends FrontEnd, GoogleControls {
	/** A calendar's events as events.get shows them, cancelled ones included, in the order they were added. */
	events(calendarId: string): Array<Record<string, unknown>>;
}

const WRITE_SCOPES: string[] = [CALENDAR_SCOPES.calendar, CALENDAR_SCOPES.events];
const READ_SCOPES: string[] = [...WRITE_SCOPES, CALENDAR_SCOPES.readonly, CALENDAR_SCOPES.eventsReadonly];
// calendar.events alone does not reach free/busy: that is why the credential asks for calendar.freebusy too.
const FREEBUSY_SCOPES: string[] = [
	CALENDAR_SCOPES.calendar,
	CALENDAR_SCOPES.readonly,
	CALENDAR_SCOPES.freebusy,
	CALENDAR_SCOPES.eventsFreebusy,
];

export async function startCalendarSimulator(options: CalendarSimulatorOptions): Promise<CalendarSimulator> {
	let clock = options.now ?? (() => DateTime.utc());
	const scopes = options.scopes ?? [CALENDAR_SCOPES.events, CALENDAR_SCOPES.freebusy];
	const tokens = new TokenIssuer({
		...options,
		refreshToken: options.refreshToken ?? SANDBOX_CALENDAR.refreshToken,
		scopes,
		nowMs: () => clock().toMillis(),
	});
	if (options.accessToken) tokens.seed(options.accessToken);
	const seeds = options.calendars ?? [{ id: SANDBOX_CALENDAR.calendarId, summary: SANDBOX_CALENDAR.calendarName }];
	const calendars = new Map(
		seeds.map((seed) => {
			const calendar = new Calendar(seed.id, seed.summary ?? seed.id, seed.timeZone ?? SANDBOX_CALENDAR.timeZone, () =>
				clock(),
			);
			for (const event of seed.events ?? []) calendar.insert(event);
			return [seed.id, calendar];
		}),
	);

	const open = (id: string): Calendar => {
		const calendar = calendars.get(decodeSegment(id));
		if (!calendar) throw calendarErrors.notFound();
		return calendar;
	};

	const scoped = scopeCheck(calendarErrors);

	const freeBusy = (raw: Buffer): Reply => {
		const body = jsonObject(raw, calendarErrors);
		if (body.timeMin === undefined) throw calendarErrors.required('Missing timeMin parameter.');
		if (body.timeMax === undefined) throw calendarErrors.required('Missing timeMax parameter.');
		const min = rfc3339(body.timeMin, 'timeMin');
		const max = rfc3339(body.timeMax, 'timeMax');
		if (max <= min) throw calendarErrors.timeRangeEmpty();
		// The answer's times are in timeZone (UTC by default), as Google writes them.
		const zone = typeof body.timeZone === 'string' ? body.timeZone : 'UTC';
		const at = (ms: number) => DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true }) as string;
		const items = Array.isArray(body.items) ? (body.items as Array<{ id?: unknown }>) : [];
		const answer = Object.fromEntries(
			items.map(({ id }) => {
				const calendar = calendars.get(String(id));
				if (!calendar) return [String(id), { errors: [{ domain: 'global', reason: 'notFound' }], busy: [] }];
				return [
					calendar.id,
					{ busy: calendar.busy(min.toMillis(), max.toMillis()).map(([s, e]) => ({ start: at(s), end: at(e) })) },
				];
			}),
		);
		return {
			status: 200,
			json: {
				kind: 'calendar#freeBusy',
				timeMin: min.toUTC().toISO(),
				timeMax: max.toUTC().toISO(),
				calendars: answer,
			},
		};
	};

	const list = (calendar: Calendar, query: URLSearchParams): Reply => {
		const page = calendar.list(query);
		const updated = page.items.reduce(
			(latest, e) => DateTime.max(latest, e.updated),
			DateTime.fromMillis(0, { zone: 'utc' }),
		);
		return {
			status: 200,
			json: {
				kind: 'calendar#events',
				etag: `"${updated.toMillis()}"`,
				summary: calendar.summary,
				updated: updated.toUTC().toISO(),
				timeZone: calendar.timeZone,
				accessRole: 'owner',
				defaultReminders: [],
				...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
				items: page.items.map((e) => calendar.resource(e)),
			},
		};
	};

	const shown = (calendar: Calendar, event: StoredEvent): Reply => ({ status: 200, json: calendar.resource(event) });

	const route: Router = (method, path) => {
		const events = /^\/calendar\/v3\/calendars\/([^/]+)\/events$/.exec(path);
		const event = /^\/calendar\/v3\/calendars\/([^/]+)\/events\/([^/]+)$/.exec(path);
		if (method === 'POST' && path === '/calendar/v3/freeBusy')
			return scoped(FREEBUSY_SCOPES, 'Freebusy.Query', ({ raw }) => freeBusy(raw));
		if (method === 'GET' && events)
			return scoped(READ_SCOPES, 'Events.List', ({ query }) => list(open(events[1]), query));
		if (method === 'POST' && events)
			return scoped(WRITE_SCOPES, 'Events.Insert', ({ raw }) =>
				shown(open(events[1]), open(events[1]).insert(jsonObject(raw, calendarErrors))),
			);
		if (method === 'GET' && event)
			return scoped(READ_SCOPES, 'Events.Get', () =>
				shown(open(event[1]), open(event[1]).get(decodeSegment(event[2]))),
			);
		if (method === 'DELETE' && event)
			return scoped(WRITE_SCOPES, 'Events.Delete', () => {
				open(event[1]).cancel(decodeSegment(event[2]));
				return { status: 204, json: null };
			});
		return null;
	};

	const resources = (calendar: Calendar) => calendar.all().map((e) => calendar.resource(e));
	const view = () =>
		[...calendars.values()].map((c) => ({ id: c.id, summary: c.summary, timeZone: c.timeZone, events: resources(c) }));
	const front = await startFrontEnd({
		port: options.port,
		tokens,
		route,
		errors: calendarErrors,
		now: () => clock(),
		views: { calendars: view },
	});

	return withControls<Omit<CalendarSimulator, keyof GoogleControls>>(
		{
			...front,
			events: (calendarId) => {
				const calendar = calendars.get(calendarId);
				if (!calendar) throw new Error(`No calendar ${calendarId}`);
				return resources(calendar);
			},
		},
		tokens,
		(now) => (clock = now),
	);
}
