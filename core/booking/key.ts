/**
 * The booking key: deterministic from what is booked and the caller's own key, written into the
 * appointment's note so a retry after a lost answer finds the appointment it already made.
 */
import { createHash } from 'node:crypto';

export interface KeyInput {
	patientId: string;
	/** Practice-local "yyyy-MM-dd HH:mm:ss". */
	start: string;
	providerId: string;
	operatoryId: string;
	/** The workflow's own id for this booking (a conversation, an offer); may be empty. */
	callerKey: string;
}

export function bookingKey(input: KeyInput): string {
	return shortKey([input.patientId, input.start, input.providerId, input.operatoryId, input.callerKey.trim()]);
}

/** A chart entry's key: the patient and the caller's own id for it (a message's send key). */
export function logKey(patientId: string, callerKey: string): string {
	return shortKey(['commlog', patientId, callerKey.trim()]);
}

function shortKey(parts: string[]): string {
	return createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 16);
}

/** How the key appears in a note: short, and unlikely to occur in anything staff type. */
export function keyTag(key: string): string {
	return `[chairside:${key}]`;
}

export function noteWithKey(note: string, key: string): string {
	return note.trim() ? `${note.trim()} ${keyTag(key)}` : keyTag(key);
}
