/**
 * The live practice behind the simulator: the generated rows, mutated in place, plus what Open
 * Dental keeps beside them that the generator does not model (DateTStamp, appointment notes and
 * confirmation, commlogs). Mutations stamp DateTStamp with the simulator's clock, the way Open
 * Dental's MySQL timestamp columns change on every update.
 */
import { DateTime } from 'luxon';
import { CDT } from '../practice/cdt';
import type {
	Appointment,
	AptStatus,
	ContactMethod,
	Operatory,
	Patient,
	PatStatus,
	Practice,
	ProcedureLog,
	Recall,
	YN,
} from '../practice/types';
import { DATE_TIME, HttpError } from './params';

/** Open Dental's "no date". */
export const MIN_DATE = '0001-01-01';

export interface ProcedureCode {
	CodeNum: number;
	ProcCode: string;
	Descript: string;
	AbbrDesc: string;
	IsHygiene: boolean;
}

/** Broken-appointment codes Open Dental adds on Break; the generator never charts them. */
const BROKEN_CODES = {
	D9986: 'Missed appointment',
	D9987: 'Cancelled appointment',
} as const;

/** Open Dental-style abbreviations, shown joined in an appointment's ProcDescript. */
const ABBR: Readonly<Record<string, string>> = {
	D0120: 'PerEx',
	D0150: 'CompEx',
	D0274: '4BW',
	D1110: 'Pro',
	D1120: 'ProChild',
	D4910: 'PerioMaint',
	D2140: 'A1',
	D2150: 'A2',
	D2160: 'A3',
	D2161: 'A4',
	D2391: 'C1(P)',
	D2392: 'C2(P)',
	D2393: 'C3(P)',
	D2394: 'C4(P)',
	D2740: 'CrPorc',
	D2750: 'PFM',
	D2950: 'BU',
	D2962: 'VenPorc',
	D3310: 'RCTAnt',
	D3320: 'RCTBicusp',
	D3330: 'RCTMolar',
	D4341: 'SRP4+',
	D4342: 'SRP1-3',
	D5110: 'FUD',
	D6010: 'Implant',
	D6057: 'AbutCustom',
	D6065: 'ImpCrPorc',
	D6240: 'PonticPFM',
	D6750: 'RetCrPFM',
	D7140: 'Ext',
	D7210: 'ExtSurg',
	D7953: 'BoneGraft',
	D9972: 'Bleach',
	D9986: 'Missed',
	D9987: 'Cancelled',
};

const HYGIENE_CODES = new Set(['D1110', 'D1120', 'D4910', 'D4341', 'D4342']);

/** Open Dental's default recall triggers: completing one of these moves the recall forward. */
const RECALL_TRIGGERS: Readonly<Record<Recall['type'], readonly string[]>> = {
	Prophy: ['D1110', 'D1120'],
	Perio: ['D4910'],
};

/** Appt Confirmed definitions (DefNum, ItemName); confirmVal maps onto them as Open Dental's eConfirmation prefs do. */
export const CONFIRM_DEFS: ReadonlyArray<{ defNum: number; name: string; confirmVal: string }> = [
	{ defNum: 19, name: 'Not Called', confirmVal: 'None' },
	{ defNum: 20, name: 'Texted', confirmVal: 'Sent' },
	{ defNum: 21, name: 'Confirmed', confirmVal: 'Confirmed' },
	{ defNum: 22, name: 'Not Accepted', confirmVal: 'Not Accepted' },
	{ defNum: 23, name: 'Failed', confirmVal: 'Failed' },
];

/** Commlog Type definitions (DefNum, ItemName). */
export const COMM_TYPES: ReadonlyArray<{ defNum: number; name: string }> = [
	{ defNum: 235, name: 'ApptRelated' },
	{ defNum: 236, name: 'Insurance' },
	{ defNum: 237, name: 'Financial' },
	{ defNum: 238, name: 'Recall' },
	{ defNum: 239, name: 'Misc' },
];

