/** Measure: one item with the practice's KPIs over the window, from the merged PMS items. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { measure as measurePractice } from '../../../core/maturity/measure';
import type { Action } from './common';
import { FIRST_ITEM, readPmsItems } from './pmsItems';
import { LAPSED_MONTHS } from '../../../core/model/lapsed';

/** A source left out of Other Sources is "not known" (its metric is not scored), never 0. */
function given(sources: IDataObject, name: string): number | null {
	const value = sources[name];
	return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export const measure: Action = async (ctx: IExecuteFunctions) => {
	const { items, now } = await readPmsItems(ctx);
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
};
