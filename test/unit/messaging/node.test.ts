/**
 * The Patient Message node with a stand-in for n8n's execute context: parameters, credentials,
 * the authenticated request helper (over fetch, to the simulators) and the de-duplication store.
 * The real-n8n end-to-end test covers the same paths inside n8n.
 */
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type INode,
	type INodeExecutionData,
} from 'n8n-workflow';
import { DateTime } from 'luxon';
import { PatientMessage } from '../../../nodes/PatientMessage/PatientMessage.node';
import { startGmailSimulator, type GmailSimulator } from '../../../sandbox/gmail';
import { startTwilioSimulator, type TwilioSimulator } from '../../../sandbox/twilio';
import { touch } from '../guard/fixtures';
import type { PracticeProfileFields } from '../../../core/practice/profile';
import { withProfile } from '../practice/profile-fields';

const SID = 'AC' + '0'.repeat(32);
const TOKEN = 'sandbox-token';
const SERVICE = 'MG' + '1'.repeat(32);
const SENDER = 'front@brightsmiles.example';
const TEN_AM_CHICAGO = '2026-03-10T15:00:00.000Z';

interface Setup {
	items: IDataObject[];
	params?: Record<string, unknown>;
	credentials?: Array<'twilioSmsApi' | 'chairsideGmailOAuth2Api'>;
	continueOnFail?: boolean;
	store?: Set<string>;
	twilioToken?: string;
	/** n8n holds no Gmail access token at all (a credential never connected). */
	gmailUnsigned?: boolean;
	/** Fields of the Chairside Practice Profile over the test practice's. */
	profile?: Partial<PracticeProfileFields>;
}

