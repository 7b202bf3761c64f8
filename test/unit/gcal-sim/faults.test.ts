import type { CalendarSimulator } from '../../../sandbox/gcal';
import { token } from '../gmail-sim/helpers';
import { call, CAL, CLIENT, eventsPath, insert, REFRESH, start, timed } from './helpers';

describe('Calendar simulator: tokens, faults and the sandbox view', () => {
	let sim: CalendarSimulator;
	let clock: Awaited<ReturnType<typeof start>>['clock'];
	beforeEach(async () => {
		({ sim, clock } = await start());
	});
	afterEach(() => sim.close());

	it('answers 401 without a token or once it expires, and a refreshed token works', async () => {
		const none = await call(sim, eventsPath(), { token: null });
		expect(none.status).toBe(401);
		expect(none.body.error).toMatchObject({
			status: 'UNAUTHENTICATED',
			errors: [{ reason: 'required', location: 'Authorization' }],
		});
		clock.advance(60);
		expect((await call(sim, eventsPath())).body.error).toMatchObject({ code: 401, errors: [{ reason: 'authError' }] });
		const fresh = await token(sim, {
			grant_type: 'refresh_token',
			...{ client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret },
			refresh_token: REFRESH,
		});
		expect(fresh.body.scope).toBe(
			'https://www.googleapis.com/auth/calendar.events https://www.googleapis.com/auth/calendar.freebusy',
		);
		expect((await call(sim, eventsPath(), { token: fresh.body.access_token })).status).toBe(200);
		expect(sim.tokensIssued).toBe(1);
	});

	it('answers 429 rateLimitExceeded, then 500 and 503, writing nothing, then recovers', async () => {
		sim.fault({ status: 429 });
		sim.fault({ status: 500 });
		sim.fault({ status: 503 });
		const limited = await insert(sim, timed('2026-03-09', '09:00', '10:00'));
		expect(limited.body).toEqual({
			error: {
				code: 429,
				message: 'Rate Limit Exceeded',
				errors: [{ message: 'Rate Limit Exceeded', domain: 'global', reason: 'rateLimitExceeded' }],
				status: 'RESOURCE_EXHAUSTED',
			},
		});
		expect((await insert(sim, timed('2026-03-09', '09:00', '10:00'))).body.error).toMatchObject({
			code: 500,
			errors: [{ reason: 'backendError' }],
		});
		expect((await insert(sim, timed('2026-03-09', '09:00', '10:00'))).status).toBe(503);
		expect(sim.events(CAL)).toEqual([]);
		expect((await insert(sim, timed('2026-03-09', '09:00', '10:00'))).status).toBe(200);
	});

	it('drop: carries the insert out, then closes the connection unanswered', async () => {
		sim.fault({ status: 'drop' });
		await expect(insert(sim, timed('2026-03-09', '09:00', '10:00', { id: 'dropped01' }))).rejects.toThrow();
		expect(sim.events(CAL)).toEqual([expect.objectContaining({ id: 'dropped01', status: 'confirmed' })]);
		expect(sim.requests.map((r) => [r.method, r.status])).toEqual([['POST', 0]]);
		expect((await insert(sim, timed('2026-03-09', '09:00', '10:00', { id: 'dropped01' }))).status).toBe(409);
	});

	it('shows every calendar at GET /sandbox/calendars; events() names an unknown calendar', async () => {
		await insert(sim, timed('2026-03-09', '09:00', '10:00', { id: 'seen00001' }));
		const view = await call(sim, '/sandbox/calendars', { token: null });
		expect(view.body).toEqual([
			{
				id: CAL,
				summary: 'Front desk',
				timeZone: 'America/Chicago',
				events: [expect.objectContaining({ id: 'seen00001' })],
			},
		]);
		expect(() => sim.events('nope')).toThrow('No calendar nope');
		expect((await call(sim, '/calendar/v3/users/me/calendarList')).text).toContain('Error 404 (Not Found)');
	});
});