export const COMM_MODES = [
	'None',
	'Email',
	'Mail',
	'Phone',
	'In Person',
	'Text',
	'Email and Text',
	'Phone and Text',
] as const;
export const SENT_OR_RECEIVED = ['Neither', 'Sent', 'Received'] as const;

export interface Commlog {
	CommlogNum: number;
	PatNum: number;
	CommDateTime: string;
	CommType: number;
	Note: string;
	Mode_: (typeof COMM_MODES)[number];
	SentOrReceived: (typeof SENT_OR_RECEIVED)[number];
	DateTEntry: string;
}

/** Appointment columns the generator leaves out. */
interface AptExtra {
	Note: string;
	Confirmed: number;
	NextAptNum: number;
	SecDateTEntry: string;
}

/** Patient preference values Open Dental has but the Patient type does not (WkPhone, SeeNotes, Mail). */
export interface PatientPrefs {
	PreferContactMethod?: string;
	PreferConfirmMethod: string;
	PreferRecallMethod: string;
}

export interface AppointmentInput {
	PatNum: number;
	Op: number;
	AptDateTime: string;
	lengthMinutes: number;
	/** The treating provider: the hygienist on a hygiene appointment, as the Appointment type stores it. */
	ProvNum?: number;
	IsHygiene?: boolean;
	ClinicNum?: number;
	Note?: string;
	Confirmed?: number;
	AptStatus?: AptStatus;
}

export interface PatientUpdate {
	LName?: string;
	FName?: string;
	WirelessPhone?: string;
	HmPhone?: string;
	Email?: string;
	Birthdate?: string;
	PatStatus?: PatStatus;
	TxtMsgOk?: YN;
	ClinicNum?: number;
	PriProv?: number;
	PreferContactMethod?: string;
	PreferConfirmMethod?: string;
	PreferRecallMethod?: string;
}

const MODELED_CONTACT: readonly string[] = [
	'None',
	'DoNotCall',
	'HmPhone',
	'WirelessPh',
	'Email',
	'TextMessage',
] satisfies ContactMethod[];

type Table = 'patient' | 'procedure' | 'appointment' | 'recall' | 'treatplan' | 'commlog';

export class Store {
	readonly codes: ProcedureCode[];
	readonly commlogs: Commlog[] = [];
	/** Stamp for rows the practice set up before its history: providers, operatories, clinics, codes. */
	readonly setupStamp: string;
	readonly today: string;
	private readonly codeByProcCode = new Map<string, ProcedureCode>();
	private readonly stamps: Record<Table, Map<number, string>> = {
		patient: new Map(),
		procedure: new Map(),
		appointment: new Map(),
		recall: new Map(),
		treatplan: new Map(),
		commlog: new Map(),
	};
	private readonly aptExtras = new Map<number, AptExtra>();
	private readonly prefs = new Map<number, PatientPrefs>();
	private readonly patients = new Map<number, Patient>();
	private readonly appointments = new Map<number, Appointment>();
	private readonly procedures = new Map<number, ProcedureLog>();
	private readonly operatories = new Map<number, Operatory>();
	private readonly procsByPatient = new Map<number, ProcedureLog[]>();
	private readonly aptsByPatient = new Map<number, Appointment[]>();

	constructor(
		readonly practice: Practice,
		private readonly now: () => DateTime,
	) {
		this.today = practice.options.today;
		const codes = [
			...Object.entries(CDT).map(([code, c]) => [code, c.descript] as const),
			...Object.entries(BROKEN_CODES),
		];
		this.codes = codes.map(([ProcCode, Descript], i) => ({
			CodeNum: i + 1,
			ProcCode,
			Descript,
			AbbrDesc: ABBR[ProcCode] ?? ProcCode,
			IsHygiene: HYGIENE_CODES.has(ProcCode),
		}));
		for (const code of this.codes) this.codeByProcCode.set(code.ProcCode, code);
		for (const p of practice.patients) this.patients.set(p.PatNum, p);
		for (const o of practice.operatories) this.operatories.set(o.OperatoryNum, o);
		for (const a of practice.appointments) this.indexAppointment(a);
		for (const p of practice.procedures) this.indexProcedure(p);
		this.setupStamp = stampOnDay(shiftDays(this.today, -1100), 0, this.today);
		this.stampGeneratedRows();
	}

