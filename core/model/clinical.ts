/**
 * What happens in the chair and on the schedule, as Chairside's journeys read it, whatever PMS
 * it came from. Dates are the practice's calendar dates; instants carry their UTC offset.
 */
import type { Category } from './category';
import type { Patient } from './case';

/** Implant journey milestones, from completed procedure codes (docs/facts.md#implant-journey). */
export const IMPLANT_MILESTONES = [
	'extraction',
	'graft',
	'implant_placement',
	'second_stage',
	'abutment',
	'final_crown',
] as const;
export type ImplantMilestone = (typeof IMPLANT_MILESTONES)[number];

export function milestoneOf(code: string): ImplantMilestone | null {
	const match = /^D(\d{4})$/i.exec(code.trim());
	if (!match) return null;
	const n = Number(match[1]);
	if (n === 7140 || n === 7210) return 'extraction';
	if (n === 7953 || n === 6104) return 'graft';
	if (n === 6010) return 'implant_placement';
	if (n === 6011) return 'second_stage';
	if (n === 6056 || n === 6057) return 'abutment';
	if (n >= 6058 && n <= 6067) return 'final_crown';
	return null;
}

export const APPOINTMENT_STATUSES = [
	'scheduled',
	'completed',
	'broken',
	'unscheduled_list',
	'asap',
	'planned',
	'note',
] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export interface Appointment {
	id: string;
	patientId: string;
	status: AppointmentStatus;
	/** ISO 8601 with the practice's offset. */
	start: string;
	lengthMinutes: number;
	provider: string | null;
	operatory: string | null;
	clinic: string | null;
	isHygiene: boolean;
	confirmed: string | null;
}

/** A procedure completed in the chair. */
export interface ClinicalEvent {
	id: string;
	patientId: string;
	code: string;
	description: string | null;
	category: Category;
	milestone: ImplantMilestone | null;
	/** yyyy-MM-dd */
	occurredOn: string;
	appointmentId: string | null;
	provider: string | null;
	fee: number;
	tooth: string | null;
}

/** Where a presented plan stands: declined plans stay "presented", they are never accepted. */
export const PLAN_STATUSES = ['open', 'scheduled', 'completed', 'declined'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** A treatment plan shown to the patient, with what of it they went ahead with. */
export interface PresentedPlan {
	planId: string;
	patientId: string;
	/** yyyy-MM-dd */
	presentedOn: string;
	status: PlanStatus;
	/** Sum of the plan's procedure fees. */
	fee: number;
	/** Fees of the plan's procedures that are scheduled or completed. */
	acceptedFee: number;
	provider: string | null;
}

export interface Recall {
	patientId: string;
	patientName: string;
	type: string;
	/** yyyy-MM-dd */
	dueDate: string;
	lastVisit: string | null;
	interval: string | null;
	remindersSent: number;
	lastReminded: string | null;
	/** Days past due at "now" (negative: not due yet). */
	daysOverdue: number;
}

export interface LapsedPatient {
	patient: Patient;
	/** yyyy-MM-dd of the last completed visit. */
	lastVisit: string;
	monthsSinceVisit: number;
}
