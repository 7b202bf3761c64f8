import type { TwilioSimulator } from '../../../sandbox/twilio';
import {
	ACCOUNT,
	basic,
	call,
	type Clock,
	KEY,
	MESSAGES,
	NUMBER,
	PATIENT,
	type Row,
	send,
	SERVICE,
	start,
	TOKEN,
} from './helpers';

const AUTH_ERROR = {
	code: 20003,
	message: 'Authenticate',
	more_info: 'https://www.twilio.com/docs/errors/20003',
	status: 401,
};
const SID = /^SM[0-9a-f]{32}$/;

describe('Twilio simulator: REST', () => {
	let sim: TwilioSimulator;
	let clock: Clock;
	beforeEach(async () => {
		({ sim, clock } = await start());
	});
	afterEach(() => sim.close());

	it('listens on loopback only', () => {
		expect(sim.url).toBe(`http://127.0.0.1:${sim.port}`);
	});

	describe('auth', () => {
		it('answers the account to the Account SID and Auth Token, without echoing the token', async () => {
			const res = await call(sim, `/2010-04-01/Accounts/${ACCOUNT}.json`);
			expect(res.status).toBe(200);
			expect(res.body).toMatchObject({ sid: ACCOUNT, status: 'active', uri: `/2010-04-01/Accounts/${ACCOUNT}.json` });
			expect(JSON.stringify(res.body)).not.toContain(TOKEN);
			expect(sim.requests.at(-1)).toMatchObject({ method: 'GET', status: 200, credential: ACCOUNT });
		});

		it('accepts an API key SID and secret for the same account', async () => {
			const res = await call(sim, `/2010-04-01/Accounts/${ACCOUNT}.json`, { auth: basic(KEY.sid, KEY.secret) });
			expect(res.status).toBe(200);
			expect(sim.requests.at(-1)?.credential).toBe(KEY.sid);
			const sent = await send(sim, { To: PATIENT, From: NUMBER, Body: 'Hi' }, basic(KEY.sid, KEY.secret));
			expect(sent.status).toBe(201);
		});

		it.each([
			['no header', null],
			['a wrong token', basic(ACCOUNT, 'wrong')],
			['a wrong key secret', basic(KEY.sid, 'wrong')],
			['the key SID with the account token', basic(KEY.sid, TOKEN)],
			['the token without a colon', `Basic ${Buffer.from(`${ACCOUNT}${TOKEN}`).toString('base64')}`],
			['a bearer token', `Bearer ${TOKEN}`],
		])('refuses %s with 401 and Twilio error 20003', async (_, auth) => {
			const res = await call(sim, `/2010-04-01/Accounts/${ACCOUNT}.json`, { auth });
			expect(res.status).toBe(401);
			expect(res.body).toEqual(AUTH_ERROR);
			expect(res.headers.get('www-authenticate')).toMatch(/^Basic/);
			expect(sim.requests.at(-1)).toMatchObject({ status: 401, credential: null });
		});

		it('refuses a create without auth and creates nothing', async () => {
			const res = await send(sim, { To: PATIENT, From: NUMBER, Body: 'Hi' }, basic(ACCOUNT, 'nope'));
			expect(res.status).toBe(401);
			expect(sim.outbox).toHaveLength(0);
		});

		it("answers 404 20404 for another account's path", async () => {
			const other = 'AC99999999999999999999999999999999';
			const res = await call(sim, `/2010-04-01/Accounts/${other}/Messages.json`);
			expect(res.status).toBe(404);
			expect(res.body).toMatchObject({
				code: 20404,
				status: 404,
				more_info: 'https://www.twilio.com/docs/errors/20404',
			});
		});

		it('answers 404 for a path Twilio does not have, and 405 for a method it does not allow', async () => {
			expect((await call(sim, `/2010-04-01/Accounts/${ACCOUNT}/Nope.json`)).status).toBe(404);
			expect((await call(sim, '/2010-04-01/Accounts')).status).toBe(404);
			const res = await call(sim, MESSAGES, { method: 'DELETE' });
			expect(res.status).toBe(405);
			expect(res.body.code).toBe(20004);
		});
	});

	describe('create', () => {
		it('creates a queued message from an owned number, shaped like Twilio', async () => {
			const res = await send(sim, { To: PATIENT, From: NUMBER, Body: 'Hi Ana, this is Bright Dental.' });
			expect(res.status).toBe(201);
			const sid = res.body.sid as string;
			expect(sid).toMatch(SID);
			expect(res.body).toEqual({
				account_sid: ACCOUNT,
				api_version: '2010-04-01',
				body: 'Hi Ana, this is Bright Dental.',
				date_created: 'Mon, 23 Nov 2026 14:00:00 +0000',
				date_sent: null,
				date_updated: 'Mon, 23 Nov 2026 14:00:00 +0000',
				direction: 'outbound-api',
				error_code: null,
				error_message: null,
				from: NUMBER,
				messaging_service_sid: null,
				num_media: '0',
				num_segments: '1',
				price: null,
				price_unit: 'USD',
				sid,
				status: 'queued',
				subresource_uris: {
					media: `/2010-04-01/Accounts/${ACCOUNT}/Messages/${sid}/Media.json`,
					feedback: `/2010-04-01/Accounts/${ACCOUNT}/Messages/${sid}/Feedback.json`,
				},
				to: PATIENT,
				uri: `/2010-04-01/Accounts/${ACCOUNT}/Messages/${sid}.json`,
			});
			expect(res.headers.get('content-type')).toMatch(/^application\/json/);
			expect(sim.outbox).toHaveLength(1);
			expect(sim.outbox[0]).toMatchObject({
				sid,
				to: PATIENT,
				from: NUMBER,
				messagingServiceSid: null,
				numSegments: 1,
				statusCallback: null,
				dateCreated: '2026-11-23T14:00:00.000Z',
			});
		});

		it('moves the message to sent and delivered after answering, stamping date_sent from the clock', async () => {
			await sim.close();
			({ sim, clock } = await start({ statusDelayMs: 40 }));
			const res = await send(sim, { To: PATIENT, From: NUMBER, Body: 'Hi' });
			clock.advance(2);
			expect((await call(sim, `${MESSAGES.replace('.json', '')}/${res.body.sid}.json`)).body.status).toBe('queued');
			await sim.settled();
			const fetched = await call(sim, `${MESSAGES.replace('.json', '')}/${res.body.sid}.json`);
			expect(fetched.body).toMatchObject({
				status: 'delivered',
				date_sent: 'Mon, 23 Nov 2026 14:02:00 +0000',
				error_code: null,
			});
			expect(sim.outbox[0]).toMatchObject({ status: 'delivered', dateSent: '2026-11-23T14:02:00.000Z' });
		});

		it('closes cleanly with status steps still waiting, and settles', async () => {
			await sim.close();
			({ sim } = await start({ statusDelayMs: 60000 }));
			await send(sim, { To: PATIENT, From: NUMBER, Body: 'Hi' });
			await sim.close();
			await sim.settled();
			expect(sim.outbox[0].status).toBe('queued');
		});

		it("answers 'accepted' with no From for a Messaging Service, then picks the pool number", async () => {
			const res = await send(sim, { To: PATIENT, MessagingServiceSid: SERVICE, Body: 'Hi' });
			expect(res.status).toBe(201);
			expect(res.body).toMatchObject({ status: 'accepted', from: null, messaging_service_sid: SERVICE });
			await sim.settled();
			expect(sim.outbox[0]).toMatchObject({ status: 'delivered', from: NUMBER, messagingServiceSid: SERVICE });
		});

		it('counts segments into num_segments', async () => {
			expect((await send(sim, { To: PATIENT, From: NUMBER, Body: 'a'.repeat(161) })).body.num_segments).toBe('2');
			expect((await send(sim, { To: PATIENT, From: NUMBER, Body: `${'a'.repeat(69)}😀` })).body.num_segments).toBe('2');
			expect(sim.outbox.map((m) => m.encoding)).toEqual(['GSM-7', 'UCS-2']);
		});

		it.each<[string, Record<string, string>, number, string | RegExp]>([
			['no To', { From: NUMBER, Body: 'x' }, 21604, "A 'To' phone number is required."],
			[
				'a To that is not E.164',
				{ To: '5125550123', From: NUMBER, Body: 'x' },
				21211,
				"The 'To' number 5125550123 is not a valid phone number.",
			],
			['a To with letters', { To: '+1512CALLNOW', From: NUMBER, Body: 'x' }, 21211, /not a valid phone number/],
			['neither From nor MessagingServiceSid', { To: PATIENT, Body: 'x' }, 21603, /'From' or 'MessagingServiceSid'/],
			['a From the account does not own', { To: PATIENT, From: '+15125559999', Body: 'x' }, 21606, /\+15125559999/],
			[
				'an unknown Messaging Service',
				{ To: PATIENT, MessagingServiceSid: 'MG00000000000000000000000000000000', Body: 'x' },
				21705,
				/Messaging Service/,
			],
			['no Body', { To: PATIENT, From: NUMBER }, 21602, 'Message body is required.'],
			['an empty Body', { To: PATIENT, From: NUMBER, Body: '' }, 21602, 'Message body is required.'],
			[
				'a Body over 1600 characters',
				{ To: PATIENT, From: NUMBER, Body: 'a'.repeat(1601) },
				21617,
				/1600 character limit/,
			],
			['a ValidityPeriod of 0', { To: PATIENT, From: NUMBER, Body: 'x', ValidityPeriod: '0' }, 21624, /36,000/],
			[
				'a ValidityPeriod over 36000',
				{ To: PATIENT, From: NUMBER, Body: 'x', ValidityPeriod: '36001' },
				21624,
				/36,000/,
			],
			[
				'a ValidityPeriod that is not a number',
				{ To: PATIENT, From: NUMBER, Body: 'x', ValidityPeriod: '1h' },
				21624,
				/36,000/,
			],
			[
				'a StatusCallback that is not a URL',
				{ To: PATIENT, From: NUMBER, Body: 'x', StatusCallback: 'callback-me' },
				21609,
				/StatusCallback/,
			],
		])('refuses %s with 400 and code %s, creating nothing', async (_, form, code, message) => {
			const res = await send(sim, form);
			expect(res.status).toBe(400);
			expect(res.body).toMatchObject({ code, status: 400, more_info: `https://www.twilio.com/docs/errors/${code}` });
			if (typeof message === 'string') expect(res.body.message).toBe(message);
			else expect(res.body.message).toMatch(message);
			expect(sim.outbox).toHaveLength(0);
		});

		it('accepts exactly 1600 characters (counted as characters, not UTF-16 units) and ValidityPeriod 36000', async () => {
			expect((await send(sim, { To: PATIENT, From: NUMBER, Body: 'a'.repeat(1600) })).status).toBe(201);
			expect((await send(sim, { To: PATIENT, From: NUMBER, Body: '😀'.repeat(1600) })).status).toBe(201);
			const res = await send(sim, { To: PATIENT, From: NUMBER, Body: 'x', ValidityPeriod: '36000' });
			expect(res.status).toBe(201);
			expect(sim.outbox[2].validityPeriod).toBe(36000);
		});

		it('takes From over the pool when both From and MessagingServiceSid are given', async () => {
			const res = await send(sim, { To: PATIENT, From: NUMBER, MessagingServiceSid: SERVICE, Body: 'x' });
			expect(res.body).toMatchObject({ from: NUMBER, messaging_service_sid: SERVICE, status: 'accepted' });
		});
	});

	describe('fetch and list', () => {
		const path = (sid: unknown) => `/2010-04-01/Accounts/${ACCOUNT}/Messages/${sid}.json`;

		it('fetches a message by SID and answers 404 20404 for an unknown one', async () => {
			const created = await send(sim, { To: PATIENT, From: NUMBER, Body: 'Hi' });
			await sim.settled();
			const res = await call(sim, path(created.body.sid));
			expect(res.status).toBe(200);
			expect(res.body).toMatchObject({ sid: created.body.sid, status: 'delivered', body: 'Hi' });
			const missing = await call(sim, path('SM00000000000000000000000000000000'));
			expect(missing.status).toBe(404);
			expect(missing.body).toMatchObject({
				code: 20404,
				message: expect.stringContaining('SM00000000000000000000000000000000'),
			});
		});

		async function sendAt(minutes: number, to: string, body: string): Promise<string> {
			clock.advance(minutes);
			const res = await send(sim, { To: to, From: NUMBER, Body: body });
			await sim.settled();
			return res.body.sid as string;
		}

		it('lists newest first and pages with next_page_uri to the end, without repeats or gaps', async () => {
			const sids: string[] = [];
			for (let i = 0; i < 7; i++) sids.push(await sendAt(1, PATIENT, `m${i}`));
			const seen: string[] = [];
			let uri: string | null = `${MESSAGES}?PageSize=3`;
			const pages: Row[] = [];
			while (uri) {
				const res: { body: Row } = await call(sim, uri);
				pages.push(res.body);
				seen.push(...(res.body.messages as Row[]).map((m) => m.sid as string));
				uri = res.body.next_page_uri as string | null;
			}
			expect(seen).toEqual([...sids].reverse());
			expect(pages.map((p) => (p.messages as Row[]).length)).toEqual([3, 3, 1]);
			expect(pages.map((p) => [p.page, p.page_size, p.start, p.end])).toEqual([
				[0, 3, 0, 2],
				[1, 3, 3, 5],
				[2, 3, 6, 6],
			]);
			expect(pages[0]).toMatchObject({
				previous_page_uri: null,
				first_page_uri: `${MESSAGES}?PageSize=3&Page=0`,
				uri: `${MESSAGES}?PageSize=3&Page=0`,
			});
			expect(pages[2].next_page_uri).toBeNull();
			const back = await call(sim, pages[1].previous_page_uri as string);
			expect((back.body.messages as Row[]).map((m) => m.sid)).toEqual(seen.slice(0, 3));
		});

		it('keeps PageToken paging stable when a message arrives between pages', async () => {
			for (let i = 0; i < 4; i++) await sendAt(1, PATIENT, `m${i}`);
			const first = await call(sim, `${MESSAGES}?PageSize=2`);
			await sendAt(1, PATIENT, 'newcomer');
			const second = await call(sim, first.body.next_page_uri as string);
			expect((second.body.messages as Row[]).map((m) => m.body)).toEqual(['m1', 'm0']);
		});

		it('pages by Page number alone, and answers an empty page past the end', async () => {
			for (let i = 0; i < 5; i++) await sendAt(1, PATIENT, `m${i}`);
			expect(((await call(sim, `${MESSAGES}?PageSize=2&Page=1`)).body.messages as Row[]).map((m) => m.body)).toEqual([
				'm2',
				'm1',
			]);
			const past = await call(sim, `${MESSAGES}?PageSize=2&Page=9`);
			expect(past.body).toMatchObject({ messages: [], next_page_uri: null });
		});

		it('filters by To and From', async () => {
			await sendAt(1, PATIENT, 'a');
			await sendAt(1, '+15125550199', 'b');
			await sendAt(1, PATIENT, 'c');
			const toPatient = await call(sim, `${MESSAGES}?To=${encodeURIComponent(PATIENT)}`);
			expect((toPatient.body.messages as Row[]).map((m) => m.body)).toEqual(['c', 'a']);
			expect(toPatient.body.uri).toBe(`${MESSAGES}?To=%2B15125550123&PageSize=50&Page=0`);
			expect(((await call(sim, `${MESSAGES}?From=${encodeURIComponent(NUMBER)}`)).body.messages as Row[]).length).toBe(
				3,
			);
			expect(((await call(sim, `${MESSAGES}?From=%2B15125559999`)).body.messages as Row[]).length).toBe(0);
		});

		it('filters by DateSent, DateSent< (on or before) and DateSent> (on or after), in UTC days', async () => {
			await sendAt(0, PATIENT, 'day23');
			await sendAt(24 * 60, PATIENT, 'day24');
			await sendAt(24 * 60, PATIENT, 'day25');
			const bodies = async (q: string) =>
				((await call(sim, `${MESSAGES}?${q}`)).body.messages as Row[]).map((m) => m.body);
			expect(await bodies('DateSent=2026-11-24')).toEqual(['day24']);
			expect(await bodies(`${encodeURIComponent('DateSent<')}=2026-11-24`)).toEqual(['day24', 'day23']);
			expect(await bodies('DateSent<=2026-11-24')).toEqual(['day24', 'day23']);
			expect(await bodies('DateSent>=2026-11-24')).toEqual(['day25', 'day24']);
			expect(await bodies('DateSent>=2026-11-24&DateSent<=2026-11-24')).toEqual(['day24']);
			expect(await bodies('DateSent>=2026-11-24T14:00:01Z')).toEqual(['day25']);
			const next = await call(sim, `${MESSAGES}?DateSent<=2026-11-25&PageSize=1`);
			expect(next.body.next_page_uri).toMatch(
				/^\/2010-04-01\/Accounts\/AC1+\/Messages\.json\?DateSent%3C=2026-11-25&PageSize=1&Page=1&PageToken=PASM[0-9a-f]{32}$/,
			);
		});

		it('leaves messages not yet sent out of a DateSent filter', async () => {
			await sim.close();
			({ sim, clock } = await start({ statusDelayMs: 10000 }));
			await send(sim, { To: PATIENT, From: NUMBER, Body: 'still queued' });
			expect(((await call(sim, MESSAGES)).body.messages as Row[]).length).toBe(1);
			expect(((await call(sim, `${MESSAGES}?DateSent=2026-11-23`)).body.messages as Row[]).length).toBe(0);
		});

		it('defaults PageSize to 50, caps it at 1000, and refuses bad paging and date parameters', async () => {
			expect((await call(sim, MESSAGES)).body.page_size).toBe(50);
			expect((await call(sim, `${MESSAGES}?PageSize=5000`)).body.page_size).toBe(1000);
			for (const q of [
				'PageSize=ten',
				'Page=-1',
				'PageToken=PAnope',
				'PageToken=garbage',
				'DateSent=23/11/2026',
				'DateSent<=yesterday',
			]) {
				const res = await call(sim, `${MESSAGES}?${q}`);
				expect([q, res.status]).toEqual([q, 400]);
				expect(res.body.code).toBe(20001);
			}
		});
	});

	describe('sandbox routes', () => {
		it('serves the outbox without auth for the demo', async () => {
			await send(sim, { To: PATIENT, From: NUMBER, Body: 'Hi' });
			const res = await fetch(`${sim.url}/sandbox/outbox`);
			expect(res.status).toBe(200);
			const outbox = (await res.json()) as Row[];
			expect(outbox).toHaveLength(1);
			expect(outbox[0]).toMatchObject({ to: PATIENT, body: 'Hi', direction: 'outbound-api' });
		});

		it('sets a fault from outside the process, and refuses a malformed one', async () => {
			const bad = await fetch(`${sim.url}/sandbox/fault`, { method: 'POST', body: JSON.stringify({ code: 12345 }) });
			expect(bad.status).toBe(400);
			const ok = await fetch(`${sim.url}/sandbox/fault`, { method: 'POST', body: JSON.stringify({ code: 429 }) });
			expect(ok.status).toBe(200);
			expect((await send(sim, { To: PATIENT, From: NUMBER, Body: 'Hi' })).status).toBe(429);
		});

		it('refuses an inbound request without the required fields or to a non-loopback webhook', async () => {
			const missing = await fetch(`${sim.url}/sandbox/inbound`, {
				method: 'POST',
				body: JSON.stringify({ from: PATIENT }),
			});
			expect(missing.status).toBe(400);
			const remote = await fetch(`${sim.url}/sandbox/inbound`, {
				method: 'POST',
				body: JSON.stringify({ webhookUrl: 'http://example.com/hook', from: PATIENT, body: 'Hi' }),
			});
			expect(remote.status).toBe(400);
			expect(((await remote.json()) as Row).error).toMatch(/Refusing/);
			expect(sim.webhooks).toHaveLength(0);
		});
	});
});
