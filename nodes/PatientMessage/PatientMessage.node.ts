import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { unsubscribeLinkTest } from '../shared/unsubscribe';
import { practiceProfileTest } from '../shared/practice';
import { outputsByOperation, route, type Router } from '../shared/router';
import { queueStateTest } from '../shared/state';
import { check, CHECK_OUTPUTS } from './actions/check';
import { readRun, type MessageRun } from './actions/common';
import { send, SEND_OUTPUTS } from './actions/send';
import { operation, options } from './description';
import { GMAIL, TWILIO } from './transport';

// 'send' is the Operation parameter's default.
const ROUTER: Router<MessageRun> = { operations: { send, check }, readRun, default: 'send' };

export class PatientMessage implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Patient Message',
		name: 'patientMessage',
		icon: { light: 'file:patientMessage.svg', dark: 'file:patientMessage.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle:
			'={{ $parameter["operation"] === "check" ? "Check only, sends nothing" : $parameter["messageFrom"] === "fields" ? ($parameter["channel"] === "email" ? "Send an email" : "Send a text") : "Send journey messages" }}',
		description:
			'Send a patient SMS (Twilio) or email (Gmail) through the Chairside guard: consent, opt-out, quiet hours, frequency caps, PHI, send-once',
		defaults: { name: 'Patient Message' },
		inputs: [NodeConnectionTypes.Main],
		outputs: outputsByOperation({ send: SEND_OUTPUTS, check: CHECK_OUTPUTS }),
		usableAsTool: true,
		credentials: [
			{ name: 'chairsidePracticeApi', required: true, testedBy: 'practiceProfileTest' },
			{ name: TWILIO, required: false, displayName: 'Twilio (Texts)' },
			{ name: GMAIL, required: false, displayName: 'Gmail (Emails)' },
			{
				name: 'chairsideUnsubscribeApi',
				required: false,
				displayName: 'Unsubscribe Link (Emails)',
				testedBy: 'unsubscribeLinkTest',
			},
			{
				name: 'chairsideQueueStateApi',
				required: false,
				testedBy: 'queueStateTest',
				displayName: 'Shared State (Queue Mode)',
			},
		],
		properties: [operation, ...check.description, ...send.description, options],
	};

	methods = { credentialTest: { queueStateTest, practiceProfileTest, unsubscribeLinkTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return route(this, ROUTER);
	}
}
