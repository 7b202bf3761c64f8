/** Patient Risk: one item per patient on the call list, most dollars at risk first. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { patientRisk as rankPatients } from '../../../core/maturity/risk';
import type { Action } from './common';
import { FIRST_ITEM, readPmsItems } from './pmsItems';

export const patientRisk: Action = async (ctx: IExecuteFunctions) => {
	const { items, now } = await readPmsItems(ctx);
	const risk = ctx.getNodeParameter('risk', 0, {}) as IDataObject;
	const ranked = rankPatients(items, {
		now,
		limit: ctx.getNodeParameter('listSize', 0, 12) as number,
		minVisits: risk.minVisits as number | undefined,
		driftThreshold: risk.driftThreshold as number | undefined,
		shrinkThreshold: risk.shrinkThreshold as number | undefined,
	});
	return [
		ranked.list.map((patient) => ({
			json: {
				...patient,
				vipThreshold: ranked.vipThreshold,
				patientsScored: ranked.patientsScored,
			} as unknown as IDataObject,
			pairedItem: FIRST_ITEM,
		})),
	];
};
