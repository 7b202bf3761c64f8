import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { checkHealing, HEALING_OUTCOMES } from '../../core/healing/decide';
import { toNodeError } from '../shared/errors';
import { OUTPUT_NAMES, properties } from './description';
import { itemReader } from './read';
import { readPracticeProfile, practiceProfileTest } from '../shared/practice';

const NEEDS_REVIEW = HEALING_OUTCOMES.indexOf('needs_review');

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
		properties,
	};

	methods = { credentialTest: { practiceProfileTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[][] = HEALING_OUTCOMES.map(() => []);
		const read = itemReader(this, await readPracticeProfile(this));
		for (let i = 0; i < items.length; i++) {
			try {
				const { answer, context } = read(i);
				const { outcome, score, rule, reason, dueAt, reply } = checkHealing(answer, context);
				const healing = { outcome, score, rule, reason, dueAt, reply, milestone: context.milestone };
				out[HEALING_OUTCOMES.indexOf(outcome)].push({ json: { ...items[i].json, healing }, pairedItem: { item: i } });
			} catch (error) {
				const failure = toNodeError(this.getNode(), error, i);
				if (!this.continueOnFail()) throw failure;
				// A person looks at Needs Review: an item that could not be checked belongs there.
				out[NEEDS_REVIEW].push({
					json: { ...items[i].json, error: failure.message } as IDataObject,
					pairedItem: { item: i },
				});
			}
		}
		return out;
	}
}
