import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { runOperation } from '../shared/router';
import { confirm } from './actions/confirm';
import { offer } from './actions/offer';
import { route } from './actions/route';
import type { Action } from './actions/common';
import { outputsExpression, properties } from './description';
import { readSettings } from './settings';
import { operationSubtitle } from '../shared/subtitle';
import { practiceProfileTest } from '../shared/practice';

const ACTIONS: Record<string, Action> = { route, offer, confirm };

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
		return runOperation(this, ACTIONS, readSettings);
	}
}
