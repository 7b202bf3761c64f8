/**
 * The Practice Calendar node inside a real n8n, with the built package, against the Google
 * Calendar simulator: Find Openings around busy time, buffers, business hours, a closed date and
 * the March DST change in the practice's zone; Book twice with one key (one event); Book whose
 * insert answer is dropped after Google made the event (still one event); Book of a time taken in
 * between (a clear error with the nearest openings, nothing written); Cancel twice; a credential
 * Google refuses. One workflow, one webhook per case, so n8n starts once; every parameter but the
 * operation comes from the request body.
 */
import { parse as unflatten } from 'flatted';
import { DateTime } from 'luxon';
import { link, node, workflow } from '../../bench/workflow';
import { eventIdFor } from '../../core/calendar/event-id';
import { getJson, login, setupOwner } from '../../sandbox/n8n/owner';
import { freePort, N8nSandbox } from '../../sandbox/n8n/runner';
import { startCalendarSimulator, type CalendarSimulator } from '../../sandbox/gcal';
import { calendarCredential, SANDBOX_CALENDAR } from '../../sandbox/gcal/defaults';
import { untilActive } from './ticks';
import { onPracticeProfile, profileCredential } from '../../sandbox/journeys/setup';
import { CREDENTIAL_NAMES } from '../../sandbox/n8n/credential-names';

type Json = Record<string, unknown>;
const ZONE = 'America/Chicago';
const CAL = SANDBOX_CALENDAR.calendarId;
/** Thursday 11 March 2027, 08:00 in Chicago (CST); clocks go forward on Sunday 14 March. */
const NOW = '2027-03-11T08:00:00-06:00';
const CLOSED = '2027-03-12';
const BUFFER = 15;
const HOURS = 'Mon-Fri 09:00-17:00';
/** The front desk's own token, for adding events behind n8n's back. */
const FRONT_DESK = 'ya29.e2e-front-desk';
const WORKFLOW_ID = 'e2epracticecal01';
const BAD_CREDENTIAL = { id: 'chairsidecalbad0', name: 'Google Calendar (revoked)' };

const local = (day: string, time: string) => DateTime.fromISO(`${day}T${time}`, { zone: ZONE });
const busyEvent = (day: string, from: string, to: string) => ({
	summary: 'Busy',
	start: { dateTime: `${day}T${from}:00`, timeZone: ZONE },
	end: { dateTime: `${day}T${to}:00`, timeZone: ZONE },
});
const BUSY: Array<[string, string, string]> = [
	['2027-03-11', '09:00', '11:00'], // Thu (CST): the first opening is 11:15, after the buffer
	['2027-03-15', '08:30', '09:10'], // Mon (CDT): 09:25 clear, so 09:30 on the 15-minute grid
	['2027-03-16', '10:00', '11:00'], // Tue: 09:00 would end 10:00, inside the buffer before it: 11:15
];
/** Busy spans as instants, added to as the test books. */
const busy: Array<[DateTime, DateTime]> = BUSY.map(([day, from, to]) => [local(day, from), local(day, to)]);

let sim: CalendarSimulator;
let n8n: N8nSandbox;
let base = '';
let cookie = '';
let serverLog = '';

const CALENDAR_NODE = {
	typeVersion: 1,
	credentials: {
		chairsideGoogleCalendarOAuth2Api: {
			id: 'chairsidecalsbx',
			name: CREDENTIAL_NAMES.chairsideGoogleCalendarOAuth2Api,
		},
	},
	onError: 'continueRegularOutput',
};

/** The node's fields, each read from the webhook's body (Operation cannot be an expression). */
function calendarParameters(operation: string): Json {
	const body = (name: string) => `={{ $json.body.${name} }}`;
	const common = { operation, calendarId: body('calendarId'), options: { now: body('now') } };
	if (operation === 'cancel') return { ...common, bookingKey: body('bookingKey') };
	const rules = {
		serviceMinutes: body('minutes'),
		businessHours: body('hours'),
		settings: {
			bufferMinutes: body('buffer'),
			closedDates: body('closed'),
			openingCount: body('count'),
			stepMinutes: 15,
			spread: true,
		},
	};
	if (operation === 'findOpenings') return { ...common, ...rules, to: body('to') };
	return { ...common, ...rules, start: body('start'), bookingKey: body('bookingKey'), summary: body('summary') };
}

