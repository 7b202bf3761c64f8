/**
 * The PMS reader over Open Dental's REST API, with Open Dental's own semantics:
 * unscheduled treatment as its Treatment Finder defines it, lapsed patients as its reactivation
 * list does (docs/facts.md#treatment-follow-up-timing). HTTP is injected through the transport.
 */
import { DateTime } from 'luxon';
import type { Channel, Patient, PatientStatus, Procedure, SmsConsent, TreatmentCase } from '../../model/case';
import { CaseBook, type PatientFields } from '../../model/case-book';
import type { Appointment, AppointmentStatus, ClinicalEvent, PresentedPlan, Recall } from '../../model/clinical';
import { normalizeEmail } from '../../normalize/email';
import { tidyName } from '../../normalize/name';
import { PhoneNormalizer } from '../../normalize/phone';
import { shiftDay } from '../calendar';
import type { PmsEvent, PollRequest, PollResult } from '../events';
import { lapsedCandidates, lapsedList, lapsedPatient, lapseLine, lastVisits, type LapsedPatient } from '../lapsed';
import {
	advance,
	BoundaryRows,
	changeLists,
	completedEvent,
	datedWindows,
	lapsedEvent,
	recallEvent,
	rowMark,
	unscheduledEvent,
	type DatedWindows,
	type Stamped,
} from '../poll';
import { inFamilies, keepsCase } from '../select';
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
	PmsConnection,
} from '../reader';
import { attachedProcedure, presentedPlan, savedProcedure, type PlanProcedure } from './plans';
import {
	appointmentRecord,
	clinicRecord,
	odDate,
	operatoryRecord,
	parseRows,
	patientRecord,
	procTpRecord,
	providerRecord,
	recallListRecord,
	treatPlanAttachRecord,
	treatPlanRecord,
	type AppointmentRecord,
	type PatientRecord,
	type ProcedureRecord,
	type RecallListRecord,
	type TreatPlanRecord,
} from './records';
import { directoryOf, knowsAll, saveDirectory, type Directory, type SavedDirectory } from './directory';
import { appointmentRows, procedureRows, type AppointmentFilter } from './lists';
import type { OpenDentalTransport } from './transport';
import { atLeast, MINIMUM_VERSION } from './version';

const STATUS_TO_OD: Record<AppointmentStatus, string> = {
	scheduled: 'Scheduled',
	completed: 'Complete',
	broken: 'Broken',
	unscheduled_list: 'UnschedList',
	asap: 'ASAP',
	planned: 'Planned',
	note: 'PtNote',
};
const PATIENT_STATUS = new Map<string, PatientStatus>([
	['Patient', 'active'],
	['NonPatient', 'non_patient'],
	['Inactive', 'inactive'],
	['Archived', 'archived'],
	['Deceased', 'deceased'],
	['Prospective', 'prospective'],
]);
const APPOINTMENT_EVENTS = new Map<string, 'appointment_scheduled' | 'appointment_broken' | 'appointment_completed'>([
	['Scheduled', 'appointment_scheduled'],
	['Broken', 'appointment_broken'],
	// apiappointments.html: a Break with sendToUnscheduledList "true" leaves the appointment UnschedList.
	['UnschedList', 'appointment_broken'],
	['Complete', 'appointment_completed'],
]);
const OD_TO_STATUS = new Map<string, AppointmentStatus>(
	Object.entries(STATUS_TO_OD).map(([k, v]) => [v, k as AppointmentStatus]),
);
OD_TO_STATUS.set('PtNoteCompleted', 'note');

export interface OpenDentalReaderOptions {
	transport: OpenDentalTransport;
	/** The practice's zone: Open Dental stores local times without one. */
	timezone: string;
	defaultRegion: 'US' | 'CA';
	/** Providers, clinics, operatories and version kept from an earlier run (see directory.ts); absent: read when needed. */
	saved?: SavedDirectory | null;
}

