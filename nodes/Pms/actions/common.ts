import { DateTime } from 'luxon';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { PmsReader, WithPmsIds } from '../../../core/pms/reader';
import { dateFieldText } from '../../shared/options';

export interface RunContext {
	reader: PmsReader;
	now: DateTime;
	timezone: string;
}

/** One operation: its fields in the editor and what it does for one input item. */
export interface Operation {
	description: INodeProperties[];
	execute(ctx: IExecuteFunctions, itemIndex: number, run: RunContext): Promise<Array<WithPmsIds<object>>>;
}

export function showFor(resource: string, operation: string): INodeProperties['displayOptions'] {
	return { show: { resource: [resource], operation: [operation] } };
}

/** yyyy-MM-dd in the practice's calendar, from an n8n date field (text or an expression's DateTime). */
export function calendarDate(value: unknown, run: RunContext, fallback: DateTime): string {
	const text = dateFieldText(value);
	if (!text) return fallback.setZone(run.timezone).toISODate() as string;
	return /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : (DateTime.fromISO(text, { setZone: true }).setZone(run.timezone).toISODate() ?? text);
}
