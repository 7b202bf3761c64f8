import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { HEALING_OUTCOMES } from '../../core/healing/decide';
import { readPracticeProfile, practiceProfileTest } from '../shared/practice';
import { ONLY_OPERATION, route, type Router } from '../shared/router';
import { check, OUTPUT_NAMES } from './actions/check';
import { itemReader, type ItemReader } from './read';

/** One operation, so no Operation parameter; the run reads the practice profile once. */
const ROUTER: Router<ItemReader> = {
	operations: { [ONLY_OPERATION]: check },
	readRun: async (ctx) => itemReader(ctx, await readPracticeProfile(ctx)),
};

export class HealingCheck implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Healing Check',
		name: 'healingCheck',
		icon: { light: 'file:healingCheck.svg', dark: 'file:healingCheck.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ $parameter.input === "form" ? "form submission" : $parameter.input === "sms" ? "SMS reply" : "SMS or form" }}',
		description:
			"Scores a patient's healing check-in (an SMS rating or a form) and routes it: escalate, reassure, celebrate or needs review, with the reply to send",
		defaults: { name: 'Healing Check' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: HEALING_OUTCOMES.map(() => NodeConnectionTypes.Main),
		outputNames: HEALING_OUTCOMES.map((outcome) => OUTPUT_NAMES[outcome]),
		// The reply names the practice and its phone; call-backs count its business hours.
		credentials: [{ name: 'chairsidePracticeApi', required: true, testedBy: 'practiceProfileTest' }],
		properties: check.description,
	};

	methods = { credentialTest: { practiceProfileTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return route(this, ROUTER);
	}
}