	/**
	 * A plausible last edit for generated rows: the later of their dates, never after today, and
	 * never after the moment the simulator starts (a real server never hands out future stamps,
	 * and a poller starting "now" must not see the whole practice as new).
	 */
	private stampGeneratedRows(): void {
		const { practice, today } = this;
		const ceiling = this.now().minus({ minutes: 1 }).toFormat(DATE_TIME);
		const stampOn = (date: string, pk: number, day: string) => {
			const stamp = stampOnDay(date, pk, day);
			return stamp > ceiling ? ceiling : stamp;
		};
		const lastVisit = new Map<number, string>();
		for (const a of practice.appointments) {
			const date = a.AptDateTime.slice(0, 10);
			this.stamps.appointment.set(a.AptNum, stampOn(date, a.AptNum, today));
			if (date > (lastVisit.get(a.PatNum) ?? '')) lastVisit.set(a.PatNum, date);
		}
		for (const p of practice.procedures)
			this.stamps.procedure.set(p.ProcNum, stampOn(later(p.DateTP, p.ProcDate), p.ProcNum, today));
		for (const p of practice.patients)
			this.stamps.patient.set(p.PatNum, stampOn(lastVisit.get(p.PatNum) ?? '', p.PatNum, today) || this.setupStamp);
		for (const r of practice.recalls)
			this.stamps.recall.set(r.RecallNum, stampOn(later(r.DatePrevious, r.DateDue), r.RecallNum, today));
		for (const t of practice.treatPlans) {
			const last = t.procNums.reduce((max, n) => later(max, this.procedures.get(n)?.ProcDate ?? ''), t.DateTP);
			this.stamps.treatplan.set(t.TreatPlanNum, stampOn(last, t.TreatPlanNum, today));
		}
	}

	private indexAppointment(a: Appointment): void {
		this.appointments.set(a.AptNum, a);
		push(this.aptsByPatient, a.PatNum, a);
	}

	private indexProcedure(p: ProcedureLog): void {
		this.procedures.set(p.ProcNum, p);
		push(this.procsByPatient, p.PatNum, p);
	}

	nowText(): string {
		return this.now().toFormat(DATE_TIME);
	}

	/** The simulator's clock on a clinic's wall: slots already past there are not offered. */
	nowInZone(zone: string): DateTime {
		return this.now().setZone(zone);
	}

	stamp(table: Table, pk: number): string {
		return this.stamps[table].get(pk) ?? this.setupStamp;
	}

	private touch(table: Table, pk: number): void {
		this.stamps[table].set(pk, this.nowText());
	}

	patient(patNum: number): Patient {
		const p = this.patients.get(patNum);
		if (!p) throw new HttpError(404, `Patient not found. PatNum ${patNum} does not exist.`);
		return p;
	}

	appointment(aptNum: number): Appointment {
		const a = this.appointments.get(aptNum);
		if (!a) throw new HttpError(404, `Appointment not found. AptNum ${aptNum} does not exist.`);
		return a;
	}

	procedure(procNum: number): ProcedureLog {
		const p = this.procedures.get(procNum);
		if (!p) throw new HttpError(404, `Procedure not found. ProcNum ${procNum} does not exist.`);
		return p;
	}

	operatory(opNum: number): Operatory {
		const o = this.operatories.get(opNum);
		if (!o) throw new HttpError(400, `Op is invalid. Operatory ${opNum} does not exist.`);
		return o;
	}

	code(procCode: string): ProcedureCode | undefined {
		return this.codeByProcCode.get(procCode);
	}

