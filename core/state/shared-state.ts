/**
 * The state every Chairside side effect is claimed in before it happens: a text, an email, a
 * booking, a chart note, an inbound delivery. Shared by every execution that can act for the
 * practice (README "Scaling out"): the n8n process in regular mode, every worker in queue mode.
 *
 * A claim is recorded before the side effect and finished after it, so a later run can tell
 * "done" from "in flight" from "interrupted", and nobody acts twice.
 */

/**
 * 'fact': something the guard reads before sending (a number the provider refuses for good).
 * 'staff_alert': a message to the practice's own staff (a task, a reminder, the daily list).
 */
export type ClaimKind = 'send' | 'booking' | 'chart_note' | 'delivery' | 'fact' | 'staff_alert';

export interface Claim {
	key: string;
	kind: ClaimKind;
	/** 'claimed' until the side effect answered; 'done' after. */
	state: 'claimed' | 'done';
	/** The decision's "now" (ISO, UTC) when it was claimed; null when the record does not say. */
	at: string | null;
	/** Whose side effect (sends count toward that patient's caps). */
	patientId: string | null;
	/** What the side effect produced (a Twilio SID, an AptNum), once done. */
	ref: string | null;
}

export type NewClaim = Omit<Claim, 'state' | 'ref'>;

/** What can be read and written, inside or outside an exclusive section. */
export interface StateView {
	/** The claim recorded under `key`, if any. */
	get(key: string): Promise<Claim | null>;
	/** Records `claim` unless its key is there: null when recorded, else the claim already there. */
	claim(claim: NewClaim): Promise<Claim | null>;
	/** The side effect happened (`ref` names it). */
	finish(key: string, ref: string | null): Promise<void>;
	/** Forgets a claim whose side effect certainly did not happen. */
	release(key: string): Promise<void>;
	/** When the patient's claimed sends were claimed, from `since` (ISO) on: the caps count these. */
	sendsSince(patientId: string, since: string): Promise<string[]>;
}

export interface SharedState extends StateView {
	/**
	 * Runs `work` while no other holder of any of `locks` runs, in any execution sharing this
	 * state (several locks are taken in one order, so two sections cannot wait on each other).
	 * `work` reads and writes through the view it is given (in PostgreSQL: the section's own
	 * transaction, undone when `work` throws); sections do not nest.
	 */
	exclusive<T>(locks: string | readonly string[], work: (view: StateView) => Promise<T>): Promise<T>;
}

/** The locks of a section, each once, in the one order every section takes them. */
export function lockOrder(locks: string | readonly string[]): string[] {
	return [...new Set(typeof locks === 'string' ? [locks] : locks)].sort();
}

/** Lock names: one place, so every path that touches a patient or a chair takes the same lock. */
export const locks = {
	patient: (patientId: string) => `patient:${patientId}`,
	key: (key: string) => `key:${key}`,
	chair: (operatoryId: string | number, day: string) => `chair:${operatoryId}:${day}`,
};

/** Keys of facts: one place, so the writer and the reader of a fact agree. */
export const facts = {
	refusedNumber: (mobile: string) => `refused-number:${mobile}`,
	/** The number texted STOP (or Twilio answered 21610): no text to it until it texts START. */
	optedOutNumber: (mobile: string) => `opted-out:${mobile}`,
	/** The address unsubscribed by its link (core/messaging/unsubscribe.ts addressTag): no email to it again. */
	unsubscribedEmail: (addressTag: string) => `unsubscribed-email:${addressTag}`,
};

/**
 * How long a claimed, unfinished side effect counts as in flight in another execution (the
 * provider calls' own retry budget is minutes): past it, the claim was interrupted.
 */
export const IN_FLIGHT_MINUTES = 10;
