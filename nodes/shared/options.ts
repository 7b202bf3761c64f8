/** Settings every Chairside node offers the same way. */
import { IANAZone } from 'luxon';
import { NodeOperationError, type INode, type INodeProperties } from 'n8n-workflow';

export const practiceTimezoneOption: INodeProperties = {
	displayName: 'Practice Time Zone',
	name: 'timezone',
	type: 'string',
	default: '',
	placeholder: 'America/Chicago',
	description: "IANA zone of the practice: PMS data carries local times without a zone. Empty uses the workflow's time zone.",
};

export const referenceTimeOption: INodeProperties = {
	displayName: 'Reference Time',
	name: 'now',
	type: 'dateTime',
	default: '',
	description: 'The "now" that ages, due dates and date ranges are measured from. Empty means the current time; set it to replay or simulate.',
};

/** The practice's zone from the option or the workflow, refused by name when it is not a zone. */
export function practiceTimezone(node: INode, option: unknown, workflowZone: string): string {
	const zone = (typeof option === 'string' && option.trim()) || workflowZone;
	if (!IANAZone.isValidZone(zone)) throw new NodeOperationError(node, `Practice Time Zone "${zone}" is not an IANA time zone (e.g. America/Chicago)`);
	return zone;
}
