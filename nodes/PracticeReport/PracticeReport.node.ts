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
import { alert } from './actions/alert';
import { GMAIL, readRun, SHEETS, type ReportRun } from './actions/common';
import { email } from './actions/email';
import { huddle } from './actions/huddle';
import { render } from './actions/render';
import { sheet } from './actions/sheet';
import { properties } from './description';

const ROUTER: Router<ReportRun> = { operations: { email, sheet, render, alert, huddle }, readRun };

export class PracticeReport implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Practice Report',
		name: 'practiceReport',
		icon: { light: 'file:practiceReport.svg', dark: 'file:practiceReport.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: operationSubtitle(properties),
		description:
			"The owner's weekly report: stage, leakage dollars, the next move and the call list, by email or as a trend row in Google Sheets; and the huddle list's rows",
		defaults: { name: 'Practice Report' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: GMAIL, required: true, displayOptions: { show: { operation: ['email', 'alert'] } } },
			{ name: SHEETS, required: true, displayOptions: { show: { operation: ['sheet'] } } },
			// The weekly report is the practice's, in its zone.
			{
				name: 'chairsidePracticeApi',
				required: true,
				testedBy: 'practiceProfileTest',
				displayOptions: { show: { operation: ['email', 'sheet', 'render'] } },
			},
		],
		properties,
	};

	methods = { credentialTest: { practiceProfileTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return route(this, ROUTER);
	}
}
