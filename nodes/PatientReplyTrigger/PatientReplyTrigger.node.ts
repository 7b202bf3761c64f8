import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import { REPLY_INTENTS, type ReplyIntent } from '../../core/messaging/touch';
import { deliveryKeys, REMEMBERED_DELIVERIES } from '../../core/reply/deliveries';
import { facts, locks } from '../../core/state/shared-state';
import { queueStateTest, webhookState } from '../shared/state';
import { rawTwilioParams, toPatientReply } from '../../core/reply/inbound';
import { signatureRefusal } from '../../core/reply/refusal';
import { candidateUrls, isSignedByTwilio } from '../../core/reply/signature';
import { twiml } from '../../core/reply/twiml';
import { keywordFields, keywordLists } from './keywordFields';

const CREDENTIAL = 'twilioSmsApi';

/** One output per intent, in REPLY_INTENTS order: Opt-Out is output 0, Other is output 9. */
const OUTPUT_NAMES: Record<ReplyIntent, string> = {
	opt_out: 'Opt-Out',
	opt_in: 'Opt-In',
	help: 'Help',
	book: 'Book',
	decline: 'Decline',
	cost: 'Cost',
	timing: 'Timing',
	clinical: 'Clinical',
	healing_score: 'Healing Score',
	other: 'Other',
};

/** Intents the optional automatic reply answers: the ones a person has to pick up. */
const ACKNOWLEDGED: readonly ReplyIntent[] = ['other', 'clinical'];

type Response = ReturnType<IWebhookFunctions['getResponseObject']>;

/** The HTTP answer is written here so Twilio gets text/xml (n8n would send JSON) and a 403 stays a 403. */
function answer(res: Response, status: number, contentType: string, body: string): void {
	res.writeHead(status, { 'Content-Type': `${contentType}; charset=utf-8` });
	res.end(body);
}

export class PatientReplyTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Patient Reply Trigger',
		name: 'patientReplyTrigger',
		icon: { light: 'file:patientReplyTrigger.svg', dark: 'file:patientReplyTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'Inbound SMS from Twilio',
		description:
			"Starts a workflow when a patient answers the practice's text: verifies it came from Twilio, drops repeat deliveries and sorts the reply by what the patient means",
		defaults: { name: 'Patient Reply Trigger' },
		inputs: [],
		outputs: REPLY_INTENTS.map(() => NodeConnectionTypes.Main),
		outputNames: REPLY_INTENTS.map((intent) => OUTPUT_NAMES[intent]),
		credentials: [
			{ name: CREDENTIAL, required: true },
			{ name: 'chairsideQueueStateApi', required: false, testedBy: 'queueStateTest' },
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'twilio-sms',
			},
		],
		properties: [
			{
				displayName:
					"In Twilio, paste this node's Production URL (under Webhook URLs) into the Messaging Service (Integration > Incoming Messages > Send a webhook) or the phone number (A message comes in), method HTTP POST. Every request must carry a valid X-Twilio-Signature for the credential's Auth Token.",
				name: 'notice',
				type: 'notice',
				default: '',
			},
			keywordFields,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Public URL',
						name: 'publicUrl',
						type: 'string',
						default: '',
						placeholder: 'https://n8n.example-practice.com/webhook/…/twilio-sms',
						description:
							"The webhook URL exactly as entered in Twilio, when a reverse proxy or tunnel in front of n8n changes the scheme, host or port (or set n8n's WEBHOOK_URL). Twilio signs the URL it calls, so signatures only verify against that URL.",
					},
					{
						displayName: 'Reply to Other and Clinical Messages',
						name: 'acknowledgement',
						type: 'string',
						default: '',
						placeholder: 'Thanks, our team will text you back shortly. For an emergency call 911.',
						description:
							'Text sent straight back to a reply a person has to answer (Other or Clinical outputs). Empty sends nothing; Twilio answers STOP, START and HELP itself.',
					},
				],
			},
		],
	};

	/**
	 * Nothing is registered with Twilio: the practice points its Messaging Service or number at
	 * the Production URL once, in the Twilio console. Changing that from n8n would redirect every
	 * inbound text of the account (other software may own it) and a test run would repoint live
	 * traffic to the test URL. Activation still refuses a credential that cannot verify signatures.
	 */
	methods = { credentialTest: { queueStateTest } };

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const credentials = await this.getCredentials<{ authToken?: string }>(CREDENTIAL);
				if (!credentials.authToken) {
					throw new NodeOperationError(this.getNode(), 'The Twilio credential has no Auth Token', {
						description:
							'Inbound texts are verified with the Auth Token (X-Twilio-Signature), even when messages are sent with an API key. Add it to the credential.',
					});
				}
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const res = this.getResponseObject();
		const params = this.getBodyData() as Record<string, unknown>;
		const headers = this.getHeaderData();
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const credentials = await this.getCredentials<{ authToken?: string }>(CREDENTIAL);

		// Twilio signed the URL it called: the test URL on a test run, the production URL otherwise.
		const served = typeof this.getWebhookResourceUrl === 'function' ? this.getWebhookResourceUrl('default') : undefined;
		const urls = candidateUrls(
			[served, this.getNodeWebhookUrl('default')],
			options.publicUrl as string | undefined,
			this.getRequestObject().originalUrl,
		);
		if (!isSignedByTwilio(credentials.authToken, headers['x-twilio-signature'], urls, params)) {
			// Ids only: the body of an unverified request is not ours to log.
			this.logger.warn('Patient Reply Trigger refused a request without a valid X-Twilio-Signature', {
				workflowId: this.getWorkflow().id,
				node: this.getNode().name,
				checkedAgainst: urls.join(' , '),
			});
			answer(res, 403, 'text/plain', signatureRefusal(urls));
			return { noWebhookResponse: true };
		}

		const reply = toPatientReply(
			params,
			new Date().toISOString(),
			keywordLists(this.getNodeParameter('keywords', {}) as IDataObject),
		);
		const body = twiml(ACKNOWLEDGED.includes(reply.intent) ? (options.acknowledgement as string | undefined) : null);

		// A retry of a delivery already handed to the workflow, or the same message delivered twice
		// at once, gets the same answer and no second run.
		const keys = deliveryKeys(headers['i-twilio-idempotency-token'], reply.messageSid);
		const state = await webhookState(this, REMEMBERED_DELIVERIES);
		const fresh = await state.exclusive(keys.map(locks.key), async (view) => {
			for (const key of keys) if (await view.get(key)) return false;
			for (const key of keys) await view.claim({ key, kind: 'delivery', at: reply.receivedAt, patientId: null });
			// STOP and START are facts every journey's guard reads, however the workflow is wired.
			const optOut = facts.optedOutNumber(reply.from);
			if (reply.intent === 'opt_out' && !(await view.get(optOut)))
				await view.claim({ key: optOut, kind: 'fact', at: reply.receivedAt, patientId: null });
			if (reply.intent === 'opt_in') await view.release(optOut);
			return true;
		});
		if (!fresh) {
			answer(res, 200, 'text/xml', body);
			return { noWebhookResponse: true };
		}

		answer(res, 200, 'text/xml', body);
		const item = { json: { ...reply, raw: rawTwilioParams(params) } as unknown as IDataObject };
		return {
			noWebhookResponse: true,
			workflowData: REPLY_INTENTS.map((intent) => (intent === reply.intent ? [item] : [])),
		};
	}
}
