/**
 * Healing Check's one operation: each check-in scored and sent to its outcome's output with the
 * reply to send. What the practice sets: where the answer is, the milestone, the rules.
 */
import type { INodeProperties } from 'n8n-workflow';
import { checkHealing, HEALING_OUTCOMES, type HealingOutcome } from '../../../core/healing/decide';
import { DEFAULT_QUESTIONNAIRE } from '../../../core/healing/questionnaire';
import { practiceOptions } from '../../shared/options';
import type { PerItemOperation } from '../../shared/router';
import type { ItemReader } from '../read';

/** One output per outcome, in HEALING_OUTCOMES order. */
export const OUTPUT_NAMES: Record<HealingOutcome, string> = {
	escalate: 'Escalate',
	reassure: 'Reassure',
	celebrate: 'Celebrate',
	needs_review: 'Needs Review',
};

const description: INodeProperties[] = [
	{
		displayName: 'Input',
		name: 'input',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Auto-Detect',
				value: 'auto',
				description: 'A Form Trigger submission is read as a form, anything else as an SMS reply',
			},
			{
				name: 'SMS Reply',
				value: 'sms',
				description: 'A text reply: "2", "prob a 2, it\'s throbbing", "4 but I have a fever"',
			},
			{
				name: 'Form Submission',
				value: 'form',
				description:
					"An n8n Form Trigger submission of the questionnaire, fields named by the questionnaire's labels or IDs",
			},
		],
		default: 'auto',
	},
	{
		displayName: 'Reply Text',
		name: 'replyText',
		type: 'string',
		default: '={{ $json.body }}',
		description: "The patient's text (Patient Reply Trigger: body)",
		displayOptions: { hide: { input: ['form'] } },
	},
	{
		displayName: 'Milestone',
		name: 'milestone',
		type: 'string',
		default: '={{ $json.milestone }}',
		description:
			'Extraction, graft, implant_placement, second_stage, abutment or final_crown, or the procedure code. Empty sends the generic copy.',
	},
	{
		displayName: 'Days Since Milestone',
		name: 'daysSince',
		type: 'string',
		default: '={{ $json.daysSinceMilestone }}',
		description:
			'Whole days since the procedure. Some answers are red flags only later (swelling getting worse from day 4, numbness from day 1); empty counts them always.',
	},
	{
		displayName: 'Escalate Within (Business Hours)',
		name: 'escalateWithin',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 72 },
		default: 4,
		description: 'The due time of an escalation (and of a review): this many open hours after the answer',
	},
	{
		displayName: 'Extra Red Flags',
		name: 'redFlags',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		placeholder: 'bad taste, jaw locked',
		description:
			'Phrases that escalate whatever the score, comma or line separated, added to the built-in list (fever, heavy bleeding, pus, numbness after a day, spreading swelling, trouble breathing...). "No fever" does not count.',
	},
	{
		displayName: 'Questionnaire',
		name: 'questionnaire',
		type: 'json',
		default: JSON.stringify(DEFAULT_QUESTIONNAIRE, null, 2),
		description:
			'The form questions (kind scale, choice, yesno, multi or text) and their red-flag answers. The score question is the 1-5 overall comfort. Checked before anything runs.',
	},
	practiceOptions,
];

export const check: PerItemOperation<ItemReader> = {
	runs: 'perItem',
	description,
	outputs: HEALING_OUTCOMES.length,
	execute(ctx, i, read) {
		const { answer, context } = read(i);
		const { outcome, score, rule, reason, dueAt, reply } = checkHealing(answer, context);
		const healing = { outcome, score, rule, reason, dueAt, reply, milestone: context.milestone };
		return { json: { ...ctx.getInputData()[i].json, healing }, output: HEALING_OUTCOMES.indexOf(outcome) };
	},
	// A person looks at Needs Review: an item that could not be checked belongs there.
	onError: (failure, ctx, i) => ({
		json: { ...ctx.getInputData()[i].json, error: failure.message },
		output: HEALING_OUTCOMES.indexOf('needs_review'),
	}),
};
