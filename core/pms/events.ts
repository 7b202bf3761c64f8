/** What the PMS Trigger emits: one event per change, with a key that never repeats for the same change. */
import type { DateTime } from 'luxon';
import type { TreatmentCase } from '../model/case';
import type { Category } from '../model/category';
import type { Appointment, ClinicalEvent, ImplantMilestone, LapsedPatient, Recall } from '../model/clinical';

export const PMS_EVENT_TYPES = [
	'treatment_unscheduled',
	'procedure_completed',
	'appointment_scheduled',
	'appointment_broken',
	'appointment_completed',
	'recall_due',
	'recall_overdue',
	'patient_lapsed',
] as const;
export type PmsEventType = (typeof PMS_EVENT_TYPES)[number];

interface EventOf<T extends PmsEventType, D> {
	type: T;
	/** Stable per change: the same change polled twice has the same key (for n8n's de-duplication). */
	key: string;
	data: D;
	pmsIds: Record<string, number | string>;
}

export type PmsEvent =
	| EventOf<'treatment_unscheduled', TreatmentCase>
	| EventOf<'procedure_completed', ClinicalEvent>
	| EventOf<'appointment_scheduled' | 'appointment_broken' | 'appointment_completed', Appointment>
	| EventOf<'recall_due' | 'recall_overdue', Recall>
	| EventOf<'patient_lapsed', LapsedPatient>;

/**
 * Where the last poll stopped. Small on purpose (it lives in the workflow's static data): the
 * newest change stamp delivered, the keys delivered at exactly that stamp (the next poll reads
 * that second again), and the day the date-driven lists were last scanned.
 */
export interface PollCursor {
	/** Practice-local "yyyy-MM-dd HH:mm:ss". */
	changesSince: string;
	boundaryKeys: string[];
	/**
	 * The rows read at exactly `changesSince`, each as it was (id and a digest of its fields): the
	 * next poll reads that second again and skips them before any per-row request, so a burst of
	 * changes in one second is paid for once. Absent in cursors saved before it existed.
	 */
	boundaryRows?: string[];
	/** yyyy-MM-dd: recalls and lapses are emitted for the days after it, up to today. */
	scannedOn: string;
}

export interface PollRequest {
	cursor: PollCursor;
	now: DateTime;
	events: PmsEventType[];
	/** procedure_completed only for these families; empty means all. */
	families: Array<Category | ImplantMilestone>;
	/** recall_due when a recall comes within this many days of its due date. */
	recallDaysAhead: number;
	lapsedMonths: number;
}

export interface PollResult {
	events: PmsEvent[];
	cursor: PollCursor;
	/** Requests the poll cost (what grows with changes, not with practice size). */
	requests: number;
}
