import type { IExecuteFunctions } from 'n8n-workflow';
import { calendarDate, dateRangeFields, showFor, pmsOperation, type RunContext } from '../common';

export const getPresented = pmsOperation({
	description: dateRangeFields(
		showFor('treatment', 'getPresented'),
		'the last 90 days up to the reference day',
		'the reference day',
	),
	async execute(ctx: IExecuteFunctions, i: number, run: RunContext) {
		return run.reader.getPresentedPlans({
			// 89 days back plus the reference day itself: 90 calendar days, as Measure counts them.
			from: calendarDate(ctx.getNodeParameter('from', i), run, run.now.setZone(run.timezone).minus({ days: 89 })),
			to: calendarDate(ctx.getNodeParameter('to', i), run, run.now),
		});
	},
});
