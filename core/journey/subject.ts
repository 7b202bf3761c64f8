/**
 * What a journey follows: a treatment case, a recall, a lapsed patient or a missed appointment,
 * read from whatever item the PMS nodes emitted and reduced to the few facts a journey needs.
 */
import { z } from 'zod';
import { LAYMAN, type Category } from '../model/category';
import type { Patient } from '../model/case';
import { IMPLANT_MILESTONES, type ImplantMilestone } from '../model/clinical';
import type { Anchor } from './template';

export interface JourneySubject {
	/** Stable id of the thing followed up: the case id, or a key built from the recall/appointment. */
	subjectId: string;
	kind: 'case' | 'recall' | 'lapsed' | 'missed_appointment' | 'milestone' | 'appointment' | 'visit';
	patient: Patient;
	value: number;
	category: Category;
	layman: string;
	provider: string | null;
	/** yyyy-MM-dd the journey counts from when its anchor is a date of the subject. */
	anchorDate: string | null;
	presentedOn: string | null;
	monthsSinceVisit: number | null;
	/** What the PMS says now: a booked case stops its journey at the next tick; a superseded milestone has a later one. */
	state: 'open' | 'booked' | 'declined' | 'superseded';
	/** The implant milestone this subject follows; null for other journeys. */
	milestone: ImplantMilestone | null;
	/** Procedures of the milestone's visit (several implants: a full-arch plan). */
	units: number;
	scope: 'single' | 'full_arch';
	/** The PMS shows a visit booked ahead (PMS node: Include Patient). */
	nextBooked: boolean;
	/** Days after the milestone the next phase's window opens and closes, from the journey; null when none. */
	phaseWindow: { opensDays: number; closesDays: number } | null;
	/** Appointment journeys: the visit's start (ISO with the practice's offset); null for other subjects. */
	appointmentAt: string | null;
	/** Appointment journeys: the PMS shows the visit confirmed (by text, by phone, at the desk). */
	confirmed: boolean;
}

const patient = z
	.object({
		id: z.string().min(1),
		firstName: z.string(),
		lastName: z.string(),
		mobile: z.string().nullable(),
		email: z.string().nullable(),
		timezone: z.string().min(1),
		smsConsent: z.enum(['yes', 'no', 'unknown']),
		preferredChannel: z.enum(['sms', 'email']).nullable(),
		clinic: z.string().nullable(),
		provider: z.string().nullable(),
		status: z.string().nullable().optional(),
	})
	.passthrough();

const treatmentCase = z
	.object({
		caseId: z.string().min(1),
		patient,
		totalFee: z.number(),
		openFee: z.number().optional(),
		category: z.string(),
		layman: z.string().min(1),
		presentedAt: z.string().nullable(),
		status: z.enum(['unscheduled', 'scheduled', 'completed', 'declined']),
		provider: z.string().nullable(),
		nextAppointment: z.string().nullable().optional(),
	})
	.passthrough();

const recall = z.object({ patientId: z.string(), type: z.string(), dueDate: z.string(), patient }).passthrough();

const lapsed = z.object({ patient, lastVisit: z.string(), monthsSinceVisit: z.number() }).passthrough();

const missed = z
	.object({
		id: z.string(),
		patientId: z.string(),
		status: z.string(),
		start: z.string(),
		provider: z.string().nullable(),
		patient,
	})
	.passthrough();

const milestoneEvent = z
	.object({
		id: z.string(),
		patientId: z.string(),
		code: z.string(),
		occurredOn: z.string(),
		milestone: z.enum(IMPLANT_MILESTONES),
		provider: z.string().nullable(),
		patient,
	})
	.passthrough();

const appointment = z
	.object({
		id: z.string().min(1),
		patientId: z.string(),
		status: z.string(),
		start: z.string().min(10),
		provider: z.string().nullable(),
		confirmed: z.string().nullable().optional(),
		patient,
	})
	.passthrough();

/**
 * Whether the PMS's confirmation status says confirmed. Open Dental gives the practice's own
 * "Appt Confirmed" definition name ("Confirmed", "Texted", "Not Called", "Unconfirmed").
 */
export function isConfirmed(status: string | null | undefined): boolean {
	const text = (status ?? '').toLowerCase();
	return /(?<![a-z])confirmed(?![a-z])/.test(text) && !/(?<![a-z])(?:un|not)\s*-?\s*confirmed/.test(text);
}

/** The subject id of an appointment journey: one enrollment per appointment and journey. */
export const appointmentSubjectId = (appointmentId: string) =>
	`appointment-${appointmentId}`.replace(/[^A-Za-z0-9-]/g, '');

/** The milestone and its date back from an implant subject id; null for other subjects. */
export function milestoneOfSubject(subjectId: string): { milestone: ImplantMilestone; on: string } | null {
	const match = /^implant-[A-Za-z0-9_]+-([a-z_]+)-(\d{4}-\d{2}-\d{2})$/.exec(subjectId);
	const milestone = match?.[1] as ImplantMilestone | undefined;
	return match && milestone && IMPLANT_MILESTONES.includes(milestone) ? { milestone, on: match[2] } : null;
}