	proceduresOf(patNum: number): readonly ProcedureLog[] {
		return this.procsByPatient.get(patNum) ?? [];
	}

	appointmentsOf(patNum: number): readonly Appointment[] {
		return this.aptsByPatient.get(patNum) ?? [];
	}

	proceduresOn(apt: Appointment): ProcedureLog[] {
		return this.proceduresOf(apt.PatNum).filter((p) => p.AptNum === apt.AptNum);
	}

	aptExtra(aptNum: number): AptExtra {
		return (
			this.aptExtras.get(aptNum) ?? {
				Note: '',
				Confirmed: CONFIRM_DEFS[0].defNum,
				NextAptNum: 0,
				SecDateTEntry: this.stamp('appointment', aptNum),
			}
		);
	}

	patientPrefs(patNum: number): PatientPrefs {
		return this.prefs.get(patNum) ?? { PreferConfirmMethod: 'None', PreferRecallMethod: 'None' };
	}

	/** The date of the patient's next Scheduled hygiene visit, as Open Dental syncs it onto recall.DateScheduled. */
	recallScheduled(recall: Recall): string {
		const todayStart = `${this.today} 00:00:00`;
		let next = '';
		for (const a of this.appointmentsOf(recall.PatNum)) {
			if (
				a.AptStatus === 'Scheduled' &&
				a.IsHygiene &&
				a.AptDateTime >= todayStart &&
				(next === '' || a.AptDateTime < next)
			)
				next = a.AptDateTime;
		}
		return next ? next.slice(0, 10) : MIN_DATE;
	}

	createAppointment(input: AppointmentInput): Appointment {
		this.patient(input.PatNum);
		const op = this.operatory(input.Op);
		const isHygiene = input.IsHygiene ?? op.IsHygiene;
		const apt: Appointment = {
			AptNum:
				this.practice.appointments.length === 0
					? 1
					: this.practice.appointments[this.practice.appointments.length - 1].AptNum + 1,
			PatNum: input.PatNum,
			AptStatus: input.AptStatus ?? 'Scheduled',
			AptDateTime: input.AptDateTime,
			lengthMinutes: input.lengthMinutes,
			ProvNum: input.ProvNum ?? (isHygiene && op.ProvHygienist ? op.ProvHygienist : op.ProvDentist),
			Op: op.OperatoryNum,
			ClinicNum: input.ClinicNum ?? op.ClinicNum,
			IsHygiene: isHygiene,
		};
		this.practice.appointments.push(apt);
		this.indexAppointment(apt);
		this.touch('appointment', apt.AptNum);
		this.aptExtras.set(apt.AptNum, {
			Note: input.Note ?? '',
			Confirmed: input.Confirmed ?? CONFIRM_DEFS[0].defNum,
			NextAptNum: 0,
			SecDateTEntry: this.nowText(),
		});
		this.touchRecalls(apt.PatNum);
		return apt;
	}

	/** Attaches procedures to an appointment, as dragging them onto it in the Appointment Edit window does. */
	attachProcedures(apt: Appointment, procNums: readonly number[]): void {
		for (const procNum of procNums) {
			const proc = this.procedure(procNum);
			if (proc.PatNum !== apt.PatNum) throw new HttpError(400, `ProcNum ${procNum} belongs to another patient.`);
			proc.AptNum = apt.AptNum;
			proc.ProcDate = apt.AptDateTime.slice(0, 10);
			this.touch('procedure', procNum);
		}
	}

	/** A procedure charted as treatment planned (TP), as the Chart module does when the dentist plans it. */
	planProcedure(
		input: Pick<ProcedureLog, 'PatNum' | 'ProcCode' | 'Descript' | 'ProcFee' | 'ToothNum' | 'ProvNum' | 'ClinicNum'>,
	): ProcedureLog {
		const proc: ProcedureLog = {
			...input,
			// A loop, not Math.max(...keys): spreading 20,000+ keys overflows the call stack.
			ProcNum: largest(this.procedures.keys()) + 1,
			Surf: '',
			DateTP: this.now().toISODate() ?? this.today,
			ProcDate: '',
			ProcStatus: 'TP',
			AptNum: 0,
		};
		this.practice.procedures.push(proc);
		this.indexProcedure(proc);
		this.touch('procedure', proc.ProcNum);
		return proc;
	}

