/**
 * The PMS reader over Open Dental's REST API, with Open Dental's own semantics:
 * unscheduled treatment as its Treatment Finder defines it, lapsed patients as its reactivation
 * list does (../shared/reference/pms.md). HTTP is injected through the transport.
 */
import { DateTime } from 'luxon';
import type { Channel, Patient, SmsConsent, TreatmentCase } from '../../model/case';
import { CaseBook, type PatientFields } from '../../model/case-book';
import { categoryOf } from '../../model/category';
import { milestoneOf, type Appointment, type AppointmentStatus, type ClinicalEvent, type LapsedPatient, type Recall } from '../../model/clinical';
import { normalizeEmail } from '../../normalize/email';
import { tidyName } from '../../normalize/name';
import { PhoneNormalizer } from '../../normalize/phone';
import type {
	AppointmentQuery,
	CompletedQuery,
	LapsedQuery,
	PmsReader,
	RecallQuery,
	UnscheduledQuery,
	WithPmsIds,
} from '../reader';
import {
	appointmentRecord,
	clinicRecord,
	odDate,
	operatoryRecord,
	parseRows,
	patientRecord,
	procedureRecord,
	providerRecord,
	recallListRecord,
	type AppointmentRecord,
	type PatientRecord,
	type ProcedureRecord,
} from './records';
import type { OpenDentalTransport } from './transport';

const STATUS_TO_OD: Record<AppointmentStatus, string> = {
	scheduled: 'Scheduled',
	completed: 'Complete',
	broken: 'Broken',
	unscheduled_list: 'UnschedList',
	asap: 'ASAP',
	planned: 'Planned',
	note: 'PtNote',
};
const OD_TO_STATUS = new Map<string, AppointmentStatus>(Object.entries(STATUS_TO_OD).map(([k, v]) => [v, k as AppointmentStatus]));
OD_TO_STATUS.set('PtNoteCompleted', 'note');

interface Directory {
	providers: Map<number, string>;
	clinics: Map<number, string>;
	operatories: Map<number, string>;
}

export interface OpenDentalReaderOptions {
	transport: OpenDentalTransport;
	/** The practice's zone: Open Dental stores local times without one. */
	timezone: string;
	defaultRegion: 'US' | 'CA';
}

export class OpenDentalReader implements PmsReader {
	private directory: Promise<Directory> | null = null;
	private readonly phones: PhoneNormalizer;

	constructor(private readonly options: OpenDentalReaderOptions) {
		this.phones = new PhoneNormalizer(options.defaultRegion);
	}

	async getUnscheduledTreatment(query: UnscheduledQuery): Promise<Array<WithPmsIds<TreatmentCase>>> {
		const today = query.now.setZone(this.options.timezone).toISODate() as string;
		const { transport } = this.options;
		const planned = parseRows(procedureRecord, await transport.all('/procedurelogs', { ProcStatus: 'TP' }), 'procedurelog');
		// Treatment Finder: patients with a Scheduled appointment today or later are not "unscheduled".
		const booked = new Set(
			(await this.appointmentRecords({ AptStatus: 'Scheduled', dateStart: today, dateEnd: addYears(today, 5) })).map((a) => a.PatNum),
		);
		const byPatient = new Map<number, ProcedureRecord[]>();
		for (const proc of planned) {
			if (booked.has(proc.PatNum)) continue;
			const list = byPatient.get(proc.PatNum) ?? [];
			list.push(proc);
			byPatient.set(proc.PatNum, list);
		}
		const patients = await this.activePatients([...byPatient.keys()]);
		const directory = await this.loadDirectory();
		const book = new CaseBook();
		const procNums = new Map<string, number[]>();
		for (const [patNum, procs] of byPatient) {
			const record = patients.get(patNum);
			if (!record) continue; // not an active patient
			const fields = this.patientFields(record, directory);
			for (const proc of procs) {
				const code = proc.procCode.toUpperCase();
				book.add({
					patient: fields,
					procedure: {
						code,
						description: proc.descript || null,
						category: categoryOf(code, proc.descript || null),
						fee: proc.ProcFee,
						tooth: proc.ToothNum || null,
						surface: proc.Surf || null,
						plannedDate: odDate(proc.DateTP ?? ''),
						status: 'unscheduled',
						line: null,
					},
					nextAppointment: null,
				});
			}
			procNums.set(String(patNum), procs.map((p) => p.ProcNum));
		}
		const minAgeDays = query.minAgeHours / 24;
		const cases: Array<WithPmsIds<TreatmentCase>> = [];
		for (const item of book.cases('opendental', this.options.timezone, query.now)) {
			// Treatment Finder keeps patients whose planned fees add up to more than zero.
			if (item.totalFee <= 0) continue;
			if (item.totalFee < query.minValue || (query.maxValue !== null && item.totalFee > query.maxValue)) continue;
			if (query.categories.length && !query.categories.includes(item.category)) continue;
			if (query.provider && item.provider !== query.provider) continue;
			if (query.clinic && item.patient.clinic !== query.clinic) continue;
			if (minAgeDays > 0 && (item.ageDays === null || item.ageDays < minAgeDays)) continue;
			cases.push({ item, pmsIds: { PatNum: Number(item.patient.id), ProcNums: (procNums.get(item.patient.id) ?? []).join(',') } });
		}
		return cases;
	}

