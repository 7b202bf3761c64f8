import type { CalendarSimulator } from '../../../sandbox/gcal';
import { CALENDAR_SCOPES, call, CAL, eventsPath, freeBusy, insert, start, timed } from './helpers';

describe('Calendar simulator: events.list and freeBusy', () => {
	let sim: CalendarSimulator;
	beforeEach(async () => {
		({ sim } = await start());
		await insert(sim, timed('2026-03-10', '11:00', '12:00', { id: 'late00001' }));
		await insert(sim, timed('2026-03-09', '09:00', '10:00', { id: 'first0001' }));
		await insert(sim, timed('2026-03-09', '09:30', '10:30', { id: 'overlap01' }));
		await insert(sim, timed('2026-03-09', '13:00', '14:00', { id: 'free00001', transparency: 'transparent' }));
		await insert(sim, timed('2026-03-09', '15:00', '16:00', { id: 'gone00001' }));
		await call(sim, `${eventsPath()}/gone00001`, { method: 'DELETE' });
	});
	afterEach(() => sim.close());

	const ids = (body: { items: Array<{ id: string }> }) => body.items.map((e) => e.id);

	it('lists by start time in a window, a page at a time, cancelled events left out', async () => {
		const query =
			'timeMin=2026-03-09T00:00:00-05:00&timeMax=2026-03-11T00:00:00-05:00&singleEvents=true&orderBy=startTime&maxResults=2';
		const first = await call(sim, `${eventsPath()}?${query}`);
		expect(first.body).toMatchObject({
			kind: 'calendar#events',
			summary: 'Front desk',
			timeZone: 'America/Chicago',
			accessRole: 'owner',
		});
		expect(ids(first.body as never)).toEqual(['first0001', 'overlap01']);
		const second = await call(sim, `${eventsPath()}?${query}&pageToken=${first.body.nextPageToken}`);
		expect(ids(second.body as never)).toEqual(['free00001', 'late00001']);
		expect(second.body).not.toHaveProperty('nextPageToken');
		const narrow = await call(
			sim,
			`${eventsPath()}?timeMin=2026-03-09T10:15:00-05:00&timeMax=2026-03-09T13:00:00-05:00`,
		);
		expect(ids(narrow.body as never)).toEqual(['overlap01']);
		const deleted = await call(sim, `${eventsPath()}?showDeleted=true`);
		expect(ids(deleted.body as never)).toContain('gone00001');
	});

	it.each([
		['orderBy=startTime', 'The requested ordering is not available for the particular query.'],
		['timeMin=yesterday', 'Invalid value for: timeMin'],
		['pageToken=!!', 'Invalid value for: pageToken'],
		['maxResults=0', 'Invalid value for: maxResults'],
	])('refuses %s with 400', async (query, message) => {
		const res = await call(sim, `${eventsPath()}?${query}`);
		expect(res.status).toBe(400);
		expect(res.body.error.message).toBe(message);
	});

	it('freeBusy merges and clips busy time in the asked zone, skipping cancelled and transparent events', async () => {
		const res = await freeBusy(sim, {
			timeMin: '2026-03-09T09:15:00-05:00',
			timeMax: '2026-03-10T23:00:00-05:00',
			timeZone: 'America/Chicago',
			items: [{ id: CAL }, { id: 'nope@group.calendar.google.com' }],
		});
		expect(res.status).toBe(200);
		expect(res.body).toEqual({
			kind: 'calendar#freeBusy',
			timeMin: '2026-03-09T14:15:00.000Z',
			timeMax: '2026-03-11T04:00:00.000Z',
			calendars: {
				[CAL]: {
					busy: [
						{ start: '2026-03-09T09:15:00-05:00', end: '2026-03-09T10:30:00-05:00' },
						{ start: '2026-03-10T11:00:00-05:00', end: '2026-03-10T12:00:00-05:00' },
					],
				},
				'nope@group.calendar.google.com': { errors: [{ domain: 'global', reason: 'notFound' }], busy: [] },
			},
		});
		const utc = await freeBusy(sim, {
			timeMin: '2026-03-10T00:00:00Z',
			timeMax: '2026-03-11T00:00:00Z',
			items: [{ id: CAL }],
		});
		expect(utc.body.calendars[CAL].busy).toEqual([{ start: '2026-03-10T16:00:00Z', end: '2026-03-10T17:00:00Z' }]);
	});

	it.each([
		[{ timeMax: '2026-03-10T00:00:00Z' }, 'Missing timeMin parameter.'],
		[{ timeMin: '2026-03-10T00:00:00Z', timeMax: '2026-03-09T00:00:00Z' }, 'The specified time range is empty.'],
		[{ timeMin: '2026-03-10', timeMax: '2026-03-11T00:00:00Z' }, 'Invalid value for: timeMin'],
	])('freeBusy refuses %j with 400', async (body, message) => {
		const res = await freeBusy(sim, { ...body, items: [{ id: CAL }] });
		expect(res.status).toBe(400);
		expect(res.body.error.message).toBe(message);
	});

	it('checks scopes per method: calendar.events cannot read free/busy, calendar.freebusy cannot insert', async () => {
		const scoped = await start({ scopes: [CALENDAR_SCOPES.events] });
		const busyOnly = await start({ scopes: [CALENDAR_SCOPES.freebusy] });
		try {
			const denied = await freeBusy(scoped.sim, {
				timeMin: '2026-03-10T00:00:00Z',
				timeMax: '2026-03-11T00:00:00Z',
				items: [{ id: CAL }],
			});
			expect(denied.status).toBe(403);
			expect(denied.body.error).toMatchObject({
				status: 'PERMISSION_DENIED',
				errors: [{ reason: 'insufficientPermissions' }],
				details: [{ metadata: { method: 'calendar.v3.Freebusy.Query' } }],
			});
			expect((await insert(busyOnly.sim, timed('2026-03-09', '09:00', '10:00'))).status).toBe(403);
			expect((await insert(scoped.sim, timed('2026-03-09', '09:00', '10:00'))).status).toBe(200);
		} finally {
			await scoped.sim.close();
			await busyOnly.sim.close();
		}
	});
});
