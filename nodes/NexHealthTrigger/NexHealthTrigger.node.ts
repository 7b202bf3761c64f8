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
import {
	bookingKeyInNote,
	insertionKey,
	insertionOutcomeOf,
	parseDelivery,
	verifyDelivery,
} from '../../core/pms/nexhealth/webhook';
import { locks } from '../../core/state/shared-state';
import { NEXHEALTH_CREDENTIAL, nexHealthTransport } from '../shared/nexhealth';
import { queueStateTest, webhookState } from '../shared/state';

/** NexHealth retries a delivery for 48 hours (webhook-endpoints page): keys kept per trigger. */
const REMEMBERED_DELIVERIES = 20_000;

/** Events a practice can start a workflow from, by NexHealth resource (OpenAPI resource_type enum). */
const EVENTS: Array<{ name: string; value: string; resource: string; description: string }> = [
	{
		name: 'Appointment Insertion',
		value: 'appointment_insertion',
		resource: 'Appointment',
		description: 'A booking reached the PMS (complete), or did not (failed, timed out)',
	},
	{
		name: 'Appointment Created',
		value: 'appointment_created',
		resource: 'Appointment',
		description: 'An appointment appeared in the PMS',
	},
	{
		name: 'Appointment Updated',
		value: 'appointment_updated',
		resource: 'Appointment',
		description: 'An appointment changed (moved, confirmed, cancelled)',
	},
	{ name: 'Patient Created', value: 'patient_created', resource: 'Patient', description: 'A new patient' },
	{
		name: 'Patient Updated',
		value: 'patient_updated',
		resource: 'Patient',
		description: "A patient's details changed",
	},
	{
		name: 'Procedure Created',
		value: 'procedure_created',
		resource: 'Procedure',
		description: 'A procedure was charted',
	},
	{
		name: 'Procedure Updated',
		value: 'procedure_updated',
		resource: 'Procedure',
		description: 'A procedure changed (e.g. completed)',
	},
];

interface Registration {
	endpointId?: number;
	secretKey?: string;
}

