import { DateTime } from 'luxon';
import { ProviderError } from '../../../core/messaging/provider';
import { findSentSms, sendSms, twilioFailure, type TwilioAccount } from '../../../core/messaging/twilio';
import { startTwilioSimulator, type TwilioSimulator } from '../../../sandbox/twilio';
import { basic, fakePause, fetchHttp } from './http';

const SID = 'AC' + '0'.repeat(32);
const TOKEN = 'sandbox-token';
const SERVICE = 'MG' + '1'.repeat(32);
const NUMBER = '+15125550100';
const PATIENT = '+13125550134';
const BODY = 'Hi Maria, this is Bright Smiles. We saved a spot for your crown. Reply STOP to opt out.';

describe('Twilio transport against the simulator', () => {
	let sim: TwilioSimulator;
	let account: TwilioAccount;
	let log: Array<{ method: string; url: string }>;
	const http = () => fetchHttp(basic(SID, TOKEN), log);

	beforeEach(async () => {
		sim = await startTwilioSimulator({
			accountSid: SID,
			authToken: TOKEN,
			messagingServiceSid: SERVICE,
			phoneNumbers: [NUMBER],
			port: 0,
		});
		account = { accountSid: SID, baseUrl: sim.url, messagingServiceSid: SERVICE };
		log = [];
	});
	afterEach(() => sim.close());

	it('sends through the Messaging Service and returns the SID, status and segments', async () => {
		const sent = await sendSms(
			http(),
			account,
			{ to: PATIENT, body: BODY, statusCallback: 'http://127.0.0.1:9/status' },
			{ pause: fakePause() },
		);
		expect(sent).toEqual({ sid: expect.stringMatching(/^SM[0-9a-f]{32}$/), status: 'accepted', segments: 1 });
		expect(sim.outbox).toHaveLength(1);
		expect(sim.outbox[0]).toMatchObject({
			to: PATIENT,
			body: BODY,
			messagingServiceSid: SERVICE,
			statusCallback: 'http://127.0.0.1:9/status',
		});
	});

	it('sends from a number when the credential has no Messaging Service', async () => {
		const sent = await sendSms(
			http(),
			{ accountSid: SID, baseUrl: sim.url + '/', fromNumber: NUMBER },
			{ to: PATIENT, body: BODY },
			{ pause: fakePause() },
		);
		expect(sent.status).toBe('queued');
		expect(sim.outbox[0].from).toBe(NUMBER);
	});

	it('counts segments as Twilio does', async () => {
		const sent = await sendSms(http(), account, { to: PATIENT, body: 'x'.repeat(200) }, { pause: fakePause() });
		expect(sent.segments).toBe(2);
	});

	it('retries 429 with exponential back-off and jitter, then sends once', async () => {
		sim.fault({ code: 429, times: 2 });
		const pause = fakePause();
		const sent = await sendSms(http(), account, { to: PATIENT, body: BODY }, { pause });
		expect(sent.sid).toMatch(/^SM/);
		// Equal jitter with the dice in the middle: 3/4 of 1 s, then of 2 s.
		expect(pause.sleeps).toEqual([750, 1500]);
		expect(sim.outbox).toHaveLength(1);
	});

	it('gives up on 429 when the attempts run out, as a rate limit with code 20429', async () => {
		sim.fault({ code: 429, times: 10 });
		const pause = fakePause();
		const error = (await sendSms(
			http(),
			account,
			{ to: PATIENT, body: BODY },
			{ pause, retry: { attempts: 3, maxWaitMs: 60_000 } },
		).catch((e) => e)) as ProviderError;
		expect(error).toBeInstanceOf(ProviderError);
		expect(error).toMatchObject({ kind: 'rate_limited', code: '20429', httpStatus: 429, attempts: 3 });
		expect(pause.sleeps).toHaveLength(2);
		expect(sim.outbox).toHaveLength(0);
	});

	it('stops when the waiting budget would be exceeded', async () => {
		sim.fault({ code: 429, times: 10 });
		const pause = fakePause();
		const error = (await sendSms(
			http(),
			account,
			{ to: PATIENT, body: BODY },
			{ pause, retry: { attempts: 10, maxWaitMs: 3000 } },
		).catch((e) => e)) as ProviderError;
		expect(error).toMatchObject({ kind: 'rate_limited', httpStatus: 429 });
		// 750 + 1500 fit in 3 s; the next 3,000 would not.
		expect(pause.sleeps).toEqual([750, 1500]);
		expect(error.attempts).toBe(3);
	});

	it('retries 5xx; with `since` it looks for the message first and finds the one Twilio created anyway', async () => {
		sim.fault({ code: 500, committed: true });
		const since = DateTime.utc().minus({ minutes: 5 });
		const sent = await sendSms(http(), account, { to: PATIENT, body: BODY, since }, { pause: fakePause() });
		// One create, one look-up, no second create: the patient gets one message.
		expect(sim.outbox.filter((m) => m.direction === 'outbound-api')).toHaveLength(1);
		expect(sent.sid).toBe(sim.outbox[0].sid);
		expect(log.map((r) => r.method)).toEqual(['POST', 'GET']);
	});

	it('retries 5xx that created nothing: the look-up finds nothing, the retry sends', async () => {
		sim.fault({ code: 503 });
		const sent = await sendSms(
			http(),
			account,
			{ to: PATIENT, body: BODY, since: DateTime.utc().minus({ minutes: 5 }) },
			{ pause: fakePause() },
		);
		expect(sim.outbox).toHaveLength(1);
		expect(sent.sid).toBe(sim.outbox[0].sid);
		expect(log.map((r) => r.method)).toEqual(['POST', 'GET', 'POST']);
	});

	it('does not retry a 5xx create without `since`: it cannot rule out a duplicate', async () => {
		sim.fault({ code: 500, committed: true });
		const error = (await sendSms(http(), account, { to: PATIENT, body: BODY }, { pause: fakePause() }).catch(
			(e) => e,
		)) as ProviderError;
		expect(error).toMatchObject({ kind: 'unavailable', mayHaveSent: true, attempts: 1, code: '20500' });
		expect(sim.outbox).toHaveLength(1);
		expect(log).toHaveLength(1);
	});

	it('21610: an opt-out, not retried', async () => {
		sim.fault({ code: 21610 });
		const pause = fakePause();
		const error = (await sendSms(http(), account, { to: PATIENT, body: BODY }, { pause }).catch(
			(e) => e,
		)) as ProviderError;
		expect(error).toMatchObject({ kind: 'opt_out', code: '21610', attempts: 1 });
		expect(pause.sleeps).toEqual([]);
	});

	it('21211: the number refused, with the code, and the number not in the message', async () => {
		sim.fault({ code: 21211 });
		const error = (await sendSms(http(), account, { to: PATIENT, body: BODY }, { pause: fakePause() }).catch(
			(e) => e,
		)) as ProviderError;
		expect(error).toMatchObject({ kind: 'rejected', code: '21211' });
		expect(error.message).not.toContain(PATIENT);
		expect(error.message).not.toContain('5550134');
	});

	it('401: a clear credential error', async () => {
		const error = (await sendSms(
			fetchHttp(basic(SID, 'wrong')),
			account,
			{ to: PATIENT, body: BODY },
			{ pause: fakePause() },
		).catch((e) => e)) as ProviderError;
		expect(error).toMatchObject({ kind: 'configuration', httpStatus: 401, code: '20003' });
		expect(error.message).toContain('Twilio refused the Account SID and token/key (401)');
	});

	it('a wrong Messaging Service SID is a configuration error', async () => {
		const error = (await sendSms(
			http(),
			{ ...account, messagingServiceSid: 'MG' + '9'.repeat(32) },
			{ to: PATIENT, body: BODY },
			{ pause: fakePause() },
		).catch((e) => e)) as ProviderError;
		expect(error).toMatchObject({ kind: 'configuration', code: '21705' });
	});

	it('a connection refused is "unavailable"; the look-up before the retry fails too, so it stops', async () => {
		const closed = { ...account, baseUrl: 'http://127.0.0.1:9' };
		const pause = fakePause();
		const error = (await sendSms(http(), closed, { to: PATIENT, body: BODY, since: DateTime.utc() }, { pause }).catch(
			(e) => e,
		)) as ProviderError;
		expect(error).toMatchObject({ kind: 'unavailable', httpStatus: 0, mayHaveSent: true });
		expect(log.map((r) => r.method)).toEqual(['POST', 'GET']);
	});
	it('a 503 on every try: looks up before each retry, then gives up without a duplicate', async () => {
		sim.fault({ code: 503, times: 10 });
		const pause = fakePause();
		const error = (await sendSms(
			http(),
			account,
			{ to: PATIENT, body: BODY, since: DateTime.utc().minus({ minutes: 1 }) },
			{ pause },
		).catch((e) => e)) as ProviderError;
		expect(error).toMatchObject({ kind: 'unavailable', attempts: 4 });
		expect(log.map((r) => r.method)).toEqual(['POST', 'GET', 'POST', 'GET', 'POST', 'GET', 'POST']);
		expect(pause.sleeps).toEqual([750, 1500, 3000]);
		expect(sim.outbox).toHaveLength(0);
	});

	describe('findSentSms', () => {
		it('finds the message an earlier attempt sent, by To and exact body, since the given instant', async () => {
			const since = DateTime.utc().minus({ minutes: 1 });
			await sendSms(http(), account, { to: PATIENT, body: 'Another message' }, { pause: fakePause() });
			const first = await sendSms(http(), account, { to: PATIENT, body: BODY }, { pause: fakePause() });
			await sendSms(http(), account, { to: '+13125550135', body: BODY }, { pause: fakePause() });
			await sim.settled();
			const found = await findSentSms(http(), account, { to: PATIENT, since, body: BODY }, { pause: fakePause() });
			expect(found).toMatchObject({ sid: first.sid, segments: 1 });
			expect(found?.status).toBe('delivered');
		});
		it('finds nothing for another body, another number, or before `since`', async () => {
			await sendSms(http(), account, { to: PATIENT, body: BODY }, { pause: fakePause() });
			expect(
				await findSentSms(
					http(),
					account,
					{ to: PATIENT, since: DateTime.utc().minus({ minutes: 1 }), body: 'Other' },
					{ pause: fakePause() },
				),
			).toBeNull();
			expect(
				await findSentSms(
					http(),
					account,
					{ to: '+13125550199', since: DateTime.utc().minus({ minutes: 1 }), body: BODY },
					{ pause: fakePause() },
				),
			).toBeNull();
			expect(
				await findSentSms(
					http(),
					account,
					{ to: PATIENT, since: DateTime.utc().plus({ minutes: 1 }), body: BODY },
					{ pause: fakePause() },
				),
			).toBeNull();
		});
		it('finds a message still queued (no date_sent yet)', async () => {
			const slow = await startTwilioSimulator({
				accountSid: SID,
				authToken: TOKEN,
				phoneNumbers: [NUMBER],
				statusDelayMs: 60_000,
			});
			try {
				const acc = { accountSid: SID, baseUrl: slow.url, fromNumber: NUMBER };
				const sent = await sendSms(http(), acc, { to: PATIENT, body: BODY }, { pause: fakePause() });
				const found = await findSentSms(
					http(),
					acc,
					{ to: PATIENT, since: DateTime.utc().minus({ minutes: 1 }), body: BODY },
					{ pause: fakePause() },
				);
				expect(found?.sid).toBe(sent.sid);
			} finally {
				await slow.close();
			}
		});
		it('reads further pages', async () => {
			const since = DateTime.utc().minus({ minutes: 1 });
			await sendSms(http(), account, { to: PATIENT, body: BODY }, { pause: fakePause() });
			for (let i = 0; i < 60; i++)
				await sendSms(http(), account, { to: PATIENT, body: `Other ${i}` }, { pause: fakePause() });
			const found = await findSentSms(http(), account, { to: PATIENT, since, body: BODY }, { pause: fakePause() });
			expect(found).not.toBeNull();
			expect(log.filter((r) => r.method === 'GET')).toHaveLength(2);
		});
	});
});