	completeProcedure(procNum: number, date?: string): void {
		const proc = this.procedure(procNum);
		proc.ProcStatus = 'C';
		proc.ProcDate = date ?? this.now().toISODate() ?? this.today;
		this.touch('procedure', procNum);
		this.advanceRecall(proc);
	}

	setAppointmentStatus(aptNum: number, status: 'Complete' | 'Broken'): void {
		const apt = this.appointment(aptNum);
		apt.AptStatus = status;
		this.touch('appointment', aptNum);
		// Setting an appointment complete sets its procedures complete on the appointment's date.
		if (status === 'Complete') {
			for (const proc of this.proceduresOn(apt))
				if (proc.ProcStatus === 'TP') this.completeProcedure(proc.ProcNum, apt.AptDateTime.slice(0, 10));
		}
		this.touchRecalls(apt.PatNum);
	}

	/** PUT /appointments/{AptNum}/Break: Missed charts D9986, Cancelled D9987, both completed today. */
	breakAppointment(aptNum: number, sendToUnscheduledList: boolean, breakType?: 'Missed' | 'Cancelled'): void {
		const apt = this.appointment(aptNum);
		if (apt.AptStatus !== 'Scheduled')
			throw new HttpError(400, `Only Scheduled appointments can be broken. AptNum ${aptNum} is ${apt.AptStatus}.`);
		apt.AptStatus = sendToUnscheduledList ? 'UnschedList' : 'Broken';
		this.touch('appointment', aptNum);
		if (breakType) {
			const code = breakType === 'Missed' ? 'D9986' : 'D9987';
			const today = this.now().toISODate() ?? this.today;
			const proc: ProcedureLog = {
				ProcNum:
					this.practice.procedures.length === 0
						? 1
						: this.practice.procedures[this.practice.procedures.length - 1].ProcNum + 1,
				PatNum: apt.PatNum,
				ProcCode: code,
				Descript: BROKEN_CODES[code],
				ProcFee: 0,
				ToothNum: '',
				Surf: '',
				DateTP: today,
				ProcDate: today,
				ProcStatus: 'C',
				AptNum: 0,
				ProvNum: apt.ProvNum,
				ClinicNum: apt.ClinicNum,
			};
			this.practice.procedures.push(proc);
			this.indexProcedure(proc);
			this.touch('procedure', proc.ProcNum);
		}
		this.touchRecalls(apt.PatNum);
	}

	confirmAppointment(aptNum: number, defNum: number): void {
		this.appointment(aptNum);
		this.aptExtras.set(aptNum, { ...this.aptExtra(aptNum), Confirmed: defNum });
		this.touch('appointment', aptNum);
	}

	/** POST /appointments/SchedulePlanned: a Scheduled copy of a Planned appointment that takes over its procedures. */
	schedulePlanned(plannedNum: number, input: Omit<AppointmentInput, 'PatNum' | 'lengthMinutes'>): Appointment {
		const planned = this.appointment(plannedNum);
		if (planned.AptStatus !== 'Planned') throw new HttpError(400, `AptNum ${plannedNum} is not a planned appointment.`);
		const apt = this.createAppointment({
			...input,
			PatNum: planned.PatNum,
			lengthMinutes: planned.lengthMinutes,
			IsHygiene: input.IsHygiene ?? planned.IsHygiene,
		});
		this.attachProcedures(
			apt,
			this.proceduresOn(planned).map((p) => p.ProcNum),
		);
		this.aptExtras.set(plannedNum, { ...this.aptExtra(plannedNum), NextAptNum: apt.AptNum });
		this.touch('appointment', plannedNum);
		return apt;
	}

