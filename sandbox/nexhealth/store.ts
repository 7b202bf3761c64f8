/**
 * The synthetic practice as NexHealth's Synchronizer shows it (field names from NexHealth's OpenAPI
 * "NexHealth API v20240412", summarised in ../shared/reference/nexhealth.md section 5): one
 * institution (the subdomain), one location per clinic, patients, procedures, appointments,
 * recalls, providers and operatories. Ids are NexHealth's own; `foreign_id` carries the EHR's
 * (a Dentrix-style chart number on patients). Nothing here knows Chairside's client.
 */
import { DateTime } from 'luxon';
import type { Appointment as OdAppointment, Practice, ProcedureLog } from '../practice/types';

export interface NexLocation {
	id: number;
	name: string;
	institution_id: number;
	tz: string;
	clinicNum: number;
}

export interface NexPatient {
	id: number;
	first_name: string;
	last_name: string;
	name: string;
	email: string | null;
	foreign_id: string;
	foreign_id_type: string;
	inactive: boolean;
	provider_id: number;
	location_ids: number[];
	created_at: string;
	updated_at: string;
	bio: {
		phone_number: string;
		cell_phone_number: string;
		home_phone_number: string;
		date_of_birth: string;
		new_patient: boolean;
		non_patient: boolean;
	};
	/** reference/nexhealth.md: the only consent facts a patient carries; no text opt-out. */
	hipaa: { authorization: boolean | null; privacy: boolean | null; consent: boolean | null };
}

export interface NexProcedure {
	id: number;
	location_id: number;
	patient_id: number;
	provider_id: number;
	appointment_id: number | null;
	code: string;
	name: string;
	status: 'planned' | 'scheduled' | 'completed' | 'inactive' | 'referred';
	fee: { amount: string; currency: string };
	body_site: { tooth: string | null; surface: string | null };
	start_date: string | null;
	end_date: string | null;
	updated_at: string;
}

export interface NexAppointment {
	id: number;
	patient_id: number;
	provider_id: number;
	provider_name: string;
	location_id: number;
	operatory_id: number;
	start_time: string;
	end_time: string;
	timezone: string;
	confirmed: boolean;
	confirmed_at: string | null;
	patient_missed: boolean;
	cancelled: boolean;
	cancelled_at: string | null;
	checked_out: boolean;
	checked_out_at: string | null;
	note: string;
	unavailable: boolean;
	appointment_type_id: number;
	foreign_id: string | null;
	foreign_id_type: string;
	last_sync_time: string | null;
	created_at: string;
	updated_at: string;
	misc: { is_booked_on_nexhealth: boolean };
}

export interface NexRecall {
	id: number;
	patient_id: number;
	location_id: number;
	appointment_id: number | null;
	date_due: string;
	recall_id: number;
	recall_type: { id: number; name: string; description: string; interval_num: number; interval_unit: string };
	foreign_id: string;
	foreign_id_type: string;
	created_at: string;
	updated_at: string;
}

export interface NexProvider {
	id: number;
	first_name: string;
	last_name: string;
	name: string;
	display_name: string;
	location_ids: number[];
	inactive: boolean;
	foreign_id: string;
	updated_at: string;
}

export interface NexOperatory {
	id: number;
	name: string;
	display_name: string;
	active: boolean;
	bookable_online: boolean;
	location_id: number;
	foreign_id: string;
	/** Who works the chair (not a NexHealth field; used to compute availability). */
	providerIds: number[];
}

/** NexHealth's ids are its own: a fixed offset keeps them visibly apart from the EHR's. */
export const LOCATION_ID_BASE = 7000;
const INSTITUTION_ID = 42;
const ISO = (dt: DateTime) => dt.toUTC().toISO() as string;

export class NexStore {
	readonly locations: NexLocation[];
	readonly patients = new Map<number, NexPatient>();
	readonly procedures = new Map<number, NexProcedure>();
	readonly appointments = new Map<number, NexAppointment>();
	readonly recalls: NexRecall[] = [];
	readonly providers: NexProvider[];
	readonly operatories: NexOperatory[];
	private nextAppointmentId: number;
	private nextForeignId: number;
	private readonly setupStamp: string;

