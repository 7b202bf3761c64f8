/**
 * Open Dental's JSON, checked at the edge. Enums arrive as text, booleans as "true"/"false",
 * datetimes as "yyyy-MM-dd HH:mm:ss" in practice-local time, except where a page shows otherwise
 * (the Recall List's "3/16/2022", numbers as strings: test/fixtures/opendental-docs). Unknown
 * fields pass through untouched (Open Dental adds fields between versions); the ones Chairside
 * reads must be there.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';

const id = z.coerce.number().int();
const text = z
	.string()
	.nullish()
	.transform((v) => v ?? '');
const money = z.coerce.number();
const bool = z.union([z.boolean(), z.string()]).transform((v) => v === true || v === 'true');

export const patientRecord = z
	.object({
		PatNum: id,
		LName: text,
		FName: text,
		Preferred: text.optional(),
		WirelessPhone: text.optional(),
		Email: text.optional(),
		PatStatus: text,
		TxtMsgOk: text.optional(),
		PreferContactMethod: text.optional(),
		PriProv: id.optional(),
		ClinicNum: id.optional(),
	})
	.passthrough();
export type PatientRecord = z.infer<typeof patientRecord>;

export const procedureRecord = z
	.object({
		ProcNum: id,
		PatNum: id,
		AptNum: id.optional(),
		ProcDate: text,
		ProcFee: money,
		Surf: text.optional(),
		ToothNum: text.optional(),
		ProcStatus: text,
		ProvNum: id.optional(),
		ClinicNum: id.optional(),
		procCode: text,
		descript: text.optional(),
		DateTP: text.optional(),
		DateTStamp: text.optional(),
	})
	.passthrough();
export type ProcedureRecord = z.infer<typeof procedureRecord>;

export const appointmentRecord = z
	.object({
		AptNum: id,
		PatNum: id,
		AptStatus: text,
		AptDateTime: text,
		Pattern: text.optional(),
		ProvNum: id.optional(),
		Op: id.optional(),
		ClinicNum: id.optional(),
		IsHygiene: bool.optional(),
		Confirmed: z.union([z.string(), z.number()]).nullish(),
		/** The Appt Confirmed definition's name ("Confirmed", "Texted"), beside its DefNum. */
		confirmed: z.string().nullish(),
		Note: text.optional(),
		DateTStamp: text.optional(),
	})
	.passthrough();
export type AppointmentRecord = z.infer<typeof appointmentRecord>;

export const recallListRecord = z
	.object({
		PatNum: id,
		Patient: text.optional(),
		DueDate: text,
		Type: text.optional(),
		RecallType: text.optional(),
		Interval: text.optional(),
		// apirecalls.html shows NumRemind as a string ("2") and LastRemind as "3/16/2022".
		NumRemind: z.coerce.number().optional(),
		LastRemind: text.optional(),
		DatePrevious: text.optional(),
		ClinicNum: id.optional(),
	})
	.passthrough();
export type RecallListRecord = z.infer<typeof recallListRecord>;

export const treatPlanRecord = z
	.object({
		TreatPlanNum: id,
		PatNum: id,
		/** apitreatplans.html: set when a plan is Saved; "0001-01-01" on Active and Inactive plans. */
		DateTP: text,
		TPStatus: z.enum(['Saved', 'Active', 'Inactive']),
		/** When the plan row was made: the only date an Active or Inactive plan carries. */
		SecDateEntry: text.optional(),
	})
	.passthrough();
export type TreatPlanRecord = z.infer<typeof treatPlanRecord>;

/** An Active or Inactive plan's procedure; the row can outlive what happened to the procedure. */
export const treatPlanAttachRecord = z.object({ TreatPlanNum: id, ProcNum: id }).passthrough();

/** A Saved plan's frozen copy of a procedure (ProcNumOrig is the procedurelog row). */
export const procTpRecord = z
	.object({ TreatPlanNum: id, ProcNumOrig: id, FeeAmt: money, ProvNum: id.optional() })
	.passthrough();
export type ProcTpRecord = z.infer<typeof procTpRecord>;

/** GET /appointments/Slots: an opening of the asked length. */
export const slotRecord = z
	.object({ DateTimeStart: z.string(), DateTimeEnd: z.string(), ProvNum: id, OpNum: id })
	.passthrough();

export const providerRecord = z.object({ ProvNum: id, Abbr: text }).passthrough();
export const clinicRecord = z.object({ ClinicNum: id, Abbr: text }).passthrough();
export const operatoryRecord = z
	.object({ OperatoryNum: id, OpName: text.optional(), Abbrev: text.optional() })
	.passthrough();

/** Parses a list, naming the resource and the row's id (never its contents) when a row is malformed. */
export function parseRows<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, rows: unknown[], resource: string): T[] {
	return rows.map((row, i) => {
		const parsed = schema.safeParse(row);
		if (parsed.success) return parsed.data;
		const key = row && typeof row === 'object' ? Object.entries(row).find(([k]) => k.endsWith('Num')) : undefined;
		const where = key ? `${key[0]} ${String(key[1])}` : `row ${i + 1}`;
		const issue = parsed.error.issues[0];
		throw new Error(`Open Dental returned a ${resource} record (${where}) without a usable ${issue.path.join('.')}`);
	});
}

const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s|$)/;

/**
 * yyyy-MM-dd for "yyyy-MM-dd[ HH:mm:ss]" and for the Recall List's "M/d/yyyy" (apirecalls.html);
 * null for blanks and Open Dental's "0001-01-01", which means "none".
 */
export function odDate(value: string): string | null {
	const us = US_DATE.exec(value.trim());
	const date = us
		? DateTime.fromObject({ year: Number(us[3]), month: Number(us[1]), day: Number(us[2]) }).toISODate()
		: value.slice(0, 10);
	return date && /^\d{4}-\d{2}-\d{2}$/.test(date) && date > '0001-01-01' && DateTime.fromISO(date).isValid
		? date
		: null;
}
