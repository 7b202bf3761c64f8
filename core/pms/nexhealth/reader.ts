/**
 * The PMS reader over NexHealth's Synchronizer API (Dentrix, Eaglesoft and the other EHRs it syncs),
 * with the same meanings as the Open Dental reader: unscheduled treatment as Open Dental's Treatment
 * Finder defines it (planned procedures of active patients with nothing booked ahead, fees above
 * zero), lapsed patients as its reactivation list does. Everything is read within the credential's
 * location. NexHealth keeps no text-message consent or opt-out for patients
 * (../shared/reference/nexhealth.md section 5): every patient's consent is "unknown", and the guard
 * decides by the practice profile's text-consent policy and Chairside's own opt-out record (STOP).
 */
import { DateTime } from 'luxon';
import type { Patient, Procedure, TreatmentCase } from '../../model/case';
import { CaseBook, type PatientFields } from '../../model/case-book';
import type { Appointment, AppointmentStatus, ClinicalEvent, PresentedPlan, Recall } from '../../model/clinical';
import { normalizeEmail } from '../../normalize/email';
import { tidyName } from '../../normalize/name';
import { PhoneNormalizer } from '../../normalize/phone';
import { practiceDay, shiftDay } from '../calendar';
import type { PmsEvent, PollRequest, PollResult } from '../events';
import { lapsedCandidates, lapsedList, lapseLine, lastVisits, type LapsedPatient } from '../lapsed';
import {
	advance,
	BoundaryRows,
	changeLists,
	completedEvent,
	datedWindows,
	inRange,
	lapsedEvent,
	recallEvent,
	rowMark,
	unscheduledEvent,
	type Stamped,
} from '../poll';
import { everyUnscheduled, inFamilies, keepsCase } from '../select';
import { clinicalEvent, patientOf, plannedProcedure, type ProcedureFacts } from '../shape';
import type {
	AppointmentQuery,
	CompletedQuery,
	LapsedQuery,
	PmsReader,
	PresentedQuery,
	RecallQuery,
	UnscheduledQuery,
	WithPmsIds,
} from '../reader';
import {
	nexAppointment,
	nexOperatory,
	nexPatient,
	nexProcedure,
	nexProvider,
	nexRecall,
	parseNex,
	type NexAppointmentRecord,
	type NexPatientRecord,
	type NexProcedureRecord,
} from './records';
import type { NexHealthTransport } from './transport';

const LOCAL = 'yyyy-MM-dd HH:mm:ss';
/** "Everything": /procedures needs at least one filter (reference section 5), and every row was updated after this. */
const EPOCH = '1970-01-01T00:00:00Z';

export interface NexHealthReaderOptions {
	transport: NexHealthTransport;
	/** The practice's zone (the profile's): dates are the practice's calendar. */
	timezone: string;
	defaultRegion: 'US' | 'CA';
}

interface Directory {
	providers: Map<number, string>;
	operatories: Map<number, string>;
}

/** Where a NexHealth appointment stands, in the statuses the journeys know. */
export function appointmentStatus(record: NexAppointmentRecord): AppointmentStatus {
	if (record.cancelled || record.patient_missed) return 'broken';
	if (record.checked_out) return 'completed';
	return 'scheduled';
}

/** Not yet in the EHR: NexHealth accepted it, the EHR has not (how-a-write-reaches-the-ehr). */
export function isUnwritten(record: NexAppointmentRecord): boolean {
	return (record.foreign_id === null || record.foreign_id === undefined) && !record.last_sync_time;
}

export class NexHealthReader implements PmsReader {
	private directory: Promise<Directory> | null = null;
	private readonly phones: PhoneNormalizer;

	constructor(private readonly options: NexHealthReaderOptions) {
		this.phones = new PhoneNormalizer(options.defaultRegion);
	}

	private get location(): string {
		return this.options.transport.locationId;
	}