export class NexHealthTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'NexHealth Trigger',
		name: 'nexHealthTrigger',
		icon: { light: 'file:nexHealthTrigger.svg', dark: 'file:nexHealthTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["events"].join(", ") }}',
		description:
			'Starts a workflow on NexHealth webhooks (Dentrix, Eaglesoft, ...): verifies each delivery, drops repeats, and confirms bookings PMS > Book is waiting for',
		defaults: { name: 'NexHealth Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: NEXHEALTH_CREDENTIAL, required: true },
			{ name: 'chairsideQueueStateApi', required: false, testedBy: 'queueStateTest' },
		],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'nexhealth' }],
		properties: [
			{
				displayName:
					"On activation this registers the node's Production URL with NexHealth (a webhook endpoint and a subscription per event) and keeps the endpoint's secret key to verify each delivery. NexHealth requires an HTTPS URL. Keep this workflow active wherever PMS > Book runs on NexHealth: a booking counts as made only once NexHealth says it reached the PMS.",
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				options: EVENTS.map(({ name, value, description }) => ({ name, value, description })),
				default: ['appointment_insertion'],
				description: 'NexHealth events that start the workflow; a delivery NexHealth retries starts it once',
			},
		],
	};

	methods = { credentialTest: { queueStateTest } };

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const saved = this.getWorkflowStaticData('node') as Registration;
				if (!saved.endpointId || !saved.secretKey) return false;
				const transport = await nexHealthTransport(this);
				const endpoints = await transport.all<{ id?: unknown; target_url?: unknown; active?: unknown }>(
					'/webhook_endpoints',
				);
				return endpoints.some(
					(e) =>
						Number(e.id) === saved.endpointId &&
						e.target_url === this.getNodeWebhookUrl('default') &&
						e.active !== false,
				);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const transport = await nexHealthTransport(this);
				const target = this.getNodeWebhookUrl('default') as string;
				const endpoint = (await transport.request(
					{ method: 'POST', path: '/webhook_endpoints', body: { target_url: target } },
					{ repeatable: false },
				)) as { id?: unknown; secret_key?: unknown };
				if (!endpoint?.id || typeof endpoint.secret_key !== 'string')
					throw new NodeOperationError(
						this.getNode(),
						'NexHealth answered the webhook registration without an endpoint id or secret key',
					);
				const events = this.getNodeParameter('events', []) as string[];
				for (const event of events) {
					const resource = EVENTS.find((e) => e.value === event)?.resource ?? 'Appointment';
					await transport.request(
						{
							method: 'POST',
							path: `/webhook_endpoints/${Number(endpoint.id)}/webhook_subscriptions`,
							body: { resource_type: resource, event, active: true },
						},
						{ repeatable: false },
					);
				}
				Object.assign(this.getWorkflowStaticData('node'), {
					endpointId: Number(endpoint.id),
					secretKey: endpoint.secret_key,
				});
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				const saved = this.getWorkflowStaticData('node') as Registration;
				if (saved.endpointId) {
					const transport = await nexHealthTransport(this);
					await transport
						.request({ method: 'DELETE', path: `/webhook_endpoints/${saved.endpointId}` })
						.catch(() => undefined);
				}
				delete saved.endpointId;
				delete saved.secretKey;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const res = this.getResponseObject();
		const req = this.getRequestObject() as unknown as { rawBody?: Buffer };
		const rawBody = req.rawBody ? req.rawBody.toString('utf8') : JSON.stringify(this.getBodyData());
		const headers = this.getHeaderData() as Record<string, string | undefined>;
		const saved = this.getWorkflowStaticData('node') as Registration;
		const verdict = verifyDelivery({
			secretKey: saved.secretKey ?? '',
			timestamp: headers.timestamp,
			signature: headers.signature,
			rawBody,
			nowSeconds: Math.floor(Date.now() / 1000),
		});
		if (!verdict.ok) {
			this.logger.warn(`NexHealth Trigger refused a delivery: ${verdict.reason}`, {
				workflowId: this.getWorkflow().id,
				node: this.getNode().name,
			});
			res.status(401).send('signature not verified');
			return { noWebhookResponse: true };
		}
		let event;
		try {
			event = parseDelivery(rawBody);
		} catch (error) {
			res.status(400).send((error as Error).message);
			return { noWebhookResponse: true };
		}
		const wanted = this.getNodeParameter('events', []) as string[];
		const at = new Date().toISOString();
		const state = await webhookState(this, REMEMBERED_DELIVERIES);
		const outcome = insertionOutcomeOf(event.eventName);
		const appointmentId = event.appointment?.id === undefined ? null : String(event.appointment.id);
		// A retry of a delivery already taken (or two at once) is answered 200 and starts nothing.
		const fresh = await state.exclusive(locks.key(event.key), async (view) => {
			if (await view.get(event.key)) return false;
			await view.claim({ key: event.key, kind: 'delivery', at, patientId: null });
			await view.finish(event.key, null);
			// The fact PMS > Book waits for: this appointment's write has its outcome.
			if (outcome && appointmentId) {
				const key = insertionKey(appointmentId, outcome);
				if (!(await view.get(key))) await view.claim({ key, kind: 'fact', at, patientId: null });
				await view.finish(key, event.eventName);
			}
			return true;
		});
		res.status(200).send('ok');
		if (!fresh || !wanted.some((w) => event.eventName === w || event.eventName.startsWith(`${w}.`)))
			return { noWebhookResponse: true };
		const appointment = event.appointment ?? {};
		const json: IDataObject = {
			event: event.eventName,
			eventKey: event.key,
			resourceType: event.resourceType,
			eventTime: event.eventTime,
			...(appointmentId
				? {
						appointmentId,
						patientId: appointment.patient_id === undefined ? null : String(appointment.patient_id),
						start: (appointment.start_time as string | undefined) ?? null,
					}
				: {}),
			...(outcome ? { booked: outcome === 'complete', bookingKey: bookingKeyInNote(appointment.note) } : {}),
			data: event.data as IDataObject,
		};
		return { noWebhookResponse: true, workflowData: [[{ json }]] };
	}
}
