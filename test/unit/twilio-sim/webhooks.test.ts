import { validateRequest } from 'twilio/lib/webhooks/webhooks';
import type { TwilioSimulator } from '../../../sandbox/twilio';
import { ACCOUNT, basic, Clock, KEY, NUMBER, PATIENT, receiver, send, SERVICE, start, TOKEN } from './helpers';

describe('Twilio simulator: webhooks', () => {
	let sim: TwilioSimulator;
	let clock: Clock;
	let hook: Awaited<ReturnType<typeof receiver>>;
	beforeEach(async () => {
		({ sim, clock } = await start());
		hook = await receiver();
	});
	afterEach(async () => {
		await sim.close();
		await hook.close();
	});

	describe('status callbacks', () => {
		it('posts sent then delivered, form-encoded and signed so twilio.validateRequest accepts them', async () => {
			const url = `${hook.base}/twilio/status?practice=7`;
			const res = await send(sim, { To: PATIENT, From: NUMBER, Body: 'Hi', StatusCallback: url });
			await sim.settled();
			expect(hook.received.map((r) => r.params.MessageStatus)).toEqual(['sent', 'delivered']);
			for (const r of hook.received) {
				expect(r.url).toBe('/twilio/status?practice=7');
				expect(r.headers['content-type']).toBe('application/x-www-form-urlencoded');
				expect(r.headers['user-agent']).toBe('TwilioProxy/1.1');
				expect(r.headers['i-twilio-idempotency-token']).toEqual(expect.any(String));
				expect(r.params).toMatchObject({
					MessageSid: res.body.sid,
					SmsSid: res.body.sid,
					SmsStatus: r.params.MessageStatus,
					To: PATIENT,
					From: NUMBER,
					AccountSid: ACCOUNT,
					ApiVersion: '2010-04-01',
				});
				expect(r.params).not.toHaveProperty('ErrorCode');
				expect(validateRequest(TOKEN, r.headers['x-twilio-signature'] as string, url, r.params)).toBe(true);
				// The signature covers the URL and every parameter.
				expect(
					validateRequest(TOKEN, r.headers['x-twilio-signature'] as string, `${hook.base}/twilio/status`, r.params),
				).toBe(false);
				expect(
					validateRequest(TOKEN, r.headers['x-twilio-signature'] as string, url, {
						...r.params,
						MessageStatus: 'failed',
					}),
				).toBe(false);
				expect(validateRequest('another-token', r.headers['x-twilio-signature'] as string, url, r.params)).toBe(false);
			}
			expect(sim.webhooks.map((w) => [w.kind, w.status, w.error])).toEqual([
				['status-callback', 200, null],
				['status-callback', 200, null],
			]);
		});

		it('signs with the Auth Token even when the message was created with an API key', async () => {
			const url = `${hook.base}/status`;
			await send(sim, { To: PATIENT, From: NUMBER, Body: 'Hi', StatusCallback: url }, basic(KEY.sid, KEY.secret));
			await sim.settled();
			expect(hook.received).toHaveLength(2);
			expect(
				validateRequest(TOKEN, hook.received[0].headers['x-twilio-signature'] as string, url, hook.received[0].params),
			).toBe(true);
		});

		it('adds queued and MessagingServiceSid for a Messaging Service message', async () => {
			await send(sim, { To: PATIENT, MessagingServiceSid: SERVICE, Body: 'Hi', StatusCallback: `${hook.base}/s` });
			await sim.settled();
			expect(hook.received.map((r) => [r.params.MessageStatus, r.params.From, r.params.MessagingServiceSid])).toEqual([
				['queued', NUMBER, SERVICE],
				['sent', NUMBER, SERVICE],
				['delivered', NUMBER, SERVICE],
			]);
		});

		it('sends nothing without a StatusCallback', async () => {
			await send(sim, { To: PATIENT, From: NUMBER, Body: 'Hi' });
			await sim.settled();
			expect(sim.outbox[0].status).toBe('delivered');
			expect(sim.webhooks).toHaveLength(0);
		});

		it('never calls a non-loopback StatusCallback, but still delivers the message and records the refusal', async () => {
			const res = await send(sim, {
				To: PATIENT,
				From: NUMBER,
				Body: 'Hi',
				StatusCallback: 'https://hooks.example.com/status',
			});
			expect(res.status).toBe(201);
			await sim.settled();
			expect(sim.outbox[0].status).toBe('delivered');
			expect(sim.webhooks.map((w) => [w.url, w.status, w.error])).toEqual([
				['https://hooks.example.com/status', null, 'refused: not a loopback URL'],
				['https://hooks.example.com/status', null, 'refused: not a loopback URL'],
			]);
		});

		it('keeps going when the receiver fails or is gone', async () => {
			await hook.close();
			const dead = hook.base;
			hook = await receiver({ status: 500, body: 'boom', type: 'text/plain' });
			await send(sim, { To: PATIENT, From: NUMBER, Body: 'a', StatusCallback: `${dead}/gone` });
			await send(sim, { To: PATIENT, From: NUMBER, Body: 'b', StatusCallback: `${hook.base}/fails` });
			await sim.settled();
			expect(sim.outbox.map((m) => m.status)).toEqual(['delivered', 'delivered']);
			const gone = sim.webhooks.filter((w) => w.url.endsWith('/gone'));
			expect(gone).toHaveLength(2);
			expect(gone.every((w) => w.status === null && /ECONNREFUSED|connect/i.test(w.error ?? ''))).toBe(true);
			expect(sim.webhooks.filter((w) => w.url.endsWith('/fails')).map((w) => w.status)).toEqual([500, 500]);
		});
	});

	describe('inbound()', () => {
		const url = () => `${hook.base}/webhook/reply?x=1`;

		it('posts a Twilio-shaped inbound SMS whose signature validates', async () => {
			const answers = await sim.inbound({ webhookUrl: url(), from: PATIENT, body: 'Can I come Tuesday? 😀' });
			expect(answers).toEqual([{ status: 200, body: '<Response/>', contentType: 'text/xml' }]);
			expect(hook.received).toHaveLength(1);
			const { params, headers } = hook.received[0];
			expect(params).toEqual({
				AccountSid: ACCOUNT,
				ApiVersion: '2010-04-01',
				Body: 'Can I come Tuesday? 😀',
				From: PATIENT,
				MessageSid: expect.stringMatching(/^SM[0-9a-f]{32}$/),
				MessagingServiceSid: SERVICE,
				NumMedia: '0',
				NumSegments: '1',
				SmsMessageSid: params.MessageSid,
				SmsSid: params.MessageSid,
				SmsStatus: 'received',
				To: NUMBER,
			});
			expect(headers['user-agent']).toBe('TwilioProxy/1.1');
			expect(headers['i-twilio-idempotency-token']).toEqual(expect.any(String));
			expect(validateRequest(TOKEN, headers['x-twilio-signature'] as string, url(), params)).toBe(true);
			expect(sim.inbox).toHaveLength(1);
			expect(sim.inbox[0]).toMatchObject({
				sid: params.MessageSid,
				direction: 'inbound',
				status: 'received',
				from: PATIENT,
				to: NUMBER,
				dateCreated: clock.current.toUTC().toISO(),
			});
		});

		it('sends to the given To and counts segments', async () => {
			await sim.inbound({ webhookUrl: url(), from: PATIENT, to: '+15125550111', body: 'x'.repeat(161) });
			expect(hook.received[0].params).toMatchObject({ To: '+15125550111', NumSegments: '2' });
		});

		it('forges a signature that looks real but does not validate', async () => {
			await sim.inbound({ webhookUrl: url(), from: PATIENT, body: 'Hi', forgeSignature: true });
			const { params, headers } = hook.received[0];
			expect(headers['x-twilio-signature']).toMatch(/^[A-Za-z0-9+/]{27}=$/);
			expect(validateRequest(TOKEN, headers['x-twilio-signature'] as string, url(), params)).toBe(false);
		});

		it('omits the signature header when asked', async () => {
			await sim.inbound({ webhookUrl: url(), from: PATIENT, body: 'Hi', omitSignature: true });
			expect(hook.received[0].headers).not.toHaveProperty('x-twilio-signature');
		});

		it('repeats a delivery byte for byte: same idempotency token, MessageSid and signature', async () => {
			const answers = await sim.inbound({ webhookUrl: url(), from: PATIENT, body: 'YES', repeatDelivery: true });
			expect(answers).toHaveLength(2);
			const [a, b] = hook.received;
			expect(b.raw).toBe(a.raw);
			expect(b.headers['i-twilio-idempotency-token']).toBe(a.headers['i-twilio-idempotency-token']);
			expect(b.headers['x-twilio-signature']).toBe(a.headers['x-twilio-signature']);
			expect(b.params.MessageSid).toBe(a.params.MessageSid);
			// The message was received once, whatever the deliveries.
			expect(sim.inbox).toHaveLength(1);
		});

		it('gives each new inbound message its own token and MessageSid', async () => {
			await sim.inbound({ webhookUrl: url(), from: PATIENT, body: 'one' });
			await sim.inbound({ webhookUrl: url(), from: PATIENT, body: 'two' });
			const [a, b] = hook.received;
			expect(b.headers['i-twilio-idempotency-token']).not.toBe(a.headers['i-twilio-idempotency-token']);
			expect(b.params.MessageSid).not.toBe(a.params.MessageSid);
		});

		it("returns the receiver's status, body and content type", async () => {
			await hook.close();
			hook = await receiver({ status: 403, body: 'Invalid signature', type: 'text/plain; charset=utf-8' });
			const answers = await sim.inbound({
				webhookUrl: `${hook.base}/x`,
				from: PATIENT,
				body: 'Hi',
				forgeSignature: true,
			});
			expect(answers).toEqual([{ status: 403, body: 'Invalid signature', contentType: 'text/plain; charset=utf-8' }]);
		});

		it.each(['https://example.com/hook', 'http://10.0.0.5/hook', 'http://127.0.0.1.example.com/hook', 'not a url'])(
			'refuses to deliver to %s',
			async (webhookUrl) => {
				await expect(sim.inbound({ webhookUrl, from: PATIENT, body: 'Hi' })).rejects.toThrow(/Refusing/);
				expect(sim.webhooks).toHaveLength(0);
				expect(sim.inbox).toHaveLength(0);
			},
		);

		it('refuses a From that is not E.164', async () => {
			await expect(sim.inbound({ webhookUrl: url(), from: '5125550123', body: 'Hi' })).rejects.toThrow(/E\.164/);
		});

		it('triggers from outside the process through POST /sandbox/inbound', async () => {
			const res = await fetch(`${sim.url}/sandbox/inbound`, {
				method: 'POST',
				body: JSON.stringify({ webhookUrl: url(), from: PATIENT, body: 'STOP' }),
			});
			expect(res.status).toBe(200);
			expect(await res.json()).toEqual({ deliveries: [{ status: 200, body: '<Response/>', contentType: 'text/xml' }] });
			expect(hook.received[0].params.OptOutType).toBe('STOP');
			expect(sim.isOptedOut(PATIENT)).toBe(true);
		});
	});
});
