/**
 * The Patient Reply Trigger's webhook() against a stand-in for n8n's webhook context: what
 * Twilio gets back, which output the reply lands on, and what is remembered between deliveries.
 */
import type { IDataObject, IHookFunctions, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { REMEMBERED_DELIVERIES } from '../../../core/reply/deliveries';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { REPLY_INTENTS, type ReplyIntent } from '../../../core/messaging/touch';
import { EMPTY_TWIML } from '../../../core/reply/twiml';
import { PatientReplyTrigger } from '../../../nodes/PatientReplyTrigger/PatientReplyTrigger.node';

const TOKEN = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
const PROD = 'https://n8n.smile-dental.test/webhook/7b1f7c1e-2f0e-4d7e-9d1b-3a7e2c9f4b10/twilio-sms';
const TEST = PROD.replace('/webhook/', '/webhook-test/');

interface Delivery {
	body?: string;
	params?: Record<string, unknown>;
	/** The URL the signature is computed for (what Twilio called). */
	signedFor?: string;
	signature?: string | null;
	token?: string;
	/** The URL n8n says it is serving (getWebhookResourceUrl). */
	served?: string;
	requestUrl?: string;
	options?: IDataObject;
	keywords?: IDataObject;
	authToken?: string;
	staticData?: IDataObject;
}

interface Answer {
	status: number;
	headers: Record<string, string>;
	body: string;
}

let sid = 0;
function twilioParams(body: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
	sid += 1;
	return {
		ToCountry: 'US',
		SmsMessageSid: `SM${String(sid).padStart(32, '0')}`,
		NumMedia: '0',
		SmsSid: `SM${String(sid).padStart(32, '0')}`,
		SmsStatus: 'received',
		Body: body,
		To: '+15125550100',
		NumSegments: '1',
		MessageSid: `SM${String(sid).padStart(32, '0')}`,
		AccountSid: 'AC00000000000000000000000000000000',
		From: '+15125550143',
		ApiVersion: '2010-04-01',
		...extra,
	};
}

function context(d: Delivery) {
	const params = d.params ?? twilioParams(d.body ?? 'yes');
	const answer: Answer = { status: 0, headers: {}, body: '' };
	const warn = jest.fn();
	const staticData = d.staticData ?? {};
	const signature =
		d.signature === undefined ? getExpectedTwilioSignature(d.token ?? TOKEN, d.signedFor ?? PROD, params) : d.signature;
	const headers: Record<string, string> = {
		'content-type': 'application/x-www-form-urlencoded',
		'i-twilio-idempotency-token': `idem-${params.MessageSid}`,
	};
	if (signature !== null) headers['x-twilio-signature'] = signature;
	const ctx = {
		getResponseObject: () => ({
			writeHead: (status: number, h: Record<string, string>) => Object.assign(answer, { status, headers: h }),
			end: (body: string) => Object.assign(answer, { body }),
		}),
		getBodyData: () => params,
		getHeaderData: () => headers,
		getRequestObject: () => ({ originalUrl: d.requestUrl ?? new URL(d.served ?? PROD).pathname }),
		getNodeParameter: (name: string, fallback: unknown) =>
			name === 'options' ? (d.options ?? fallback) : name === 'keywords' ? (d.keywords ?? fallback) : fallback,
		getCredentials: async () => ({ accountSid: 'AC00000000000000000000000000000000', authToken: d.authToken ?? TOKEN }),
		getWebhookResourceUrl: () => d.served ?? PROD,
		getNodeWebhookUrl: () => PROD,
		getWorkflowStaticData: () => staticData,
		getWorkflow: () => ({ id: 'wf-1', name: 'Replies', active: true }),
		getNode: () => ({ id: 'n1', name: 'Patient Reply Trigger' }),
		// One static data, one n8n: deliveries that share it share the instance's claims.
		getInstanceId: () => instanceOf(staticData),
		logger: { warn, info: jest.fn(), debug: jest.fn(), error: jest.fn() },
	};
	return { ctx: ctx as unknown as IWebhookFunctions, answer, warn, staticData, headers, params };
}

const node = new PatientReplyTrigger();
async function deliver(d: Delivery) {
	const c = context(d);
	const result: IWebhookResponseData = await node.webhook.call(c.ctx);
	return { ...c, result };
}

const outputOf = (result: IWebhookResponseData): ReplyIntent | null => {
	const index = result.workflowData?.findIndex((items) => items.length > 0) ?? -1;
	return index >= 0 ? REPLY_INTENTS[index] : null;
};

describe('Patient Reply Trigger: description', () => {
	it('is a webhook trigger on POST twilio-sms with the Twilio credential', () => {
		const { description } = node;
		expect(description.name).toBe('patientReplyTrigger');
		expect(description.inputs).toEqual([]);
		expect(description.webhooks).toEqual([
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'twilio-sms' },
		]);
		expect(description.credentials).toEqual([
			{ name: 'twilioSmsApi', required: true },
			{ name: 'chairsideQueueStateApi', required: false, testedBy: 'queueStateTest' },
		]);
	});

	it('has one output per intent, in contract order', () => {
		expect(node.description.outputs).toHaveLength(10);
		expect(node.description.outputNames).toEqual([
			'Opt-Out',
			'Opt-In',
			'Help',
			'Book',
			'Decline',
			'Cost',
			'Timing',
			'Clinical',
			'Healing Score',
			'Other',
		]);
	});
});

