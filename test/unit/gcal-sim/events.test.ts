import type { CalendarSimulator } from '../../../sandbox/gcal';
import { call, CAL, eventsPath, insert, start, timed } from './helpers';

const ID = 'chairside0booking0001';

describe('Calendar simulator: events.insert, get and delete', () => {
	let sim: CalendarSimulator;
	beforeEach(async () => {
		({ sim } = await start());
	});
	afterEach(() => sim.close());

	it('inserts an event with the id the client chose and shows it as Google does', async () => {
		const res = await insert(
			sim,
			timed('2026-03-09', '09:00', '10:00', { id: ID, attendees: [{ email: 'ana@example.com' }] }),
		);
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({
			kind: 'calendar#event',
			id: ID,
			status: 'confirmed',
			summary: 'Busy',
			iCalUID: `${ID}@google.com`,
			organizer: { email: CAL, self: true },
			start: { dateTime: '2026-03-09T09:00:00', timeZone: 'America/Chicago' },
			attendees: [{ email: 'ana@example.com', responseStatus: 'needsAction' }],
			created: '2026-03-05T15:00:00.000Z',
		});
		expect(res.body.htmlLink).toMatch(/^https:\/\/www\.google\.com\/calendar\/event\?eid=/);
		expect((await call(sim, `${eventsPath()}/${ID}`)).body).toEqual(res.body);
	});

	it('mints a base32hex id when none is given', async () => {
		const res = await insert(sim, timed('2026-03-09', '09:00', '10:00'));
		expect(res.body.id).toMatch(/^[0-9a-v]{26}$/);
	});

	it.each([['UPPERCASE01'], ['has-dash01'], ['wxyz01234'], ['abcd'], ['a'.repeat(1025)]])(
		'refuses the id %j: 400 Invalid resource id value',
		async (id) => {
			const res = await insert(sim, timed('2026-03-09', '09:00', '10:00', { id }));
			expect(res.status).toBe(400);
			expect(res.body.error).toMatchObject({
				code: 400,
				message: 'Invalid resource id value.',
				errors: [{ reason: 'invalid', domain: 'global' }],
			});
			expect(sim.events(CAL)).toEqual([]);
		},
	);

	it('answers 409 duplicate to a second insert of the same id and keeps the first', async () => {
		await insert(sim, timed('2026-03-09', '09:00', '10:00', { id: ID }));
		const again = await insert(sim, timed('2026-03-10', '11:00', '12:00', { id: ID, summary: 'Other' }));
		expect(again.status).toBe(409);
		expect(again.body).toEqual({
			error: {
				code: 409,
				message: 'The requested identifier already exists.',
				errors: [{ message: 'The requested identifier already exists.', domain: 'global', reason: 'duplicate' }],
				status: 'ALREADY_EXISTS',
			},
		});
		expect(sim.events(CAL).map((e) => e.summary)).toEqual(['Busy']);
	});

	it('delete answers 204 with no body, keeps the event as cancelled, and its id stays taken', async () => {
		await insert(sim, timed('2026-03-09', '09:00', '10:00', { id: ID }));
		const gone = await call(sim, `${eventsPath()}/${ID}`, { method: 'DELETE' });
		expect(gone.status).toBe(204);
		expect(gone.text).toBe('');
		expect((await call(sim, `${eventsPath()}/${ID}`)).body).toMatchObject({ id: ID, status: 'cancelled', sequence: 1 });
		expect(sim.events(CAL)).toEqual([expect.objectContaining({ id: ID, status: 'cancelled' })]);
		const twice = await call(sim, `${eventsPath()}/${ID}`, { method: 'DELETE' });
		expect(twice.status).toBe(410);
		expect(twice.body.error).toMatchObject({ message: 'Resource has been deleted', errors: [{ reason: 'deleted' }] });
		expect((await insert(sim, timed('2026-03-09', '09:00', '10:00', { id: ID }))).status).toBe(409);
	});

	it('answers 404 notFound for an unknown event or calendar', async () => {
		for (const path of [`${eventsPath()}/nope12345`, `${eventsPath('nope@group.calendar.google.com')}/${ID}`]) {
			const res = await call(sim, path);
			expect(res.status).toBe(404);
			expect(res.body.error).toMatchObject({ code: 404, errors: [{ reason: 'notFound' }], status: 'NOT_FOUND' });
		}
		expect((await call(sim, `${eventsPath()}/nope12345`, { method: 'DELETE' })).status).toBe(404);
	});

	it.each([
		['no end', { end: undefined }, 'Missing end time.', 'required'],
		[
			'an end before the start',
			{ end: { dateTime: '2026-03-09T08:00:00-05:00' } },
			'The specified time range is empty.',
			'timeRangeEmpty',
		],
		['a bad date', { start: { dateTime: 'next tuesday' } }, 'Invalid start time.', 'invalid'],
		['a wrong type', { summary: 42 }, 'Invalid value for: summary', 'invalid'],
	])('refuses %s with 400', async (_, change, message, reason) => {
		const res = await insert(sim, { ...timed('2026-03-09', '09:00', '10:00'), ...change });
		expect(res.status).toBe(400);
		expect(res.body.error).toMatchObject({ message, errors: [{ reason }] });
	});

	it('takes all-day events in the calendar zone and seeded events', async () => {
		const seeded = await start({
			calendars: [
				{
					id: CAL,
					timeZone: 'America/Chicago',
					events: [{ id: 'seed00001', start: { date: '2026-03-09' }, end: { date: '2026-03-10' } }],
				},
			],
		});
		try {
			expect(seeded.sim.events(CAL)).toEqual([
				expect.objectContaining({ id: 'seed00001', start: { date: '2026-03-09' } }),
			]);
		} finally {
			await seeded.sim.close();
		}
	});
});
