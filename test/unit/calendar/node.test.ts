/** The Practice Calendar node's execute against the Google Calendar simulator, through a stand-in n8n context. */
import type { IExecuteFunctions, IHttpRequestOptions, INode } from 'n8n-workflow';
import { PracticeCalendar } from '../../../nodes/PracticeCalendar/PracticeCalendar.node';
import type { CalendarSimulator } from '../../../sandbox/gcal';
import { ACCESS, CAL, insert, start, timed, ZONE } from '../gcal-sim/helpers';

function context(sim: CalendarSimulator, params: Record<string, unknown>, continueOnFail = false): IExecuteFunctions {
	const node: INode = { id: 'c1', name: 'Practice Calendar', type: 'n8n-nodes-chairside.practiceCalendar', typeVersion: 1, position: [0, 0], parameters: {} };
	const all: Record<string, unknown> = { calendarId: CAL, businessHours: 'Mon-Fri 09:00-17:00', serviceMinutes: 60, settings: {}, options: { timezone: ZONE, now: '2026-03-05T09:00:00-06:00' }, ...params };
	return {
		getInputData: () => [{ json: {} }],
		getNodeParameter: (name: string, _i: number, fallback?: unknown) => all[name] ?? fallback,
		getNode: () => node,
		getTimezone: () => 'UTC',
		continueOnFail: () => continueOnFail,
		getCredentials: async () => ({ baseUrl: sim.url }),
		helpers: {
			// What n8n does for an OAuth2 credential: adds the bearer token, answers the full response.
			httpRequestWithAuthentication: async (_credential: string, o: IHttpRequestOptions) => {
				const url = new URL(o.url);
				for (const [k, v] of Object.entries((o.qs ?? {}) as Record<string, string>)) url.searchParams.set(k, String(v));
				const response = await fetch(url, { method: o.method, headers: { authorization: `Bearer ${ACCESS}`, 'content-type': 'application/json' }, body: o.body === undefined ? undefined : JSON.stringify(o.body) });
				const text = await response.text();
				return { statusCode: response.status, body: text ? JSON.parse(text) : '', headers: {} };
			},
		},
	} as unknown as IExecuteFunctions;
}

const run = (ctx: IExecuteFunctions) => new PracticeCalendar().execute.call(ctx);

describe('Practice Calendar node', () => {
	let sim: CalendarSimulator;
	beforeEach(async () => ({ sim } = await start()));
	afterEach(() => sim.close());

	it('offers openings around busy time, one per day first', async () => {
		await insert(sim, timed('2026-03-06', '09:00', '12:00'));
		const [out] = await run(context(sim, { operation: 'findOpenings', from: '2026-03-06T00:00:00', to: '2026-03-10T00:00:00', settings: { openingCount: 2 } }));
		expect(out.map((o) => [o.json.option, o.json.start])).toEqual([
			[1, '2026-03-06T12:00:00-06:00'],
			[2, '2026-03-09T09:00:00-05:00'],
		]);
	});

	it('books one event per booking key, however often it runs, and cancels it twice without error', async () => {
		const booking = { operation: 'book', start: '2026-03-09T10:00:00-05:00', bookingKey: 'reply-SM1', summary: 'Ana - facial' };
		const [[first]] = await run(context(sim, booking));
		const [[again]] = await run(context(sim, booking));
		expect([first.json.created, again.json.created, again.json.eventId]).toEqual([true, false, first.json.eventId]);
		expect(sim.events(CAL).filter((e) => e.status !== 'cancelled')).toHaveLength(1);
		const [[cancelled]] = await run(context(sim, { operation: 'cancel', bookingKey: 'reply-SM1' }));
		const [[twice]] = await run(context(sim, { operation: 'cancel', bookingKey: 'reply-SM1' }));
		expect([cancelled.json.outcome, twice.json.outcome]).toEqual(['cancelled', 'already_cancelled']);
	});

	it('a taken time fails clearly; with Continue On Fail the item carries the nearest openings', async () => {
		await insert(sim, timed('2026-03-09', '10:00', '11:00'));
		const taken = { operation: 'book', start: '2026-03-09T10:00:00-05:00', bookingKey: 'reply-SM2', summary: 'Ben - consult' };
		await expect(run(context(sim, taken))).rejects.toThrow(/is no longer free; next openings: Mon 9 Mar 09:00/);
		const [[item]] = await run(context(sim, taken, true));
		expect(item.json.error).toBeTruthy();
		expect((item.json.openings as unknown[]).length).toBeGreaterThan(0);
	});
});