	async getCompletedProcedures(query: CompletedQuery): Promise<Array<WithPmsIds<ClinicalEvent>>> {
		const rows = parseRows(procedureRecord, await this.options.transport.all('/procedurelogs', { ProcStatus: 'C' }), 'procedurelog');
		const directory = await this.loadDirectory();
		const events: Array<WithPmsIds<ClinicalEvent>> = [];
		for (const proc of rows) {
			const occurredOn = odDate(proc.ProcDate);
			if (!occurredOn || occurredOn < query.from || occurredOn > query.to) continue;
			const event = this.toEvent(proc, occurredOn, directory);
			if (query.families.length && !query.families.some((f) => f === event.category || f === event.milestone)) continue;
			events.push({ item: event, pmsIds: { ProcNum: proc.ProcNum, PatNum: proc.PatNum, AptNum: proc.AptNum ?? 0 } });
		}
		return events;
	}

	async getAppointments(query: AppointmentQuery): Promise<Array<WithPmsIds<Appointment>>> {
		const base = { dateStart: query.from, dateEnd: query.to, PatNum: query.patientId ?? undefined };
		const statuses = query.statuses.length ? query.statuses : [undefined];
		const records: AppointmentRecord[] = [];
		for (const status of statuses) records.push(...(await this.appointmentRecords({ ...base, AptStatus: status && STATUS_TO_OD[status] })));
		const directory = await this.loadDirectory();
		return records
			.sort((a, b) => a.AptDateTime.localeCompare(b.AptDateTime) || a.AptNum - b.AptNum)
			.map((record) => ({ item: this.toAppointment(record, directory), pmsIds: { AptNum: record.AptNum, PatNum: record.PatNum } }));
	}

	async getRecallsDue(query: RecallQuery): Promise<Array<WithPmsIds<Recall>>> {
		const today = query.now.setZone(this.options.timezone).startOf('day');
		const from = today.minus({ days: query.daysOverdue }).toISODate() as string;
		const to = today.plus({ days: query.daysAhead }).toISODate() as string;
		const types = query.types.length ? query.types : [undefined];
		const recalls: Array<WithPmsIds<Recall>> = [];
		for (const type of types) {
			const rows = parseRows(
				recallListRecord,
				await this.options.transport.all('/recalls/List', { DateStart: from, DateEnd: to, RecallType: type, IncludeReminded: 'true' }),
				'recall',
			);
			for (const row of rows) {
				const due = odDate(row.DueDate);
				if (!due) continue;
				recalls.push({
					item: {
						patientId: String(row.PatNum),
						patientName: row.Patient ?? '',
						type: row.Type || row.RecallType || type || '',
						dueDate: due,
						lastVisit: odDate(row.DatePrevious ?? ''),
						interval: row.Interval || null,
						remindersSent: row.NumRemind ?? 0,
						lastReminded: odDate(row.LastRemind ?? ''),
						daysOverdue: Math.round(today.diff(DateTime.fromISO(due, { zone: this.options.timezone }), 'days').days),
					},
					pmsIds: { PatNum: row.PatNum },
				});
			}
		}
		return recalls.sort((a, b) => a.item.dueDate.localeCompare(b.item.dueDate) || Number(a.item.patientId) - Number(b.item.patientId));
	}

