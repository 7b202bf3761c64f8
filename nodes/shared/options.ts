/** Settings every Chairside node offers the same way. The practice's zone is its profile's (nodes/shared/practice.ts). */
import { DateTime } from 'luxon';
import { NodeOperationError, type INode, type INodeProperties } from 'n8n-workflow';

export const referenceTimeOption: INodeProperties = {
	displayName: 'Reference Time',
	name: 'now',
	type: 'dateTime',
	default: '',
	description:
		'The "now" that ages, due dates and date ranges are measured from, in the practice\'s time zone. Empty means the current time; set it to replay or simulate.',
};

/**
 * An n8n date field's value as text: ISO from the form, or a DateTime from an expression such as
 * {{ $now }} - n8n's own luxon copy, not ours, so it is read through toISO() rather than instanceof.
 */
export function dateFieldText(value: unknown): string {
	if (value && typeof value === 'object' && typeof (value as { toISO?: unknown }).toISO === 'function') {
		return String((value as { toISO(): string | null }).toISO() ?? '');
	}
	return typeof value === 'string' ? value.trim() : '';
}

/**
 * The Reference Time option as a DateTime, or null when it is empty. A time typed in the editor
 * has no offset: it is the practice's wall-clock time (`zone`), not the server's. A time with an
 * offset (an expression's ISO string) keeps it.
 */
export function referenceTime(node: INode, value: unknown, zone: string, itemIndex?: number): DateTime | null {
	const text = dateFieldText(value);
	if (!text) return null;
	const at = DateTime.fromISO(text, { zone, setZone: true });
	if (!at.isValid) throw new NodeOperationError(node, `Reference Time "${text}" is not a date and time`, { itemIndex });
	return at;
}

/** The Reference Time option as a DateTime: empty means the current time. */
export function referenceNow(node: INode, value: unknown, zone: string, itemIndex?: number): DateTime {
	return referenceTime(node, value, zone, itemIndex) ?? DateTime.now();
}

/** The Options collection of nodes that read practice-local times: "now" (the zone is the practice profile's). */
export const practiceOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [referenceTimeOption],
};
