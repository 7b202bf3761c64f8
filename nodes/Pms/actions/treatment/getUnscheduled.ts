import type { IExecuteFunctions } from 'n8n-workflow';
import { CATEGORIES, type Category } from '../../../../core/model/category';
import { showFor, pmsOperation, type RunContext } from '../common';

const show = showFor('treatment', 'getUnscheduled');
const label = (c: string) => c.replace('_', ' / ').replace(/\b\w/g, (m) => m.toUpperCase());

export const getUnscheduled = pmsOperation({
	description: [
		{
			displayName: 'Minimum Age (Hours)',
			name: 'minAgeHours',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 24,
			description: 'Only plans presented at least this long ago, so patients get time to book on their own',
			displayOptions: show,
		},
		{
			displayName: 'Minimum Case Value',
			name: 'minValue',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description: 'Smallest total planned fee to include',
			displayOptions: show,
		},
		{
			displayName: 'Maximum Case Value',
			name: 'maxValue',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description: 'Largest total planned fee to include; 0 means no limit',
			displayOptions: show,
		},
		{
			displayName: 'Categories',
			name: 'categories',
			type: 'multiOptions',
			options: CATEGORIES.map((c) => ({ name: label(c), value: c })),
			default: [],
			description: 'Only cases whose main category is one of these; none selected means all',
			displayOptions: show,
		},
		{
			displayName: 'Provider',
			name: 'provider',
			type: 'string',
			default: '',
			placeholder: 'DOC1',
			description: "Only the patients of this provider (Open Dental's provider abbreviation)",
			displayOptions: show,
		},
		{
			displayName: 'Clinic',
			name: 'clinic',
			type: 'string',
			default: '',
			placeholder: 'DTWN',
			description: "Only this clinic (Open Dental's clinic abbreviation)",
			displayOptions: show,
		},
	],
	async execute(ctx: IExecuteFunctions, i: number, run: RunContext) {
		const maxValue = ctx.getNodeParameter('maxValue', i) as number;
		return run.reader.getUnscheduledTreatment({
			now: run.now,
			minAgeHours: ctx.getNodeParameter('minAgeHours', i) as number,
			minValue: ctx.getNodeParameter('minValue', i) as number,
			maxValue: maxValue > 0 ? maxValue : null,
			categories: ctx.getNodeParameter('categories', i) as Category[],
			provider: (ctx.getNodeParameter('provider', i) as string).trim() || null,
			clinic: (ctx.getNodeParameter('clinic', i) as string).trim() || null,
		});
	},
});