/** A webhook per case, each before its own Practice Calendar node; the webhook answers the node's items. */
function calendarWorkflow() {
	const cases: Array<[path: string, operation: string, extra: Json]> = [
		['find', 'findOpenings', {}],
		['book', 'book', {}],
		['cancel', 'cancel', {}],
		// No Continue On Fail: the execution itself must fail, with words a person can act on.
		[
			'bad',
			'findOpenings',
			{ credentials: { chairsideGoogleCalendarOAuth2Api: BAD_CREDENTIAL }, onError: 'stopWorkflow' },
		],
	];
	const nodes = cases.flatMap(([path, operation, extra], row) => [
		node(
			`Hook ${path}`,
			'n8n-nodes-base.webhook',
			{ httpMethod: 'POST', path: `cal-${path}`, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
			0,
			row * 200,
			{ typeVersion: 2, webhookId: `e2e-cal-${path}` },
		),
		node(`Calendar ${path}`, 'n8n-nodes-chairside.practiceCalendar', calendarParameters(operation), 240, row * 200, {
			...CALENDAR_NODE,
			...extra,
		}),
	]);
	const links = cases.map(([path]) => link(`Hook ${path}`, `Calendar ${path}`));
	return {
		...workflow('e2e practice calendar', nodes, links, {
			saveDataSuccessExecution: 'all',
			saveDataErrorExecution: 'all',
		}),
		id: WORKFLOW_ID,
	};
}

const DEFAULTS: Json = {
	calendarId: CAL,
	now: NOW,
	minutes: 60,
	hours: HOURS,
	buffer: BUFFER,
	closed: CLOSED,
	count: 4,
	summary: 'Ana - facial',
};

async function post(path: string, body: Json): Promise<Response> {
	return fetch(`${base}/webhook/cal-${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ ...DEFAULTS, ...body }),
		signal: AbortSignal.timeout(60_000),
	});
}

/** The items the case's Practice Calendar node put out. */
async function run(path: string, body: Json): Promise<Json[]> {
	const response = await post(path, body);
	const text = await response.text();
	if (!response.ok)
		throw new Error(
			`cal-${path} answered ${response.status}: ${text.slice(0, 400)}\n--- n8n log ---\n${serverLog.slice(-4000)}`,
		);
	const items = JSON.parse(text) as Json | Json[];
	return Array.isArray(items) ? items : [items];
}

/** The last execution of the workflow as n8n stored it: status and its error, once it has finished. */
async function lastExecution(): Promise<{ status: string; error?: { message: string; description?: string } }> {
	cookie ||= await login(base);
	for (let attempt = 0; ; attempt++) {
		const list = await getJson<{ data: { results: Array<{ id: string; status: string }> } }>(
			base,
			`/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: WORKFLOW_ID }))}&limit=1`,
			cookie,
		);
		const last = list.data.results[0];
		if ((last.status === 'running' || last.status === 'new') && attempt < 100) {
			await new Promise((r) => setTimeout(r, 100));
			continue;
		}
		const detail = await getJson<{ data: { data: string } }>(base, `/rest/executions/${last.id}`, cookie);
		const data = unflatten(detail.data.data) as { resultData: { error?: { message: string; description?: string } } };
		return { status: last.status, error: data.resultData.error };
	}
}

/** Events of the calendar, cancelled ones included. */
const events = () => sim.events(CAL) as Array<Json & { id: string; status: string; start: { dateTime: string } }>;
const inserts = () => sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/events'));

/** Every opening must be a weekday, open, 60 minutes inside 09:00-17:00 in Chicago, clear of busy time by the buffer. */
function expectGoodOpening(opening: Json): void {
	const start = DateTime.fromISO(String(opening.start), { setZone: true });
	const end = DateTime.fromISO(String(opening.end), { setZone: true });
	const wall = start.setZone(ZONE);
	expect(start.offset).toBe(wall.offset); // written in the practice's zone
	expect(end.diff(start, 'minutes').minutes).toBe(60);
	expect(wall.weekday).toBeLessThanOrEqual(5);
	expect(wall.toISODate()).not.toBe(CLOSED);
	expect(wall >= wall.set({ hour: 9, minute: 0 })).toBe(true);
	expect(end.setZone(ZONE) <= wall.set({ hour: 17, minute: 0 })).toBe(true);
	for (const [from, to] of busy) {
		const overlaps = start < to.plus({ minutes: BUFFER }) && end > from.minus({ minutes: BUFFER });
		if (overlaps)
			throw new Error(`opening ${opening.start} is within ${BUFFER} min of busy time ${from.toISO()} to ${to.toISO()}`);
	}
}

beforeAll(async () => {
	sim = await startCalendarSimulator({
		clientId: SANDBOX_CALENDAR.clientId,
		clientSecret: SANDBOX_CALENDAR.clientSecret,
		refreshToken: SANDBOX_CALENDAR.refreshToken,
		accessToken: FRONT_DESK,
		calendars: [
			{
				id: CAL,
				summary: SANDBOX_CALENDAR.calendarName,
				timeZone: ZONE,
				events: BUSY.map(([day, from, to]) => busyEvent(day, from, to)),
			},
		],
		port: 0,
	});
	const port = await freePort();
	base = `http://127.0.0.1:${port}`;
	n8n = await N8nSandbox.create({ env: { GENERIC_TIMEZONE: ZONE, WEBHOOK_URL: `${base}/` } });
	const good = calendarCredential(sim.url);
	// The user revoked access: Google refuses both its access token and its refresh token.
	const revoked = {
		...good,
		...BAD_CREDENTIAL,
		data: {
			...good.data,
			oauthTokenData: { ...good.data.oauthTokenData, access_token: 'ya29.revoked', refresh_token: '1//revoked' },
		},
	};
	// The practice's zone is its profile's.
	await n8n.importCredentials([good, revoked, profileCredential(ZONE)]);
	await n8n.importWorkflows([onPracticeProfile(calendarWorkflow())]);
	expect((await n8n.cli(['publish:workflow', `--id=${WORKFLOW_ID}`])).code).toBe(0);
	await n8n.start(port, {}, (chunk) => (serverLog = (serverLog + chunk).slice(-20_000)));
	// The REST API answers before published workflows are activated: wait for the webhook.
	await untilActive(
		() => post('find', { to: '2027-03-12T00:00:00' }),
		() => serverLog,
	);
	await setupOwner(base);
}, 300_000);