	async getPatient(id: string): Promise<WithPmsIds<Patient>> {
		const [record] = parseRows(patientRecord, [await this.options.transport.request({ method: 'GET', path: `/patients/${encodeURIComponent(id)}` })], 'patient');
		return { item: this.toPatient(record, await this.loadDirectory()), pmsIds: { PatNum: record.PatNum } };
	}

	async getLapsedPatients(query: LapsedQuery): Promise<Array<WithPmsIds<LapsedPatient>>> {
		const today = query.now.setZone(this.options.timezone).startOf('day');
		const todayIso = today.toISODate() as string;
		const cutoff = today.minus({ months: query.months }).toISODate() as string;
		// Open Dental's reactivation look-back: three years of completed visits.
		const lookBack = today.minus({ days: 1095 }).toISODate() as string;
		const done = await this.appointmentRecords({ AptStatus: 'Complete', dateStart: lookBack, dateEnd: todayIso });
		const lastVisit = new Map<number, string>();
		for (const apt of done) {
			const date = odDate(apt.AptDateTime);
			if (date && date <= todayIso && (lastVisit.get(apt.PatNum) ?? '') < date) lastVisit.set(apt.PatNum, date);
		}
		const booked = new Set(
			(await this.appointmentRecords({ AptStatus: 'Scheduled', dateStart: todayIso, dateEnd: addYears(todayIso, 5) })).map((a) => a.PatNum),
		);
		const candidates = [...lastVisit].filter(([patNum, date]) => date < cutoff && !booked.has(patNum));
		const patients = await this.activePatients(candidates.map(([patNum]) => patNum));
		const directory = await this.loadDirectory();
		const lapsed: Array<WithPmsIds<LapsedPatient>> = [];
		for (const [patNum, date] of candidates) {
			const record = patients.get(patNum);
			if (!record || record.PreferContactMethod === 'DoNotCall') continue;
			const months = Math.floor(today.diff(DateTime.fromISO(date, { zone: this.options.timezone }), 'months').months);
			lapsed.push({ item: { patient: this.toPatient(record, directory), lastVisit: date, monthsSinceVisit: months }, pmsIds: { PatNum: patNum } });
		}
		return lapsed.sort((a, b) => a.item.lastVisit.localeCompare(b.item.lastVisit) || Number(a.item.patient.id) - Number(b.item.patient.id));
	}

	/** Patients with status "Patient" among the given PatNums, from the paged simple list. */
	private async activePatients(patNums: number[]): Promise<Map<number, PatientRecord>> {
		const wanted = new Set(patNums);
		const found = new Map<number, PatientRecord>();
		if (!wanted.size) return found;
		const rows = parseRows(patientRecord, await this.options.transport.all('/patients/Simple', { PatStatus: 'Patient' }), 'patient');
		for (const row of rows) if (wanted.has(row.PatNum) && row.PatStatus === 'Patient') found.set(row.PatNum, row);
		return found;
	}

	private async appointmentRecords(query: Record<string, string | number | undefined>): Promise<AppointmentRecord[]> {
		return parseRows(appointmentRecord, await this.options.transport.all('/appointments', query), 'appointment');
	}