export class OpenDentalReader implements PmsReader {
	private directory: Promise<Directory> | null = null;
	/** Whether this run read the directory from Open Dental (then it is worth keeping). */
	private directoryRead = false;
	/** Whether this run was given a kept version (then only newly read names are worth keeping). */
	private readonly versionKept: boolean;
	private readonly phones: PhoneNormalizer;

	constructor(private readonly options: OpenDentalReaderOptions) {
		this.phones = new PhoneNormalizer(options.defaultRegion);
		this.versionKept = Boolean(options.saved);
		if (options.saved) {
			options.transport.useVersion(options.saved.version);
			if (options.saved.names) this.directory = Promise.resolve(directoryOf(options.saved.names));
		}
	}

	/**
	 * What to keep for the next run when this run read something new (the names, or the version
	 * before any names were needed); null when the kept directory still stands. Sends nothing.
	 */
	async directoryToSave(now: DateTime): Promise<SavedDirectory | null> {
		const { transport, saved } = this.options;
		// Names read again for a number they lacked keep the kept version's age: it still gets re-read.
		if (this.directoryRead && this.directory)
			return saveDirectory(
				await this.directory,
				transport.hasVersion ? await transport.version() : null,
				saved ? DateTime.fromISO(saved.readAt) : now,
			);
		if (this.versionKept || !transport.hasVersion) return null;
		return saveDirectory(null, await transport.version(), now);
	}

	/**
	 * A read every key may do (GET /providers, apiproviders.html) proves the keys; the version is the
	 * ProgramVersion preference (apipreferences.html), compared with the oldest Chairside supports.
	 */
	async connection(): Promise<PmsConnection> {
		const { transport } = this.options;
		await transport.all('/providers');
		const version = await transport.version();
		return {
			system: 'Open Dental',
			version: version ? version.join('.') : null,
			minimumVersion: MINIMUM_VERSION,
			supported: version ? atLeast(version, MINIMUM_VERSION) : null,
		};
	}