afterAll(async () => {
	await n8n?.stop();
	n8n?.dispose();
	await sim?.close();
});

describe('Practice Calendar in n8n against Google Calendar', () => {
	let openings: Json[] = [];

	it('Find Openings: around busy time and buffers, inside the hours in Chicago across the DST change, the closed date skipped, one a day', async () => {
		openings = await run('find', { to: '2027-03-18T00:00:00' });
		expect(openings.map((o) => [o.option, o.start, o.end])).toEqual([
			[1, '2027-03-11T11:15:00-06:00', '2027-03-11T12:15:00-06:00'],
			[2, '2027-03-15T09:30:00-05:00', '2027-03-15T10:30:00-05:00'],
			[3, '2027-03-16T11:15:00-05:00', '2027-03-16T12:15:00-05:00'],
			[4, '2027-03-17T09:00:00-05:00', '2027-03-17T10:00:00-05:00'],
		]);
		openings.forEach(expectGoodOpening);
		expect(new Set(openings.map((o) => String(o.start).slice(0, 10))).size).toBe(openings.length);
		// The same search with the practice open that Friday offers it: the closed date is what hid it.
		const open = await run('find', { to: '2027-03-18T00:00:00', closed: '' });
		expect(open.map((o) => o.start)).toContain('2027-03-12T09:00:00-06:00');
		// Only free/busy was read, for the calendar asked about.
		expect(
			sim.requests.filter((r) => r.path.startsWith('/calendar/')).every((r) => r.path === '/calendar/v3/freeBusy'),
		).toBe(true);
	});

	it('Book twice with one booking key: one event, its id from the key; the second run says it was there', async () => {
		const booking = { start: openings[3].start, bookingKey: 'e2e-reply-SM1' };
		const [first] = await run('book', booking);
		const [again] = await run('book', booking);
		const id = eventIdFor('e2e-reply-SM1');
		expect(first).toMatchObject({
			created: true,
			eventId: id,
			calendarId: CAL,
			start: '2027-03-17T09:00:00-05:00',
			end: '2027-03-17T10:00:00-05:00',
		});
		expect(again).toMatchObject({ created: false, eventId: id, start: first.start });
		const mine = events().filter((e) => e.id === id);
		expect(mine).toHaveLength(1);
		expect(mine[0]).toMatchObject({
			status: 'confirmed',
			summary: 'Ana - facial',
			extendedProperties: { private: { chairsideBookingKey: 'e2e-reply-SM1' } },
		});
		expect(events().filter((e) => e.status !== 'cancelled')).toHaveLength(BUSY.length + 1);
		busy.push([local('2027-03-17', '09:00'), local('2027-03-17', '10:00')]);
	});

	it('Book whose insert answer is lost after Google made the event, then retried: still one event', async () => {
		const id = eventIdFor('e2e-reply-SM2');
		const before = inserts().length;
		sim.fault({ status: 'drop', path: '/events' });
		const [item] = await run('book', { start: openings[2].start, bookingKey: 'e2e-reply-SM2' });
		// The node's own retry met the event its lost insert made (409) and returned it.
		expect(
			inserts()
				.slice(before)
				.map((r) => r.status),
		).toEqual([0, 409]);
		expect(item).toMatchObject({ created: false, eventId: id, start: '2027-03-16T11:15:00-05:00' });
		// And the workflow run again (as n8n's Retry would) adds nothing either.
		const [rerun] = await run('book', { start: openings[2].start, bookingKey: 'e2e-reply-SM2' });
		expect(rerun).toMatchObject({ created: false, eventId: id });
		expect(events().filter((e) => e.id === id)).toHaveLength(1);
		expect(events().filter((e) => e.status !== 'cancelled')).toHaveLength(BUSY.length + 2);
		busy.push([local('2027-03-16', '11:15'), local('2027-03-16', '12:15')]);
	});

	it('Book of a time taken in between: an error naming the time, with the nearest openings, and nothing written', async () => {
		// The front desk books a walk-in on Monday 09:30 after the openings were offered.
		const walkIn = await fetch(`${sim.url}/calendar/v3/calendars/${encodeURIComponent(CAL)}/events`, {
			method: 'POST',
			headers: { authorization: `Bearer ${FRONT_DESK}`, 'content-type': 'application/json' },
			body: JSON.stringify(busyEvent('2027-03-15', '09:30', '10:30')),
		});
		expect(walkIn.status).toBe(200);
		busy.push([local('2027-03-15', '09:30'), local('2027-03-15', '10:30')]);
		const before = { events: events().length, inserts: inserts().length };
		const [item] = await run('book', { start: openings[1].start, bookingKey: 'e2e-reply-SM3' });
		expect(String(item.error)).toMatch(
			/^Mon 15 Mar 2027 09:30 \(60 min\) on calendar .+ is no longer free; next openings: Mon 15 Mar \d\d:\d\d/,
		);
		const next = item.openings as Json[];
		expect(next.length).toBeGreaterThan(0);
		expect(next.length).toBeLessThanOrEqual(4);
		next.forEach(expectGoodOpening);
		// Nearest first: from that Monday on, not from the reference time (Thursday).
		expect(String(next[0].start)).toMatch(/^2027-03-15T/);
		expect(String(item.error)).toContain(
			DateTime.fromISO(String(next[0].start), { setZone: true }).toFormat('ccc d LLL HH:mm'),
		);
		expect(inserts().length).toBe(before.inserts);
		expect(events().length).toBe(before.events);
		expect(events().some((e) => e.id === eventIdFor('e2e-reply-SM3'))).toBe(false);
	});

	it('Cancel twice: cancelled once, then a no-op result, no error', async () => {
		const id = eventIdFor('e2e-reply-SM1');
		const [first] = await run('cancel', { bookingKey: 'e2e-reply-SM1' });
		const [again] = await run('cancel', { bookingKey: 'e2e-reply-SM1' });
		expect(first).toEqual({ eventId: id, outcome: 'cancelled' });
		expect(again).toEqual({ eventId: id, outcome: 'already_cancelled' });
		expect(
			events()
				.filter((e) => e.id === id)
				.map((e) => e.status),
		).toEqual(['cancelled']);
		// The cancelled key cannot book again (Google keeps the id taken): said plainly, nothing added.
		const [rebook] = await run('book', { start: openings[3].start, bookingKey: 'e2e-reply-SM1' });
		expect(String(rebook.error)).toMatch(/booked on calendar .+ and cancelled .+: a new booking needs a new key/);
		expect(
			events()
				.filter((e) => e.id === id)
				.map((e) => e.status),
		).toEqual(['cancelled']);
		// The time is free again: Find Openings offers Wednesday 09:00 once more.
		busy.splice(
			busy.findIndex(([from]) => from.toISODate() === '2027-03-17'),
			1,
		);
		const found = await run('find', { to: '2027-03-18T00:00:00' });
		expect(found.map((o) => o.start)).toContain('2027-03-17T09:00:00-05:00');
	});

	it('a credential Google refuses: a clear error to reconnect it, and n8n carries on', async () => {
		const response = await post('bad', { to: '2027-03-18T00:00:00' });
		expect(response.status).toBeGreaterThanOrEqual(400);
		const execution = await lastExecution();
		expect(execution.status).toBe('error');
		expect(execution.error?.message).toMatch(/Google refused the Google Calendar credential \(401\): reconnect it/);
		// Not a crash: the next request is served as before.
		expect(await run('find', { to: '2027-03-18T00:00:00' })).toHaveLength(4);
	});
});
