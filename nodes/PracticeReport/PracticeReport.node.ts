import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { benchmarkRows } from '../../core/maturity/benchmarks';
import { huddleRow } from '../../core/report/huddle';
import { reportItems } from '../../core/report/items';
import type { WeeklyReportInput } from '../../core/report/weekly';
import { toNodeError } from '../shared/errors';
import { referenceNow } from '../shared/options';
import { readPracticeProfile, practiceProfileTest } from '../shared/practice';
import { alertAll, deliver, GMAIL, SHEETS } from './deliver';
import { properties } from './description';
import { operationSubtitle } from '../shared/subtitle';

export class PracticeReport implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Practice Report',
		name: 'practiceReport',
		icon: { light: 'file:practiceReport.svg', dark: 'file:practiceReport.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: operationSubtitle(properties),
		description:
			"The owner's weekly report: stage, leakage dollars, the next move and the call list, by email or as a trend row in Google Sheets; and the huddle list's rows",
		defaults: { name: 'Practice Report' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: GMAIL, required: true, displayOptions: { show: { operation: ['email', 'alert'] } } },
			{ name: SHEETS, required: true, displayOptions: { show: { operation: ['sheet'] } } },
			// The weekly report is the practice's, in its zone.
			{
				name: 'chairsidePracticeApi',
				required: true,
				testedBy: 'practiceProfileTest',
				displayOptions: { show: { operation: ['email', 'sheet', 'render'] } },
			},
		],
		properties,
	};

	/** All input items make one report (the assessment and its call list); Email Staff sends one email per item. */
	methods = { credentialTest: { practiceProfileTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const operation = this.getNodeParameter('operation', 0) as 'email' | 'sheet' | 'render' | 'alert' | 'huddle';
		if (operation === 'alert') return [await alertAll(this)];
		// One row per case, each cell safe to open in a spreadsheet (core/report/cells.ts).
		if (operation === 'huddle')
			return [items.map((item, i) => ({ json: huddleRow(item.json), pairedItem: { item: i } }))];
		try {
			const options = this.getNodeParameter('options', 0, {}) as IDataObject;
			const { name: practiceName, zone } = await readPracticeProfile(this);
			const now = referenceNow(this.getNode(), options.now, zone);
			const input: WeeklyReportInput = {
				...reportItems(items.map((item) => item.json)),
				practiceName,
				weekOf: now.setZone(zone).toISODate() as string,
				zone,
				benchmarks: benchmarkRows(),
			};
			const json = await deliver(this, operation, input, now);
			return [[{ json, pairedItem: items.map((_, item) => ({ item })) }]];
		} catch (error) {
			const failure = toNodeError(this.getNode(), error);
			if (!this.continueOnFail()) throw failure;
			return [[{ json: { error: failure.message }, pairedItem: items.map((_, item) => ({ item })) }]];
		}
	}
}
