/** Measure: one item with the practice's KPIs over the window, from the merged PMS items. */
import type { IDataObject } from 'n8n-workflow';
import { measure as measurePractice } from '../../../core/maturity/measure';
import { runError, show, type MaturityOperation } from './common';
import { FIRST_ITEM, type PmsRead } from './pmsItems';
import { LAPSED_MONTHS } from '../../../core/model/lapsed';

/** A source left out of Other Sources is "not known" (its metric is not scored), never 0. */
function given(sources: IDataObject, name: string): number | null {
	const value = sources[name];
	return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export const measure: MaturityOperation = {
	runs: 'perRun',
	onError: runError,
	description: [
		{
			displayName:
				'How each metric is measured over the window: no-show rate = broken / (broken + completed) appointments before now; unscheduled-treatment recovery = plans presented in the window now scheduled or completed / all presented; treatment acceptance = accepted / presented fees; recall reactivation = patients lapsed 12+ months at the window start who completed a visit in it / those lapsed; rebooking = patients with a completed visit who have a later appointment booked; online-booking share = online bookings / appointments in the window.',
			name: 'definitions',
			type: 'notice',
			default: '',
			displayOptions: show('measure'),
		},
		{
			displayName: 'Window (Days)',
			name: 'windowDays',
			type: 'number',
			typeOptions: { minValue: 7, maxValue: 730 },
			default: 90,
			description:
				'Days measured, ending on the reference day. The PMS nodes before this one must read at least this far back (and 12 months further for recall reactivation).',
			displayOptions: show('measure'),
		},
		{
			displayName: 'Lapsed After (Months)',
			name: 'lapsedMonths',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 60 },
			default: LAPSED_MONTHS,
			description:
				'A patient whose last completed visit is older than this at the start of the window counts as lapsed for recall reactivation',
			displayOptions: show('measure'),
		},
		{
			displayName: 'Other Sources',
			name: 'otherSources',
			type: 'collection',
			placeholder: 'Add Source',
			default: {},
			description: 'Numbers the PMS does not hold. Leave one out and its metric is not scored.',
			displayOptions: show('measure'),
			options: [
				{
					displayName: 'Online Bookings in Window',
					name: 'onlineBookings',
					type: 'number',
					typeOptions: { minValue: 0 },
					default: 0,
					description: 'Appointments booked online (web scheduler, NexHealth, Google) in the window',
				},
				{
					displayName: 'Google Reviews in Window',
					name: 'reviews',
					type: 'number',
					typeOptions: { minValue: 0 },
					default: 0,
					description: 'New Google reviews in the window',
				},
				{
					displayName: 'Front-Desk Hours a Week on Manual Work',
					name: 'frontDeskHours',
					type: 'number',
					typeOptions: { minValue: 0 },
					default: 0,
					description: 'Hours a week the team spends copying data between systems and calling through lists',
				},
			],
		},
	],
	execute(ctx, run) {
		const { items, now } = run as PmsRead;
		const sources = ctx.getNodeParameter('otherSources', 0, {}) as IDataObject;
		const measurement = measurePractice(items, {
			now,
			windowDays: ctx.getNodeParameter('windowDays', 0, 90) as number,
			lapsedMonths: ctx.getNodeParameter('lapsedMonths', 0, LAPSED_MONTHS) as number,
			onlineBookings: given(sources, 'onlineBookings'),
			reviews: given(sources, 'reviews'),
			frontDeskHours: given(sources, 'frontDeskHours'),
		});
		return [[{ json: measurement as unknown as IDataObject, pairedItem: FIRST_ITEM }]];
	},
};