describe('Patient Reply Trigger: signatures', () => {
	it('runs the workflow for a signed delivery and answers empty TwiML as text/xml', async () => {
		const { result, answer } = await deliver({ body: 'How much is the crown?' });
		expect(answer).toEqual({ status: 200, headers: { 'Content-Type': 'text/xml; charset=utf-8' }, body: EMPTY_TWIML });
		expect(result.noWebhookResponse).toBe(true);
		expect(result.workflowData).toHaveLength(10);
		expect(outputOf(result)).toBe('cost');
	});

	it.each([
		['a wrong signature', { signature: 'bm90IGEgc2lnbmF0dXJl' }],
		['no signature', { signature: null }],
		['another account’s token', { token: 'another-token' }],
		[
			'a body changed after signing',
			{
				params: { ...twilioParams('yes'), Body: 'no' },
				signature: getExpectedTwilioSignature(TOKEN, PROD, twilioParams('yes')),
			},
		],
		['the test URL signed but production served', { signedFor: TEST }],
		['a credential without an Auth Token', { authToken: '' }],
	])('refuses %s with 403 and no execution', async (_name, d: Delivery) => {
		const { result, answer, warn, staticData } = await deliver({ body: 'my SSN is in here', ...d });
		expect(answer.status).toBe(403);
		expect(answer.headers['Content-Type']).toMatch(/^text\/plain/);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(staticData).toEqual({});
		// ids only in the log, never the message
		expect(warn).toHaveBeenCalledTimes(1);
		expect(JSON.stringify(warn.mock.calls)).not.toMatch(/SSN|\+1512/);
	});

	it('verifies a test run against the test URL', async () => {
		const { answer, result } = await deliver({ signedFor: TEST, served: TEST });
		expect(answer.status).toBe(200);
		expect(outputOf(result)).toBe('book');
	});

	it('verifies against the Public URL when a proxy changes what n8n sees', async () => {
		const publicUrl = 'https://texts.smile-dental.test/hooks/twilio-sms?clinic=north';
		const behindProxy = {
			signedFor: publicUrl,
			served: 'http://10.0.0.5:5678/webhook/7b1f/twilio-sms',
			requestUrl: '/webhook/7b1f/twilio-sms?clinic=north',
		};
		expect((await deliver(behindProxy)).answer.status).toBe(403);
		expect((await deliver({ ...behindProxy, options: { publicUrl } })).answer.status).toBe(200);
	});

	it('includes the query string Twilio called in the signed URL', async () => {
		const { answer } = await deliver({
			signedFor: `${PROD}?clinic=north`,
			requestUrl: `${new URL(PROD).pathname}?clinic=north`,
		});
		expect(answer.status).toBe(200);
	});
});

describe('Patient Reply Trigger: outputs', () => {
	// Every row has all three fields: jest hands a missing one to the test as a `done` callback.
	const samples: Array<[string, ReplyIntent, Record<string, unknown>]> = [
		['STOP', 'opt_out', { OptOutType: 'STOP' }],
		['START', 'opt_in', { OptOutType: 'START' }],
		['HELP', 'help', { OptOutType: 'HELP' }],
		['Yes please', 'book', {}],
		['Not interested, thanks', 'decline', {}],
		['Do you take CareCredit?', 'cost', {}],
		['Maybe after the holidays', 'timing', {}],
		['Is this much swelling normal?', 'clinical', {}],
		['3', 'healing_score', {}],
		['Who is this?', 'other', {}],
	];

	it.each(samples)('%p goes out on the %s output', async (body, intent, extra) => {
		const { result } = await deliver({ params: twilioParams(body, extra) });
		const index = REPLY_INTENTS.indexOf(intent);
		result.workflowData!.forEach((items, i) => expect(items).toHaveLength(i === index ? 1 : 0));
	});

	it('emits the PatientReply contract plus raw Twilio parameters without AccountSid', async () => {
		const params = twilioParams('prob a 2, it’s throbbing', { FromCity: 'AUSTIN' });
		const { result } = await deliver({ params });
		const json = result.workflowData![REPLY_INTENTS.indexOf('healing_score')][0].json;
		expect(json).toMatchObject({
			kind: 'chairside.reply',
			messageSid: params.MessageSid,
			from: '+15125550143',
			to: '+15125550100',
			body: 'prob a 2, it’s throbbing',
			intent: 'healing_score',
			matched: '2',
			score: 2,
			needsHuman: true,
		});
		expect(Date.parse(json.receivedAt as string)).toBeGreaterThan(Date.now() - 60_000);
		expect(json.raw).toMatchObject({ FromCity: 'AUSTIN', MessageSid: params.MessageSid });
		expect(json.raw).not.toHaveProperty('AccountSid');
	});

	it("uses the node's keyword fields", async () => {
		const keywords = { bookWords: 'bet, say less', ignoreWords: 'ok' };
		expect(outputOf((await deliver({ body: 'bet', keywords })).result)).toBe('book');
		expect(outputOf((await deliver({ body: 'ok', keywords })).result)).toBe('other');
		expect(outputOf((await deliver({ body: 'ok, book me' })).result)).toBe('book');
	});

	it('answers Other and Clinical replies with the reply message, escaped, and nothing else', async () => {
		const options = { acknowledgement: 'Thanks! Our team will text you back. For emergencies call 911 & don’t wait.' };
		const other = await deliver({ body: 'Who is this?', options });
		expect(other.answer.body).toBe(
			'<?xml version="1.0" encoding="UTF-8"?><Response><Message>Thanks! Our team will text you back. For emergencies call 911 &amp; don’t wait.</Message></Response>',
		);
		expect((await deliver({ body: 'it is bleeding', options })).answer.body).toContain('<Message>');
		expect((await deliver({ body: 'yes', options })).answer.body).toBe(EMPTY_TWIML);
		expect((await deliver({ body: 'STOP', options })).answer.body).toBe(EMPTY_TWIML);
	});
});