describe('Patient Message node', () => {
	let twilio: TwilioSimulator;
	let gmail: GmailSimulator;

	beforeEach(async () => {
		twilio = await startTwilioSimulator({
			accountSid: SID,
			authToken: TOKEN,
			messagingServiceSid: SERVICE,
			phoneNumbers: ['+15125550100'],
			now: () => DateTime.fromISO(TEN_AM_CHICAGO),
		});
		gmail = await startGmailSimulator({
			clientId: 'c',
			clientSecret: 's',
			refreshToken: 'r',
			accessToken: 'at',
			sender: SENDER,
			now: () => DateTime.fromISO(TEN_AM_CHICAGO),
		});
	});
	afterEach(async () => {
		await twilio.close();
		await gmail.close();
	});

	function context(setup: Setup): IExecuteFunctions {
		const store = setup.store ?? new Set<string>();
		const creds = setup.credentials ?? ['twilioSmsApi', 'chairsideGmailOAuth2Api'];
		const node: INode = {
			id: 'n1',
			name: 'Patient Message',
			type: 'n8n-nodes-chairside.patientMessage',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
			credentials: Object.fromEntries(creds.map((c) => [c, { id: c, name: c }])),
		};
		const credentialData: Record<string, IDataObject> = {
			twilioSmsApi: {
				accountSid: SID,
				authType: 'authToken',
				authToken: setup.twilioToken ?? TOKEN,
				sender: 'messagingService',
				messagingServiceSid: SERVICE,
				baseUrl: twilio.url,
			},
			chairsideGmailOAuth2Api: { sender: `Bright Smiles <${SENDER}>`, baseUrl: gmail.url },
		};
		const params: Record<string, unknown> = {
			messageFrom: 'cadence',
			options: { now: TEN_AM_CHICAGO },
			...setup.params,
		};
		const request = async (credential: string, o: IHttpRequestOptions) => {
			// What n8n's OAuth2 client throws before any request when it has no token to sign with.
			if (setup.gmailUnsigned && credential === 'chairsideGmailOAuth2Api')
				throw new Error('Unable to sign without access token');
			const url = new URL(o.url);
			for (const [k, v] of Object.entries(o.qs ?? {})) url.searchParams.set(k, String(v));
			const headers: Record<string, string> = { ...(o.headers as Record<string, string>) };
			headers.authorization =
				credential === 'twilioSmsApi'
					? `Basic ${Buffer.from(`${SID}:${credentialData.twilioSmsApi.authToken}`).toString('base64')}`
					: 'Bearer at';
			let body: string | undefined;
			if (typeof o.body === 'string') body = o.body;
			else if (o.body !== undefined) {
				headers['content-type'] = 'application/json';
				body = JSON.stringify(o.body);
			}
			const response = await fetch(url, { method: o.method, headers, body });
			const text = await response.text();
			let data: unknown = text;
			try {
				data = JSON.parse(text);
			} catch {
				// plain text
			}
			// n8n throws a NodeApiError for error statuses unless told to ignore them.
			if (response.status >= 400 && !o.ignoreHttpStatusErrors)
				throw new NodeApiError(
					node,
					{ message: 'failed', httpCode: String(response.status), response: { data } } as never,
					{ httpCode: String(response.status) },
				);
			return { statusCode: response.status, body: data, headers: Object.fromEntries(response.headers) };
		};
		return {
			getInputData: () => setup.items.map((json) => ({ json })),
			getNodeParameter: (name: string, _i: number, fallback?: unknown) => {
				const value = name
					.split('.')
					.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], params);
				return value === undefined ? fallback : value;
			},
			getNode: () => node,
			// One store, one n8n: a test that reuses the store reruns on the same instance.
			getInstanceId: () => instanceOf(store),
			getWorkflow: () => ({ id: 'wf' }),
			getTimezone: () => 'America/New_York',
			continueOnFail: () => setup.continueOnFail ?? false,
			getCredentials: withProfile(setup.profile, (name) => credentialData[name]),
			helpers: {
				httpRequestWithAuthentication: request,
				checkProcessedAndRecord: async (keys: string[]) => {
					const fresh = keys.filter((k) => !store.has(k));
					fresh.forEach((k) => store.add(k));
					return { new: fresh, processed: keys.filter((k) => !fresh.includes(k)) };
				},
				removeProcessed: async (keys: string[]) => void keys.forEach((k) => store.delete(k)),
			},
		} as unknown as IExecuteFunctions;
	}

	const run = (setup: Setup) => new PatientMessage().execute.call(context(setup));
	const outcomes = (out: INodeExecutionData[]) => out.map((o) => o.json.outcome as IDataObject);

	it('routes to Sent, Deferred and Blocked, keeping the input and pairing each item', async () => {
		const items = [
			touch() as unknown as IDataObject,
			touch({ sendKey: 'late', contact: { patientId: 'P2', timezone: 'Asia/Kathmandu' } }) as unknown as IDataObject,
			touch({ sendKey: 'phi', body: 'About tooth #14', contact: { patientId: 'P3' } }) as unknown as IDataObject,
		];
		const [sent, deferred, blocked] = await run({ items });
		expect(sent.map((o) => o.pairedItem)).toEqual([{ item: 0 }]);
		expect(deferred.map((o) => o.pairedItem)).toEqual([{ item: 1 }]);
		expect(blocked.map((o) => o.pairedItem)).toEqual([{ item: 2 }]);
		expect(sent[0].json).toMatchObject({
			kind: 'chairside.touch',
			sendKey: 'enr-1:day1-sms',
			outcome: { status: 'sent', rule: 'passed', providerId: twilio.outbox[0].sid },
		});
		expect(outcomes(deferred)[0]).toMatchObject({
			status: 'deferred',
			rule: 'quiet_hours',
			nextAllowedAt: '2026-03-11T08:00:00.000+05:45',
		});
		expect(outcomes(blocked)[0]).toMatchObject({
			status: 'blocked',
			rule: 'phi',
			reason: 'message contains a tooth number; patient messages use layman words only',
		});
		expect(twilio.outbox).toHaveLength(1);
	});

	it('a rerun of the same items sends nothing twice (durable send-once store)', async () => {
		const store = new Set<string>();
		await run({ items: [touch() as unknown as IDataObject], store });
		const [sent] = await run({ items: [touch() as unknown as IDataObject], store });
		expect(outcomes(sent)[0]).toMatchObject({
			status: 'sent',
			rule: 'send_once',
			reason: 'already sent earlier',
			providerId: twilio.outbox[0].sid,
		});
		expect(twilio.outbox).toHaveLength(1);
	});

	it('sends email through Gmail', async () => {
		const [sent] = await run({
			items: [touch({ channel: 'email', subject: 'Your crown', html: '<p>Hi</p>' }) as unknown as IDataObject],
		});
		expect(outcomes(sent)[0]).toMatchObject({ status: 'sent', providerId: gmail.outbox[0].id });
		expect(gmail.outbox[0]).toMatchObject({ to: 'maria.garcia@example.com', subject: 'Your crown' });
	});

	it('an item whose channel has no credential: Blocked by "provider"', async () => {
		const [, , blocked] = await run({
			items: [touch() as unknown as IDataObject],
			credentials: ['chairsideGmailOAuth2Api'],
		});
		expect(outcomes(blocked)[0]).toMatchObject({ rule: 'provider', reason: 'no Twilio credential on this node' });
	});

	it('a malformed item fails naming the field and the item', async () => {
		const bad = { ...touch(), contact: { ...touch().contact, smsConsent: 'maybe' } };
		await expect(run({ items: [touch() as unknown as IDataObject, bad as unknown as IDataObject] })).rejects.toThrow(
			/^Item 1: contact\.smsConsent Invalid enum value/,
		);
	});

	it('with Continue on Fail a malformed item goes to Blocked and the rest still send', async () => {
		const [sent, , blocked] = await run({
			items: [{ hello: 'world' }, touch() as unknown as IDataObject],
			continueOnFail: true,
		});
		expect(sent).toHaveLength(1);
		expect(blocked[0].json).toMatchObject({
			hello: 'world',
			error: expect.stringContaining('Item 0: kind'),
			outcome: { status: 'blocked' },
		});
		expect(blocked[0].pairedItem).toEqual({ item: 0 });
	});

	it('a wrong Twilio token fails the node with a clear credential error', async () => {
		const error = await run({ items: [touch() as unknown as IDataObject], twilioToken: 'wrong' }).catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain('Twilio refused the Account SID and token/key (401)');
	});

	it('with Continue on Fail a refused credential goes to Blocked by "provider" and the next item is still tried', async () => {
		const [sent, , blocked] = await run({
			items: [
				touch() as unknown as IDataObject,
				touch({ sendKey: 'second', contact: { patientId: 'P2' } }),
			] as IDataObject[],
			twilioToken: 'wrong',
			continueOnFail: true,
		});
		expect(sent).toHaveLength(0);
		expect(blocked.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(blocked[0].json).toMatchObject({
			kind: 'chairside.touch',
			outcome: { status: 'blocked', rule: 'provider' },
		});
		expect(outcomes(blocked)[0].reason).toContain('Twilio refused the Account SID and token/key (401)');
	});

	it('a Gmail credential Google refuses (n8n could not refresh it) fails the node plainly', async () => {
		gmail.revoke();
		const error = await run({ items: [touch({ channel: 'email', subject: 'Hi' }) as unknown as IDataObject] }).catch(
			(e) => e,
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain('Google refused the Gmail credential (401): reconnect it');
	});

	it('a Gmail credential with no token at all fails the node as a credential error, and nothing is sent', async () => {
		const error = await run({
			items: [touch({ channel: 'email', subject: 'Hi' }) as unknown as IDataObject],
			gmailUnsigned: true,
		}).catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain('Google refused the Gmail credential (401)');
		expect(gmail.outbox).toHaveLength(0);
	});

	it('passes the Status Callback URL to Twilio', async () => {
		await run({
			items: [touch() as unknown as IDataObject],
			params: { options: { now: TEN_AM_CHICAGO, statusCallback: ' http://127.0.0.1:9/status ' } },
		});
		expect(twilio.outbox[0].statusCallback).toBe('http://127.0.0.1:9/status');
	});

	it('refuses a Reference Time that is not a date', async () => {
		await expect(
			run({ items: [touch() as unknown as IDataObject], params: { options: { now: 'yesterday-ish' } } }),
		).rejects.toThrow('Reference Time "yesterday-ish" is not a date and time');
	});

	it('without a Reference Time, checks each item at the current time', async () => {
		const [sent, deferred] = await run({ items: [touch() as unknown as IDataObject], params: { options: {} } });
		const outcome = outcomes([...sent, ...deferred])[0];
		expect(Math.abs(DateTime.fromISO(String(outcome.at)).diffNow().as('seconds'))).toBeLessThan(5);
	});

	it("refuses a practice profile whose send window is wider than the law, naming the profile's field", async () => {
		const error = await run({ items: [touch() as unknown as IDataObject], profile: { sendWindowEnd: '22:00' } }).catch(
			(e) => e,
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toContain('Chairside Practice Profile, Send Window End: 22:00 is later than 21:00');
	});

	it("keeps the practice profile's send window: the same touch at 10:00 Chicago is deferred when the profile opens at 11:00", async () => {
		const [, deferred] = await run({
			items: [touch() as unknown as IDataObject],
			profile: { sendWindowStart: '11:00' },
		});
		expect(outcomes(deferred)[0]).toMatchObject({
			rule: 'quiet_hours',
			nextAllowedAt: expect.stringContaining('T11:00:00'),
		});
	});

	describe("the practice profile's text consent for sources without it", () => {
		// A CSV export or NexHealth gives no consent: 'unknown'. Treatment follow-up needs consent by text.
		const unknown = (over: Record<string, unknown> = {}) =>
			touch({ purpose: 'treatment_follow_up', contact: { smsConsent: 'unknown', ...over } }) as unknown as IDataObject;

		it('Not Recorded (the default) blocks the text and says which profile field would change it', async () => {
			const [, , blocked] = await run({ items: [unknown()] });
			expect(outcomes(blocked)[0]).toMatchObject({
				status: 'blocked',
				rule: 'consent',
				reason: expect.stringContaining('Text Consent When the Source Has None'),
			});
		});

		it('Collected at Intake sends it; an explicit no and an opt-out still win', async () => {
			const items = [
				unknown(),
				touch({ sendKey: 'declined', purpose: 'treatment_follow_up', contact: { patientId: 'P2', smsConsent: 'no' } }),
				unknown({ patientId: 'P3' }),
			];
			(items[2] as { contact: { optedOut: object } }).contact.optedOut = { sms: true, email: false };
			(items[2] as { sendKey: string }).sendKey = 'opted-out';
			const [sent, , blocked] = await run({
				items: items as unknown as IDataObject[],
				profile: { smsConsentWhenUnknown: 'collected_at_intake' },
			});
			expect(sent.map((o) => o.json.sendKey)).toEqual([touch().sendKey]);
			expect(outcomes(blocked).map((o) => o.rule)).toEqual(['consent', 'opt_out']);
		});

		it('an item cannot bring its own consent policy: only the profile is read', async () => {
			const item = {
				...unknown(),
				smsConsentWhenUnknown: 'collected_at_intake',
				policy: { smsConsentWhenUnknown: 'collected_at_intake' },
			};
			const [sent, , blocked] = await run({ items: [item] });
			expect(sent).toHaveLength(0);
			expect(outcomes(blocked)[0]).toMatchObject({ rule: 'consent' });
		});
	});

	it('two journeys for one patient in one run: the second is deferred by the day cap', async () => {
		const items = [
			touch(),
			touch({ sendKey: 'other-journey', channel: 'email', subject: 'Hi' }),
		] as unknown as IDataObject[];
		const [sent, deferred] = await run({ items });
		expect(sent).toHaveLength(1);
		expect(outcomes(deferred)[0]).toMatchObject({ rule: 'frequency_cap' });
	});

	describe('Fields Below', () => {
		const fields = {
			messageFrom: 'fields',
			channel: 'sms',
			to: '(312) 555-0134',
			patientId: 'GA0001',
			firstName: 'Maria',
			timezone: 'America/Chicago',
			sendKey: 'GA0001-recall-2026-03',
			subject: '',
			body: 'Hi Maria, time for your cleaning at Bright Smiles. Reply STOP to opt out.',
			purpose: 'recall',
			smsConsent: 'unknown',
			recentSends: '',
			options: { now: TEN_AM_CHICAGO },
		};
		it("builds the touch from fields, normalising the number, and keeps the item's own data", async () => {
			const [sent] = await run({ items: [{ row: 7 }], params: fields });
			expect(sent[0].json).toMatchObject({
				row: 7,
				sendKey: 'GA0001-recall-2026-03',
				contact: { mobile: '+13125550134' },
				outcome: { status: 'sent' },
			});
			expect(twilio.outbox[0].to).toBe('+13125550134');
		});
		it('counts Recent Sends against the caps', async () => {
			const [, deferred] = await run({ items: [{}], params: { ...fields, recentSends: '2026-03-10T13:30:00Z' } });
			expect(outcomes(deferred)[0]).toMatchObject({ rule: 'frequency_cap' });
		});
		it('needs consent for a treatment follow-up text', async () => {
			const [, , blocked] = await run({ items: [{}], params: { ...fields, purpose: 'treatment_follow_up' } });
			expect(outcomes(blocked)[0]).toMatchObject({ rule: 'consent' });
		});
		it('an unreadable number is blocked by e164, without repeating it', async () => {
			const [, , blocked] = await run({ items: [{}], params: { ...fields, to: '555-01' } });
			expect(outcomes(blocked)[0]).toMatchObject({
				rule: 'e164',
				reason: 'the mobile number is not a valid E.164 number',
			});
		});
	});

	it('names an operation it does not know', async () => {
		await expect(run({ items: [touch() as unknown as IDataObject], params: { operation: 'post' } })).rejects.toThrow(
			'The operation "post" is not one this node knows',
		);
	});

	it('reads parameters once, not per item', async () => {
		const ctx = context({
			items: Array.from(
				{ length: 50 },
				(_, i) =>
					touch({
						sendKey: `k${i}`,
						contact: { patientId: `P${i}`, timezone: 'Asia/Kathmandu' },
					}) as unknown as IDataObject,
			),
		});
		const spy = jest.spyOn(ctx, 'getNodeParameter');
		const [, deferred] = await new PatientMessage().execute.call(ctx);
		expect(deferred).toHaveLength(50);
		expect(spy.mock.calls.length).toBeLessThanOrEqual(3);
		expect(DateTime.fromISO(String(outcomes(deferred)[0].nextAllowedAt)).isValid).toBe(true);
	});
});

const instances = new WeakMap<Set<string>, string>();
function instanceOf(store: Set<string>): string {
	if (!instances.has(store)) instances.set(store, `test-${Math.random()}`);
	return instances.get(store) as string;
}
