/**
 * One calendar as Calendar v3 keeps it: events with a client-chosen or a minted base32hex id,
 * timed (dateTime) and all-day (date, in the calendar's zone); a deleted event stays as status
 * "cancelled", so its id stays taken and a second delete answers 410; the busy time free/busy
 * reports (not cancelled, not transparent). Recurrence is not modelled: every event is single.
 */
import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { calendarErrors } from './errors';

export interface CalendarSeed {
	id: string;
	summary?: string;
	/** Default SANDBOX_CALENDAR.timeZone. */
	timeZone?: string;
	/** Event resources as events.insert takes them. */
	events?: unknown[];
}

const time = z.object({
	dateTime: z.string().optional(),
	date: z.string().optional(),
	timeZone: z.string().optional(),
});

/** The fields the sandbox keeps; Google ignores the ones it does not know, so does this. */
const eventBody = z.object({
	id: z.string().optional(),
	status: z.enum(['confirmed', 'tentative', 'cancelled']).optional(),
	summary: z.string().optional(),
	description: z.string().optional(),
	location: z.string().optional(),
	start: time.optional(),
	end: time.optional(),
	transparency: z.enum(['opaque', 'transparent']).optional(),
	attendees: z
		.array(z.object({ email: z.string(), displayName: z.string().optional(), optional: z.boolean().optional() }))
		.optional(),
	extendedProperties: z
		.object({ private: z.record(z.string()).optional(), shared: z.record(z.string()).optional() })
		.optional(),
});

type EventBody = z.infer<typeof eventBody>;

export interface StoredEvent {
	body: EventBody & { id: string; status: 'confirmed' | 'tentative' | 'cancelled' };
	startMs: number;
	endMs: number;
	created: DateTime;
	updated: DateTime;
	sequence: number;
}

/** Google's ids: base32hex digits (0-9, a-v), 5 to 1024 of them. */
const EVENT_ID = /^[0-9a-v]{5,1024}$/;
const BASE32HEX = '0123456789abcdefghijklmnopqrstuv';
const PAGE = { default: 250, max: 2500 };
const OFFSET = /(Z|[+-]\d{2}:\d{2})$/i;

const iso = (dt: DateTime): string => dt.toUTC().toISO() as string;

function mintId(): string {
	return [...randomBytes(26)].map((b) => BASE32HEX[b & 31]).join('');
}

/** A query or body time: RFC 3339 with an offset, as Google requires. */
export function rfc3339(value: unknown, name: string): DateTime {
	const dt =
		typeof value === 'string' && OFFSET.test(value)
			? DateTime.fromISO(value, { setZone: true })
			: DateTime.invalid('no offset');
	if (!dt.isValid) throw calendarErrors.invalid(`Invalid value for: ${name}`);
	return dt;
}

export class Calendar {
	private readonly events = new Map<string, StoredEvent>();

	constructor(
		readonly id: string,
		readonly summary: string,
		readonly timeZone: string,
		private readonly now: () => DateTime,
	) {}

	insert(raw: unknown): StoredEvent {
		const parsed = eventBody.safeParse(raw);
		if (!parsed.success) throw calendarErrors.invalid(`Invalid value for: ${parsed.error.issues[0].path.join('.')}`);
		const body = parsed.data;
		if (body.id !== undefined && !EVENT_ID.test(body.id)) throw calendarErrors.invalidId();
		const id = body.id ?? mintId();
		// A cancelled event keeps its id, as in Google: only a new id books again.
		if (this.events.has(id)) throw calendarErrors.duplicate();
		const start = this.moment(body.start, 'start');
		const end = this.moment(body.end, 'end');
		if (end <= start) throw calendarErrors.timeRangeEmpty();
		const at = this.now();
		const event: StoredEvent = {
			body: { ...body, id, status: body.status ?? 'confirmed' },
			startMs: start,
			endMs: end,
			created: at,
			updated: at,
			sequence: 0,
		};
		this.events.set(id, event);
		return event;
	}

	get(eventId: string): StoredEvent {
		const event = this.events.get(eventId);
		if (!event) throw calendarErrors.notFound();
		return event;
	}

	cancel(eventId: string): void {
		const event = this.get(eventId);
		if (event.body.status === 'cancelled') throw calendarErrors.deleted();
		event.body.status = 'cancelled';
		event.updated = this.now();
		event.sequence++;
	}