	constructor(
		readonly practice: Practice,
		readonly now: () => DateTime,
	) {
		this.setupStamp = ISO(now().minus({ days: 30 }));
		this.locations = practice.clinics.map((c) => ({
			id: LOCATION_ID_BASE + c.ClinicNum,
			name: c.Description,
			institution_id: INSTITUTION_ID,
			tz: c.timezone,
			clinicNum: c.ClinicNum,
		}));
		const loc = (clinicNum: number) => LOCATION_ID_BASE + clinicNum;
		this.providers = practice.providers.map((p) => ({
			id: p.ProvNum,
			first_name: p.FName,
			last_name: p.LName,
			name: `${p.FName} ${p.LName}`,
			display_name: p.Abbr,
			location_ids: [loc(p.ClinicNum)],
			inactive: false,
			foreign_id: String(p.ProvNum),
			updated_at: this.setupStamp,
		}));
		this.operatories = practice.operatories.map((o) => ({
			id: o.OperatoryNum,
			name: o.OpName,
			display_name: o.OpName,
			active: true,
			bookable_online: true,
			location_id: loc(o.ClinicNum),
			foreign_id: String(o.OperatoryNum),
			providerIds: [o.ProvDentist, o.ProvHygienist].filter((n) => n > 0),
		}));
		for (const p of practice.patients) {
			this.patients.set(p.PatNum, {
				id: p.PatNum,
				first_name: p.FName,
				last_name: p.LName,
				name: `${p.FName} ${p.LName}`,
				email: p.Email || null,
				foreign_id: p.chartNumber,
				foreign_id_type: 'msp-dentrix',
				inactive: p.PatStatus !== 'Patient',
				provider_id: p.PriProv,
				location_ids: [loc(p.ClinicNum)],
				created_at: this.setupStamp,
				updated_at: this.setupStamp,
				bio: {
					phone_number: p.WirelessPhone || p.HmPhone,
					cell_phone_number: p.WirelessPhone,
					home_phone_number: p.HmPhone,
					date_of_birth: p.Birthdate,
					new_patient: false,
					non_patient: p.PatStatus === 'NonPatient',
				},
				hipaa: { authorization: null, privacy: null, consent: null },
			});
		}
		for (const proc of practice.procedures) this.procedures.set(proc.ProcNum, this.procedureOf(proc));
		for (const apt of practice.appointments) {
			const mapped = this.appointmentOf(apt);
			if (mapped) this.appointments.set(apt.AptNum, mapped);
		}
		practice.recalls.forEach((r, i) => {
			const patient = this.patients.get(r.PatNum);
			this.recalls.push({
				id: r.RecallNum,
				patient_id: r.PatNum,
				location_id: patient?.location_ids[0] ?? this.locations[0].id,
				appointment_id: null,
				date_due: r.DateDue,
				recall_id: i + 1,
				recall_type: {
					id: r.type === 'Prophy' ? 1 : 2,
					name: r.type,
					description: r.type === 'Prophy' ? 'Prophylaxis' : 'Periodontal maintenance',
					interval_num: r.intervalMonths,
					interval_unit: 'month',
				},
				foreign_id: String(r.RecallNum),
				foreign_id_type: 'msp-dentrix',
				created_at: this.setupStamp,
				updated_at: this.setupStamp,
			});
		});
		this.nextAppointmentId = Math.max(0, ...this.appointments.keys()) + 1;
		this.nextForeignId = this.nextAppointmentId + 500_000;
	}

	location(id: number): NexLocation | undefined {
		return this.locations.find((l) => l.id === id);
	}

	zoneOf(locationId: number): string {
		return this.location(locationId)?.tz ?? 'UTC';
	}

	stamp(): string {
		return ISO(this.now());
	}

	private procedureOf(p: ProcedureLog): NexProcedure {
		const status: NexProcedure['status'] =
			p.ProcStatus === 'TP'
				? p.AptNum
					? 'scheduled'
					: 'planned'
				: p.ProcStatus === 'C'
					? 'completed'
					: p.ProcStatus === 'R'
						? 'referred'
						: 'inactive';
		return {
			id: p.ProcNum,
			location_id: LOCATION_ID_BASE + p.ClinicNum,
			patient_id: p.PatNum,
			provider_id: p.ProvNum,
			appointment_id: p.AptNum || null,
			code: p.ProcCode,
			name: p.Descript,
			status,
			fee: { amount: String(p.ProcFee), currency: 'USD' },
			body_site: { tooth: p.ToothNum || null, surface: p.Surf || null },
			start_date: (status === 'completed' ? p.ProcDate : p.DateTP) || null,
			end_date: status === 'completed' ? p.ProcDate || null : null,
			updated_at: this.setupStamp,
		};
	}

