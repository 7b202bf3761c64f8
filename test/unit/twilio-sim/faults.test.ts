import type { TwilioSimulator } from '../../../sandbox/twilio';
import { call, MESSAGES, NUMBER, PATIENT, receiver, type Row, send, SERVICE, start } from './helpers';

const OTHER = '+15125550177';
const msg = (to = PATIENT) => ({ To: to, From: NUMBER, Body: 'Your crown visit is ready to book.' });

describe('Twilio simulator: faults and opt-outs', () => {
	let sim: TwilioSimulator;
	beforeEach(async () => {
		({ sim } = await start());
	});
	afterEach(() => sim.close());

	it('fails the next create with 21610, creating nothing, then sends normally', async () => {
		sim.fault({ code: 21610 });
		const res = await send(sim, msg());
		expect(res.status).toBe(400);
		expect(res.body).toEqual({
			code: 21610,
			message: 'Attempt to send to unsubscribed recipient',
			more_info: 'https://www.twilio.com/docs/errors/21610',
			status: 400,
		});
		expect(sim.outbox).toHaveLength(0);
		expect((await send(sim, msg())).status).toBe(201);
	});

	it('fails with 21211 naming the number', async () => {
		sim.fault({ code: 21211 });
		const res = await send(sim, msg());
		expect(res.status).toBe(400);
		expect(res.body).toMatchObject({ code: 21211, message: `The 'To' number ${PATIENT} is not a valid phone number.` });
	});

	it('answers HTTP 429 with code 20429, as many times as asked', async () => {
		sim.fault({ code: 429, times: 2 });
		for (let i = 0; i < 2; i++) {
			const res = await send(sim, msg());
			expect(res.status).toBe(429);
			expect(res.body).toEqual({
				code: 20429,
				message: 'Too Many Requests',
				more_info: 'https://www.twilio.com/docs/errors/20429',
				status: 429,
			});
		}
		expect((await send(sim, msg())).status).toBe(201);
		expect(sim.outbox).toHaveLength(1);
	});

	it.each([
		[500, 20500],
		[503, 20503],
	] as const)('answers %s (code %s) and creates nothing', async (status, code) => {
		sim.fault({ code: status });
		const res = await send(sim, msg());
		expect(res.status).toBe(status);
		expect(res.body).toMatchObject({ code, status });
		expect(sim.outbox).toHaveLength(0);
	});

	it('can answer 500 for a message that was in fact sent, so a blind retry sends it twice', async () => {
		sim.fault({ code: 500, committed: true });
		const res = await send(sim, msg());
		expect(res.status).toBe(500);
		await sim.settled();
		expect(sim.outbox).toHaveLength(1);
		expect(sim.outbox[0].status).toBe('delivered');
		// A client that looks before re-sending finds it.
		const list = await call(sim, `${MESSAGES}?To=${encodeURIComponent(PATIENT)}`);
		expect((list.body.messages as Row[]).map((m) => m.sid)).toEqual([sim.outbox[0].sid]);
	});

	it('accepts a 30003 create, then marks it undelivered with the error and says so in the callback', async () => {
		const hook = await receiver();
		try {
			sim.fault({ code: 30003 });
			const res = await send(sim, { ...msg(), StatusCallback: `${hook.base}/status` });
			expect(res.status).toBe(201);
			expect(res.body).toMatchObject({ status: 'queued', error_code: null });
			await sim.settled();
			const fetched = await call(sim, `${MESSAGES.replace('.json', '')}/${res.body.sid}.json`);
			expect(fetched.body).toMatchObject({
				status: 'undelivered',
				error_code: 30003,
				error_message: 'Unreachable destination handset',
			});
			expect(hook.received.map((r) => [r.params.MessageStatus, r.params.ErrorCode])).toEqual([
				['sent', undefined],
				['undelivered', '30003'],
			]);
		} finally {
			await hook.close();
		}
	});

	it('applies a fault only to creates to the number it names', async () => {
		sim.fault({ code: 21610, to: OTHER });
		expect((await send(sim, msg(PATIENT))).status).toBe(201);
		expect((await send(sim, msg(OTHER))).status).toBe(400);
		expect((await send(sim, msg(OTHER))).status).toBe(201);
	});

	it('keeps a fault for the next valid create when a create fails validation first', async () => {
		sim.fault({ code: 429 });
		expect((await send(sim, { To: PATIENT, From: NUMBER })).body.code).toBe(21602);
		expect((await send(sim, msg())).status).toBe(429);
	});

	it('does not let faults touch reads', async () => {
		sim.fault({ code: 503 });
		expect((await call(sim, MESSAGES)).status).toBe(200);
		expect((await send(sim, msg())).status).toBe(503);
	});

	describe('Advanced Opt-Out', () => {
		let hook: Awaited<ReturnType<typeof receiver>>;
		beforeEach(async () => {
			hook = await receiver();
		});
		afterEach(() => hook.close());

		it('refuses sends with 21610 after an inbound STOP and allows them again after START', async () => {
			await sim.inbound({ webhookUrl: `${hook.base}/sms`, from: PATIENT, body: '  stop ' });
			expect(sim.isOptedOut(PATIENT)).toBe(true);
			expect(sim.optOuts()).toEqual([PATIENT]);
			const refused = await send(sim, msg());
			expect(refused.status).toBe(400);
			expect(refused.body.code).toBe(21610);
			const viaService = await send(sim, { To: PATIENT, MessagingServiceSid: SERVICE, Body: 'x' });
			expect(viaService.body.code).toBe(21610);
			// Other patients are not affected.
			expect((await send(sim, msg(OTHER))).status).toBe(201);

			await sim.inbound({ webhookUrl: `${hook.base}/sms`, from: PATIENT, body: 'START' });
			expect(sim.isOptedOut(PATIENT)).toBe(false);
			expect((await send(sim, msg())).status).toBe(201);
		});

		it.each(['STOP', 'stopall', 'Unsubscribe', 'CANCEL', 'end', 'QUIT', 'revoke', 'OPTOUT'])(
			'treats "%s" as an opt-out',
			async (word) => {
				await sim.inbound({ webhookUrl: `${hook.base}/sms`, from: PATIENT, body: word });
				expect(sim.isOptedOut(PATIENT)).toBe(true);
				expect(hook.received[0].params.OptOutType).toBe('STOP');
			},
		);

		it.each(['YES', 'unstop', 'Start'])('treats "%s" as an opt-in', async (word) => {
			await sim.inbound({ webhookUrl: `${hook.base}/sms`, from: PATIENT, body: 'STOP' });
			await sim.inbound({ webhookUrl: `${hook.base}/sms`, from: PATIENT, body: word });
			expect(sim.isOptedOut(PATIENT)).toBe(false);
			expect(hook.received[1].params.OptOutType).toBe('START');
		});

		it.each(['Please stop texting me', 'stop.', 'STOP STOP', 'opt out', "don't stop"])(
			'does not treat "%s" as the keyword (whole message only)',
			async (body) => {
				await sim.inbound({ webhookUrl: `${hook.base}/sms`, from: PATIENT, body });
				expect(sim.isOptedOut(PATIENT)).toBe(false);
				expect(hook.received[0].params).not.toHaveProperty('OptOutType');
				expect(sim.outbox).toHaveLength(0);
			},
		);

		it('answers STOP, START and HELP itself with outbound-reply messages, and HELP changes nothing', async () => {
			await sim.inbound({ webhookUrl: `${hook.base}/sms`, from: PATIENT, body: 'HELP' });
			expect(sim.isOptedOut(PATIENT)).toBe(false);
			expect(hook.received[0].params.OptOutType).toBe('HELP');
			await sim.inbound({ webhookUrl: `${hook.base}/sms`, from: PATIENT, body: 'INFO' });
			await sim.inbound({ webhookUrl: `${hook.base}/sms`, from: PATIENT, body: 'STOP' });
			await sim.inbound({ webhookUrl: `${hook.base}/sms`, from: PATIENT, body: 'START' });
			expect(sim.outbox.map((m) => [m.direction, m.to, m.from, m.body.slice(0, 30)])).toEqual([
				['outbound-reply', PATIENT, NUMBER, 'Reply STOP to unsubscribe. Msg'],
				['outbound-reply', PATIENT, NUMBER, 'Reply STOP to unsubscribe. Msg'],
				['outbound-reply', PATIENT, NUMBER, 'You have successfully been uns'],
				['outbound-reply', PATIENT, NUMBER, 'You have successfully been re-'],
			]);
			expect(sim.inbox.map((m) => m.body)).toEqual(['HELP', 'INFO', 'STOP', 'START']);
			// The list endpoint shows the conversation, each reply after the message it answers.
			const list = await call(sim, MESSAGES);
			expect((list.body.messages as Row[]).slice(0, 2).map((m) => [m.direction, m.body])).toEqual([
				['outbound-reply', expect.stringMatching(/re-subscribed/)],
				['inbound', 'START'],
			]);
		});
	});
});
