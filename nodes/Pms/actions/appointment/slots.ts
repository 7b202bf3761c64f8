/** What Find Open Slots and Book share: the slot's shape, the preferred windows, slots as items. */
import { DateTime } from 'luxon';
import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { parseWindows, pickSlots, type Slot, type Window } from '../../../../core/booking/slots';
import type { WithPmsIds } from '../../../../core/pms/reader';
import type { RunContext } from '../common';

export const LOCAL = 'yyyy-MM-dd HH:mm:ss';

export function lengthField(show: INodeProperties['displayOptions']): INodeProperties {
	return {
		displayName: 'Length (Minutes)',
		name: 'lengthMinutes',
		type: 'number',
		typeOptions: { minValue: 5 },
		default: 30,
		description: 'Appointment length, a multiple of 5 (Open Dental books in 5-minute units)',
		displayOptions: show,
	};
}

export function windowsField(show: INodeProperties['displayOptions'], description: string): INodeProperties {
	return {
		displayName: 'Preferred Windows',
		name: 'windows',
		type: 'string',
		default: '',
		placeholder: 'Tue-Thu 09:00-12:00; Mon 14:00-17:00',
		description,
		displayOptions: show,
	};
}

export function maxOptionsField(show: INodeProperties['displayOptions']): INodeProperties {
	return {
		displayName: 'Max Options',
		name: 'maxOptions',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 3,
		description: 'At most this many slots, spread over different days before two on one day',
		displayOptions: show,
	};
}

export function lengthParameter(ctx: IExecuteFunctions, i: number): number {
	const length = ctx.getNodeParameter('lengthMinutes', i) as number;
	if (!Number.isInteger(length) || length < 5 || length % 5 !== 0) {
		throw new NodeOperationError(ctx.getNode(), `Length (Minutes) must be a positive multiple of 5, not ${length}`, {
			itemIndex: i,
		});
	}
	return length;
}

export function readWindows(ctx: IExecuteFunctions, i: number): Window[] {
	try {
		return parseWindows(String(ctx.getNodeParameter('windows', i, '') ?? ''));
	} catch (error) {
		// parseWindows throws only for the text it could not read.
		throw new NodeOperationError(ctx.getNode(), `Preferred Windows: ${(error as Error).message}`, { itemIndex: i });
	}
}

/** The best few of the openings from `from` to `to` (yyyy-MM-dd), none before the reference time. */
export async function bestSlots(
	ctx: IExecuteFunctions,
	i: number,
	run: RunContext,
	query: { from: string; to: string; lengthMinutes: number; providerId: string | null; operatoryId: string | null },
): Promise<Slot[]> {
	const windows = readWindows(ctx, i);
	const slots = await run.writer.openSlots(query);
	const notBefore = run.now.setZone(run.timezone).toFormat(LOCAL);
	return pickSlots(slots, { windows, limit: ctx.getNodeParameter('maxOptions', i, 3) as number, notBefore });
}

/** A slot as the node outputs it: ISO times with the practice's offset. */
export interface SlotOption {
	start: string;
	end: string;
	providerId: string;
	operatoryId: string;
}

export function slotItem(slot: Slot, run: RunContext): WithPmsIds<SlotOption> {
	const iso = (local: string) => DateTime.fromFormat(local, LOCAL, { zone: run.timezone }).toISO() as string;
	return {
		item: { start: iso(slot.start), end: iso(slot.end), providerId: slot.providerId, operatoryId: slot.operatoryId },
		pmsIds: { ProvNum: Number(slot.providerId), OpNum: Number(slot.operatoryId) },
	};
}