	/** Open Dental's planned appointments have no NexHealth counterpart: left out. */
	private appointmentOf(a: OdAppointment): NexAppointment | null {
		if (a.AptStatus === 'Planned') return null;
		const clinic = this.practice.clinics.find((c) => c.ClinicNum === a.ClinicNum);
		const zone = clinic?.timezone ?? 'UTC';
		const start = DateTime.fromSQL(a.AptDateTime, { zone });
		const provider = this.providers.find((p) => p.id === a.ProvNum);
		const broken = a.AptStatus === 'Broken' || a.AptStatus === 'UnschedList';
		return {
			id: a.AptNum,
			patient_id: a.PatNum,
			provider_id: a.ProvNum,
			provider_name: provider?.name ?? '',
			location_id: LOCATION_ID_BASE + a.ClinicNum,
			operatory_id: a.Op,
			start_time: ISO(start),
			end_time: ISO(start.plus({ minutes: a.lengthMinutes })),
			timezone: zone,
			confirmed: false,
			confirmed_at: null,
			patient_missed: a.AptStatus === 'Broken',
			cancelled: a.AptStatus === 'UnschedList',
			cancelled_at: a.AptStatus === 'UnschedList' ? this.setupStamp : null,
			checked_out: a.AptStatus === 'Complete',
			checked_out_at: a.AptStatus === 'Complete' ? ISO(start.plus({ minutes: a.lengthMinutes })) : null,
			note: broken ? '' : '',
			unavailable: false,
			appointment_type_id: 0,
			foreign_id: String(a.AptNum),
			foreign_id_type: 'msp-dentrix',
			last_sync_time: this.setupStamp,
			created_at: this.setupStamp,
			updated_at: this.setupStamp,
			misc: { is_booked_on_nexhealth: false },
		};
	}

	/** A new appointment as NexHealth accepts it: not yet in the EHR (foreign_id and last_sync_time null). */
	addPending(input: {
		patient_id: number;
		provider_id: number;
		operatory_id: number;
		location_id: number;
		start: DateTime;
		end: DateTime;
		note: string;
	}): NexAppointment {
		const provider = this.providers.find((p) => p.id === input.provider_id);
		const stamp = this.stamp();
		const appointment: NexAppointment = {
			id: this.nextAppointmentId++,
			patient_id: input.patient_id,
			provider_id: input.provider_id,
			provider_name: provider?.name ?? '',
			location_id: input.location_id,
			operatory_id: input.operatory_id,
			start_time: ISO(input.start),
			end_time: ISO(input.end),
			timezone: this.zoneOf(input.location_id),
			confirmed: false,
			confirmed_at: null,
			patient_missed: false,
			cancelled: false,
			cancelled_at: null,
			checked_out: false,
			checked_out_at: null,
			note: input.note,
			unavailable: false,
			appointment_type_id: 0,
			foreign_id: null,
			foreign_id_type: 'msp-dentrix',
			last_sync_time: null,
			created_at: stamp,
			updated_at: stamp,
			misc: { is_booked_on_nexhealth: true },
		};
		this.appointments.set(appointment.id, appointment);
		return appointment;
	}

	/** The EHR took the write: it now has the EHR's id and a sync time. */
	markWritten(appointment: NexAppointment): void {
		appointment.foreign_id = String(this.nextForeignId++);
		appointment.last_sync_time = this.stamp();
		appointment.updated_at = this.stamp();
	}

	/** Appointments that hold the chair (written or not yet written, not cancelled or a block). */
	occupying(operatoryId: number, except?: number): NexAppointment[] {
		return [...this.appointments.values()].filter(
			(a) => a.operatory_id === operatoryId && a.id !== except && !a.cancelled && !a.patient_missed,
		);
	}

	/** Charts a planned procedure (for tests): returns its id. */
	planProcedure(input: {
		patientId: number;
		code: string;
		name: string;
		fee: number;
		tooth?: string;
		plannedOn: string;
	}): number {
		const patient = this.patients.get(input.patientId);
		if (!patient) throw new Error(`no patient ${input.patientId}`);
		const id = Math.max(0, ...this.procedures.keys()) + 1;
		this.procedures.set(id, {
			id,
			location_id: patient.location_ids[0],
			patient_id: input.patientId,
			provider_id: patient.provider_id,
			appointment_id: null,
			code: input.code,
			name: input.name,
			status: 'planned',
			fee: { amount: String(input.fee), currency: 'USD' },
			body_site: { tooth: input.tooth ?? null, surface: null },
			start_date: input.plannedOn,
			end_date: null,
			updated_at: this.stamp(),
		});
		return id;
	}

	completeProcedure(id: number, on: string): void {
		const proc = this.procedures.get(id);
		if (!proc) throw new Error(`no procedure ${id}`);
		Object.assign(proc, { status: 'completed', start_date: on, end_date: on, updated_at: this.stamp() });
	}
}