describe('Patient Reply Trigger: duplicate deliveries', () => {
	it('answers a retry with the same TwiML and starts nothing', async () => {
		const staticData: IDataObject = {};
		const params = twilioParams('Who is this?');
		const options = { acknowledgement: 'We will text you back.' };
		const first = await deliver({ params, staticData, options });
		expect(outputOf(first.result)).toBe('other');
		const retry = await deliver({ params, staticData, options });
		expect(retry.answer).toEqual(first.answer);
		expect(retry.result).toEqual({ noWebhookResponse: true });
	});

	it('drops the same MessageSid delivered with another token', async () => {
		const staticData: IDataObject = {};
		const params = twilioParams('yes');
		await deliver({ params, staticData });
		const c = context({ params, staticData });
		c.headers['i-twilio-idempotency-token'] = 'another-token';
		expect((await node.webhook.call(c.ctx)).workflowData).toBeUndefined();
	});

	it('lets the next message from the same patient through and keeps the list bounded', async () => {
		const staticData: IDataObject = {
			claims: Array.from({ length: REMEMBERED_DELIVERIES }, (_, i) => `chairside.claim:delivery:sid:old${i}`),
		};
		const first = await deliver({ body: 'yes', staticData });
		const second = await deliver({ body: 'yes', staticData });
		expect(outputOf(first.result)).toBe('book');
		expect(outputOf(second.result)).toBe('book');
		expect(staticData.claims).toHaveLength(REMEMBERED_DELIVERIES);
	});

	it('the same message delivered five times at the same instant runs the workflow once', async () => {
		const staticData: IDataObject = {};
		const params = twilioParams('yes');
		const results = await Promise.all(Array.from({ length: 5 }, () => deliver({ params, staticData })));
		expect(results.filter((r) => r.result.workflowData)).toHaveLength(1);
		expect(results.every((r) => r.answer.status === 200)).toBe(true);
	});

	it('STOP is kept as a fact of the number until START', async () => {
		const staticData: IDataObject = {};
		await deliver({ body: 'STOP', staticData });
		expect(staticData.claims).toContain('chairside.claim:opted-out:+15125550143');
		await deliver({ body: 'START', staticData });
		expect(staticData.claims).not.toContain('chairside.claim:opted-out:+15125550143');
	});

	it('after a restart (a new instance, the same static data) a replay is still refused', async () => {
		const staticData: IDataObject = {};
		const params = twilioParams('yes');
		await deliver({ params, staticData });
		const restarted = { ...staticData };
		expect((await deliver({ params, staticData: restarted })).result.workflowData).toBeUndefined();
	});

	it('does not remember a delivery it refused', async () => {
		const staticData: IDataObject = {};
		const params = twilioParams('yes');
		await deliver({ params, staticData, signature: 'forged' });
		expect(outputOf((await deliver({ params, staticData })).result)).toBe('book');
	});
});

describe('Patient Reply Trigger: activation', () => {
	const hook = (authToken: string) =>
		({
			getCredentials: async () => ({ authToken }),
			getNode: () => ({
				name: 'Patient Reply Trigger',
				type: 'n8n-nodes-chairside.patientReplyTrigger',
				typeVersion: 1,
				parameters: {},
			}),
		}) as unknown as IHookFunctions;

	it('registers nothing with Twilio (the practice sets the URL in the console)', async () => {
		const methods = node.webhookMethods.default;
		expect(await methods.checkExists.call(hook(TOKEN))).toBe(true);
		expect(await methods.create.call(hook(TOKEN))).toBe(true);
		expect(await methods.delete.call(hook(TOKEN))).toBe(true);
	});

	it('refuses to activate with a credential that cannot verify signatures', async () => {
		await expect(node.webhookMethods.default.checkExists.call(hook(''))).rejects.toThrow(
			'The Twilio credential has no Auth Token',
		);
	});
});

const instances = new WeakMap<object, string>();
function instanceOf(staticData: object): string {
	if (!instances.has(staticData)) instances.set(staticData, `test-${Math.random()}`);
	return instances.get(staticData) as string;
}
