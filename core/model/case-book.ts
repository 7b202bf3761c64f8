import type { DateTime } from 'luxon';
import type {
	CaseStatus,
	Channel,
	Contactability,
	Patient,
	PatientStatus,
	Procedure,
	SmsConsent,
	TreatmentCase,
} from './case';
import { caseCategory, LAYMAN } from './category';
import { dayNumber } from '../normalize/date';

/** A patient as one PMS record or export line gives it. */
export interface PatientFields {
	id: string;
	firstName: string;
	lastName: string;
	mobile: string | null;
	/** A landline or other number for the front desk's call list; never texted. Only where the source has one. */
	homePhone?: string | null;
	email: string | null;
	provider: string | null;
	clinic: string | null;
	/** From the PMS where it keeps them (Open Dental TxtMsgOk); exports do not. */
	smsConsent?: SmsConsent;
	preferredChannel?: Channel | null;
	/** The PMS says not to contact this patient at all (Open Dental "DoNotCall"). */
	doNotContact?: boolean;
	status?: PatientStatus | null;
}

/** One planned procedure of one patient, from an export line or an API record. */
export interface ProcedureRow {
	patient: PatientFields;
	procedure: Procedure;
	nextAppointment: string | null;
}

/** A case is as far along as its least advanced open procedure. */
export function caseStatusOf(statuses: readonly CaseStatus[]): CaseStatus {
	if (statuses.includes('scheduled')) return 'scheduled';
	if (statuses.includes('unscheduled')) return 'unscheduled';
	if (statuses.every((s) => s === 'declined')) return 'declined';
	return 'completed';
}

interface Draft {
	patient: PatientFields;
	procedures: Procedure[];
	nextAppointment: string | null;
}

function sameProcedure(p: Procedure, q: Procedure): boolean {
	return (
		p.code === q.code &&
		p.description === q.description &&
		p.tooth === q.tooth &&
		p.surface === q.surface &&
		p.fee === q.fee &&
		p.plannedDate === q.plannedDate &&
		p.status === q.status
	);
}

/** Which channels the data allows: a number, an address, no "do not contact", no SMS refusal on file. */
export function contactabilityOf(patient: PatientFields): Contactability {
	const sms = Boolean(patient.mobile) && !patient.doNotContact && patient.smsConsent !== 'no';
	const email = Boolean(patient.email) && !patient.doNotContact;
	const channels: Channel[] = [];
	if (sms) channels.push('sms');
	if (email) channels.push('email');
	return { sms, email, channels, reachable: channels.length > 0 };
}

/**
 * Groups procedure rows into one case per patient, in the order patients first appear.
 * Contact data missing on one line is taken from another line of the same patient.
 */
export class CaseBook {
	private readonly drafts = new Map<string, Draft>();

	/** Adds a row; returns the line of the identical row already seen, if this one duplicates it. */
	add(row: ProcedureRow): number | null {
		// Only the procedure is kept per row; the patient's fields once per case. That keeps a
		// 100,000-row export to one small object per line.
		const draft = this.drafts.get(row.patient.id);
		if (!draft) {
			this.drafts.set(row.patient.id, {
				patient: row.patient,
				procedures: [row.procedure],
				nextAppointment: row.nextAppointment,
			});
			return null;
		}
		const twin = draft.procedures.find((p) => sameProcedure(p, row.procedure));
		if (twin) return twin.line ?? 0;
		draft.procedures.push(row.procedure);
		const known = draft.patient;
		known.mobile ??= row.patient.mobile;
		known.email ??= row.patient.email;
		if (row.patient.homePhone !== undefined) known.homePhone ??= row.patient.homePhone;
		known.provider ??= row.patient.provider;
		known.clinic ??= row.patient.clinic;
		if (row.nextAppointment && (!draft.nextAppointment || row.nextAppointment > draft.nextAppointment)) {
			draft.nextAppointment = row.nextAppointment;
		}
		return null;
	}

	get size(): number {
		return this.drafts.size;
	}

	/**
	 * One case per patient, aged against `now` in the practice's zone. Case ids start with
	 * `idPrefix` (the source unless told otherwise). Each draft is let go as its case is made.
	 */
	*cases(source: string, timezone: string, now: DateTime, idPrefix = source): Generator<TreatmentCase> {
		const today = dayNumber(now.setZone(timezone).toISODate() as string);
		for (const [key, draft] of this.drafts) {
			this.drafts.delete(key);
			const { procedures } = draft;
			// One pass: a 100,000-line export makes tens of thousands of cases.
			let presentedAt: string | null = null;
			let total = 0;
			let open = 0;
			const statuses: CaseStatus[] = [];
			for (const p of procedures) {
				if (p.plannedDate !== null && (presentedAt === null || p.plannedDate < presentedAt))
					presentedAt = p.plannedDate;
				total += p.fee;
				if (p.status === 'unscheduled' || p.status === 'scheduled') open += p.fee;
				statuses.push(p.status);
			}
			const ageDays = presentedAt === null ? null : today - dayNumber(presentedAt);
			const category = caseCategory(procedures);
			const status = caseStatusOf(statuses);
			const totalFee = round(total);
			const openFee = round(open);
			const patient: Patient = {
				id: draft.patient.id,
				firstName: draft.patient.firstName,
				lastName: draft.patient.lastName,
				mobile: draft.patient.mobile,
				email: draft.patient.email,
				timezone,
				smsConsent: draft.patient.smsConsent ?? 'unknown',
				preferredChannel: draft.patient.preferredChannel ?? null,
				clinic: draft.patient.clinic,
				provider: draft.patient.provider,
				status: draft.patient.status ?? null,
			};
			if (draft.patient.homePhone !== undefined) patient.homePhone = draft.patient.homePhone;
			yield {
				caseId: `${idPrefix}-${draft.patient.id}-${presentedAt ?? 'undated'}`,
				source,
				patient,
				procedures,
				totalFee,
				openFee,
				category,
				layman: LAYMAN[category],
				presentedAt,
				ageDays,
				status,
				provider: draft.patient.provider,
				nextAppointment: draft.nextAppointment,
				contactability: contactabilityOf(draft.patient),
			};
		}
	}
}

function round(amount: number): number {
	return Math.round(amount * 100) / 100;
}
