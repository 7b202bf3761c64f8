/**
 * The patient's first name for a staff alert (README "Hand-offs to staff"): from the item when it
 * carries one, else read from the PMS at the moment of the alert, once per patient per run. Only
 * the first word of the first name is kept, in memory, for the alert: the journal stores no names,
 * and nothing of the patient record reaches an output, a log or an error (those name the patient
 * by PMS number only). A failed read still hands the task off, by number, and says why by status.
 */
import { PmsApiError } from '../pms/http';

export type NameSource = 'item' | 'pms' | 'not_found' | 'no_lookup';

export interface TaskName {
	firstName: string | null;
	source: NameSource;
	/** Why the PMS gave no name (a status, never the record): for the node's hint. */
	problem: string | null;
}

/** Reads one patient's first name from the PMS (the reader's getPatient). */
export type ReadFirstName = (patientId: string) => Promise<string | null | undefined>;

export const firstWord = (name: unknown): string | null =>
	typeof name === 'string' ? name.trim().split(/\s+/)[0] || null : null;

function why(error: unknown): string {
	if (error instanceof PmsApiError) return error.status ? `the PMS answered ${error.status}` : 'the PMS did not answer';
	// Other errors may quote what the PMS sent: only their kind is kept.
	return `the read failed (${error instanceof Error ? error.name : 'unknown error'})`;
}

/**
 * A lookup for one run: the item's own first name wins; else the PMS is read once per patient
 * (concurrent tasks for the same patient share one read). Without a reader, no lookup.
 */
export function firstNames(
	read: ReadFirstName | null,
): (patientId: string | null, fromItem: unknown) => Promise<TaskName> {
	const reads = new Map<string, Promise<TaskName>>();
	return (patientId, fromItem) => {
		const own = firstWord(fromItem);
		if (own) return Promise.resolve({ firstName: own, source: 'item', problem: null });
		if (!read || !patientId) return Promise.resolve({ firstName: null, source: 'no_lookup', problem: null });
		let pending = reads.get(patientId);
		if (!pending) {
			pending = read(patientId).then(
				(name): TaskName => {
					const first = firstWord(name);
					return first
						? { firstName: first, source: 'pms', problem: null }
						: { firstName: null, source: 'not_found', problem: 'the PMS record has no first name' };
				},
				(error: unknown): TaskName => ({ firstName: null, source: 'not_found', problem: why(error) }),
			);
			reads.set(patientId, pending);
		}
		return pending;
	};
}