	/** Providers, clinics and operatories by number: read once per run. */
	private loadDirectory(): Promise<Directory> {
		this.directory ??= (async () => {
			const { transport } = this.options;
			const providers = parseRows(providerRecord, await transport.all('/providers'), 'provider');
			const clinics = parseRows(clinicRecord, await transport.all('/clinics'), 'clinic');
			const operatories = parseRows(operatoryRecord, await transport.all('/operatories'), 'operatory');
			return {
				providers: new Map(providers.map((p) => [p.ProvNum, p.Abbr])),
				clinics: new Map(clinics.map((c) => [c.ClinicNum, c.Abbr])),
				operatories: new Map(operatories.map((o) => [o.OperatoryNum, o.Abbrev || o.OpName || String(o.OperatoryNum)])),
			};
		})();
		return this.directory;
	}

	private patientFields(record: PatientRecord, directory: Directory): PatientFields {
		const phone = record.WirelessPhone ? this.phones.normalize(record.WirelessPhone) : null;
		const doNotContact = record.PreferContactMethod === 'DoNotCall';
		const consent: SmsConsent = doNotContact ? 'no' : record.TxtMsgOk === 'Yes' ? 'yes' : record.TxtMsgOk === 'No' ? 'no' : 'unknown';
		const prefers: Channel | null =
			record.PreferContactMethod === 'TextMessage' || record.PreferContactMethod === 'WirelessPh'
				? 'sms'
				: record.PreferContactMethod === 'Email'
					? 'email'
					: null;
		return {
			id: String(record.PatNum),
			firstName: tidyName(record.Preferred || record.FName),
			lastName: tidyName(record.LName),
			mobile: phone?.ok ? phone.e164 : null,
			email: record.Email ? normalizeEmail(record.Email) : null,
			provider: record.PriProv ? (directory.providers.get(record.PriProv) ?? String(record.PriProv)) : null,
			clinic: record.ClinicNum ? (directory.clinics.get(record.ClinicNum) ?? String(record.ClinicNum)) : null,
			smsConsent: consent,
			preferredChannel: prefers,
			doNotContact,
		};
	}

	private toPatient(record: PatientRecord, directory: Directory): Patient {
		const { doNotContact: _ignored, ...fields } = this.patientFields(record, directory);
		return {
			...fields,
			smsConsent: fields.smsConsent ?? 'unknown',
			preferredChannel: fields.preferredChannel ?? null,
			timezone: this.options.timezone,
		};
	}

	private toEvent(proc: ProcedureRecord, occurredOn: string, directory: Directory): ClinicalEvent {
		const code = proc.procCode.toUpperCase();
		return {
			id: String(proc.ProcNum),
			patientId: String(proc.PatNum),
			code,
			description: proc.descript || null,
			category: categoryOf(code, proc.descript || null),
			milestone: milestoneOf(code),
			occurredOn,
			appointmentId: proc.AptNum ? String(proc.AptNum) : null,
			provider: proc.ProvNum ? (directory.providers.get(proc.ProvNum) ?? String(proc.ProvNum)) : null,
			fee: proc.ProcFee,
			tooth: proc.ToothNum || null,
		};
	}

	private toAppointment(record: AppointmentRecord, directory: Directory): Appointment {
		const start = DateTime.fromSQL(record.AptDateTime, { zone: this.options.timezone });
		return {
			id: String(record.AptNum),
			patientId: String(record.PatNum),
			status: OD_TO_STATUS.get(record.AptStatus) ?? 'note',
			start: start.isValid ? (start.toISO() as string) : record.AptDateTime,
			// Pattern: one character per 5 minutes ("/XX/" is 20 minutes).
			lengthMinutes: (record.Pattern?.length ?? 0) * 5,
			provider: record.ProvNum ? (directory.providers.get(record.ProvNum) ?? String(record.ProvNum)) : null,
			operatory: record.Op ? (directory.operatories.get(record.Op) ?? String(record.Op)) : null,
			clinic: record.ClinicNum ? (directory.clinics.get(record.ClinicNum) ?? String(record.ClinicNum)) : null,
			isHygiene: record.IsHygiene ?? false,
			confirmed: record.Confirmed === null || record.Confirmed === undefined ? null : String(record.Confirmed),
		};
	}
}

function addYears(isoDate: string, years: number): string {
	return DateTime.fromISO(isoDate).plus({ years }).toISODate() as string;
}