	/** events.list over [timeMin, timeMax), a page at a time; the page token is the offset. */
	list(query: URLSearchParams): { items: StoredEvent[]; nextPageToken?: string } {
		const min = query.has('timeMin') ? rfc3339(query.get('timeMin'), 'timeMin').toMillis() : -Infinity;
		const max = query.has('timeMax') ? rfc3339(query.get('timeMax'), 'timeMax').toMillis() : Infinity;
		if (max <= min) throw calendarErrors.timeRangeEmpty();
		const orderBy = query.get('orderBy');
		if (orderBy !== null && orderBy !== 'startTime' && orderBy !== 'updated')
			throw calendarErrors.invalid('Invalid value for: orderBy');
		if (orderBy === 'startTime' && query.get('singleEvents') !== 'true')
			throw calendarErrors.invalid('The requested ordering is not available for the particular query.');
		const size = query.has('maxResults') ? Number(query.get('maxResults')) : PAGE.default;
		if (!Number.isInteger(size) || size < 1) throw calendarErrors.invalid('Invalid value for: maxResults');
		const token = query.has('pageToken')
			? Buffer.from(query.get('pageToken') as string, 'base64url').toString('utf8')
			: '0';
		if (!/^\d+$/.test(token)) throw calendarErrors.invalid('Invalid value for: pageToken');
		const offset = Number(token);
		const showDeleted = query.get('showDeleted') === 'true';
		const matching = [...this.events.values()].filter(
			(e) => (showDeleted || e.body.status !== 'cancelled') && e.endMs > min && e.startMs < max,
		);
		if (orderBy === 'startTime') matching.sort((a, b) => a.startMs - b.startMs);
		if (orderBy === 'updated') matching.sort((a, b) => a.updated.toMillis() - b.updated.toMillis());
		const next = offset + Math.min(size, PAGE.max);
		const items = matching.slice(offset, next);
		return next < matching.length
			? { items, nextPageToken: Buffer.from(String(next)).toString('base64url') }
			: { items };
	}

	/** Busy time within [min, max), clipped to it and merged, as free/busy reports it. */
	busy(min: number, max: number): Array<[number, number]> {
		const spans = [...this.events.values()]
			.filter(
				(e) =>
					e.body.status !== 'cancelled' && e.body.transparency !== 'transparent' && e.endMs > min && e.startMs < max,
			)
			.map((e): [number, number] => [Math.max(e.startMs, min), Math.min(e.endMs, max)])
			.sort((a, b) => a[0] - b[0]);
		const merged: Array<[number, number]> = [];
		for (const span of spans) {
			const last = merged[merged.length - 1];
			if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
			else merged.push(span);
		}
		return merged;
	}

	all(): StoredEvent[] {
		return [...this.events.values()];
	}

	resource(event: StoredEvent): Record<string, unknown> {
		const { body } = event;
		return {
			kind: 'calendar#event',
			etag: `"${event.updated.toMillis()}${event.sequence}"`,
			id: body.id,
			status: body.status,
			htmlLink: `https://www.google.com/calendar/event?eid=${Buffer.from(`${body.id} ${this.id}`).toString('base64url')}`,
			created: iso(event.created),
			updated: iso(event.updated),
			...(body.summary !== undefined ? { summary: body.summary } : {}),
			...(body.description !== undefined ? { description: body.description } : {}),
			...(body.location !== undefined ? { location: body.location } : {}),
			creator: { email: this.id },
			organizer: { email: this.id, displayName: this.summary, self: true },
			start: body.start,
			end: body.end,
			// Google leaves transparency out for the default, opaque.
			...(body.transparency === 'transparent' ? { transparency: 'transparent' } : {}),
			iCalUID: `${body.id}@google.com`,
			sequence: event.sequence,
			...(body.attendees ? { attendees: body.attendees.map((a) => ({ ...a, responseStatus: 'needsAction' })) } : {}),
			...(body.extendedProperties ? { extendedProperties: body.extendedProperties } : {}),
			reminders: { useDefault: true },
			eventType: 'default',
		};
	}

	/** An event's start or end in milliseconds: dateTime with an offset (or a timeZone), or an all-day date. */
	private moment(value: EventBody['start'], name: 'start' | 'end'): number {
		if (!value || (value.dateTime === undefined && value.date === undefined))
			throw calendarErrors.required(`Missing ${name} time.`);
		if (value.dateTime !== undefined && value.date !== undefined) throw calendarErrors.invalid(`Invalid ${name} time.`);
		const zone = value.timeZone ?? this.timeZone;
		const dt =
			value.date !== undefined
				? DateTime.fromISO(value.date, { zone }).startOf('day')
				: DateTime.fromISO(value.dateTime as string, OFFSET.test(value.dateTime as string) ? {} : { zone });
		if (!dt.isValid || (value.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(value.date)))
			throw calendarErrors.invalid(`Invalid ${name} time.`);
		return dt.toMillis();
	}
}
