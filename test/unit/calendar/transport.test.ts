import { DateTime } from 'luxon';
import { eventIdFor } from '../../../core/calendar/event-id';
import {
	book,
	cancel,
	findOpenings,
	SlotUnavailable,
	type BookingRequest,
	type CalendarAccount,
} from '../../../core/calendar/transport';
import { ProviderError } from '../../../core/messaging/provider';
import type { CalendarSimulator } from '../../../sandbox/gcal';
import { fakePause, fetchHttp } from '../messaging/http';
import { ACCESS, CAL, insert, start, timed, ZONE } from '../gcal-sim/helpers';

const local = (iso: string) => DateTime.fromISO(iso, { zone: ZONE });
const rules = { zone: ZONE, businessHours: 'Mon-Fri 09:00-17:00', bufferMinutes: 15 };
const fail = (p: Promise<unknown>) =>
	p.then(
		() => null,
		(e: unknown) => e as Error,
	);

describe('Calendar transport against the simulator', () => {
	let sim: CalendarSimulator;
	let account: CalendarAccount;
	let log: Array<{ method: string; url: string }>;
	const http = () => fetchHttp(() => `Bearer ${ACCESS}`, log);
	const options = () => ({ pause: fakePause(), now: local('2026-03-05T09:00') });
	const request = (change: Partial<BookingRequest> = {}): BookingRequest => ({
		...rules,
		bookingKey: 'req-42',
		start: '2026-03-09T10:00:00-05:00',
		minutes: 60,
		summary: 'Ana - facial',
		...change,
	});

	beforeEach(async () => {
		({ sim } = await start());
		account = { baseUrl: sim.url, calendarId: CAL };
		log = [];
	});
	afterEach(() => sim.close());

	it('finds openings from free/busy, buffers around busy time, across the DST weekend', async () => {
		await insert(sim, timed('2026-03-09', '09:00', '10:00'));
		const found = await findOpenings(
			http(),
			account,
			{ ...rules, from: local('2026-03-06T12:00'), to: local('2026-03-12T00:00'), serviceMinutes: 45 },
			options(),
		);
		expect(found.map((o) => o.start)).toEqual([
			'2026-03-06T12:00:00-06:00',
			'2026-03-09T10:15:00-05:00',
			'2026-03-10T09:00:00-05:00',
		]);
		expect(log).toEqual([{ method: 'POST', url: `${sim.url}/calendar/v3/freeBusy` }]);
	});

	it('books once with the id from the booking key; booking the key again returns that event', async () => {
		const first = await book(
			http(),
			account,
			request({ attendeeEmail: 'ana@example.com', description: 'Booked by Chairside' }),
			options(),
		);
		expect(first).toEqual({
			created: true,
			eventId: eventIdFor('req-42'),
			calendarId: CAL,
			start: '2026-03-09T10:00:00-05:00',
			end: '2026-03-09T11:00:00-05:00',
			htmlLink: expect.stringMatching(/^https:\/\/www\.google\.com\/calendar\/event\?eid=/),
		});
		expect(sim.events(CAL)).toEqual([
			expect.objectContaining({
				summary: 'Ana - facial',
				attendees: [expect.objectContaining({ email: 'ana@example.com' })],
				extendedProperties: { private: { chairsideBookingKey: 'req-42' } },
			}),
		]);
		expect(sim.requests.find((r) => r.method === 'POST' && r.path.endsWith('/events'))?.query).toEqual({
			sendUpdates: 'all',
		});
		const again = await book(http(), account, request(), options());
		expect(again).toEqual({ ...first, created: false });
		expect(sim.events(CAL)).toHaveLength(1);
	});

	it('an insert whose answer is lost is retried, meets 409, and returns the one event', async () => {
		sim.fault({ status: 'drop', path: '/events' });
		const pause = fakePause();
		const booked = await book(http(), account, request(), { ...options(), pause });
		expect(booked).toMatchObject({ created: false, eventId: eventIdFor('req-42'), start: '2026-03-09T10:00:00-05:00' });
		expect(sim.requests.map((r) => `${r.method} ${r.path.replace(/.*\//, '')} ${r.status}`)).toEqual([
			'POST freeBusy 200',
			'POST events 0',
			'POST events 409',
			`GET ${eventIdFor('req-42')} 200`,
		]);
		expect(pause.sleeps).toHaveLength(1);
		expect(sim.events(CAL)).toHaveLength(1);
	});

	it('a workflow retry after a lost answer finds its own event in the busy time', async () => {
		sim.fault({ status: 'drop', path: '/events', times: 4 });
		expect((await fail(book(http(), account, request(), options())))?.message).toMatch(
			/^No answer from Google Calendar/,
		);
		expect((await book(http(), account, request(), options())).created).toBe(false);
		expect(sim.events(CAL)).toHaveLength(1);
	});

	it('a slot taken in between fails clearly, with the next openings and nothing booked', async () => {
		await insert(sim, timed('2026-03-09', '10:30', '11:30', { summary: 'Someone else' }));
		const error = await fail(book(http(), account, request(), options()));
		expect(error).toBeInstanceOf(SlotUnavailable);
		expect(error).toMatchObject({
			reason: 'busy',
			openings: [
				{ start: '2026-03-09T09:00:00-05:00' },
				{ start: '2026-03-10T09:00:00-05:00' },
				{ start: '2026-03-11T09:00:00-05:00' },
			],
		});
		expect(error?.message).toBe(
			`Mon 9 Mar 2026 10:00 (60 min) on calendar ${CAL} is no longer free; next openings: Mon 9 Mar 09:00, Tue 10 Mar 09:00, Wed 11 Mar 09:00`,
		);
		expect(error?.message).not.toContain('facial');
		expect(sim.events(CAL)).toHaveLength(1);
	});

	it('a time outside the hours is refused before anything is written', async () => {
		const error = await fail(book(http(), account, request({ start: '2026-03-07T10:00:00-06:00' }), options()));
		expect(error).toMatchObject({ name: 'SlotUnavailable', reason: 'closed' });
		expect(error?.message).toMatch(
			/^Sat 7 Mar 2026 10:00 \(60 min\) .* is outside the business hours; next openings: Mon 9 Mar 09:00/,
		);
		expect(sim.events(CAL)).toEqual([]);
	});

	it.each([
		[
			'clinical detail',
			{ description: 'Abscess on 14, D3330' },
			'Summary and Description show on a shared calendar: leave out clinical detail (found a procedure code)',
		],
		['an empty key', { bookingKey: ' ' }, 'Booking Key is empty: it names the booking so a retry cannot book twice'],
		['a bad email', { attendeeEmail: 'ana' }, 'Attendee Email is not an email address'],
		['a bad start', { start: 'Monday' }, 'Start "Monday" is not an ISO date and time, e.g. 2026-03-10T09:00:00-05:00'],
		['a too short service', { minutes: 2 }, 'Service Minutes must be at least 5'],
	])('refuses %s without a request', async (_, change, message) => {
		expect((await fail(book(http(), account, request(change), options())))?.message).toBe(message);
		expect(log).toEqual([]);
	});

	it('cancel twice: cancelled, then already cancelled; a lost answer is fine too', async () => {
		await book(http(), account, request(), options());
		expect(await cancel(http(), account, 'req-42', options())).toEqual({
			eventId: eventIdFor('req-42'),
			outcome: 'cancelled',
		});
		expect(await cancel(http(), account, 'req-42', options())).toEqual({
			eventId: eventIdFor('req-42'),
			outcome: 'already_cancelled',
		});
		expect(await cancel(http(), account, 'never-booked', options())).toMatchObject({ outcome: 'already_cancelled' });
		await book(http(), account, request({ bookingKey: 'req-43' }), options());
		sim.fault({ status: 'drop' });
		expect(await cancel(http(), account, 'req-43', options())).toMatchObject({ outcome: 'already_cancelled' });
		expect(sim.events(CAL).map((e) => e.status)).toEqual(['cancelled', 'cancelled']);
	});

	it('a cancelled booking key cannot book again', async () => {
		await book(http(), account, request(), options());
		await cancel(http(), account, 'req-42', options());
		const error = await fail(book(http(), account, request(), options()));
		expect(error).toMatchObject({ provider: 'calendar', kind: 'rejected', code: 'cancelled' });
		expect(error?.message).toMatch(/cancelled .*a new booking needs a new key$/);
	});

	it('an unknown calendar is a configuration error, for free/busy and for cancel', async () => {
		const other = { ...account, calendarId: 'nope@group.calendar.google.com' };
		const busy = await fail(
			findOpenings(
				http(),
				other,
				{ ...rules, from: local('2026-03-09T00:00'), to: local('2026-03-10T00:00'), serviceMinutes: 30 },
				options(),
			),
		);
		expect(busy).toBeInstanceOf(ProviderError);
		expect(busy).toMatchObject({ kind: 'configuration', code: 'notFound' });
		const gone = await fail(cancel(http(), other, 'req-42', options()));
		expect(gone).toMatchObject({ kind: 'configuration', httpStatus: 404 });
		expect(gone?.message).toMatch(/^Google Calendar has no calendar nope@group.calendar.google.com \(404\)/);
	});

	it('429 and 5xx are retried; the budget spent is unavailable', async () => {
		sim.fault({ status: 429 });
		sim.fault({ status: 500 });
		expect((await book(http(), account, request(), options())).created).toBe(true);
		sim.fault({ status: 503, times: 10 });
		const error = await fail(
			cancel(http(), account, 'req-42', { pause: fakePause(), retry: { attempts: 2, maxWaitMs: 10_000 } }),
		);
		expect(error).toMatchObject({ provider: 'calendar', kind: 'unavailable', httpStatus: 503, attempts: 2 });
	});
});
