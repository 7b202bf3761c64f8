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

export class CadenceStep implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Cadence Step',
		name: 'cadenceStep',
		icon: { light: 'file:cadenceStep.svg', dark: 'file:cadenceStep.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: operationSubtitle(properties, 'journey'),
		description:
			'The journey engine: enroll cases, decide the next touch at "now", preview a journey, record outcomes, archive finished enrollments',
		defaults: { name: 'Cadence Step' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		inputNames: ['Cases', 'Journal'],
		credentials: [{ name: 'chairsidePracticeApi', required: true, testedBy: 'practiceProfileTest' }],
		outputs: outputsExpression,
		properties,
	};

	methods = { credentialTest: { practiceProfileTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return route(this, { operations: OPERATIONS, readRun });
	}
}
