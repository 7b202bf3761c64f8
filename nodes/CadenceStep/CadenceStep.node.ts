import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { runOperation } from '../shared/router';
import { archive } from './actions/archive';
import { decide } from './actions/decide';
import { enroll } from './actions/enroll';
import { match } from './actions/match';
import { preview } from './actions/preview';
import { record } from './actions/record';
import type { Action } from './actions/common';
import { outputsExpression, properties } from './description';
import { readSettings } from './settings';
import { operationSubtitle } from '../shared/subtitle';
import { practiceProfileTest } from '../shared/practice';

const ACTIONS: Record<string, Action> = { archive, decide, enroll, match, preview, record };

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
		return runOperation(this, ACTIONS, readSettings);
	}
}
