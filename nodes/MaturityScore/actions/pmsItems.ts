/** The PMS items Measure and Patient Risk read, and the "now" they measure at, in the practice's zone. */
import type { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { sortItems, type PmsItems } from '../../../core/maturity/items';
import { referenceNow } from '../../shared/options';
import { readPracticeProfile } from '../../shared/practice';

export interface PmsRead {
	items: PmsItems;
	now: DateTime;
}

export async function readPmsItems(ctx: IExecuteFunctions): Promise<PmsRead> {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const { zone } = await readPracticeProfile(ctx);
	const now = referenceNow(ctx.getNode(), options.now, zone).setZone(zone);
	const input = ctx.getInputData();
	const items = sortItems(input.map((item) => item.json));
	if (input.length > 0 && items.skipped.length === input.length) {
		const first = items.skipped[0];
		throw new Error(
			`none of the ${input.length} input items is a PMS appointment, completed procedure or presented plan (item ${first.index}: ${first.why})`,
		);
	}
	return { items, now };
}

/** One result for many inputs: paired with the first input item, not all of them (hundreds of thousands). */
export const FIRST_ITEM: INodeExecutionData['pairedItem'] = { item: 0 };
