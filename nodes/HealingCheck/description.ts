/** What the practice sets in Healing Check: where the answer is, the milestone, the practice, the rules. */
import type { INodeProperties } from 'n8n-workflow';
import type { HealingOutcome } from '../../core/healing/decide';
import { DEFAULT_QUESTIONNAIRE } from '../../core/healing/questionnaire';
import { referenceTimeOption } from '../shared/options';

/** One output per outcome, in HEALING_OUTCOMES order. */
export const OUTPUT_NAMES: Record<HealingOutcome, string> = {
	escalate: 'Escalate',
	reassure: 'Reassure',
	celebrate: 'Celebrate',
	needs_review: 'Needs Review',
};

export const properties: INodeProperties[] = [
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
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [referenceTimeOption],
	},
];