describe('twilioFailure', () => {
	it.each([
		[
			{
				status: 400,
				body: {
					code: 21408,
					message:
						'Permission to send an SMS has not been enabled for the region indicated by the To number: +442071234567',
				},
			},
			'rejected',
			'21408',
		],
		[{ status: 400, body: { code: 30006, message: 'Landline' } }, 'rejected', '30006'],
		[{ status: 400, body: { code: 30007, message: 'Filtered' } }, 'rejected', '30007'],
		[{ status: 400, body: { code: 21606, message: 'From number' } }, 'configuration', '21606'],
		[{ status: 403, body: { code: 20003, message: 'Permission Denied' } }, 'configuration', '20003'],
		[{ status: 404, body: 'Not Found' }, 'configuration', '404'],
		[{ status: 502, body: '<html>' }, 'unavailable', '502'],
		[{ status: 200, body: {} }, null, null],
	])('%p -> %s %s', (response, kind, code) => {
		const error = twilioFailure(response);
		if (kind === null) expect(error).toBeNull();
		else expect(error).toMatchObject({ kind, code });
	});
	it('keeps phone numbers and addresses out of its message', () => {
		const error = twilioFailure({
			status: 400,
			body: { code: 21408, message: 'Not enabled for +44 20 7123 4567 (maria@example.com)' },
		});
		expect(error?.message).toBe('Twilio refused the message (21408): Not enabled for [number] ([address])');
	});
	it('reads Retry-After', () => {
		expect(twilioFailure({ status: 429, body: { code: 20429 }, headers: { 'retry-after': '7' } })?.retryAfterMs).toBe(
			7000,
		);
	});
});