	updatePatient(patNum: number, update: PatientUpdate): Patient {
		const patient = this.patient(patNum);
		const { PreferContactMethod, PreferConfirmMethod, PreferRecallMethod, ...modeled } = update;
		Object.assign(patient, Object.fromEntries(Object.entries(modeled).filter(([, v]) => v !== undefined)));
		const prefs = { ...this.patientPrefs(patNum) };
		if (PreferContactMethod !== undefined) {
			// Values the Patient type can hold live on the row, where the rest of the sandbox reads them.
			if (MODELED_CONTACT.includes(PreferContactMethod)) {
				patient.PreferContactMethod = PreferContactMethod as ContactMethod;
				delete prefs.PreferContactMethod;
			} else {
				prefs.PreferContactMethod = PreferContactMethod;
			}
		}
		if (PreferConfirmMethod !== undefined) prefs.PreferConfirmMethod = PreferConfirmMethod;
		if (PreferRecallMethod !== undefined) prefs.PreferRecallMethod = PreferRecallMethod;
		this.prefs.set(patNum, prefs);
		this.touch('patient', patNum);
		return patient;
	}

	addCommlog(input: Omit<Commlog, 'CommlogNum' | 'DateTEntry' | 'CommDateTime'> & { CommDateTime?: string }): Commlog {
		this.patient(input.PatNum);
		const entered = this.nowText();
		const log: Commlog = {
			...input,
			CommlogNum: this.commlogs.length + 1,
			CommDateTime: input.CommDateTime ?? entered,
			DateTEntry: entered,
		};
		this.commlogs.push(log);
		this.touch('commlog', log.CommlogNum);
		return log;
	}

	/** Open Dental recomputes a patient's recalls (DateScheduled, due date) whenever their appointments change. */
	private touchRecalls(patNum: number): void {
		for (const r of this.practice.recalls) if (r.PatNum === patNum) this.touch('recall', r.RecallNum);
	}

	private advanceRecall(proc: ProcedureLog): void {
		for (const recall of this.practice.recalls) {
			if (
				recall.PatNum !== proc.PatNum ||
				!RECALL_TRIGGERS[recall.type].includes(proc.ProcCode) ||
				proc.ProcDate <= recall.DatePrevious
			)
				continue;
			recall.DatePrevious = proc.ProcDate;
			recall.DateDue = addInterval(proc.ProcDate, recall.type);
			this.touch('recall', recall.RecallNum);
		}
	}
}

/** Open Dental's default intervals: Prophy 6 months + 1 day, Perio 4 months. */
export function recallInterval(type: Recall['type']): string {
	return type === 'Perio' ? '4m' : '6m1d';
}

function addInterval(date: string, type: Recall['type']): string {
	const from = DateTime.fromISO(date, { zone: 'utc' });
	return (type === 'Perio' ? from.plus({ months: 4 }) : from.plus({ months: 6, days: 1 })).toISODate() as string;
}

function push<T>(map: Map<number, T[]>, key: number, value: T): void {
	const list = map.get(key);
	if (list) list.push(value);
	else map.set(key, [value]);
}

function later(a: string, b: string): string {
	return a > b ? a : b;
}

function shiftDays(date: string, days: number): string {
	return DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate() as string;
}

/**
 * An end-of-day edit on `date`, or early this morning when the date is today or later; the
 * minutes and seconds vary by primary key so stamps are not all identical. '' for no date.
 */
function stampOnDay(date: string, pk: number, today: string): string {
	if (!date) return '';
	const mm = String(pk % 60).padStart(2, '0');
	const ss = String((pk * 7) % 60).padStart(2, '0');
	return date >= today ? `${today} 07:${mm}:${ss}` : `${date} 17:${mm}:${ss}`;
}

/** The largest number among `keys` (0 when there is none). */
function largest(keys: Iterable<number>): number {
	let max = 0;
	for (const key of keys) if (key > max) max = key;
	return max;
}
