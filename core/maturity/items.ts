/**
 * Measure and Patient Risk take whatever a Merge node hands them: the PMS node's appointments,
 * completed procedures and presented plans, mixed. Each item is told apart by the field only its
 * kind has, checked with zod, and kept in the few fields the measurements read; what does not fit
 * is counted with its index and why, never guessed at.
 */
import type { DateTime } from 'luxon';
// zod 4's compiled object parsers (shipped inside zod 3.25): several times v3's speed over 100k+ items.
import { z } from 'zod/v4';
import {
	APPOINTMENT_STATUSES,
	PLAN_STATUSES,
	type Appointment,
	type ClinicalEvent,
	type PresentedPlan,
} from '../model/clinical';

/** What the call list may show of a patient (Appointment > Get Many with Include Patient). */
export interface PatientContact {
	firstName: string;
	lastName: string;
	mobile: string | null;
}

export type ReadAppointment = Pick<Appointment, 'id' | 'patientId' | 'status' | 'start'> & { patient?: PatientContact };
export type ReadProcedure = Pick<ClinicalEvent, 'id' | 'patientId' | 'occurredOn' | 'fee'> & {
	provider?: string | null;
};

export interface Skipped {
	/** 0-based position in the input. */
	index: number;
	why: string;
}

export interface PmsItems {
	appointments: ReadAppointment[];
	procedures: ReadProcedure[];
	plans: PresentedPlan[];
	skipped: Skipped[];
}

/**
 * An appointment start's local wall-clock prefix ("yyyy-MM-ddTHH:mm:ss"). Starts carry the
 * practice's offset, so in one zone these compare as the instants do, as plain strings.
 */
export function startKey(start: string): string {
	return start.slice(0, 19);
}

/** The same prefix for a moment, in its own zone (the practice's). */
export function localKey(at: DateTime): string {
	return at.toFormat("yyyy-MM-dd'T'HH:mm:ss");
}

// Text, as the PMS node writes every id.
const id = z.string().min(1);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const money = z.number();

const contact = z.object({ firstName: z.string(), lastName: z.string(), mobile: z.string().nullable() });

const appointment = z.object({
	id,
	patientId: id,
	status: z.enum(APPOINTMENT_STATUSES),
	// Local wall-clock time first, as the PMS node writes it (see startKey).
	start: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/),
	patient: contact.optional(),
});

const procedure = z.object({
	id,
	patientId: id,
	occurredOn: isoDate,
	fee: money,
	provider: z.string().nullable().optional(),
});

const plan = z.object({
	planId: id,
	patientId: id,
	presentedOn: isoDate,
	status: z.enum(PLAN_STATUSES),
	fee: money,
	acceptedFee: money,
	provider: z.string().nullable(),
});

type Kind = 'appointments' | 'procedures' | 'plans';

/** The field that names an item's kind, in the order they are tried, with its schema. */
const KINDS: ReadonlyArray<{
	key: string;
	kind: Kind;
	name: string;
	schema: z.ZodType<{ id?: string; planId?: string }>;
}> = [
	{ key: 'planId', kind: 'plans', name: 'presented plan', schema: plan },
	{ key: 'occurredOn', kind: 'procedures', name: 'completed procedure', schema: procedure },
	{ key: 'start', kind: 'appointments', name: 'appointment', schema: appointment },
];

type Read = { kind: Kind; name: string; id: string; data: unknown } | { why: string };

function readItem(json: unknown): Read {
	if (!json || typeof json !== 'object' || Array.isArray(json)) return { why: 'not an object' };
	const kind = KINDS.find((k) => k.key in json);
	if (!kind) {
		// Continue On Fail turns a failed PMS read into an { error } item.
		const error = (json as { error?: unknown }).error;
		return {
			why:
				typeof error === 'string'
					? `an error item: ${error}`
					: 'not an appointment, completed procedure or presented plan',
		};
	}
	const parsed = kind.schema.safeParse(json);
	if (!parsed.success) return { why: `${kind.name} without a usable ${parsed.error.issues[0].path.join('.')}` };
	return { kind: kind.kind, name: kind.name, id: (parsed.data.planId ?? parsed.data.id) as string, data: parsed.data };
}

/** Sorts the items' JSON by kind; an item seen twice (the same output merged twice) counts once. */
export function sortItems(items: readonly unknown[]): PmsItems {
	const out: PmsItems = { appointments: [], procedures: [], plans: [], skipped: [] };
	const seen: Record<Kind, Map<string, number>> = { appointments: new Map(), procedures: new Map(), plans: new Map() };
	for (let index = 0; index < items.length; index++) {
		const read = readItem(items[index]);
		if ('why' in read) {
			out.skipped.push({ index, why: read.why });
			continue;
		}
		const first = seen[read.kind].get(read.id);
		if (first !== undefined) {
			out.skipped.push({ index, why: `the same ${read.name} as item ${first}` });
			continue;
		}
		seen[read.kind].set(read.id, index);
		(out[read.kind] as unknown[]).push(read.data);
	}
	return out;
}
