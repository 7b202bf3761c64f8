import { DateTime } from 'luxon';
import { policyFrom } from '../../../core/guard';
import { Dispatcher, type DispatchOptions } from '../../../core/messaging/dispatch';
import { sendEmail } from '../../../core/messaging/gmail';
import { MemoryLedger } from '../../../core/messaging/ledger';
import { ProviderError } from '../../../core/messaging/provider';
import { findSentSms, sendSms } from '../../../core/messaging/twilio';
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
	let ledger: MemoryLedger;
	let options: DispatchOptions;

	const emailTouch = (patch: TouchPatch = {}) => touch({ channel: 'email', subject: 'Your crown', html: '<p>Hi Maria</p>', sendKey: 'enr-1:day3-email', ...patch });

	beforeEach(async () => {
		// The simulators share the dispatcher's clock, as in the sandbox (and as Twilio shares real time).
		twilio = await startTwilioSimulator({ accountSid: SID, authToken: TOKEN, messagingServiceSid: SERVICE, phoneNumbers: ['+15125550100'], now: () => NOW });
		gmail = await startGmailSimulator({ clientId: 'c', clientSecret: 's', refreshToken: 'r', accessToken: 'at', sender: SENDER, now: () => NOW });
		ledger = new MemoryLedger();
		const smsHttp = fetchHttp(basic(SID, TOKEN));
		const account = { accountSid: SID, baseUrl: twilio.url, messagingServiceSid: SERVICE };
		const pause = fakePause();
		options = {
			policy: policyFrom(),
			ledger,
			sms: {
				send: (r) => sendSms(smsHttp, account, r, { pause }),
				find: (r) => findSentSms(smsHttp, account, r, { pause }),
			},
			email: { send: (r) => sendEmail(fetchHttp(() => 'Bearer at'), { baseUrl: gmail.url, from: SENDER }, r, { pause }) },
		};
	});
	afterEach(async () => {
		await twilio.close();
		await gmail.close();
	});

	it('sends an SMS that passes the guard and records the intent and the completion', async () => {
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
		expect([...ledger.keys]).toEqual(['chairside.send:enr-1:day1-sms', 'chairside.sent:enr-1:day1-sms']);
	});

	it('sends an email with the Gmail id', async () => {
		const outcome = await new Dispatcher(options).dispatch(emailTouch(), NOW);
		expect(outcome).toMatchObject({ status: 'sent', providerId: gmail.outbox[0].id, segments: null });
	});

	it('a guard deferral sends nothing and records nothing', async () => {
		const outcome = await new Dispatcher(options).dispatch(touch(), DateTime.fromISO('2026-03-10T03:00:00Z'));
		expect(outcome).toMatchObject({ status: 'deferred', rule: 'quiet_hours', nextAllowedAt: '2026-03-10T08:00:00.000-05:00' });
		expect(twilio.outbox).toHaveLength(0);
		expect(ledger.keys.size).toBe(0);
	});

	it('a second run of the same touch: reconciled with Twilio, sent once', async () => {
		await new Dispatcher(options).dispatch(touch(), NOW);
		const again = await new Dispatcher(options).dispatch(touch(), NOW);
		expect(again).toMatchObject({ status: 'sent', rule: 'send_once', reason: 'already sent earlier', providerId: twilio.outbox[0].sid });
		expect(twilio.outbox).toHaveLength(1);
	});

	it('an interrupted earlier attempt (intent recorded, nothing at Twilio) is blocked, not re-sent', async () => {
		await ledger.claim('chairside.send:enr-1:day1-sms');
		const outcome = await new Dispatcher(options).dispatch(touch(), NOW);
		expect(outcome).toMatchObject({ status: 'blocked', rule: 'send_once', reason: 'an earlier attempt was interrupted; not re-sent' });
		expect(twilio.outbox).toHaveLength(0);
	});

	it('an interrupted earlier attempt that did reach Twilio is found and reported as sent', async () => {
		await sendSms(fetchHttp(basic(SID, TOKEN)), { accountSid: SID, baseUrl: twilio.url, messagingServiceSid: SERVICE }, { to: '+13125550134', body: touch().body }, { pause: fakePause() });
		await ledger.claim('chairside.send:enr-1:day1-sms');
		const outcome = await new Dispatcher(options).dispatch(touch(), NOW);
		expect(outcome).toMatchObject({ status: 'sent', rule: 'send_once', providerId: twilio.outbox[0].sid });
		expect(twilio.outbox).toHaveLength(1);
	});

	it('email: a finished earlier send is "already sent", an interrupted one is blocked', async () => {
		await new Dispatcher(options).dispatch(emailTouch(), NOW);
		expect(await new Dispatcher(options).dispatch(emailTouch(), NOW)).toMatchObject({ status: 'sent', rule: 'send_once', providerId: null });
		await ledger.claim('chairside.send:enr-2:day3-email');
		expect(await new Dispatcher(options).dispatch(emailTouch({ sendKey: 'enr-2:day3-email' }), NOW)).toMatchObject({ status: 'blocked', rule: 'send_once' });
		expect(gmail.outbox).toHaveLength(1);
		// has() did not leave a done key behind for the interrupted one.
		expect(ledger.keys.has('chairside.sent:enr-2:day3-email')).toBe(false);
	});

	it('refuses the same key twice in one run', async () => {
		const d = new Dispatcher(options);
		await d.dispatch(touch(), NOW);
		expect(await d.dispatch(touch(), NOW)).toMatchObject({ status: 'blocked', rule: 'send_once', reason: 'the same send-once key came twice in this run; sent at most once' });
	});

	it('two journeys due the same tick for one patient: the second is deferred to tomorrow', async () => {
		const d = new Dispatcher(options);
		expect((await d.dispatch(touch(), NOW)).status).toBe('sent');
		const second = await d.dispatch(emailTouch({ sendKey: 'enr-9:recall-email', journey: 'hygiene-recall' }), NOW);
		expect(second).toMatchObject({ status: 'deferred', rule: 'frequency_cap', nextAllowedAt: '2026-03-11T08:00:00.000-05:00' });
		// Another patient is not affected.
		expect((await d.dispatch(touch({ sendKey: 'enr-3:day1-sms', contact: { patientId: 'GA0002', mobile: '+13125550135' } }), NOW)).status).toBe('sent');
	});

	it('no credential for the channel: blocked by "provider"', async () => {
		const outcome = await new Dispatcher({ ...options, email: null }).dispatch(emailTouch(), NOW);
		expect(outcome).toMatchObject({ status: 'blocked', rule: 'provider', reason: 'no Gmail credential on this node' });
		expect((await new Dispatcher({ ...options, sms: null }).dispatch(touch(), NOW)).reason).toBe('no Twilio credential on this node');
	});

	it('21610: blocked, flagged as an opt-out, the intent released', async () => {
		twilio.fault({ code: 21610 });
		const outcome = await new Dispatcher(options).dispatch(touch(), NOW);
		expect(outcome).toMatchObject({ status: 'blocked', rule: 'provider', optOut: true, providerCode: '21610', segments: 1 });
		expect(ledger.keys.size).toBe(0);
	});

	it('21211: blocked with the code, the intent released', async () => {
		twilio.fault({ code: 21211 });
		expect(await new Dispatcher(options).dispatch(touch(), NOW)).toMatchObject({ status: 'blocked', rule: 'provider', optOut: false, providerCode: '21211' });
		expect(ledger.keys.size).toBe(0);
	});

	it('a rate limit that outlasts the retries: deferred by "provider" to an instant the guard allows', async () => {
		twilio.fault({ code: 429, times: 10 });
		const outcome = await new Dispatcher(options).dispatch(touch(), DateTime.fromISO('2026-03-11T00:55:00Z')); // 19:55 in Chicago
		expect(outcome).toMatchObject({ status: 'deferred', rule: 'provider', providerCode: '20429', nextAllowedAt: '2026-03-11T08:00:00.000-05:00' });
		expect(ledger.keys.size).toBe(0);
	});

	it('a 5xx that outlasts the retries keeps the intent: blocked, never sent twice', async () => {
		twilio.fault({ code: 503, times: 10 });
		const outcome = await new Dispatcher(options).dispatch(touch(), NOW);
		expect(outcome).toMatchObject({ status: 'blocked', rule: 'provider', providerCode: '20503' });
		expect(outcome.reason).toContain('not sent again automatically');
		expect(ledger.keys.has('chairside.send:enr-1:day1-sms')).toBe(true);
	});

	it('a credential error throws once, then blocks the channel for the rest of the run without calling Twilio', async () => {
		const bad = { ...options, sms: { ...options.sms!, send: (r: Parameters<typeof sendSms>[2]) => sendSms(fetchHttp(basic(SID, 'wrong')), { accountSid: SID, baseUrl: twilio.url, messagingServiceSid: SERVICE }, r, { pause: fakePause() }) } };
		const d = new Dispatcher(bad);
		await expect(d.dispatch(touch(), NOW)).rejects.toBeInstanceOf(ProviderError);
		const requests = twilio.requests.length;
		const next = await d.dispatch(touch({ sendKey: 'enr-2:x', contact: { patientId: 'P2' } }), NOW);
		expect(next).toMatchObject({ status: 'blocked', rule: 'provider', providerCode: '20003' });
		expect(next.reason).toContain('(401)');
		expect(twilio.requests.length).toBe(requests);
		expect(ledger.keys.size).toBe(0);
		// Email still goes.
		expect((await d.dispatch(emailTouch({ contact: { patientId: 'P3' } }), NOW)).status).toBe('sent');
	});

	it('outcomes carry ids and rule words, never the message or the number', async () => {
		twilio.fault({ code: 21211 });
		const outcome = await new Dispatcher(options).dispatch(touch(), NOW);
		const text = JSON.stringify(outcome);
		expect(text).not.toContain('5550134');
		expect(text).not.toContain('saved a spot');
	});
});