	async getUnscheduledTreatment(query: UnscheduledQuery): Promise<Array<WithPmsIds<TreatmentCase>>> {
		const today = this.today(query.now);
		const planned = (await this.procedures({ updated_since: EPOCH })).filter((p) => p.status === 'planned');
		const booked = new Set(
			(await this.appointmentRecords(today, shiftDay(today, this.options.timezone, { years: 5 })))
				.filter((a) => appointmentStatus(a) === 'scheduled')
				.map((a) => a.patient_id),
		);
		const byPatient = new Map<number, NexProcedureRecord[]>();
		for (const proc of planned) {
			if (booked.has(proc.patient_id)) continue;
			byPatient.set(proc.patient_id, [...(byPatient.get(proc.patient_id) ?? []), proc]);
		}
		const patients = await this.activePatients();
		const directory = await this.loadDirectory();
		const book = new CaseBook();
		for (const [patientId, procs] of byPatient) {
			const record = patients.get(patientId);
			if (!record) continue;
			const fields = this.patientFields(record, directory);
			for (const proc of procs) book.add({ patient: fields, procedure: toPlanned(proc), nextAppointment: null });
		}
		const cases: Array<WithPmsIds<TreatmentCase>> = [];
		for (const item of book.cases('nexhealth', this.options.timezone, query.now)) {
			if (!keepsCase(query, item)) continue;
			cases.push({
				item,
				pmsIds: {
					patient_id: Number(item.patient.id),
					procedure_ids: (byPatient.get(Number(item.patient.id)) ?? []).map((p) => p.id).join(','),
				},
			});
		}
		return cases;
	}

	async getCompletedProcedures(query: CompletedQuery): Promise<Array<WithPmsIds<ClinicalEvent>>> {
		const rows = await this.procedures({ ended_after: query.from, ended_before: query.to });
		const directory = await this.loadDirectory();
		const events: Array<WithPmsIds<ClinicalEvent>> = [];
		for (const proc of rows) {
			const on = (proc.end_date || proc.start_date || '').slice(0, 10);
			if (proc.status !== 'completed' || !on || on < query.from || on > query.to) continue;
			const event = toEvent(proc, on, directory);
			if (!inFamilies(event, query.families)) continue;
			events.push({
				item: event,
				pmsIds: { procedure_id: proc.id, patient_id: proc.patient_id, appointment_id: proc.appointment_id ?? 0 },
			});
		}
		return events.sort(
			(a, b) => a.item.occurredOn.localeCompare(b.item.occurredOn) || Number(a.item.id) - Number(b.item.id),
		);
	}

	async getPresentedPlans(_query: PresentedQuery): Promise<Array<WithPmsIds<PresentedPlan>>> {
		// GET /treatment_plans carries no presented date (reference section 5): no honest answer to give.
		throw new Error(
			'Get Presented is not available on NexHealth: its treatment plans carry no date they were presented',
		);
	}

	async getAppointments(query: AppointmentQuery): Promise<Array<WithPmsIds<Appointment>>> {
		const records = await this.appointmentRecords(query.from, query.to, query.patientId ?? undefined);
		const directory = await this.loadDirectory();
		return records
			.map((record) => ({ record, item: this.toAppointment(record, directory) }))
			.filter(({ item }) => !query.statuses.length || query.statuses.includes(item.status))
			.sort((a, b) => a.item.start.localeCompare(b.item.start) || a.record.id - b.record.id)
			.map(({ record, item }) => ({ item, pmsIds: idsOf(record) }));
	}

	async getAppointment(id: string): Promise<WithPmsIds<Appointment>> {
		const body = await this.options.transport.request({
			method: 'GET',
			path: `/appointments/${encodeURIComponent(id)}`,
		});
		const record = parseNex(nexAppointment, [body], 'appointment')[0];
		return { item: this.toAppointment(record, await this.loadDirectory()), pmsIds: idsOf(record) };
	}

	async getRecallsDue(query: RecallQuery): Promise<Array<WithPmsIds<Recall>>> {
		const today = DateTime.fromISO(this.today(query.now), { zone: this.options.timezone });
		const from = today.minus({ days: query.daysOverdue }).toISODate() as string;
		const to = today.plus({ days: query.daysAhead }).toISODate() as string;
		const rows = parseNex(
			nexRecall,
			await this.options.transport.all('/patient_recalls', { location_id: this.location, due_after: from }),
			'patient recall',
		);
		const patients = await this.activePatients();
		const recalls: Array<WithPmsIds<Recall>> = [];
		for (const row of rows) {
			const due = row.date_due.slice(0, 10);
			const type = row.recall_type?.name ?? '';
			const patient = patients.get(row.patient_id);
			if (!patient || due < from || due > to || (query.types.length && !query.types.includes(type))) continue;
			const interval = row.recall_type?.interval_num
				? `${row.recall_type.interval_num} ${row.recall_type.interval_unit ?? ''}`.trim()
				: null;
			recalls.push({
				item: {
					patientId: String(row.patient_id),
					patientName: `${patient.first_name} ${patient.last_name}`.trim(),
					type,
					dueDate: due,
					lastVisit: null,
					interval,
					remindersSent: 0,
					lastReminded: null,
					daysOverdue: Math.round(today.diff(DateTime.fromISO(due, { zone: this.options.timezone }), 'days').days),
				},
				pmsIds: { patient_recall_id: row.id, patient_id: row.patient_id },
			});
		}
		return recalls.sort(
			(a, b) => a.item.dueDate.localeCompare(b.item.dueDate) || Number(a.item.patientId) - Number(b.item.patientId),
		);
	}

