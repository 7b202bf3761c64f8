/** Patient Risk: one item per patient on the call list, most dollars at risk first. */
import type { IDataObject } from 'n8n-workflow';
import { patientRisk as rankPatients } from '../../../core/maturity/risk';
import { runError, show, type MaturityOperation } from './common';
import { FIRST_ITEM, type PmsRead } from './pmsItems';

export const patientRisk: MaturityOperation = {
	runs: 'perRun',
	onError: runError,
	description: [
		{
			displayName: 'Call List Size',
			name: 'listSize',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 12,
			description: 'How many patients the call list holds ("call these 12 patients")',
			displayOptions: show('patientRisk'),
		},
		{
			displayName: 'Risk Settings',
			name: 'risk',
			type: 'collection',
			placeholder: 'Add Setting',
			default: {},
			displayOptions: show('patientRisk'),
			options: [
				{
					displayName: 'Drift Threshold',
					name: 'driftThreshold',
					type: 'number',
					typeOptions: { minValue: 1, numberPrecision: 2 },
					default: 1.25,
					description:
						'Weeks since the last visit over the usual weeks between visits that counts as drifting (12 weeks usual, 16 now: 1.33)',
				},
				{
					displayName: 'Minimum Visits',
					name: 'minVisits',
					type: 'number',
					typeOptions: { minValue: 2 },
					default: 3,
					description: 'Visits needed before a usual interval is trusted',
				},
				{
					displayName: 'Shrinking Spend Threshold',
					name: 'shrinkThreshold',
					type: 'number',
					typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
					default: 0.6,
					description: "Last year's production under this share of the year before counts as shrinking",
				},
			],
		},
	],
	execute(ctx, run) {
		const { items, now } = run as PmsRead;
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
	},
};
