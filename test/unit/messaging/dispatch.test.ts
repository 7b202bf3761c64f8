import { DateTime } from 'luxon';
import { policyFrom } from '../../../core/guard';
import { Dispatcher, type DispatchOptions } from '../../../core/messaging/dispatch';
import { sendEmail } from '../../../core/messaging/gmail';
import { ProviderError } from '../../../core/messaging/provider';
import { inboundMessageKey } from '../../../core/reply/deliveries';
import { addressTag, unsubscribeLink } from '../../../core/messaging/unsubscribe';
import { facts } from '../../../core/state/shared-state';
import { ProcessMemory, processState, type DurableKeys } from '../../../core/state/process';
import { findSentSms, refusesNumber, sendSms } from '../../../core/messaging/twilio';
import { startGmailSimulator, type GmailSimulator } from '../../../sandbox/gmail';
import { startTwilioSimulator, type TwilioSimulator } from '../../../sandbox/twilio';
import { touch, type TouchPatch } from '../guard/fixtures';
import { basic, fakePause, fetchHttp } from './http';

const SID = 'AC' + '0'.repeat(32);
const TOKEN = 'sandbox-token';
const SERVICE = 'MG' + '1'.repeat(32);
const SENDER = 'front@brightsmiles.example';
// 10:00 in Chicago.
const NOW = DateTime.fromISO('2026-03-10T15:00:00Z');