	async getPatient(id: string): Promise<WithPmsIds<Patient>> {
		const body = await this.options.transport.request({
			method: 'GET',
			path: `/patients/${encodeURIComponent(id)}`,
			query: { location_id: this.location },
		});
		const record = parseNex(nexPatient, [body], 'patient')[0];
		return { item: this.toPatient(record, await this.loadDirectory()), pmsIds: { patient_id: record.id } };
	}

	async getLapsedPatients(query: LapsedQuery): Promise<Array<WithPmsIds<LapsedPatient>>> {
		const zone = this.options.timezone;
		const line = lapseLine(query.now, zone, query.months);
		// One appointment list gives both the completed visits and what is booked ahead.
		const visits = (await this.appointmentRecords(line.lookBack, shiftDay(line.today, zone, { years: 5 }))).map(
			(a) => ({ patientId: a.patient_id, status: appointmentStatus(a), date: this.localDate(a.start_time) }),
		);
		const last = lastVisits(
			visits.filter((v) => v.status === 'completed'),
			line.today,
		);
		const booked = new Set(
			visits.filter((v) => v.status === 'scheduled' && v.date >= line.today).map((v) => v.patientId),
		);
		const patients = await this.activePatients();
		const directory = await this.loadDirectory();
		return lapsedList(lapsedCandidates(last, booked, line), query.now, zone, (patientId) => {
			const record = patients.get(patientId);
			return record ? { patient: this.toPatient(record, directory), pmsIds: { patient_id: patientId } } : null;
		});
	}

	/**
	 * Changes since the cursor through `updated_since` (procedures, appointments), then recalls and
	 * lapses that fell due on the days since the last scan: the Open Dental reader's poll, on NexHealth's
	 * change stamps. An appointment NexHealth has not yet written to the EHR is not "scheduled" yet.
	 * The reference documents `updated_since` on these lists but neither whether it is inclusive nor
	 * how fine `updated_at` is (../shared/reference/nexhealth.md sections 3 and 5): the cursor is
	 * whole seconds and `updated_since` is its second's start, so that second is read again every
	 * poll, and the rows read there before, unchanged, are skipped before any further request
	 * (core/pms/poll.ts BoundaryRows), as on Open Dental. The directory is read only for a row to name.
	 */
	async poll(request: PollRequest): Promise<PollResult> {
		const { transport } = this.options;
		const before = transport.requestsSent;
		const wants = new Set(request.events);
		const today = this.today(request.now);
		const since = request.cursor.changesSince;
		const sinceUtc = DateTime.fromFormat(since, LOCAL, { zone: this.options.timezone }).toUTC().toISO() as string;
		const stamped: Stamped[] = [];
		const lists = changeLists(request.events);

		// Rows stamped at the cursor's own second that the last poll read as they are now: done.
		const boundary = new BoundaryRows(request.cursor);
		const procedures = lists.procedures
			? boundary.unseen(
					await this.procedures({ updated_since: sinceUtc }),
					(p) => this.localStamp(p.updated_at, since),
					(p) => rowMark('procedure', p.id, p),
				)
			: [];
		const appointments = lists.appointments
			? boundary.unseen(
					await this.appointmentRecords(
						shiftDay(today, this.options.timezone, { years: -1 }),
						shiftDay(today, this.options.timezone, { years: 2 }),
						undefined,
						sinceUtc,
					),
					(a) => this.localStamp(a.updated_at, since),
					(a) => rowMark('appointment', a.id, a),
				)
			: [];
		const directory = procedures.length || appointments.length ? await this.loadDirectory() : null;

		if (directory && procedures.length) {
			const replanned = new Map<number, string>();
			for (const proc of procedures) {
				const stamp = this.localStamp(proc.updated_at, since);
				if (proc.status === 'planned' && stamp >= (replanned.get(proc.patient_id) ?? ''))
					replanned.set(proc.patient_id, stamp);
				if (proc.status !== 'completed' || !wants.has('procedure_completed')) continue;
				const event = toEvent(proc, (proc.end_date || proc.start_date || today).slice(0, 10), directory);
				if (!inFamilies(event, request.families)) continue;
				stamped.push({
					stamp,
					event: completedEvent(event, { procedure_id: proc.id, patient_id: proc.patient_id }),
				});
			}
			if (wants.has('treatment_unscheduled') && replanned.size) {
				for (const found of await this.getUnscheduledTreatment(everyUnscheduled(request.now))) {
					const stamp = replanned.get(Number(found.item.patient.id));
					if (stamp !== undefined) stamped.push({ stamp, event: unscheduledEvent(found) });
				}
			}
		}

		if (directory) {
			for (const record of appointments) {
				if (isUnwritten(record)) continue;
				const status = appointmentStatus(record);
				const type =
					status === 'broken'
						? 'appointment_broken'
						: status === 'completed'
							? 'appointment_completed'
							: 'appointment_scheduled';
				if (!wants.has(type)) continue;
				const key = `appointment:${record.id}:${status}${type === 'appointment_scheduled' ? `:${record.start_time}` : ''}`;
				stamped.push({
					stamp: this.localStamp(record.updated_at, since),
					event: { type, key, data: this.toAppointment(record, directory), pmsIds: idsOf(record) },
				});
			}
		}

		const dated: PmsEvent[] = [];
		const windows = datedWindows(request, today, this.options.timezone);
		if (windows) {
			if (wants.has('recall_due') || wants.has('recall_overdue')) {
				const days = Math.round(DateTime.fromISO(today).diff(DateTime.fromISO(windows.from), 'days').days);
				const recalls = await this.getRecallsDue({
					now: request.now,
					daysAhead: request.recallDaysAhead,
					daysOverdue: days + 1,
					types: [],
				});
				for (const { item, pmsIds } of recalls) {
					if (wants.has('recall_due') && inRange(item.dueDate, windows.recallDue))
						dated.push(recallEvent('recall_due', item, pmsIds));
					if (wants.has('recall_overdue') && inRange(item.dueDate, windows.recallOverdue))
						dated.push(recallEvent('recall_overdue', item, pmsIds));
				}
			}
			if (wants.has('patient_lapsed')) {
				const lapsed = await this.getLapsedPatients({ now: request.now, months: request.lapsedMonths });
				for (const found of lapsed) if (inRange(found.item.lastVisit, windows.lapsed)) dated.push(lapsedEvent(found));
			}
		}

		return {
			...advance(request.cursor, today, stamped, dated, boundary.read),
			requests: transport.requestsSent - before,
		};
	}

