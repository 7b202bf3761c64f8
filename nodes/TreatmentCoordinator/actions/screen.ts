import type { IExecuteFunctions } from 'n8n-workflow';
import { screenMessage, type ScreenDirection } from '../../../core/coordinator';
import { coordinatorOperation, showFor, textParameter } from './common';

const show = showFor('screen');

export const screen = coordinatorOperation({
	description: [
		{
			displayName: 'Text',
			name: 'text',
			type: 'string',
			typeOptions: { rows: 3 },
			required: true,
			default: '',
			description:
				"The message to check: the patient's latest message, or the reply you drafted for the patient. The text is not returned.",
			displayOptions: show,
		},
		{
			displayName: 'Direction',
			name: 'direction',
			type: 'options',
			options: [
				{
					name: 'Draft to the Patient',
					value: 'draft',
					description:
						'A reply you want to send. Allowed is false when it gives clinical advice or prognosis, mentions financing, insurance, prices or discounts, or carries a procedure code, tooth number or diagnosis.',
				},
				{
					name: 'From the Patient',
					value: 'patient',
					description:
						'A message the patient sent. Hand Off is true when it asks a clinical or prognosis question, about financing, insurance or cost, for a discount, complains, or is a sensitive situation.',
				},
			],
			default: 'patient',
			description: 'Whether the text came from the patient or is a draft to the patient',
			displayOptions: show,
		},
	],
	execute(ctx: IExecuteFunctions, i: number) {
		const direction = ctx.getNodeParameter('direction', i, 'patient') as ScreenDirection;
		const result = screenMessage(textParameter(ctx, 'text', i), direction);
		// Never the text: it is the patient's words (or a draft that may carry PHI).
		return direction === 'draft' ? { direction, allowed: !result.handOff, ...result } : { direction, ...result };
	},
});
