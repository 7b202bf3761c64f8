import {
	NodeConnectionTypes,
	NodeOperationError,
	type IHookFunctions,
	type IDataObject,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import {
	MIN_UNSUBSCRIBE_SECRET_LENGTH,
	UnsubscribeError,
	verifyUnsubscribeToken,
} from '../../core/messaging/unsubscribe';
import { facts, locks } from '../../core/state/shared-state';
import { queueStateTest, webhookState } from '../shared/state';
import { UNSUBSCRIBE_CREDENTIAL, unsubscribeLinkTest } from '../shared/unsubscribe';

type Response = ReturnType<IWebhookFunctions['getResponseObject']>;

/**
 * Unsubscribes kept in a single-instance n8n's trigger static data (queue mode keeps them in
 * PostgreSQL): they must outlive any number of deliveries, so the limit is far above a
 * practice's lifetime of unsubscribes.
 */
const REMEMBERED_UNSUBSCRIBES = 50_000;

function page(res: Response, status: number, title: string, body: string): void {
	res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
	res.end(
		`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title></head>` +
			`<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem"><h1 style="font-size:1.4rem">${title}</h1>${body}</body></html>`,
	);
}

/**
 * The other end of the link every email carries (RFC 8058 one-click unsubscribe). A GET (a person
 * clicking the link, or a mail scanner prefetching it) only shows a button; a POST - the button,
 * or the mail app's one-click "List-Unsubscribe=One-Click" - records the address as unsubscribed
 * in the shared state, which Patient Message reads before every email, and starts the workflow
 * once per address so it can be noted in the chart.
 */
export class EmailUnsubscribeTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Email Unsubscribe Trigger',
		name: 'emailUnsubscribeTrigger',
		icon: { light: 'file:emailUnsubscribeTrigger.svg', dark: 'file:emailUnsubscribeTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'One-click unsubscribe from emails',
		description:
			'Receives the unsubscribe link of every practice email: verifies the link, stops all emails to that address and starts the workflow once',
		defaults: { name: 'Email Unsubscribe' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'chairsideUnsubscribeApi', required: true, testedBy: 'unsubscribeLinkTest' },
			{ name: 'chairsideQueueStateApi', required: false, testedBy: 'queueStateTest' },
		],
		webhooks: [
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'chairside-unsubscribe' },
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'chairside-unsubscribe' },
		],
		properties: [
			{
				displayName:
					"Copy this node's Production URL into the Chairside Unsubscribe Link credential's Unsubscribe URL, and activate the workflow: every email Patient Message sends with that credential then carries a one-click unsubscribe link.",
				name: 'notice',
				type: 'notice',
				default: '',
			},
		],
	};

	methods = { credentialTest: { queueStateTest, unsubscribeLinkTest } };

	/**
	 * Nothing to register elsewhere: the link is ours, in our emails. Activation refuses a
	 * credential that cannot sign links, so the workflow never runs with links that cannot verify.
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const { secret } = await this.getCredentials<{ secret: string }>(UNSUBSCRIBE_CREDENTIAL);
				if (typeof secret !== 'string' || secret.length < MIN_UNSUBSCRIBE_SECRET_LENGTH) {
					throw new NodeOperationError(
						this.getNode(),
						`The unsubscribe secret is shorter than ${MIN_UNSUBSCRIBE_SECRET_LENGTH} characters`,
						{
							description:
								'Set a long random secret in the Chairside Unsubscribe Link credential (e.g. `openssl rand -base64 48`).',
						},
					);
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
		const { secret } = await this.getCredentials<{ secret: string }>(UNSUBSCRIBE_CREDENTIAL);
		const token = (this.getQueryData() as IDataObject).u;
		let who;
		try {
			who = verifyUnsubscribeToken(token, secret);
		} catch (error) {
			if (!(error instanceof UnsubscribeError)) throw new NodeOperationError(this.getNode(), error as Error);
			// Ids only in the log: the token names a patient.
			this.logger.warn('Email Unsubscribe Trigger refused a link', {
				workflowId: this.getWorkflow().id,
				reason: error.message,
			});
			page(res, 400, 'This link does not work', '<p>Please call the practice and we will stop our emails to you.</p>');
			return { noWebhookResponse: true };
		}
		if (this.getWebhookName() === 'setup') {
			const action = `?u=${encodeURIComponent(String(token))}`;
			page(
				res,
				200,
				'Unsubscribe from our emails?',
				`<form method="post" action="${action}"><button type="submit" style="font-size:1rem;padding:.6rem 1.2rem">Unsubscribe</button></form>`,
			);
			return { noWebhookResponse: true };
		}
		const fact = facts.unsubscribedEmail(who.addressTag);
		const at = new Date().toISOString();
		const state = await webhookState(this, REMEMBERED_UNSUBSCRIBES);
		const fresh = await state.exclusive(
			locks.key(fact),
			async (view) => (await view.claim({ key: fact, kind: 'fact', at, patientId: who.patientId })) === null,
		);
		page(res, 200, 'You are unsubscribed', '<p>We will not email you again. Appointment questions? Just call us.</p>');
		if (!fresh) return { noWebhookResponse: true };
		return {
			noWebhookResponse: true,
			workflowData: [[{ json: { patientId: who.patientId, channel: 'email', unsubscribedAt: at } }]],
		};
	}
}