	/** Nothing to keep between polls: NexHealth's directory is read per run (the Open Dental reader keeps its own). */
	async directoryToSave(_now: DateTime): Promise<null> {
		return null;
	}

	private today(now: DateTime): string {
		return practiceDay(now, this.options.timezone);
	}

	private localDate(iso: string): string {
		return DateTime.fromISO(iso, { setZone: true }).setZone(this.options.timezone).toISODate() ?? iso.slice(0, 10);
	}

	private localStamp(iso: string | undefined, fallback: string): string {
		const at = iso ? DateTime.fromISO(iso, { setZone: true }) : null;
		return at?.isValid ? at.setZone(this.options.timezone).toFormat(LOCAL) : fallback;
	}

	private async procedures(filter: Record<string, string>): Promise<NexProcedureRecord[]> {
		return parseNex(
			nexProcedure,
			await this.options.transport.all('/procedures', { location_id: this.location, ...filter }),
			'procedure',
		);
	}

	/** Appointments starting on the practice's days `from` to `to`, inclusive. */
	private async appointmentRecords(
		from: string,
		to: string,
		patientId?: string,
		updatedSince?: string,
	): Promise<NexAppointmentRecord[]> {
		const zone = this.options.timezone;
		const start = DateTime.fromISO(from, { zone }).startOf('day').toUTC().toISO() as string;
		const end = DateTime.fromISO(to, { zone }).endOf('day').toUTC().toISO() as string;
		const rows = parseNex(
			nexAppointment,
			await this.options.transport.all('/appointments', {
				location_id: this.location,
				start,
				end,
				'patient_ids[]': patientId,
				updated_since: updatedSince,
			}),
			'appointment',
		);
		// Re-checked: a row outside what was asked is never taken for an answer.
		return rows.filter((a) => {
			const date = this.localDate(a.start_time);
			return (
				!a.unavailable && date >= from && date <= to && (patientId === undefined || String(a.patient_id) === patientId)
			);
		});
	}

