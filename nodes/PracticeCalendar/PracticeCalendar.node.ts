import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { practiceProfileTest } from '../shared/practice';
import { route, type Router } from '../shared/router';
import { operationSubtitle } from '../shared/subtitle';
import { book } from './actions/book';
import { cancel } from './actions/cancel';
import { readRun, type CalendarRun } from './actions/common';
import { findOpenings } from './actions/findOpenings';
import { properties } from './description';

const ROUTER: Router<CalendarRun> = { operations: { findOpenings, book, cancel }, readRun };

export class PracticeCalendar implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Practice Calendar',
		name: 'practiceCalendar',
		icon: { light: 'file:practiceCalendar.svg', dark: 'file:practiceCalendar.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: operationSubtitle(properties),
		description:
			'Book on a Google Calendar for practices without a PMS API: openings from free/busy, idempotent booking, cancel',
		defaults: { name: 'Practice Calendar' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'chairsideGoogleCalendarOAuth2Api', required: true },
			{ name: 'chairsidePracticeApi', required: true, testedBy: 'practiceProfileTest' },
		],
		properties,
	};

	methods = { credentialTest: { practiceProfileTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return route(this, ROUTER);
	}
}