describe('Dispatcher: guard, send-once and providers together', () => {
	let twilio: TwilioSimulator;
	let gmail: GmailSimulator;
	let keys: Set<string>;
	let options: DispatchOptions;

	const emailTouch = (patch: TouchPatch = {}) =>
		touch({ channel: 'email', subject: 'Your crown', html: '<p>Hi Maria</p>', sendKey: 'enr-1:day3-email', ...patch });

	beforeEach(async () => {
		// The simulators share the dispatcher's clock, as in the sandbox (and as Twilio shares real time).
		twilio = await startTwilioSimulator({
			accountSid: SID,
			authToken: TOKEN,
			messagingServiceSid: SERVICE,
			phoneNumbers: ['+15125550100'],
			now: () => NOW,
		});
		gmail = await startGmailSimulator({
			clientId: 'c',
			clientSecret: 's',
			refreshToken: 'r',
			accessToken: 'at',
			sender: SENDER,
			now: () => NOW,
		});
		keys = new Set<string>();
		const smsHttp = fetchHttp(basic(SID, TOKEN));
		const account = { accountSid: SID, baseUrl: twilio.url, messagingServiceSid: SERVICE };
		const pause = fakePause();
		options = {
			policy: policyFrom(),
			state: processState(durableSet(keys), 'send', new ProcessMemory()),
			sms: {
				send: (r) => sendSms(smsHttp, account, r, { pause }),
				find: (r) => findSentSms(smsHttp, account, r, { pause }),
			},
			email: {
				send: (r) =>
					sendEmail(
						fetchHttp(() => 'Bearer at'),
						{ baseUrl: gmail.url, from: SENDER },
						r,
						{ pause },
					),
			},
		};
	});
	afterEach(async () => {
		await twilio.close();
		await gmail.close();
	});

	it('sends an SMS that passes the guard and records the claim and the completion', async () => {
		const outcome = await new Dispatcher(options).dispatch(touch(), NOW);
		expect(outcome).toEqual({
			status: 'sent',
			rule: 'passed',
			reason: 'sent',
			at: NOW.toISO(),
			providerId: twilio.outbox[0].sid,
			nextAllowedAt: null,
			optOut: false,
			providerCode: null,
			segments: 1,
		});
		expect([...keys]).toEqual(['chairside.claim:enr-1:day1-sms', 'chairside.done:enr-1:day1-sms']);
	});

	it('sends an email with the Gmail id', async () => {
		const outcome = await new Dispatcher(options).dispatch(emailTouch(), NOW);
		expect(outcome).toMatchObject({ status: 'sent', providerId: gmail.outbox[0].id, segments: null });
	});

	it('a guard deferral sends nothing and records nothing', async () => {
		const outcome = await new Dispatcher(options).dispatch(touch(), DateTime.fromISO('2026-03-10T03:00:00Z'));
		expect(outcome).toMatchObject({
			status: 'deferred',
			rule: 'quiet_hours',
			nextAllowedAt: '2026-03-10T08:00:00.000-05:00',
		});
		expect(twilio.outbox).toHaveLength(0);
		expect(keys.size).toBe(0);
	});

	it('a second run of the same touch: reconciled with Twilio, sent once', async () => {
		await new Dispatcher(options).dispatch(touch(), NOW);
		const again = await new Dispatcher(options).dispatch(touch(), NOW);
		expect(again).toMatchObject({
			status: 'sent',
			rule: 'send_once',
			reason: 'already sent earlier',
			providerId: twilio.outbox[0].sid,
		});
		expect(twilio.outbox).toHaveLength(1);
	});

	it('an interrupted earlier attempt (claim recorded, nothing at Twilio) is looked up, then sent once, and recorded', async () => {
		keys.add('chairside.claim:enr-1:day1-sms');
		const outcome = await new Dispatcher(options).dispatch(touch(), NOW);
		expect(outcome).toMatchObject({ status: 'sent', rule: 'passed', providerId: twilio.outbox[0].sid });
		expect(twilio.outbox).toHaveLength(1);
		expect(twilio.requests.filter((r) => r.method === 'GET')).toHaveLength(1);
		expect(keys.has('chairside.done:enr-1:day1-sms')).toBe(true);
	});

	it('an interrupted text Twilio never saw is not taken over once the number has texted STOP', async () => {
		keys.add('chairside.claim:enr-1:day1-sms');
		keys.add('chairside.claim:opted-out:+13125550134');
		const outcome = await new Dispatcher(options).dispatch(touch(), NOW);
		expect(outcome).toMatchObject({ status: 'blocked', rule: 'opt_out' });
		expect(twilio.outbox).toHaveLength(0);
	});

	it('an interrupted earlier attempt that did reach Twilio is found and reported as sent', async () => {
		await sendSms(
			fetchHttp(basic(SID, TOKEN)),
			{ accountSid: SID, baseUrl: twilio.url, messagingServiceSid: SERVICE },
			{ to: '+13125550134', body: touch().body },
			{ pause: fakePause() },
		);
		keys.add('chairside.claim:enr-1:day1-sms');
		const outcome = await new Dispatcher(options).dispatch(touch(), NOW);
		expect(outcome).toMatchObject({ status: 'sent', rule: 'send_once', providerId: twilio.outbox[0].sid });
		expect(twilio.outbox).toHaveLength(1);
	});

	it('email: a finished earlier send is "already sent", an interrupted one is blocked', async () => {
		await new Dispatcher(options).dispatch(emailTouch(), NOW);
		expect(await new Dispatcher(options).dispatch(emailTouch(), NOW)).toMatchObject({
			status: 'sent',
			rule: 'send_once',
			providerId: gmail.outbox[0].id,
		});
		keys.add('chairside.claim:enr-2:day3-email');
		expect(await new Dispatcher(options).dispatch(emailTouch({ sendKey: 'enr-2:day3-email' }), NOW)).toMatchObject({
			status: 'blocked',
			rule: 'send_once',
		});
		expect(gmail.outbox).toHaveLength(1);
		// Looking the claim up did not leave a done key behind for the interrupted one.
		expect(keys.has('chairside.done:enr-2:day3-email')).toBe(false);
	});

	it('two runs send the same touch at the same instant: one text; the other is told it is in flight or sent', async () => {
		const outcomes = await Promise.all(Array.from({ length: 5 }, () => new Dispatcher(options).dispatch(touch(), NOW)));
		expect(twilio.outbox).toHaveLength(1);
		expect(outcomes.filter((o) => o.rule === 'passed')).toHaveLength(1);
		for (const other of outcomes.filter((o) => o.rule !== 'passed')) {
			expect(other.rule).toBe('send_once');
			expect(['deferred', 'sent']).toContain(other.status);
		}
	});

	it('two runs with different journeys for one patient at the same instant: the day cap lets one through', async () => {
		const outcomes = await Promise.all([
			new Dispatcher(options).dispatch(touch(), NOW),
			new Dispatcher(options).dispatch(emailTouch({ sendKey: 'enr-9:recall-email', journey: 'hygiene-recall' }), NOW),
			new Dispatcher(options).dispatch(touch({ sendKey: 'enr-7:noshow-sms', journey: 'no-show-recovery' }), NOW),
		]);
		expect(outcomes.filter((o) => o.status === 'sent')).toHaveLength(1);
		expect(outcomes.filter((o) => o.status === 'deferred' && o.rule === 'frequency_cap')).toHaveLength(2);
		expect(twilio.outbox.length + gmail.outbox.length).toBe(1);
	});

	it('a send the journal already shows and the state also claimed counts once toward the week cap', async () => {
		const monday = NOW.minus({ days: 1 });
		keys.clear();
		const d = new Dispatcher(options);
		expect((await d.dispatch(touch({ sendKey: 'enr-1:a' }), monday)).status).toBe('sent');
		// The journal (recentSends) has Monday's send too; with 3 a week, Tuesday still gets one.
		const tuesday = await new Dispatcher(options).dispatch(
			touch({ sendKey: 'enr-1:b', recentSends: [monday.toISO() as string] }),
			NOW,
		);
		expect(tuesday.status).toBe('sent');
	});

	it('refuses the same key twice in one run', async () => {
		const d = new Dispatcher(options);
		await d.dispatch(touch(), NOW);
		expect(await d.dispatch(touch(), NOW)).toMatchObject({
			status: 'blocked',
			rule: 'send_once',
			reason: 'the same send-once key came twice in this run; sent at most once',
		});
	});

	it('two journeys due the same tick for one patient: the second is deferred to tomorrow', async () => {
		const d = new Dispatcher(options);
		expect((await d.dispatch(touch(), NOW)).status).toBe('sent');
		const second = await d.dispatch(emailTouch({ sendKey: 'enr-9:recall-email', journey: 'hygiene-recall' }), NOW);
		expect(second).toMatchObject({
			status: 'deferred',
			rule: 'frequency_cap',
			nextAllowedAt: '2026-03-11T08:00:00.000-05:00',
		});
		// Another patient is not affected.
		expect(
			(
				await d.dispatch(
					touch({ sendKey: 'enr-3:day1-sms', contact: { patientId: 'GA0002', mobile: '+13125550135' } }),
					NOW,
				)
			).status,
		).toBe('sent');
	});

	it('no credential for the channel: blocked by "provider"', async () => {
		const outcome = await new Dispatcher({ ...options, email: null }).dispatch(emailTouch(), NOW);
		expect(outcome).toMatchObject({ status: 'blocked', rule: 'provider', reason: 'no Gmail credential on this node' });
		expect((await new Dispatcher({ ...options, sms: null }).dispatch(touch(), NOW)).reason).toBe(
			'no Twilio credential on this node',
		);
	});

	it('21610: blocked, flagged as an opt-out, the claim released', async () => {
		twilio.fault({ code: 21610 });
		const outcome = await new Dispatcher(options).dispatch(touch(), NOW);
		expect(outcome).toMatchObject({
			status: 'blocked',
			rule: 'provider',
			optOut: true,
			providerCode: '21610',
			segments: 1,
		});
		// The message's claim is released; the number's opt-out is kept.
		expect([...keys]).toEqual(['chairside.claim:opted-out:+13125550134', 'chairside.done:opted-out:+13125550134']);
	});

	it.each([21211, 21408] as const)(
		'%i: blocked with the code, the claim released, the number remembered: no journey texts it again',
		async (code) => {
			twilio.fault({ code });
			expect(await new Dispatcher(options).dispatch(touch(), NOW)).toMatchObject({
				status: 'blocked',
				rule: 'provider',
				optOut: false,
				providerCode: String(code),
			});
			expect(keys.has('chairside.claim:enr-1:day1-sms')).toBe(false);
			const requests = twilio.requests.length;
			const later = await new Dispatcher(options).dispatch(
				touch({ sendKey: 'enr-8:recall-sms', journey: 'hygiene-recall' }),
				NOW.plus({ days: 2 }),
			);
			expect(later).toMatchObject({ status: 'blocked', rule: 'provider', providerCode: String(code) });
			expect(twilio.requests.length).toBe(requests);
			// Email to the same patient still goes.
			expect((await new Dispatcher(options).dispatch(emailTouch(), NOW.plus({ days: 3 }))).status).toBe('sent');
		},
	);

	it('21610 at Twilio: no journey texts that number again, whatever a later item says', async () => {
		twilio.fault({ code: 21610 });
		await new Dispatcher(options).dispatch(touch(), NOW);
		const requests = twilio.requests.length;
		// A later item that claims the patient has not opted out cannot loosen it.
		const later = await new Dispatcher(options).dispatch(
			touch({ sendKey: 'enr-8:recall-sms', contact: { optedOut: { sms: false, email: false } } }),
			NOW.plus({ days: 2 }),
		);
		expect(later).toMatchObject({ status: 'blocked', rule: 'opt_out' });
		expect(twilio.requests.length).toBe(requests);
	});

	it('only refusals of the number are remembered against it', () => {
		expect(refusesNumber(new ProviderError('twilio', 'rejected', 400, '21408', 'x'))).toBe(true);
		expect(refusesNumber(new ProviderError('twilio', 'rejected', 400, '30007', 'filtered'))).toBe(false);
		expect(refusesNumber(new ProviderError('twilio', 'opt_out', 400, '21610', 'x'))).toBe(false);
		expect(refusesNumber(new ProviderError('gmail', 'rejected', 400, '21408', 'x'))).toBe(false);
	});

	it('a rate limit that outlasts the retries: deferred by "provider" to an instant the guard allows', async () => {
		twilio.fault({ code: 429, times: 10 });
		const outcome = await new Dispatcher(options).dispatch(touch(), DateTime.fromISO('2026-03-11T00:55:00Z')); // 19:55 in Chicago
		expect(outcome).toMatchObject({
			status: 'deferred',
			rule: 'provider',
			providerCode: '20429',
			nextAllowedAt: '2026-03-11T08:00:00.000-05:00',
		});
		expect(keys.size).toBe(0);
	});

	it('a 5xx that outlasts the retries keeps the intent: blocked, never sent twice', async () => {
		twilio.fault({ code: 503, times: 10 });
		const outcome = await new Dispatcher(options).dispatch(touch(), NOW);
		expect(outcome).toMatchObject({ status: 'blocked', rule: 'provider', providerCode: '20503' });
		expect(outcome.reason).toContain('not sent again automatically');
		expect(keys.has('chairside.claim:enr-1:day1-sms')).toBe(true);
	});

	it('a credential error throws once, then blocks the channel for the rest of the run without calling Twilio', async () => {
		const bad = {
			...options,
			sms: {
				...options.sms!,
				send: (r: Parameters<typeof sendSms>[2]) =>
					sendSms(
						fetchHttp(basic(SID, 'wrong')),
						{ accountSid: SID, baseUrl: twilio.url, messagingServiceSid: SERVICE },
						r,
						{ pause: fakePause() },
					),
			},
		};
		const d = new Dispatcher(bad);
		await expect(d.dispatch(touch(), NOW)).rejects.toBeInstanceOf(ProviderError);
		const requests = twilio.requests.length;
		const next = await d.dispatch(touch({ sendKey: 'enr-2:x', contact: { patientId: 'P2' } }), NOW);
		expect(next).toMatchObject({ status: 'blocked', rule: 'provider', providerCode: '20003' });
		expect(next.reason).toContain('(401)');
		expect(twilio.requests.length).toBe(requests);
		expect(keys.size).toBe(0);
		// Email still goes.
		expect((await d.dispatch(emailTouch({ contact: { patientId: 'P3' } }), NOW)).status).toBe('sent');
	});

	describe('a care reply lifts the window only for a message the state received', () => {
		// 03:00 in Chicago: outside the send window.
		const NIGHT = DateTime.fromISO('2026-03-10T09:00:00Z');
		const reply = (receivedAt: string) =>
			touch({ purpose: 'care_reply', sendKey: 'offer/p-1/SM-in-1', answers: { key: 'SM-in-1', receivedAt } });
		const arrived = (at: DateTime) =>
			options.state.claim({
				key: inboundMessageKey('SM-in-1'),
				kind: 'delivery',
				at: at.toUTC().toISO() as string,
				patientId: null,
			});
		beforeEach(() => {
			options = { ...options, wallClock: () => NIGHT };
		});

		it('an item that names a message nobody received is held to the send window, whatever time it claims', async () => {
			const outcome = await new Dispatcher(options).dispatch(
				reply(NIGHT.minus({ minutes: 2 }).toISO() as string),
				NIGHT,
			);
			expect(outcome).toMatchObject({ status: 'deferred', rule: 'quiet_hours' });
			expect(twilio.outbox).toHaveLength(0);
		});

		it('the patient wrote 5 minutes ago (as the Reply Trigger recorded it): the answer goes out at night', async () => {
			await arrived(NIGHT.minus({ minutes: 5 }));
			const outcome = await new Dispatcher(options).dispatch(
				reply(NIGHT.minus({ minutes: 5 }).toISO() as string),
				NIGHT,
			);
			expect(outcome).toMatchObject({ status: 'sent' });
			expect(twilio.outbox).toHaveLength(1);
		});

		it('a replay at another "now" judges the real wait since the recorded arrival', async () => {
			// Recorded 5 real minutes ago; the decision replays a night three weeks earlier.
			await arrived(NIGHT.minus({ minutes: 5 }));
			const replay = NIGHT.minus({ weeks: 3 });
			expect(await new Dispatcher(options).dispatch(reply(replay.toISO() as string), replay)).toMatchObject({
				status: 'sent',
			});
		});

		it('the time the state recorded wins over a fresher time on the item', async () => {
			await arrived(NIGHT.minus({ hours: 3 }));
			const outcome = await new Dispatcher(options).dispatch(
				reply(NIGHT.minus({ minutes: 1 }).toISO() as string),
				NIGHT,
			);
			expect(outcome).toMatchObject({ status: 'deferred', rule: 'quiet_hours' });
			expect(twilio.outbox).toHaveLength(0);
		});
	});

	it('an address unsubscribed by its link gets no email, whatever the item says; other patients still do', async () => {
		const secret = 's'.repeat(40);
		const webhookUrl = 'http://127.0.0.1:5678/webhook/chairside-unsubscribe';
		const d = new Dispatcher({ ...options, unsubscribe: { secret, webhookUrl } });
		expect(await d.dispatch(emailTouch(), NOW)).toMatchObject({ status: 'sent' });
		const link = unsubscribeLink(secret, webhookUrl, 'GA0001', emailTouch().contact.email as string);
		expect(gmail.outbox[0].headers['list-unsubscribe']).toBe(`<${link}>`);
		expect(gmail.outbox[0].headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');

		await options.state.claim({
			key: facts.unsubscribedEmail(addressTag(emailTouch().contact.email as string)),
			kind: 'fact',
			at: NOW.toISO(),
			patientId: 'GA0001',
		});
		const again = await d.dispatch(
			emailTouch({ sendKey: 'enr-1:day10-email', contact: { optedOut: { sms: false, email: false } } }),
			NOW.plus({ days: 3 }),
		);
		expect(again).toMatchObject({ status: 'blocked', rule: 'opt_out' });
		expect(gmail.outbox).toHaveLength(1);
	});

	it('outcomes carry ids and rule words, never the message or the number', async () => {
		twilio.fault({ code: 21211 });
		const outcome = await new Dispatcher(options).dispatch(touch(), NOW);
		const text = JSON.stringify(outcome);
		expect(text).not.toContain('5550134');
		expect(text).not.toContain('saved a spot');
	});

	describe('check (the go-live dry run)', () => {
		it('says a message would go out, and claims, sends and records nothing', async () => {
			const outcome = await new Dispatcher(options).check(touch(), NOW);
			expect(outcome).toMatchObject({ status: 'sent', rule: 'passed', reason: 'would be sent', providerId: null });
			expect(keys.size).toBe(0);
			expect(twilio.outbox).toHaveLength(0);
			expect(gmail.outbox).toHaveLength(0);
			// Checked twice, it would still go: nothing was claimed.
			expect(await new Dispatcher(options).check(touch(), NOW)).toMatchObject({ rule: 'passed' });
		});

		it("reads the state's facts: a number that texted STOP is blocked", async () => {
			keys.add('chairside.claim:opted-out:+13125550134');
			expect(await new Dispatcher(options).check(touch(), NOW)).toMatchObject({ status: 'blocked', rule: 'opt_out' });
		});

		it('counts the sends it already let through toward the daily cap, and the send window at the planned time', async () => {
			const d = new Dispatcher(options);
			expect(await d.check(touch(), NOW, [NOW.minus({ hours: 1 }).toISO() as string])).toMatchObject({
				status: 'deferred',
				rule: 'frequency_cap',
			});
			expect(await d.check(touch({ sendKey: 'enr-1:late' }), DateTime.fromISO('2026-03-10T03:00:00Z'))).toMatchObject({
				status: 'deferred',
				rule: 'quiet_hours',
			});
		});

		it('a channel without its credential is reported, not sent', async () => {
			expect(await new Dispatcher({ ...options, email: null }).check(emailTouch(), NOW)).toMatchObject({
				status: 'blocked',
				rule: 'provider',
				reason: 'no Gmail credential on this node',
			});
		});
	});
});

function durableSet(keys: Set<string>): DurableKeys {
	return {
		id: 'test',
		has: async (key) => keys.has(key),
		add: async (key) => void keys.add(key),
		remove: async (key) => void keys.delete(key),
	};
}
