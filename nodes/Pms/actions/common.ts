import { DateTime } from 'luxon';
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import type { Patient } from '../../../core/model/case';
import type { WithPmsIds } from '../../../core/pms/reader';
import { conversationOf } from '../../shared/conversation';
import { dateFieldText } from '../../shared/options';
import { itemRun, type PmsRun, type RunContext } from '../../shared/pms/context';
import type { Emit, NodeFailure, PerItemOperation } from '../../shared/router';

export type { RunContext } from '../../shared/pms/context';
export { idField } from '../../shared/pms/context';

/** A PMS operation; readRun refuses one that writes on a read-only credential. */
export interface PmsOperation extends PerItemOperation<PmsRun> {
	writes?: boolean;
}

/**
 * A PMS operation from its fields and what it reads or writes for one item at the item's
 * Reference Time. Each row becomes an item with its `pmsIds`; a booking conversation travels with
 * every row and always gets an item back (`found: 0` when no slot is free), so its next step can
 * answer the patient.
 */
export function pmsOperation(operation: {
	description: INodeProperties[];
	writes?: boolean;
	execute(ctx: IExecuteFunctions, itemIndex: number, run: RunContext): Promise<Array<WithPmsIds<object>>>;
}): PmsOperation {
	return {
		runs: 'perItem',
		description: operation.description,
		writes: operation.writes,
		async execute(ctx, i, run): Promise<Emit[]> {
			const booking = conversationOf(ctx.getInputData()[i].json);
			const rows = await operation.execute(ctx, i, itemRun(ctx, i, run));
			if (!rows.length && booking.booking) return [{ json: { found: 0, ...booking } }];
			return rows.map(({ item, pmsIds }) => ({ json: { ...(item as IDataObject), pmsIds, ...booking } }));
		},
		onError: failedItem,
	};
}

/** Under continueOnFail: a taken slot still offers what to propose instead, and a conversation keeps its fields. */
function failedItem(failure: NodeFailure, ctx: IExecuteFunctions, i: number): Emit {
	const { nextSlots, staffTask } = failure.context;
	// A lost chart note. Only `error`, `message` and `details` keep an item on n8n's error output
	// (WorkflowExecute.handleNodeErrorOutput; an item `error` would reset the json), so the task rides in `details`.
	if (staffTask) return { json: { error: failure.message, details: staffTask as IDataObject } };
	const booking = conversationOf(ctx.getInputData()[i].json);
	return { json: { error: failure.message, ...(nextSlots ? { nextSlots } : {}), ...booking } as IDataObject };
}

export function showFor(resource: string, operation: string): INodeProperties['displayOptions'] {
	return { show: { resource: [resource], operation: [operation] } };
}

/** yyyy-MM-dd in the practice's calendar, from an n8n date field (text or an expression's DateTime). */
export function calendarDate(value: unknown, run: RunContext, fallback: DateTime): string {
	const text = dateFieldText(value);
	if (!text) return fallback.setZone(run.timezone).toISODate() as string;
	return /^\d{4}-\d{2}-\d{2}$/.test(text)
		? text
		: (DateTime.fromISO(text, { setZone: true }).setZone(run.timezone).toISODate() ?? text);
}

/** The From / To pair of a date-range operation; `emptyFrom` and `emptyTo` say what an empty field means. */
export function dateRangeFields(
	show: INodeProperties['displayOptions'],
	emptyFrom: string,
	emptyTo: string,
): INodeProperties[] {
	return [
		{
			displayName: 'From',
			name: 'from',
			type: 'dateTime',
			default: '',
			description: `First day (in the practice time zone). Empty means ${emptyFrom}.`,
			displayOptions: show,
		},
		{
			displayName: 'To',
			name: 'to',
			type: 'dateTime',
			default: '',
			description: `Last day, included. Empty means ${emptyTo}.`,
			displayOptions: show,
		},
	];
}

export const includePatientField = (show: INodeProperties['displayOptions']): INodeProperties => ({
	displayName: 'Include Patient',
	name: 'includePatient',
	type: 'boolean',
	default: false,
	description:
		"Whether to add each patient's contact details and next booked visit (what a journey needs to message them and to stop once they book). Costs two requests per patient.",
	displayOptions: show,
});

/** Adds `patient` and `nextAppointment` (start of the next scheduled visit, or null) to items that carry a patientId. */
export async function withPatients<T extends { patientId: string }>(
	rows: Array<WithPmsIds<T>>,
	run: RunContext,
): Promise<Array<WithPmsIds<T & { patient: Patient; nextAppointment: string | null }>>> {
	const seen = new Map<string, Promise<{ patient: Patient; nextAppointment: string | null }>>();
	const from = run.now.setZone(run.timezone).toISODate() as string;
	const lookup = (patientId: string) => {
		let found = seen.get(patientId);
		if (!found) {
			found = (async () => {
				const { item: patient } = await run.reader.getPatient(patientId);
				const booked = await run.reader.getAppointments({ from, to: '2099-12-31', statuses: ['scheduled'], patientId });
				const starts = booked.map((a) => a.item.start).sort();
				return { patient, nextAppointment: starts[0] ?? null };
			})();
			seen.set(patientId, found);
		}
		return found;
	};
	const out = [];
	// One patient at a time: the PMS throttles, and the reader already paces its requests.
	for (const row of rows) out.push({ ...row, item: { ...row.item, ...(await lookup(row.item.patientId)) } });
	return out;
}

/** An id parameter, trimmed, refused by name unless it is a whole number (the PMS's key). */
export function idParameter(ctx: IExecuteFunctions, name: string, label: string, i: number): string {
	const value = String(ctx.getNodeParameter(name, i, '') ?? '').trim();
	if (!/^\d+$/.test(value))
		throw new NodeOperationError(ctx.getNode(), `${label} must be a whole number (an Open Dental id)`, {
			itemIndex: i,
		});
	return value;
}

/** A menu of PMS values shown as they are; the first is the default. */
export function choiceField(
	displayName: string,
	name: string,
	values: readonly string[],
	description: string,
	show: INodeProperties['displayOptions'],
): INodeProperties {
	const [first] = values;
	return {
		displayName,
		name,
		type: 'options',
		options: values.map((v) => ({ name: v, value: v })),
		default: first,
		description,
		displayOptions: show,
	};
}
