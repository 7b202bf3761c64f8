import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { conversationOf } from '../shared/conversation';
import { toNodeError } from '../shared/errors';
import { referenceNow } from '../shared/options';
import { readPracticeProfile, practiceProfileTest } from '../shared/practice';
import { queueStateTest } from '../shared/state';
import { OPERATIONS, properties } from './actions';
import { readOnlyRefusal } from '../shared/pms/opendental';
import { pmsBackend, pmsParameter } from '../shared/pms/backend';
import { operationSubtitle } from '../shared/subtitle';

export class Pms implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'PMS',
		name: 'pms',
		icon: { light: 'file:pms.svg', dark: 'file:pms.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: operationSubtitle(properties),
		description:
			'Read treatment plans, procedures, appointments, recalls and patients from Open Dental or NexHealth (Dentrix, Eaglesoft); book, confirm and cancel appointments, log messages, record consent',
		defaults: { name: 'PMS' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [
			{ name: 'openDentalApi', required: true, displayOptions: { show: { pms: ['openDental'] } } },
			{ name: 'nexHealthApi', required: true, displayOptions: { show: { pms: ['nexHealth'] } } },
			{ name: 'chairsidePracticeApi', required: true, testedBy: 'practiceProfileTest' },
			{ name: 'chairsideQueueStateApi', required: false, testedBy: 'queueStateTest' },
		],
		properties: [pmsParameter, ...properties],
	};

	methods = { credentialTest: { queueStateTest, practiceProfileTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		const resource = this.getNodeParameter('resource', 0) as string;
		const operation = OPERATIONS[resource]?.[this.getNodeParameter('operation', 0) as string];
		if (!operation) throw new NodeOperationError(this.getNode(), `Unknown operation for resource "${resource}"`);
		// PMS times carry no zone: they are the practice's (its profile's).
		const profile = await readPracticeProfile(this);
		const timezone = profile.zone;
		// One reader per run: providers and clinics are read once, the throttle spans all items.
		const { reader, writer, readOnly } = await pmsBackend(this, profile);
		if (operation.writes && readOnly) throw readOnlyRefusal(this.getNode());

		for (let i = 0; i < items.length; i++) {
			const booking = conversationOf(items[i].json);
			try {
				const now = referenceNow(this.getNode(), this.getNodeParameter('options.now', i, ''), timezone, i);
				const results = await operation.execute(this, i, { reader, writer, now, timezone });
				for (const { item, pmsIds } of results)
					out.push({ json: { ...(item as IDataObject), pmsIds, ...booking }, pairedItem: { item: i } });
				// A conversation always gets an item back (no slots free), so its next step can answer the patient.
				if (!results.length && booking.booking)
					out.push({ json: { found: 0, ...booking } as IDataObject, pairedItem: { item: i } });
			} catch (error) {
				const failure = toNodeError(this.getNode(), error, i);
				if (this.continueOnFail()) {
					// A taken slot still offers what to propose instead.
					const { nextSlots, staffTask } = failure.context;
					if (staffTask) {
						// A lost chart note. Only `error`, `message` and `details` keep an item on n8n's error output
						// (WorkflowExecute.handleNodeErrorOutput; an item `error` would reset the json), so the task rides in `details`.
						out.push({ json: { error: failure.message, details: staffTask as IDataObject }, pairedItem: { item: i } });
						continue;
					}
					out.push({
						json: { error: failure.message, ...(nextSlots ? { nextSlots } : {}), ...booking } as IDataObject,
						pairedItem: { item: i },
					});
					continue;
				}
				throw failure;
			}
		}
		return [out];
	}
}
