/**
 * What every PMS operation gets (PMS and Treatment Coordinator): the run's PMS, read once, and one
 * item's view of it; and the id field PMS operations share.
 */
import type { DateTime } from 'luxon';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { PmsReader } from '../../../core/pms/reader';
import type { PmsWriter } from '../../../core/pms/writer';
import { referenceNow } from '../options';
import { readPracticeProfile } from '../practice';
import { pmsBackend } from './backend';
import { readOnlyRefusal } from './opendental';

/** Read once per run: one reader, so providers and clinics are read once and the throttle spans all items. */
export interface PmsRun {
	reader: PmsReader;
	writer: PmsWriter;
	/** PMS times carry no zone: they are the practice's (its profile's). */
	timezone: string;
	/** The profile's Location: a group's locations keep their claims apart (core/state/scoped.ts). */
	location: string;
}

/** One item's run: the PMS and the item's Reference Time. */
export interface RunContext extends PmsRun {
	now: DateTime;
}

/** The node's PMS for this run; an operation that writes is refused on a read-only credential before anything is sent. */
export async function readPmsRun(ctx: IExecuteFunctions, writes: boolean): Promise<PmsRun> {
	const profile = await readPracticeProfile(ctx);
	const { reader, writer, readOnly } = await pmsBackend(ctx, profile);
	if (writes && readOnly) throw readOnlyRefusal(ctx.getNode());
	return { reader, writer, timezone: profile.zone, location: profile.location };
}

/** The run as item `i` sees it: now is its Options > Reference Time, or the current time. */
export function itemRun(ctx: IExecuteFunctions, i: number, run: PmsRun): RunContext {
	return { ...run, now: referenceNow(ctx.getNode(), ctx.getNodeParameter('options.now', i, ''), run.timezone, i) };
}

/** A required id field (Open Dental's PatNum, AptNum, ...). */
export function idField(
	name: string,
	displayName: string,
	description: string,
	show: INodeProperties['displayOptions'],
): INodeProperties {
	return { displayName, name, type: 'string', required: true, default: '', description, displayOptions: show };
}