const asCategory = (c: string): Category => (c in LAYMAN ? (c as Category) : 'other');

/**
 * The subject an item describes, or an error naming the item and the field. Recalls and missed
 * appointments need the patient's contact details on the item (PMS node: Include Patient).
 */
export function subjectOf(json: Record<string, unknown>, anchor: Anchor | null = null): JourneySubject {
	const booked = typeof json.nextAppointment === 'string' && json.nextAppointment !== '';
	const one = {
		milestone: null,
		units: 1,
		scope: 'single',
		nextBooked: booked,
		phaseWindow: null,
		appointmentAt: null,
		confirmed: false,
	} as const;
	// An appointment journey reads the PMS's appointments themselves (a missed one is the no-show's).
	if (anchor === 'appointment' && 'start' in json && 'status' in json) {
		const a = appointment.parse(json);
		const completed = a.status === 'completed';
		return {
			subjectId: appointmentSubjectId(a.id),
			kind: completed ? 'visit' : 'appointment',
			patient: a.patient as Patient,
			value: 0,
			category: 'other',
			layman: 'your visit',
			provider: a.provider ?? a.patient.provider,
			anchorDate: a.start.slice(0, 10),
			presentedOn: null,
			monthsSinceVisit: null,
			// A reminder follows a visit still on the book; a review request a visit completed. Anything else (broken, moved to the list) ends it.
			state: completed || a.status === 'scheduled' ? 'open' : 'booked',
			...one,
			appointmentAt: a.start,
			confirmed: isConfirmed(a.confirmed),
		};
	}
	if ('caseId' in json) {
		const c = treatmentCase.parse(json);
		const category = asCategory(c.category);
		const state =
			c.status === 'declined' ? 'declined' : c.status === 'unscheduled' && !c.nextAppointment ? 'open' : 'booked';
		return {
			subjectId: c.caseId,
			kind: 'case',
			patient: c.patient as Patient,
			value: c.openFee ?? c.totalFee,
			category,
			layman: c.layman,
			provider: c.provider ?? c.patient.provider,
			anchorDate: c.presentedAt ? c.presentedAt.slice(0, 10) : null,
			presentedOn: c.presentedAt ? c.presentedAt.slice(0, 10) : null,
			monthsSinceVisit: null,
			state,
			...one,
		};
	}
	if ('dueDate' in json) {
		const r = recall.parse(json);
		return {
			subjectId: `recall-${r.patientId}-${r.type}-${r.dueDate}`.replace(/[^A-Za-z0-9-]/g, ''),
			kind: 'recall',
			patient: r.patient as Patient,
			value: 0,
			category: 'hygiene',
			layman: LAYMAN.hygiene,
			provider: r.patient.provider,
			anchorDate: r.dueDate,
			presentedOn: null,
			monthsSinceVisit: null,
			state: booked ? 'booked' : 'open',
			...one,
		};
	}
	if ('lastVisit' in json && 'monthsSinceVisit' in json) {
		const l = lapsed.parse(json);
		return {
			subjectId: `lapsed-${l.patient.id}-${l.lastVisit}`,
			kind: 'lapsed',
			patient: l.patient as Patient,
			value: 0,
			category: 'diagnostic',
			layman: LAYMAN.diagnostic,
			provider: l.patient.provider,
			anchorDate: null,
			presentedOn: null,
			monthsSinceVisit: l.monthsSinceVisit,
			state: 'open',
			...one,
		};
	}
	if ('start' in json && 'status' in json) {
		const a = missed.parse(json);
		return {
			subjectId: `missed-${a.id}`,
			kind: 'missed_appointment',
			patient: a.patient as Patient,
			value: 0,
			category: 'other',
			layman: 'your visit',
			provider: a.provider,
			anchorDate: a.start.slice(0, 10),
			presentedOn: null,
			monthsSinceVisit: null,
			// Rebooked: the PMS shows a next visit (PMS node: Include Patient); no longer broken: handled.
			state: a.status !== 'broken' || booked ? 'booked' : 'open',
			...one,
		};
	}
	if ('occurredOn' in json && json.milestone) {
		const m = milestoneEvent.parse(json);
		return {
			// One subject per patient, milestone and visit: several implants placed that day are one step of the plan.
			subjectId: `implant-${m.patientId}-${m.milestone}-${m.occurredOn}`.replace(/[^A-Za-z0-9_-]/g, ''),
			kind: 'milestone',
			patient: m.patient as Patient,
			value: 0,
			category: 'implant',
			layman: LAYMAN.implant,
			provider: m.provider ?? m.patient.provider,
			anchorDate: m.occurredOn,
			presentedOn: null,
			monthsSinceVisit: null,
			state: 'open',
			...one,
			milestone: m.milestone,
		};
	}
	throw new Error(
		'the item is not a treatment case, recall, lapsed patient, missed appointment or implant milestone (no caseId, dueDate, lastVisit, start or milestone)',
	);
}

/** A subject from the run's input, with the item it came from for pairedItem. */
export interface SubjectInput {
	subject: JourneySubject;
	item: number;
}