	async getUnscheduledTreatment(query: UnscheduledQuery): Promise<Array<WithPmsIds<TreatmentCase>>> {
		const today = query.now.setZone(this.options.timezone).toISODate() as string;
		const { transport } = this.options;
		const planned = await procedureRows(transport, { ProcStatus: 'TP' });
		// Treatment Finder: patients with a Scheduled appointment today or later are not "unscheduled".
		const booked = new Set((await this.scheduledFrom(today)).map((a) => a.PatNum));
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
			for (const proc of procs)
				book.add({ patient: fields, procedure: this.plannedProcedure(proc), nextAppointment: null });
			procNums.set(
				String(patNum),
				procs.map((p) => p.ProcNum),
			);
		}
		const cases: Array<WithPmsIds<TreatmentCase>> = [];
		for (const item of book.cases('opendental', this.options.timezone, query.now)) {
			if (!keepsCase(query, item)) continue;
			cases.push({
				item,
				pmsIds: { PatNum: Number(item.patient.id), ProcNums: (procNums.get(item.patient.id) ?? []).join(',') },
			});
		}
		return cases;
	}

	async getCompletedProcedures(query: CompletedQuery): Promise<Array<WithPmsIds<ClinicalEvent>>> {
		const rows = await procedureRows(this.options.transport, { ProcStatus: 'C' });
		const directory = await this.loadDirectory();
		const events: Array<WithPmsIds<ClinicalEvent>> = [];
		for (const proc of rows) {
			const occurredOn = odDate(proc.ProcDate);
			if (!occurredOn || occurredOn < query.from || occurredOn > query.to) continue;
			const event = this.toEvent(proc, occurredOn, directory);
			if (!inFamilies(event, query.families)) continue;
			events.push({ item: event, pmsIds: { ProcNum: proc.ProcNum, PatNum: proc.PatNum, AptNum: proc.AptNum ?? 0 } });
		}
		return events;
	}

	/**
	 * Plans dated in the range. Requests: the plan list, one per plan (its attaches or saved
	 * copies) and one per patient with a live plan (their procedures, for status and fee).
	 */
	async getPresentedPlans(query: PresentedQuery): Promise<Array<WithPmsIds<PresentedPlan>>> {
		const { transport } = this.options;
		const dated = parseRows(treatPlanRecord, await transport.all('/treatplans'), 'treatplan')
			// apitreatplans.html: DateTP is set when a plan is Saved and is "0001-01-01" on Active and
			// Inactive plans; the page is silent on their date, so the row's entry date stands in.
			.map((plan) => ({ plan, presentedOn: odDate(plan.DateTP) ?? odDate(plan.SecDateEntry ?? '') }))
			.filter(
				(p): p is { plan: TreatPlanRecord; presentedOn: string } =>
					p.presentedOn !== null && p.presentedOn >= query.from && p.presentedOn <= query.to,
			)
			.sort((a, b) => a.presentedOn.localeCompare(b.presentedOn) || a.plan.TreatPlanNum - b.plan.TreatPlanNum);
		const directory = await this.loadDirectory();
		const providerOf = (provNum: number | undefined) =>
			provNum ? (directory.providers.get(provNum) ?? String(provNum)) : null;
		const charts = new Map<number, Map<number, ProcedureRecord>>();
		const plans: Array<WithPmsIds<PresentedPlan>> = [];
		for (const { plan, presentedOn } of dated) {
			const procedures =
				plan.TPStatus === 'Saved'
					? await this.savedProcedures(plan, charts)
					: await this.attachedProcedures(plan, charts);
			const item = presentedPlan(plan, presentedOn, procedures, providerOf);
			if (item)
				plans.push({
					item,
					pmsIds: {
						TreatPlanNum: plan.TreatPlanNum,
						PatNum: plan.PatNum,
						ProcNums: procedures.map((p) => p.procNum).join(','),
					},
				});
		}
		return plans;
	}

	async getAppointments(query: AppointmentQuery): Promise<Array<WithPmsIds<Appointment>>> {
		const base = { dateStart: query.from, dateEnd: query.to, PatNum: query.patientId ?? undefined };
		const statuses = query.statuses.length ? query.statuses : [undefined];
		const records: AppointmentRecord[] = [];
		for (const status of statuses)
			records.push(...(await this.appointmentRecords({ ...base, AptStatus: status && STATUS_TO_OD[status] })));
		const directory = await this.loadDirectory();
		return records
			.sort((a, b) => a.AptDateTime.localeCompare(b.AptDateTime) || a.AptNum - b.AptNum)
			.map((record) => ({
				item: this.toAppointment(record, directory),
				pmsIds: { AptNum: record.AptNum, PatNum: record.PatNum },
			}));
	}

	async getAppointment(id: string): Promise<WithPmsIds<Appointment>> {
		const body = await this.options.transport.request({
			method: 'GET',
			path: `/appointments/${encodeURIComponent(id)}`,
		});
		const record = parseRows(appointmentRecord, [body], 'appointment')[0];
		return {
			item: this.toAppointment(record, await this.loadDirectory()),
			pmsIds: { AptNum: record.AptNum, PatNum: record.PatNum },
		};
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
				await this.options.transport.all('/recalls/List', {
					DateStart: from,
					DateEnd: to,
					RecallType: type,
					IncludeReminded: 'true',
				}),
				'recall',
			);
			for (const row of rows) {
				const item = this.toRecall(row, query.now, type ?? '');
				// Re-checked: the list's own defaults (RecallDaysPast/Future) must not widen the range.
				if (item && item.dueDate >= from && item.dueDate <= to) recalls.push({ item, pmsIds: { PatNum: row.PatNum } });
			}
		}
		return recalls.sort(
			(a, b) => a.item.dueDate.localeCompare(b.item.dueDate) || Number(a.item.patientId) - Number(b.item.patientId),
		);
	}

	async getPatient(id: string): Promise<WithPmsIds<Patient>> {
		const record = await this.patient(id);
		return { item: this.toPatient(record, await this.loadDirectory()), pmsIds: { PatNum: record.PatNum } };
	}

	async getLapsedPatients(query: LapsedQuery): Promise<Array<WithPmsIds<LapsedPatient>>> {
		const zone = this.options.timezone;
		const line = lapseLine(query.now, zone, query.months);
		const done = await this.appointmentRecords({
			AptStatus: 'Complete',
			dateStart: line.lookBack,
			dateEnd: line.today,
		});
		const last = lastVisits(
			done.map((apt) => ({ patientId: apt.PatNum, date: odDate(apt.AptDateTime) })),
			line.today,
		);
		const booked = new Set((await this.scheduledFrom(line.today)).map((a) => a.PatNum));
		const candidates = lapsedCandidates(last, booked, line);
		const patients = await this.activePatients(candidates.map(([patNum]) => patNum));
		const directory = await this.loadDirectory();
		// The reactivation list leaves out Do Not Contact patients.
		return lapsedList(candidates, query.now, zone, (patNum) => {
			const record = patients.get(patNum);
			if (!record || record.PreferContactMethod === 'DoNotCall') return null;
			return { patient: this.toPatient(record, directory), pmsIds: { PatNum: patNum } };
		});
	}

	/**
	 * Changes since the cursor: procedure and appointment rows whose DateTStamp moved (Open Dental
	 * has no webhooks for them), then the recalls and lapses that fell due on the days since the
	 * last scan. Cost grows with the changes and the days, not with the practice: unscheduled cases
	 * are rebuilt only for patients whose planned procedures changed; the date lists are read for
	 * the new days only; the directory only when there is a row to name. The cursor's second is read
	 * again: the rows it already read there are skipped before any work, and its keys suppress
	 * what was delivered.
	 */
	async poll(request: PollRequest): Promise<PollResult> {
		const { transport } = this.options;
		const before = transport.requestsSent;
		const wants = new Set(request.events);
		const today = request.now.setZone(this.options.timezone).toISODate() as string;
		const stamped: Stamped[] = [];
		const since = request.cursor.changesSince;
		const lists = changeLists(request.events);

		// Rows stamped at the cursor's own second that the last poll read as they are now: done.
		const boundary = new BoundaryRows(request.cursor);
		const procedures = lists.procedures
			? boundary.unseen(
					await procedureRows(transport, { DateTStamp: since }),
					(p) => p.DateTStamp,
					(p) => rowMark('procedure', p.ProcNum, asRead(p)),
				)
			: [];
		const appointments = lists.appointments
			? boundary.unseen(
					await appointmentRows(transport, { DateTStamp: since }),
					(a) => a.DateTStamp,
					(a) => rowMark('appointment', a.AptNum, asRead(a)),
				)
			: [];
		const directory =
			procedures.length || appointments.length
				? await this.directoryNaming({
						providers: [...procedures.map((p) => p.ProvNum), ...appointments.map((a) => a.ProvNum)],
						clinics: appointments.map((a) => a.ClinicNum),
						operatories: appointments.map((a) => a.Op),
					})
				: null;

		if (directory && procedures.length) {
			const replanned = new Map<number, string>();
			for (const proc of procedures) {
				const stamp = proc.DateTStamp ?? since;
				if (proc.ProcStatus === 'TP' && stamp >= (replanned.get(proc.PatNum) ?? '')) replanned.set(proc.PatNum, stamp);
				if (proc.ProcStatus !== 'C' || !wants.has('procedure_completed')) continue;
				const event = this.toEvent(proc, odDate(proc.ProcDate) ?? today, directory);
				if (!inFamilies(event, request.families)) continue;
				stamped.push({ stamp, event: completedEvent(event, { ProcNum: proc.ProcNum, PatNum: proc.PatNum }) });
			}
			if (wants.has('treatment_unscheduled')) {
				for (const [patNum, stamp] of replanned) {
					const found = await this.unscheduledCaseOf(patNum, today, request.now, directory);
					if (found) stamped.push({ stamp, event: unscheduledEvent(found) });
				}
			}
		}

		if (directory) {
			for (const record of appointments) {
				const type = APPOINTMENT_EVENTS.get(record.AptStatus);
				if (!type || !wants.has(type)) continue;
				// A moved appointment is a new "scheduled" event: the time is part of the key.
				const key = `appointment:${record.AptNum}:${record.AptStatus}${type === 'appointment_scheduled' ? `:${record.AptDateTime}` : ''}`;
				stamped.push({
					stamp: record.DateTStamp ?? since,
					event: {
						type,
						key,
						data: this.toAppointment(record, directory),
						pmsIds: { AptNum: record.AptNum, PatNum: record.PatNum },
					},
				});
			}
		}

		const windows = datedWindows(request, today, this.options.timezone);
		const dated = windows ? await this.datedEvents(request, wants, windows) : [];
		return {
			...advance(request.cursor, today, stamped, dated, boundary.read),
			requests: transport.requestsSent - before,
		};
	}

	/**
	 * Recalls and lapses that crossed a line on the days after the last scan, up to today:
	 * due within `recallDaysAhead`, past due, or `lapsedMonths` since the last visit.
	 */
	private async datedEvents(request: PollRequest, wants: Set<string>, windows: DatedWindows): Promise<PmsEvent[]> {
		const events: PmsEvent[] = [];
		const zone = this.options.timezone;
		const lists: Array<['recall_due' | 'recall_overdue', DatedWindows['recallDue']]> = [];
		if (wants.has('recall_due')) lists.push(['recall_due', windows.recallDue]);
		if (wants.has('recall_overdue')) lists.push(['recall_overdue', windows.recallOverdue]);
		for (const [type, due] of lists) {
			const rows = parseRows(
				recallListRecord,
				await this.options.transport.all('/recalls/List', {
					DateStart: due.from,
					DateEnd: due.to,
					IncludeReminded: 'true',
				}),
				'recall',
			);
			for (const row of rows) {
				const recall = this.toRecall(row, request.now, '');
				if (!recall || recall.dueDate < due.from || recall.dueDate > due.to) continue;
				events.push(recallEvent(type, recall, { PatNum: row.PatNum }));
			}
		}
		if (wants.has('patient_lapsed')) {
			const line = lapseLine(request.now, zone, request.lapsedMonths);
			// Patients whose last visit falls on a day that crossed the line since the last scan.
			const crossed = await this.appointmentRecords({
				AptStatus: 'Complete',
				dateStart: windows.lapsed.from,
				dateEnd: windows.lapsed.to,
			});
			const lastVisit = lastVisits(
				crossed.map((a) => ({ patientId: a.PatNum, date: odDate(a.AptDateTime) })),
				windows.lapsed.to,
			);
			const directory = await this.loadDirectory();
			for (const patNum of new Set(crossed.map((a) => a.PatNum))) {
				const later = await this.appointmentRecords({
					PatNum: patNum,
					dateStart: line.cutoff,
					dateEnd: shiftDay(line.today, zone, { years: 5 }),
				});
				if (later.some((a) => a.AptStatus === 'Complete' || a.AptStatus === 'Scheduled')) continue;
				const patient = await this.patient(patNum);
				if (patient.PatStatus !== 'Patient' || patient.PreferContactMethod === 'DoNotCall') continue;
				const last = lastVisit.get(patNum) ?? '';
				events.push(
					lapsedEvent({
						item: lapsedPatient(this.toPatient(patient, directory), last, request.now, zone),
						pmsIds: { PatNum: patNum },
					}),
				);
			}
		}
		return events;
	}

	/** One patient's unscheduled case by Treatment Finder's rule, or null: three small requests. */
	private async unscheduledCaseOf(
		patNum: number,
		today: string,
		now: DateTime,
		directory: Directory,
	): Promise<WithPmsIds<TreatmentCase> | null> {
		const { transport } = this.options;
		const patient = await this.patient(patNum);
		if (patient.PatStatus !== 'Patient') return null;
		const booked = await this.scheduledFrom(today, patNum);
		if (booked.length) return null;
		const planned = await procedureRows(transport, { PatNum: patNum, ProcStatus: 'TP' });
		const book = new CaseBook();
		const fields = this.patientFields(patient, directory);
		for (const proc of planned)
			book.add({ patient: fields, procedure: this.plannedProcedure(proc), nextAppointment: null });
		const [item] = [...book.cases('opendental', this.options.timezone, now)];
		if (!item || item.totalFee <= 0) return null;
		return { item, pmsIds: { PatNum: patNum, ProcNums: planned.map((p) => p.ProcNum).join(',') } };
	}

	/** A Saved plan's copies as presented (fees), each judged by its procedure as it stands now. */
	private async savedProcedures(
		plan: TreatPlanRecord,
		charts: Map<number, Map<number, ProcedureRecord>>,
	): Promise<PlanProcedure[]> {
		const copies = parseRows(
			procTpRecord,
			await this.options.transport.all('/proctps', { TreatPlanNum: plan.TreatPlanNum }),
			'proctp',
		);
		const chart = await this.chartOf(plan.PatNum, charts);
		return copies.flatMap((copy) => savedProcedure(copy, chart.get(copy.ProcNumOrig)) ?? []);
	}

	/** A live plan's procedures as they stand now; attaches to procedures gone from the chart are stale. */
	private async attachedProcedures(
		plan: TreatPlanRecord,
		charts: Map<number, Map<number, ProcedureRecord>>,
	): Promise<PlanProcedure[]> {
		const attaches = parseRows(
			treatPlanAttachRecord,
			await this.options.transport.all('/treatplanattaches', { TreatPlanNum: plan.TreatPlanNum }),
			'treatplanattach',
		);
		const chart = await this.chartOf(plan.PatNum, charts);
		return attaches.flatMap(({ ProcNum }) => {
			const proc = chart.get(ProcNum);
			return (proc && attachedProcedure(proc)) || [];
		});
	}

	/** One patient's procedures by ProcNum, read once per run. */
	private async chartOf(
		patNum: number,
		charts: Map<number, Map<number, ProcedureRecord>>,
	): Promise<Map<number, ProcedureRecord>> {
		let chart = charts.get(patNum);
		if (!chart) {
			chart = new Map((await procedureRows(this.options.transport, { PatNum: patNum })).map((p) => [p.ProcNum, p]));
			charts.set(patNum, chart);
		}
		return chart;
	}

	private plannedProcedure(proc: ProcedureRecord): Procedure {
		return plannedProcedure({
			...procedureFacts(proc),
			surface: proc.Surf || null,
			plannedDate: odDate(proc.DateTP ?? ''),
		});
	}

	/** Patients with status "Patient" among the given PatNums, from the paged simple list. */
	private async activePatients(patNums: number[]): Promise<Map<number, PatientRecord>> {
		const wanted = new Set(patNums);
		const found = new Map<number, PatientRecord>();
		if (!wanted.size) return found;
		const rows = parseRows(
			patientRecord,
			await this.options.transport.all('/patients/Simple', { PatStatus: 'Patient' }),
			'patient',
		);
		for (const row of rows) if (wanted.has(row.PatNum) && row.PatStatus === 'Patient') found.set(row.PatNum, row);
		return found;
	}

	private async patient(patNum: number | string): Promise<PatientRecord> {
		const body = await this.options.transport.request({
			method: 'GET',
			path: `/patients/${encodeURIComponent(String(patNum))}`,
		});
		return parseRows(patientRecord, [body], 'patient')[0];
	}

	/** Scheduled appointments from `date` on (of one patient, or all): what makes treatment "scheduled". */
	private scheduledFrom(date: string, patNum?: number): Promise<AppointmentRecord[]> {
		return this.appointmentRecords({
			PatNum: patNum,
			AptStatus: 'Scheduled',
			dateStart: date,
			dateEnd: shiftDay(date, this.options.timezone, { years: 5 }),
		});
	}

	private appointmentRecords(filter: AppointmentFilter): Promise<AppointmentRecord[]> {
		return appointmentRows(this.options.transport, filter);
	}

	/**
	 * The directory, read again when a kept one does not know a number the rows name (a provider
	 * hired, a chair added since it was read): their names matter more than the requests.
	 */
	private async directoryNaming(numbers: Parameters<typeof knowsAll>[1]): Promise<Directory> {
		const directory = await this.loadDirectory();
		if (this.directoryRead || knowsAll(directory, numbers)) return directory;
		this.directory = null;
		return this.loadDirectory();
	}

	/** Providers, clinics and operatories by number: read once per run, or kept from an earlier one. */
	private loadDirectory(): Promise<Directory> {
		this.directory ??= (async () => {
			this.directoryRead = true;
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
		const consent: SmsConsent = doNotContact
			? 'no'
			: record.TxtMsgOk === 'Yes'
				? 'yes'
				: record.TxtMsgOk === 'No'
					? 'no'
					: 'unknown';
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
			status: PATIENT_STATUS.get(record.PatStatus) ?? null,
		};
	}

	private toPatient(record: PatientRecord, directory: Directory): Patient {
		return patientOf(this.patientFields(record, directory), this.options.timezone);
	}

	private toRecall(row: RecallListRecord, now: DateTime, askedType: string): Recall | null {
		const due = odDate(row.DueDate);
		if (!due) return null;
		const today = now.setZone(this.options.timezone).startOf('day');
		return {
			patientId: String(row.PatNum),
			patientName: row.Patient ?? '',
			type: row.Type || row.RecallType || askedType,
			dueDate: due,
			lastVisit: odDate(row.DatePrevious ?? ''),
			interval: row.Interval || null,
			remindersSent: row.NumRemind ?? 0,
			lastReminded: odDate(row.LastRemind ?? ''),
			daysOverdue: Math.round(today.diff(DateTime.fromISO(due, { zone: this.options.timezone }), 'days').days),
		};
	}

	private toEvent(proc: ProcedureRecord, occurredOn: string, directory: Directory): ClinicalEvent {
		const provider = proc.ProvNum ? (directory.providers.get(proc.ProvNum) ?? String(proc.ProvNum)) : null;
		return clinicalEvent(
			{ ...procedureFacts(proc), id: proc.ProcNum, patientId: proc.PatNum, appointmentId: proc.AptNum, provider },
			occurredOn,
		);
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
			// The definition's name when Open Dental gives it; the DefNum alone means little to staff.
			confirmed:
				record.confirmed ||
				(record.Confirmed === null || record.Confirmed === undefined ? null : String(record.Confirmed)),
		};
	}
}

/**
 * The row's fields for its mark (core/pms/poll.ts rowMark). serverDateTime is the time of the
 * request, on every row (apiprocedurelogs.html, apiappointments.html), not the row's.
 */
function asRead(row: object): object {
	const { serverDateTime: _asked, ...fields } = row as Record<string, unknown>;
	return fields;
}

/** A procedure record's facts under Open Dental's names (apiprocedurelogs.html). */
function procedureFacts(proc: ProcedureRecord): ProcedureFacts {
	return { code: proc.procCode, description: proc.descript || null, fee: proc.ProcFee, tooth: proc.ToothNum || null };
}
