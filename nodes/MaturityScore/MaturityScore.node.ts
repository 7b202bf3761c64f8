import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { readRun } from './actions/common';
import { OPERATIONS, properties } from './description';
import { operationSubtitle } from '../shared/subtitle';
import { practiceProfileTest } from '../shared/practice';
import { route } from '../shared/router';

export class MaturityScore implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Maturity Score',
		name: 'maturityScore',
		icon: { light: 'file:maturityScore.svg', dark: 'file:maturityScore.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: operationSubtitle(properties),
		description:
			'Where the practice stands: KPIs measured from the PMS, the 5-stage maturity score with leakage dollars and the next move, and the patients most likely to leave',
		defaults: { name: 'Maturity Score' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Measuring reads PMS dates in the practice's zone; the assessment takes numbers only.
		credentials: [
			{
				name: 'chairsidePracticeApi',
				required: true,
				testedBy: 'practiceProfileTest',
				displayOptions: { show: { operation: ['measure', 'patientRisk', 'providerPay'] } },
			},
		],
		properties,
	};

	methods = { credentialTest: { practiceProfileTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return route(this, { operations: OPERATIONS, readRun });
	}
}
