/**
 * NexHealth's JSON, checked at the edge. Field names from the OpenAPI "NexHealth API v20240412"
 * (../shared/reference/nexhealth.md section 5); the spec warns that no `bio` field is guaranteed,
 * so every one of them is optional. Unknown fields pass through.
 */
import { z } from 'zod';

const id = z.coerce.number().int();
const text = z
	.string()
	.nullish()
	.transform((v) => v ?? '');
const flag = z
	.boolean()
	.nullish()
	.transform((v) => v === true);

export const nexPatient = z
	.object({
		id,
		first_name: text,
		last_name: text,
		email: text.optional(),
		inactive: flag.optional(),
		provider_id: id.nullish(),
		location_ids: z.array(id).nullish(),
		/** v3.1 (changelog August 2026): a top-level mobile beside bio's. */
		cell_phone_number: text.optional(),
		bio: z
			.object({
				cell_phone_number: text.optional(),
				home_phone_number: text.optional(),
				phone_number: text.optional(),
				non_patient: flag.optional(),
			})
			.passthrough()
			.nullish(),
	})
	.passthrough();
export type NexPatientRecord = z.infer<typeof nexPatient>;

export const nexProcedure = z
	.object({
		id,
		patient_id: id,
		provider_id: id.nullish(),
		appointment_id: id.nullish(),
		location_id: id.nullish(),
		code: text,
		name: text.optional(),
		status: z.enum(['planned', 'scheduled', 'completed', 'inactive', 'referred']),
		/** "amount (string, whole units)". */
		fee: z.object({ amount: z.coerce.number() }).passthrough().nullish(),
		body_site: z.object({ tooth: text.optional(), surface: text.optional() }).passthrough().nullish(),
		start_date: text.optional(),
		end_date: text.optional(),
		updated_at: text.optional(),
	})
	.passthrough();
export type NexProcedureRecord = z.infer<typeof nexProcedure>;

export const nexAppointment = z
	.object({
		id,
		patient_id: id,
		provider_id: id.nullish(),
		provider_name: text.optional(),
		location_id: id.nullish(),
		operatory_id: id.nullish(),
		start_time: z.string(),
		end_time: text.optional(),
		confirmed: flag.optional(),
		cancelled: flag.optional(),
		patient_missed: flag.optional(),
		checked_out: flag.optional(),
		unavailable: flag.optional(),
		note: text.optional(),
		/** Null until the EHR has the appointment (how-a-write-reaches-the-ehr). */
		foreign_id: z.union([z.string(), z.number()]).nullish(),
		last_sync_time: z.string().nullish(),
		updated_at: text.optional(),
	})
	.passthrough();
export type NexAppointmentRecord = z.infer<typeof nexAppointment>;

export const nexRecall = z
	.object({
		id,
		patient_id: id,
		date_due: z.string(),
		recall_type: z
			.object({ name: text, interval_num: z.coerce.number().nullish(), interval_unit: text.optional() })
			.passthrough()
			.nullish(),
	})
	.passthrough();
export type NexRecallRecord = z.infer<typeof nexRecall>;

export const nexProvider = z.object({ id, name: text.optional(), display_name: text.optional() }).passthrough();
export const nexOperatory = z.object({ id, name: text.optional(), display_name: text.optional() }).passthrough();

export const nexSlotGroup = z
	.object({
		lid: id.nullish(),
		pid: id.nullish(),
		slots: z.array(
			z
				.object({ time: z.string(), end_time: z.string(), operatory_id: id.nullish(), provider_id: id.nullish() })
				.passthrough(),
		),
	})
	.passthrough();

/** Parses a list, naming the resource and the row's id (never its contents) when a row is malformed. */
export function parseNex<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, rows: unknown[], resource: string): T[] {
	return rows.map((row, i) => {
		const parsed = schema.safeParse(row);
		if (parsed.success) return parsed.data;
		const rowId =
			row && typeof row === 'object' && 'id' in row ? `id ${String((row as { id: unknown }).id)}` : `row ${i + 1}`;
		const issue = parsed.error.issues[0];
		throw new Error(`NexHealth returned a ${resource} record (${rowId}) without a usable ${issue.path.join('.')}`);
	});
}
