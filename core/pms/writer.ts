/**
 * What Chairside writes back to a practice-management system: bookings, confirmations,
 * cancellations, communication-log entries, contact consent. Open Dental and NexHealth implement it.
 */
import type { Slot } from '../booking/slots';

export interface SlotQuery {
	/** yyyy-MM-dd, inclusive. */
	from: string;
	to: string;
	lengthMinutes: number;
	providerId: string | null;
	operatoryId: string | null;
}

export interface BookRequest {
	patientId: string;
	/** Practice-local "yyyy-MM-dd HH:mm:ss". */
	start: string;
	lengthMinutes: number;
	providerId: string;
	operatoryId: string;
	note: string;
	/** From core/booking/key: the same booking always carries the same key. */
	key: string;
	/** A planned appointment to schedule instead of a new one. */
	plannedAppointmentId: string | null;
}

export interface Booking {
	appointmentId: string;
	/** True when the appointment already existed: a retry found what an earlier try made. */
	reused: boolean;
	/**
	 * The PMS has accepted the booking but not yet written it (NexHealth writes asynchronously and
	 * confirms with its insertion webhook): never reported to anyone as booked until then.
	 */
	pending?: boolean;
}

/** The slot was free when offered and is not any more; nothing was written. */
export class SlotTakenError extends Error {
	constructor(readonly request: BookRequest) {
		super(`The slot at ${request.start} in operatory ${request.operatoryId} is no longer free`);
		this.name = 'SlotTakenError';
	}
}

export type ConfirmValue = 'None' | 'Sent' | 'Confirmed' | 'Not Accepted' | 'Failed';

export interface CancelRequest {
	/**
	 * Charts D9986 (Missed) or D9987 (Cancelled). Omitted or null: none, which is what an office on
	 * default settings accepts (apiappointments.html calls breakType "rarely used").
	 */
	reason?: 'Missed' | 'Cancelled' | null;
	toUnscheduledList: boolean;
}

export interface CommlogRequest {
	patientId: string;
	note: string;
	mode: 'Text' | 'Email';
	direction: 'Sent' | 'Received';
	/** Practice-local "yyyy-MM-dd HH:mm:ss"; null means the PMS's now. */
	at: string | null;
	/** Tagged into the note: after a lost answer the entry is found, not written twice. */
	key?: string | null;
}

export interface LoggedCommunication {
	id: string;
	/** The keyed entry was already in the chart (its POST had landed before the answer was lost). */
	reused: boolean;
	/** Set when the PMS has no chart-note write (NexHealth): why nothing was charted; the journal keeps the note. */
	notCharted?: string;
}

export type TextConsent = 'Yes' | 'No' | 'Unknown';

export interface PmsWriter {
	openSlots(query: SlotQuery): Promise<Slot[]>;
	/** Exactly one appointment per key; throws SlotTakenError when the time is no longer free. */
	book(request: BookRequest): Promise<Booking>;
	confirm(appointmentId: string, value: ConfirmValue): Promise<void>;
	/** False when the appointment was already broken: a repeat changes nothing. */
	cancel(appointmentId: string, request: CancelRequest): Promise<boolean>;
	/** Returns the new log entry's id. */
	logCommunication(request: CommlogRequest): Promise<LoggedCommunication>;
	setTextConsent(patientId: string, consent: TextConsent): Promise<void>;
}