	/** Active patients of the location, by id: one paged list per run. */
	private async activePatients(): Promise<Map<number, NexPatientRecord>> {
		const rows = parseNex(
			nexPatient,
			await this.options.transport.all('/patients', {
				location_id: this.location,
				location_strict: 'true',
				inactive: 'false',
			}),
			'patient',
		);
		return new Map(rows.filter((p) => !p.inactive && !p.bio?.non_patient).map((p) => [p.id, p]));
	}

	private loadDirectory(): Promise<Directory> {
		this.directory ??= (async () => {
			const { transport } = this.options;
			const providers = parseNex(
				nexProvider,
				await transport.all('/providers', { location_id: this.location }),
				'provider',
			);
			const operatories = parseNex(
				nexOperatory,
				await transport.all('/operatories', { location_id: this.location }),
				'operatory',
			);
			return {
				providers: new Map(providers.map((p) => [p.id, p.display_name || p.name || String(p.id)])),
				operatories: new Map(operatories.map((o) => [o.id, o.display_name || o.name || String(o.id)])),
			};
		})();
		return this.directory;
	}

	private patientFields(record: NexPatientRecord, directory: Directory): PatientFields {
		// The mobile only: bio.phone_number may be a landline (v3.1 ranks it first among untyped numbers).
		const cell = record.cell_phone_number || record.bio?.cell_phone_number || '';
		const phone = cell ? this.phones.normalize(cell) : null;
		const home = record.bio?.home_phone_number ? this.phones.normalize(record.bio.home_phone_number) : null;
		return {
			id: String(record.id),
			firstName: tidyName(record.first_name),
			lastName: tidyName(record.last_name),
			mobile: phone?.ok ? phone.e164 : null,
			homePhone: home?.ok ? home.e164 : null,
			email: record.email ? normalizeEmail(record.email) : null,
			provider: record.provider_id ? (directory.providers.get(record.provider_id) ?? String(record.provider_id)) : null,
			clinic: null,
			smsConsent: 'unknown',
			preferredChannel: null,
			doNotContact: false,
			status: record.inactive ? 'inactive' : record.bio?.non_patient ? 'non_patient' : 'active',
		};
	}

	private toPatient(record: NexPatientRecord, directory: Directory): Patient {
		return patientOf(this.patientFields(record, directory), this.options.timezone);
	}

	private toAppointment(record: NexAppointmentRecord, directory: Directory): Appointment {
		const start = DateTime.fromISO(record.start_time, { setZone: true }).setZone(this.options.timezone);
		const end = record.end_time ? DateTime.fromISO(record.end_time, { setZone: true }) : null;
		return {
			id: String(record.id),
			patientId: String(record.patient_id),
			status: appointmentStatus(record),
			start: start.isValid ? (start.toISO() as string) : record.start_time,
			lengthMinutes: end?.isValid && start.isValid ? Math.round(end.diff(start, 'minutes').minutes) : 0,
			provider: record.provider_id
				? (directory.providers.get(record.provider_id) ?? record.provider_name ?? String(record.provider_id))
				: null,
			operatory: record.operatory_id
				? (directory.operatories.get(record.operatory_id) ?? String(record.operatory_id))
				: null,
			clinic: null,
			isHygiene: false,
			confirmed: record.confirmed ? 'Confirmed' : null,
		};
	}
}

function idsOf(record: NexAppointmentRecord): Record<string, number | string> {
	// pending: NexHealth accepted it but the EHR has not written it yet; never "booked" until it has.
	return {
		appointment_id: record.id,
		patient_id: record.patient_id,
		...(isUnwritten(record) ? { pending: 'true' } : {}),
	};
}

/** A procedure record's facts under NexHealth's names (reference section 5, Procedures). */
function procedureFacts(proc: NexProcedureRecord): ProcedureFacts {
	return {
		code: proc.code,
		description: proc.name || null,
		fee: proc.fee?.amount ?? 0,
		tooth: proc.body_site?.tooth || null,
	};
}

function toPlanned(proc: NexProcedureRecord): Procedure {
	return plannedProcedure({
		...procedureFacts(proc),
		surface: proc.body_site?.surface || null,
		plannedDate: proc.start_date ? proc.start_date.slice(0, 10) : null,
	});
}

function toEvent(proc: NexProcedureRecord, occurredOn: string, directory: Directory): ClinicalEvent {
	const provider = proc.provider_id ? (directory.providers.get(proc.provider_id) ?? String(proc.provider_id)) : null;
	return clinicalEvent(
		{ ...procedureFacts(proc), id: proc.id, patientId: proc.patient_id, appointmentId: proc.appointment_id, provider },
		occurredOn,
	);
}
