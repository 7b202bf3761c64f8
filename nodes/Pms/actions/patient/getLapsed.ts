import type { IExecuteFunctions } from 'n8n-workflow';
import { LAPSED_MONTHS } from '../../../../core/model/lapsed';
import { showFor, pmsOperation, type RunContext } from '../common';

export const getLapsed = pmsOperation({
	description: [
		{
			displayName: 'Months Since Last Visit',
			name: 'months',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: LAPSED_MONTHS,
			description: 'Active patients whose last completed visit is older than this, with nothing booked',
			displayOptions: showFor('patient', 'getLapsed'),
		},
	],
	async execute(ctx: IExecuteFunctions, i: number, run: RunContext) {
		return run.reader.getLapsedPatients({ now: run.now, months: ctx.getNodeParameter('months', i) as number });
	},
});
