/** The Practice Calendar node's execute against the Google Calendar simulator, through a stand-in n8n context. */
import type { IExecuteFunctions, IHttpRequestOptions, INode } from 'n8n-workflow';
import { PracticeCalendar } from '../../../nodes/PracticeCalendar/PracticeCalendar.node';
import type { CalendarSimulator } from '../../../sandbox/gcal';
import { ACCESS, CAL, insert, start, timed, ZONE } from '../gcal-sim/helpers';
import { runConversation } from '../booking-conversation/node-context';
import { withProfile } from '../practice/profile-fields';

function context(
	sim: CalendarSimulator,
	params: Record<string, unknown>,
	continueOnFail = false,
	input: Record<string, unknown> = {},
): IExecuteFunctions {
	const node: INode = {
		id: 'c1',
		name: 'Practice Calendar',
		type: 'n8n-nodes-chairside.practiceCalendar',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const all: Record<string, unknown> = {
		calendarId: CAL,
		businessHours: 'Mon-Fri 09:00-17:00',
		serviceMinutes: 60,
		settings: {},
		options: { timezone: ZONE, now: '2026-03-05T09:00:00-06:00' },
		...params,
	};
	return {
		getInputData: () => [{ json: input }],
		getNodeParameter: (name: string, _i: number, fallback?: unknown) => all[name] ?? fallback,
		getNode: () => node,
		getTimezone: () => 'UTC',
		continueOnFail: () => continueOnFail,
		// The practice's zone is its profile's (the server's here is UTC).
		getCredentials: withProfile({ timeZone: ZONE }, () => ({ baseUrl: sim.url })),
		helpers: {
			// What n8n does for an OAuth2 credential: adds the bearer token, answers the full response.
			httpRequestWithAuthentication: async (_credential: string, o: IHttpRequestOptions) => {
				const url = new URL(o.url);
				for (const [k, v] of Object.entries((o.qs ?? {}) as Record<string, string>)) url.searchParams.set(k, String(v));
				const response = await fetch(url, {
					method: o.method,
					headers: { authorization: `Bearer ${ACCESS}`, 'content-type': 'application/json' },
					body: o.body === undefined ? undefined : JSON.stringify(o.body),
				});
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
		const [out] = await run(
			context(sim, {
				operation: 'findOpenings',
				from: '2026-03-06T00:00:00',
				to: '2026-03-10T00:00:00',
				settings: { openingCount: 2 },
			}),
		);
		expect(out.map((o) => [o.json.option, o.json.start])).toEqual([
			[1, '2026-03-06T12:00:00-06:00'],
			[2, '2026-03-09T09:00:00-05:00'],
		]);
	});

	it('books one event per booking key, however often it runs, and cancels it twice without error', async () => {
		const booking = {
			operation: 'book',
			start: '2026-03-09T10:00:00-05:00',
			bookingKey: 'reply-SM1',
			summary: 'Ana - facial',
		};
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
		const taken = {
			operation: 'book',
			start: '2026-03-09T10:00:00-05:00',
			bookingKey: 'reply-SM2',
			summary: 'Ben - consult',
		};
		await expect(run(context(sim, taken))).rejects.toThrow(/is no longer free; next openings: Mon 9 Mar 09:00/);
		const [[item]] = await run(context(sim, taken, true));
		expect(item.json.error).toBeTruthy();
		expect((item.json.openings as unknown[]).length).toBeGreaterThan(0);
	});

	describe('in a booking conversation (a medspa books by text on its calendar)', () => {
		const conversation = {
			kind: 'chairside.booking',
			patientId: '77',
			mobile: '+15125550177',
			replySid: 'SMyes',
			enrollmentRow: null,
			optedOut: false,
		};
		const practice = {
			practiceName: 'Glow Medspa',
			practicePhone: '(512) 555-0199',
			options: { timezone: ZONE, now: '2026-03-05T09:00:00-06:00' },
		};
		const find = {
			operation: 'findOpenings',
			from: '2026-03-06T00:00:00',
			to: '2026-03-10T00:00:00',
			settings: { openingCount: 2 },
		};

		it('openings carry the conversation into an offer; the booked event into a confirmation', async () => {
			const [openings] = await run(context(sim, find, false, { ...conversation, stage: 'offer', why: 'asked' }));
			expect(openings.every((o) => (o.json.booking as { patientId: string }).patientId === '77')).toBe(true);
			const [[offer]] = await runConversation({
				params: { operation: 'offer', ...practice, openingCount: 2 },
				items: openings.map((o) => o.json),
			});
			expect(offer.json.body).toBe(
				'Glow Medspa: we can see you Fri, Mar 6 at 9:00 AM (reply 1) or Mon, Mar 9 at 9:00 AM (reply 2). Reply 1 or 2 to book, or call (512) 555-0199.',
			);

			const picked = {
				...conversation,
				replySid: 'SMtwo',
				stage: 'book',
				offerKey: 'offer/77',
				bookingKey: 'offer/77@x#2',
				lengthMinutes: 60,
				option: 2,
				start: '2026-03-09T09:00:00-05:00',
				end: '2026-03-09T10:00:00-05:00',
				providerId: '',
				operatoryId: '',
			};
			const [[event]] = await run(
				context(
					sim,
					{ operation: 'book', start: picked.start, bookingKey: picked.bookingKey, summary: 'Appointment' },
					false,
					picked,
				),
			);
			const [[confirmation], notBooked] = await runConversation({
				params: { operation: 'confirm', ...practice },
				items: [event.json],
			});
			expect(notBooked).toEqual([]);
			expect(confirmation.json).toMatchObject({
				appointmentId: event.json.eventId,
				body: expect.stringContaining('Mon, Mar 9 at 9:00 AM'),
			});
		});

		it('no opening, or a taken time: the conversation still comes back (a staff task, or new openings)', async () => {
			await insert(sim, timed('2026-03-06', '09:00', '17:00'));
			await insert(sim, timed('2026-03-09', '09:00', '17:00'));
			const [none] = await run(context(sim, find, false, { ...conversation, stage: 'offer', why: 'asked' }));
			expect(none.map((o) => o.json)).toEqual([
				{ found: 0, booking: { ...conversation, stage: 'offer', why: 'asked' } },
			]);
			const picked = {
				...conversation,
				stage: 'book',
				offerKey: 'offer/77',
				bookingKey: 'k#1',
				lengthMinutes: 60,
				option: 1,
				start: '2026-03-09T10:00:00-05:00',
				end: '2026-03-09T11:00:00-05:00',
				providerId: '',
				operatoryId: '',
			};
			const [[failed]] = await run(
				context(
					sim,
					{ operation: 'book', start: picked.start, bookingKey: picked.bookingKey, summary: 'Appointment' },
					true,
					picked,
				),
			);
			expect(failed.json).toMatchObject({ error: expect.any(String), booking: picked });
			const [, [notBooked]] = await runConversation({
				params: { operation: 'confirm', ...practice },
				items: [failed.json],
			});
			const [[retake]] = await runConversation({
				params: { operation: 'offer', ...practice, openingCount: 2 },
				items: [notBooked.json],
			});
			expect(retake.json.body).toMatch(/^Glow Medspa: sorry, that time was just taken\. We can see you Tue, Mar 10/);
		});
	});
});
