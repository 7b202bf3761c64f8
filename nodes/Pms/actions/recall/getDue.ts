import type { IExecuteFunctions } from 'n8n-workflow';
import { includePatientField, showFor, withPatients, pmsOperation, type RunContext } from '../common';

const show = showFor('recall', 'getDue');

export const getDue = pmsOperation({
	description: [
		{
			displayName: 'Days Ahead',
			name: 'daysAhead',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 28,
			description:
				'Include recalls due up to this many days from now (recall outreach starts 4 weeks before the due date)',
			displayOptions: show,
		},
		{
			displayName: 'Days Overdue',
			name: 'daysOverdue',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 182,
			description: 'Include recalls overdue by up to this many days; older ones belong to reactivation',
			displayOptions: show,
		},
		{
			displayName: 'Recall Types',
			name: 'types',
			type: 'multiOptions',
			options: [
				{ name: 'Prophy', value: 'Prophy' },
				{ name: 'Perio', value: 'Perio' },
			],
			default: [],
			description: 'None selected means both',
			displayOptions: show,
		},
		includePatientField(show),
	],
	async execute(ctx: IExecuteFunctions, i: number, run: RunContext) {
		const recalls = await run.reader.getRecallsDue({
			now: run.now,
			daysAhead: ctx.getNodeParameter('daysAhead', i) as number,
			daysOverdue: ctx.getNodeParameter('daysOverdue', i) as number,
			types: ctx.getNodeParameter('types', i) as string[],
		});
		return ctx.getNodeParameter('includePatient', i, false) ? withPatients(recalls, run) : recalls;
	},
});
