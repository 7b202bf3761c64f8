/**
 * The plain shapes every PMS backend reports, built one way from the few facts each provider's records
 * carry under their own names: a planned procedure, a completed procedure as a clinical event, a
 * patient. Category and implant milestone come from the procedure code (core/model).
 */
import type { Patient, Procedure } from '../model/case';
import type { PatientFields } from '../model/case-book';
import { categoryOf } from '../model/category';
import { milestoneOf, type ClinicalEvent } from '../model/clinical';

/** What a procedure record says, whatever the PMS calls it. */
export interface ProcedureFacts {
	code: string;
	description: string | null;
	fee: number;
	tooth: string | null;
}

export function plannedProcedure(
	facts: ProcedureFacts & { surface: string | null; plannedDate: string | null },
): Procedure {
	const code = facts.code.toUpperCase();
	return {
		code,
		description: facts.description,
		category: categoryOf(code, facts.description),
		fee: facts.fee,
		tooth: facts.tooth,
		surface: facts.surface,
		plannedDate: facts.plannedDate,
		status: 'unscheduled',
		line: null,
	};
}

export function clinicalEvent(
	facts: ProcedureFacts & {
		id: number;
		patientId: number;
		appointmentId: number | null | undefined;
		provider: string | null;
	},
	occurredOn: string,
): ClinicalEvent {
	const code = facts.code.toUpperCase();
	return {
		id: String(facts.id),
		patientId: String(facts.patientId),
		code,
		description: facts.description,
		category: categoryOf(code, facts.description),
		milestone: milestoneOf(code),
		occurredOn,
		appointmentId: facts.appointmentId ? String(facts.appointmentId) : null,
		provider: facts.provider,
		fee: facts.fee,
		tooth: facts.tooth,
	};
}

/** A patient as the nodes see it: the reader's fields, in the practice's zone. */
export function patientOf(fields: PatientFields, timezone: string): Patient {
	const { doNotContact: _ignored, ...rest } = fields;
	return {
		...rest,
		smsConsent: rest.smsConsent ?? 'unknown',
		preferredChannel: rest.preferredChannel ?? null,
		status: rest.status ?? null,
		timezone,
	};
}
