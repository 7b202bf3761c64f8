/**
 * What Chairside reads from a practice-management system. Open Dental implements it today; a
 * NexHealth backend (Dentrix, Eaglesoft) implements the same interface, so the nodes never change.
 */
import type { DateTime } from 'luxon';
import type { Category } from '../model/category';
import type { TreatmentCase, Patient } from '../model/case';
import type {
	Appointment,
	AppointmentStatus,
	ClinicalEvent,
	ImplantMilestone,
	LapsedPatient,
	PresentedPlan,
	Recall,
} from '../model/clinical';

export interface UnscheduledQuery {
	now: DateTime;
	/** Only plans presented at least this long ago (24 h: docs/facts.md#treatment-follow-up-timing). */
	minAgeHours: number;
	minValue: number;
	maxValue: number | null;
	categories: Category[];
	provider: string | null;
	clinic: string | null;
}

export interface CompletedQuery {
	/** yyyy-MM-dd, inclusive. */
	from: string;
	to: string;
	/** Categories or implant milestones; empty means every procedure. */
	families: Array<Category | ImplantMilestone>;
}

/** Plans presented (dated) from `from` to `to`, yyyy-MM-dd inclusive. */
export interface PresentedQuery {
	from: string;
	to: string;
}

export interface AppointmentQuery {
	from: string;
	to: string;
	statuses: AppointmentStatus[];
	patientId: string | null;
}

export interface RecallQuery {
	now: DateTime;
	/** Due dates from `now` minus daysOverdue to `now` plus daysAhead. */
	daysAhead: number;
	daysOverdue: number;
	types: string[];
}

export interface LapsedQuery {
	now: DateTime;
	months: number;
}

/** Raw ids the PMS uses, carried on every item so a workflow can go back to the record. */
export interface WithPmsIds<T> {
	item: T;
	pmsIds: Record<string, number | string>;
}

/** Whether the PMS answers with these keys, and which version it runs (the go-live check). */
export interface PmsConnection {
	system: string;
	/** The PMS's version as it reports it; null when it does not say. */
	version: string | null;
	/** The oldest version Chairside supports; null when the PMS has no versions that matter. */
	minimumVersion: string | null;
	/** false: older than the minimum; null: unknown. */
	supported: boolean | null;
}

export interface PmsReader {
	/** Answers only when the keys work; a refusal throws like any read. Absent: the PMS cannot be asked. */
	connection?(): Promise<PmsConnection>;
	getUnscheduledTreatment(query: UnscheduledQuery): Promise<Array<WithPmsIds<TreatmentCase>>>;
	getCompletedProcedures(query: CompletedQuery): Promise<Array<WithPmsIds<ClinicalEvent>>>;
	getPresentedPlans(query: PresentedQuery): Promise<Array<WithPmsIds<PresentedPlan>>>;
	getAppointments(query: AppointmentQuery): Promise<Array<WithPmsIds<Appointment>>>;
	getAppointment(id: string): Promise<WithPmsIds<Appointment>>;
	getRecallsDue(query: RecallQuery): Promise<Array<WithPmsIds<Recall>>>;
	getPatient(id: string): Promise<WithPmsIds<Patient>>;
	getLapsedPatients(query: LapsedQuery): Promise<Array<WithPmsIds<LapsedPatient>>>;
}
