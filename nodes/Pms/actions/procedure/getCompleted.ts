import type { IExecuteFunctions } from 'n8n-workflow';
import { CATEGORIES, type Category } from '../../../../core/model/category';
import { IMPLANT_MILESTONES, type ImplantMilestone } from '../../../../core/model/clinical';
import {
	calendarDate,
	dateRangeFields,
	includePatientField,
	showFor,
	withPatients,
	pmsOperation,
	type RunContext,
} from '../common';

const show = showFor('procedure', 'getCompleted');
const words = (c: string) => c.replace(/_/g, ' ').replace(/\b\w/g, (m) => m.toUpperCase());

export const getCompleted = pmsOperation({
	description: [
		...dateRangeFields(show, '7 days before the reference time', 'the reference day'),
		{
			displayName: 'Code Families',
			name: 'families',
			type: 'multiOptions',
			options: [
				...IMPLANT_MILESTONES.map((m) => ({ name: `Implant Milestone: ${words(m)}`, value: m })),
				...CATEGORIES.map((c) => ({ name: `Category: ${words(c)}`, value: c })),
			],
			default: [],
			description:
				'Only procedures in these families (implant milestones by CDT code, or categories); none selected means all',
			displayOptions: show,
		},
		includePatientField(show),
	],
	async execute(ctx: IExecuteFunctions, i: number, run: RunContext) {
		const procedures = await run.reader.getCompletedProcedures({
			from: calendarDate(ctx.getNodeParameter('from', i), run, run.now.minus({ days: 7 })),
			to: calendarDate(ctx.getNodeParameter('to', i), run, run.now),
			families: ctx.getNodeParameter('families', i) as Array<Category | ImplantMilestone>,
		});
		return ctx.getNodeParameter('includePatient', i, false) ? withPatients(procedures, run) : procedures;
	},
});
