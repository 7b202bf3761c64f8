/** What every PMS operation gets for one run, and the id field PMS operations share (also Treatment Coordinator's). */
import type { DateTime } from 'luxon';
import type { INodeProperties } from 'n8n-workflow';
import type { PmsReader } from '../../../core/pms/reader';
import type { PmsWriter } from '../../../core/pms/writer';

export interface RunContext {
	reader: PmsReader;
	writer: PmsWriter;
	now: DateTime;
	timezone: string;
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
