import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { route } from '../shared/router';
import { OPERATIONS, outputsExpression, properties } from './description';
import { readRun } from './settings';
import { operationSubtitle } from '../shared/subtitle';
import { practiceProfileTest } from '../shared/practice';

export class BookingConversation implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Booking Conversation',
		name: 'bookingConversation',
		icon: { light: 'file:bookingConversation.svg', dark: 'file:bookingConversation.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: operationSubtitle(properties),
		description: 'Book by text: route a reply, offer a few approved openings, confirm the booking and stop the journey',
		defaults: { name: 'Booking Conversation' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		inputNames: ['Items', 'Journal'],
		outputs: outputsExpression,
		credentials: [{ name: 'chairsidePracticeApi', required: true, testedBy: 'practiceProfileTest' }],
		properties,
	};

	methods = { credentialTest: { practiceProfileTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return route(this, { operations: OPERATIONS, readRun });
	}
}
