/**
 * The endpoints, each a function of the parsed request over the live store, each citing the
 * opendental.com/site page (and the version of a parameter) it follows. Lists come back in
 * primary-key order and paged with Limit/Offset (apiimplementation.html).
 */
import { DateTime } from 'luxon';
import type { AptStatus, Operatory, PatStatus, ProcStatus, TPStatus, YN } from '../practice/types';
import {
	type Body,
	bodyBool,
	bodyDateTime,
	bodyEnum,
	bodyNum,
	bodyString,
	boolParam,
	dateParam,
	enumParam,
	HttpError,
	numParam,
	page,
	type Query,
	stampParam,
} from './params';
import {
	appointmentJson,
	clinicJson,
	commlogJson,
	operatoryJson,
	patientJson,
	procedureCodeJson,
	procedureJson,
	type PlanProcedure,
	procTpJson,
	providerJson,
	recallJson,
	recallListJson,
	treatPlanJson,
} from './resources';
import { COMM_MODES, COMM_TYPES, CONFIRM_DEFS, type PatientUpdate, SENT_OR_RECEIVED, type Store } from './store';

export interface Request {
	params: Record<string, string>;
	query: Query;
	body: Body;
}

export interface Reply {
	status: number;
	json: unknown;
	/** Path under the API root for a 201's location header. */
	location?: string;
}

export interface Context {
	store: Store;
	/** Rows per page: 100 remote, 1000 local. */
	maxRows: number;
	/** The Open Dental version this office runs: [major, minor, build]. */
	version: Version;
	/** The office set Open Dental up to chart a broken-appointment code from the API's Break. */
	breakTypeAllowed: boolean;
}

type Version = readonly [number, number, number];

export function parseVersion(text: string): Version | null {
	const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(text.trim());
	return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : null;
}

/**
 * A query parameter as an office of this version reads it: undefined below its "Added in version".
 * The pages do not say what an older Open Dental does with a parameter it does not know yet; it is
 * ignored here (every row comes back), which is the harder case for a client than a 400.
 */
function versioned<T>(ctx: Context, since: string, value: T | undefined): T | undefined {
	const wanted = parseVersion(since) as Version;
	for (let i = 0; i < 3; i++) if (ctx.version[i] !== wanted[i]) return ctx.version[i] > wanted[i] ? value : undefined;
	return value;
}

function atLeast(ctx: Context, since: string): boolean {
	return versioned(ctx, since, true) === true;
}

type Handler = (ctx: Context, req: Request) => Reply;

export interface Route {
	method: string;
	pattern: RegExp;
	handler: Handler;
	/** Writes need a key with write permission. */
	write?: boolean;
}

const APT_STATUSES: readonly AptStatus[] = ['Scheduled', 'Complete', 'UnschedList', 'Broken', 'Planned'];
const ALL_APT_STATUSES = [...APT_STATUSES, 'ASAP', 'PtNote', 'PtNoteCompleted'] as const;
const PROC_STATUSES: readonly ProcStatus[] = ['TP', 'C', 'EC', 'EO', 'R', 'D', 'Cn', 'TPi'];
const PAT_STATUSES: readonly PatStatus[] = ['Patient', 'NonPatient', 'Inactive', 'Archived', 'Deceased', 'Prospective'];
const TP_STATUSES: readonly TPStatus[] = ['Saved', 'Active', 'Inactive'];
const YNS: readonly YN[] = ['Unknown', 'Yes', 'No'];
const CONTACT_METHODS = [
	'None',
	'DoNotCall',
	'HmPhone',
	'WkPhone',
	'WirelessPh',
	'Email',
	'SeeNotes',
	'Mail',
	'TextMessage',
] as const;
/** Operatory schedules as the generator books them: 08:00-12:00 and 13:00-17:00 clinic time, Monday to Friday. */
const OPEN_BLOCKS: ReadonlyArray<readonly [number, number]> = [
	[8 * 60, 12 * 60],
	[13 * 60, 17 * 60],
];
const DEFAULT_SLOT_MINUTES = 60;
/** Recall List defaults from Open Dental's RecallDaysPast / RecallDaysFuture preferences. */
const RECALL_DAYS_PAST = 500;
const RECALL_DAYS_FUTURE = 45;
/** The Recall List hides a reminded patient for 15 days after the first reminder, 30 after later ones. */
const REMINDER_QUIET_DAYS = [15, 30] as const;

const ok = (json: unknown): Reply => ({ status: 200, json });

function id(req: Request, name: string): number {
	const value = req.params[name];
	if (!/^\d+$/.test(value))
		throw new HttpError(400, `${name} in the URL must be a whole number. "${value}" is not valid.`);
	return Number(value);
}

/** DateTStamp "on or after" (apiprocedurelogs.html, apicommlogs.html, apipatients.html). */
function since<T>(rows: readonly T[], from: string | undefined, stampOf: (row: T) => string): readonly T[] {
	return from === undefined ? rows : rows.filter((row) => stampOf(row) >= from);
}

/** DateTStamp / SecDateTEdit "altered after" (apiappointments.html, apitreatplans.html): the same second is out. */
function after<T>(rows: readonly T[], from: string | undefined, stampOf: (row: T) => string): readonly T[] {
	return from === undefined ? rows : rows.filter((row) => stampOf(row) > from);
}

function minutesOf(dateTime: string): number {
	return Number(dateTime.slice(11, 13)) * 60 + Number(dateTime.slice(14, 16));
}

function clock(minutes: number): string {
	return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00`;
}

/** Pattern in 5-minute units ("/XX/" is 20 minutes), Open Dental's way of giving a length. */
function patternMinutes(body: Body): number | undefined {
	const pattern = bodyString(body, 'Pattern');
	if (pattern === undefined) return undefined;
	if (!/^[/X]+$/.test(pattern))
		throw new HttpError(400, `Pattern may contain only "/" and "X", each 5 minutes. "${pattern}" is not valid.`);
	return pattern.length * 5;
}

function confirmedParam(body: Body): number | undefined {
	const confirmed = bodyNum(body, 'Confirmed');
	if (confirmed !== undefined && !CONFIRM_DEFS.some((d) => d.defNum === confirmed)) {
		throw new HttpError(400, `Confirmed must be a DefNum of an Appt Confirmed definition. ${confirmed} is not valid.`);
	}
	return confirmed;
}

/** apipatients.html, Patients GET (single), since 21.1. */
const getPatient: Handler = ({ store }, req) => ok(patientJson(store, store.patient(id(req, 'PatNum'))));

/** apipatients.html, Patients GET Simple: LName, FName, PatStatus, ClinicNum, Birthdate; DateTStamp "on or after". */
const getPatientsSimple: Handler = ({ store, maxRows }, { query }) => {
	const lName = query.LName?.toLowerCase();
	const fName = query.FName?.toLowerCase();
	const status = enumParam(query, 'PatStatus', PAT_STATUSES);
	const clinic = numParam(query, 'ClinicNum');
	const birthdate = dateParam(query, 'Birthdate');
	const from = stampParam(query, 'DateTStamp');
	const rows = store.practice.patients.filter(
		(p) =>
			(lName === undefined || p.LName.toLowerCase().startsWith(lName)) &&
			(fName === undefined || p.FName.toLowerCase().startsWith(fName)) &&
			(status === undefined || p.PatStatus === status) &&
			(clinic === undefined || p.ClinicNum === clinic) &&
			(birthdate === undefined || p.Birthdate === birthdate),
	);
	const server = store.nowText();
	return ok(
		page(
			since(rows, from, (p) => store.stamp('patient', p.PatNum)),
			query,
			maxRows,
		).map((p) => patientJson(store, p, server)),
	);
};

/** apipatients.html, Patients PUT: fields not sent stay as they are (apispecification.html). */
const putPatient: Handler = ({ store }, req) => {
	const patNum = id(req, 'PatNum');
	store.patient(patNum);
	const { body } = req;
	const provNum = bodyNum(body, 'PriProv');
	if (provNum !== undefined && !store.practice.providers.some((p) => p.ProvNum === provNum))
		throw new HttpError(400, `PriProv ${provNum} is not a provider.`);
	const clinicNum = bodyNum(body, 'ClinicNum');
	if (clinicNum !== undefined && !store.practice.clinics.some((c) => c.ClinicNum === clinicNum))
		throw new HttpError(400, `ClinicNum ${clinicNum} is not a clinic.`);
	const birthdate = bodyString(body, 'Birthdate');
	if (birthdate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(birthdate))
		throw new HttpError(400, `Birthdate must be in "yyyy-MM-dd" format. "${birthdate}" is not valid.`);
	const update: PatientUpdate = {
		LName: bodyString(body, 'LName'),
		FName: bodyString(body, 'FName'),
		WirelessPhone: bodyString(body, 'WirelessPhone'),
		HmPhone: bodyString(body, 'HmPhone'),
		Email: bodyString(body, 'Email'),
		Birthdate: birthdate,
		PatStatus: bodyEnum(body, 'PatStatus', PAT_STATUSES),
		TxtMsgOk: bodyEnum(body, 'TxtMsgOk', YNS),
		ClinicNum: clinicNum,
		PriProv: provNum,
		PreferContactMethod: bodyEnum(body, 'PreferContactMethod', CONTACT_METHODS),
		PreferConfirmMethod: bodyEnum(body, 'PreferConfirmMethod', CONTACT_METHODS),
		PreferRecallMethod: bodyEnum(body, 'PreferRecallMethod', CONTACT_METHODS),
	};
	return ok(patientJson(store, store.updatePatient(patNum, update)));
};

/** apiprocedurelogs.html, ProcedureLogs GET (single), since 23.3.13. */
const getProcedure: Handler = ({ store }, req) =>
	ok(procedureJson(store, store.procedure(id(req, 'ProcNum')), store.nowText()));

/**
 * apiprocedurelogs.html, ProcedureLogs GET (multiple), since 21.1: AptNum added in 22.3.32,
 * ClinicNum in 23.3.13, ProcStatus in 25.2.21 (ignored before). DateTStamp "on or after".
 */
const getProcedures: Handler = (ctx, { query }) => {
	const { store, maxRows } = ctx;
	const patNum = numParam(query, 'PatNum');
	const aptNum = versioned(ctx, '22.3.32', numParam(query, 'AptNum'));
	const clinic = versioned(ctx, '23.3.13', numParam(query, 'ClinicNum'));
	const status = versioned(ctx, '25.2.21', enumParam(query, 'ProcStatus', PROC_STATUSES));
	const from = stampParam(query, 'DateTStamp');
	const pool = patNum === undefined ? store.practice.procedures : store.proceduresOf(patNum);
	const rows = pool.filter(
		(p) =>
			(aptNum === undefined || p.AptNum === aptNum) &&
			(clinic === undefined || p.ClinicNum === clinic) &&
			(status === undefined || p.ProcStatus === status),
	);
	const server = store.nowText();
	return ok(
		page(
			since(rows, from, (p) => store.stamp('procedure', p.ProcNum)),
			query,
			maxRows,
		).map((p) => procedureJson(store, p, server)),
	);
};

/** apiprocedurecodes.html, ProcedureCodes GET: DateTStamp. */
const getProcedureCodes: Handler = ({ store, maxRows }, { query }) => {
	const from = stampParam(query, 'DateTStamp');
	return ok(
		page(
			since(store.codes, from, () => store.setupStamp),
			query,
			maxRows,
		).map((c) => procedureCodeJson(store, c)),
	);
};

/** apitreatplans.html, TreatPlans GET, since 22.4.16: SecDateTEdit "altered after". */
const getTreatPlans: Handler = ({ store, maxRows }, { query }) => {
	const patNum = numParam(query, 'PatNum');
	const status = enumParam(query, 'TPStatus', TP_STATUSES);
	const from = stampParam(query, 'SecDateTEdit');
	const rows = store.practice.treatPlans.filter(
		(t) => (patNum === undefined || t.PatNum === patNum) && (status === undefined || t.TPStatus === status),
	);
	return ok(
		page(
			after(rows, from, (t) => store.stamp('treatplan', t.TreatPlanNum)),
			query,
			maxRows,
		).map((t) => treatPlanJson(store, t)),
	);
};

/**
 * The procedures of the plan the query names, numbered across every plan's the way the attach and
 * proctp tables count their rows. Saved plans have proctp copies; Active and Inactive ones attaches.
 */
function planProcedures(store: Store, query: Query, saved: boolean): PlanProcedure[] {
	const planNum = numParam(query, 'TreatPlanNum');
	if (planNum === undefined) throw new HttpError(400, 'TreatPlanNum is required.');
	let num = 0;
	const rows: PlanProcedure[] = [];
	for (const plan of store.practice.treatPlans) {
		plan.procNums.forEach((procNum, order) => {
			num++;
			if (plan.TreatPlanNum === planNum && (plan.TPStatus === 'Saved') === saved)
				rows.push({ num, plan, proc: store.procedure(procNum), order });
		});
	}
	return rows;
}

/** apitreatplanattaches.html: an Active or Inactive plan's procedures; the version it was added in is not stated here. */
const getTreatPlanAttaches: Handler = ({ store, maxRows }, { query }) =>
	ok(
		page(planProcedures(store, query, false), query, maxRows).map((r) => ({
			TreatPlanAttachNum: r.num,
			TreatPlanNum: r.plan.TreatPlanNum,
			ProcNum: r.proc.ProcNum,
			Priority: 0,
			priority: '',
		})),
	);

/** apiproctps.html: a Saved plan's frozen copies; the version it was added in is not stated here. */
const getProcTps: Handler = ({ store, maxRows }, { query }) =>
	ok(page(planProcedures(store, query, true), query, maxRows).map((r) => procTpJson(store, r)));

/** apiproviders.html, Providers GET: DateTStamp. */
const getProviders: Handler = ({ store, maxRows }, { query }) => {
	const from = stampParam(query, 'DateTStamp');
	return ok(
		page(
			since(store.practice.providers, from, () => store.setupStamp),
			query,
			maxRows,
		).map((p) => providerJson(store, p)),
	);
};

/** apioperatories.html, Operatories GET: ClinicNum. */
const getOperatories: Handler = ({ store, maxRows }, { query }) => {
	const clinic = numParam(query, 'ClinicNum');
	const rows = store.practice.operatories
		.map((o, i) => [o, i] as const)
		.filter(([o]) => clinic === undefined || o.ClinicNum === clinic);
	return ok(page(rows, query, maxRows).map(([o, i]) => operatoryJson(o, i)));
};

/** apiclinics.html, Clinics GET: an empty list when the office does not use clinics. */
const getClinics: Handler = ({ store, maxRows }, { query }) =>
	ok(page(store.practice.clinics, query, maxRows).map(clinicJson));

/** apiappointments.html, Appointments GET (single), since 21.1. */
const getAppointment: Handler = ({ store }, req) =>
	ok(appointmentJson(store, store.appointment(id(req, 'AptNum')), store.nowText()));

/**
 * apiappointments.html, Appointments GET (multiple), since 21.1: PatNum added in 21.4, AptStatus
 * in 22.4.28, Op in 23.2.27 (each ignored before). DateTStamp: "altered after" the given time.
 */
const getAppointments: Handler = (ctx, { query }) => {
	const { store, maxRows } = ctx;
	const patNum = versioned(ctx, '21.4', numParam(query, 'PatNum'));
	const status = versioned(ctx, '22.4.28', enumParam(query, 'AptStatus', ALL_APT_STATUSES));
	const op = versioned(ctx, '23.2.27', numParam(query, 'Op'));
	const day = dateParam(query, 'date');
	const start = day ?? dateParam(query, 'dateStart');
	const end = day ?? dateParam(query, 'dateEnd');
	const clinic = numParam(query, 'ClinicNum');
	const from = stampParam(query, 'DateTStamp');
	const pool = patNum === undefined ? store.practice.appointments : store.appointmentsOf(patNum);
	const rows = pool.filter((a) => {
		const date = a.AptDateTime.slice(0, 10);
		return (
			(status === undefined || a.AptStatus === status) &&
			(op === undefined || a.Op === op) &&
			(start === undefined || date >= start) &&
			(end === undefined || date <= end) &&
			(clinic === undefined || a.ClinicNum === clinic)
		);
	});
	const server = store.nowText();
	return ok(
		page(
			after(rows, from, (a) => store.stamp('appointment', a.AptNum)),
			query,
			maxRows,
		).map((a) => appointmentJson(store, a, server)),
	);
};

/**
 * apiappointments.html, Appointments GET Slots: the open gaps in the schedule "at least"
 * lengthMinutes long, whole (DateTimeStart to the gap's DateTimeEnd), for the practice's default
 * provider unless ProvNum is given, minus Scheduled appointments and time already past in the
 * clinic's zone. The page does not say how gaps of several chairs are listed: one row per chair.
 */
const getSlots: Handler = ({ store, maxRows }, { query }) => {
	const today = store.today;
	const start = dateParam(query, 'dateStart') ?? dateParam(query, 'date') ?? today;
	const end = dateParam(query, 'dateEnd') ?? start;
	if (end < start) throw new HttpError(400, 'dateEnd cannot be before dateStart.');
	const length = numParam(query, 'lengthMinutes') ?? DEFAULT_SLOT_MINUTES;
	if (length < 5 || length % 5 !== 0) throw new HttpError(400, 'lengthMinutes must be a positive multiple of 5.');
	const provNum = numParam(query, 'ProvNum');
	const opNum = numParam(query, 'OpNum');
	if (opNum !== undefined && !store.practice.operatories.some((o) => o.OperatoryNum === opNum))
		throw new HttpError(400, `OpNum ${opNum} is not an operatory.`);
	// PracticeDefaultProv: the practice's first dentist in this sandbox.
	const provider =
		provNum ?? store.practice.providers.find((p) => !p.IsHygienist)?.ProvNum ?? store.practice.providers[0]?.ProvNum;
	const ops = store.practice.operatories.filter(
		(o) => (opNum === undefined || o.OperatoryNum === opNum) && slotProvider(o) === provider,
	);
	const busy = new Map<string, Array<[number, number]>>();
	for (const a of store.practice.appointments) {
		const date = a.AptDateTime.slice(0, 10);
		if (a.AptStatus !== 'Scheduled' || date < start || date > end) continue;
		const key = `${a.Op} ${date}`;
		const from = minutesOf(a.AptDateTime);
		const list = busy.get(key) ?? [];
		list.push([from, from + a.lengthMinutes]);
		busy.set(key, list);
	}
	const slots: Array<{ DateTimeStart: string; DateTimeEnd: string; ProvNum: number; OpNum: number }> = [];
	const last = DateTime.fromISO(end, { zone: 'utc' });
	for (let day = DateTime.fromISO(start, { zone: 'utc' }); day <= last; day = day.plus({ days: 1 })) {
		if (day.weekday > 5) continue;
		const date = day.toISODate() as string;
		for (const op of ops) {
			const zone = store.practice.clinics.find((c) => c.ClinicNum === op.ClinicNum)?.timezone ?? 'utc';
			const now = store.nowInZone(zone);
			const nowDate = now.toISODate() as string;
			if (date < nowDate) continue;
			const earliest = date === nowDate ? Math.ceil((now.hour * 60 + now.minute) / 5) * 5 : 0;
			const taken = (busy.get(`${op.OperatoryNum} ${date}`) ?? []).sort((a, b) => a[0] - b[0]);
			for (const [open, close] of OPEN_BLOCKS) {
				let cursor = Math.max(open, earliest);
				const emit = (until: number): void => {
					if (cursor + length <= until)
						slots.push({
							DateTimeStart: `${date} ${clock(cursor)}`,
							DateTimeEnd: `${date} ${clock(until)}`,
							ProvNum: slotProvider(op),
							OpNum: op.OperatoryNum,
						});
				};
				for (const [from, to] of taken) {
					if (to <= cursor || from >= close) continue;
					emit(Math.min(from, close));
					cursor = Math.max(cursor, to);
				}
				emit(close);
			}
		}
	}
	slots.sort((a, b) =>
		a.DateTimeStart < b.DateTimeStart ? -1 : a.DateTimeStart > b.DateTimeStart ? 1 : a.OpNum - b.OpNum,
	);
	return ok(page(slots, query, maxRows));
};

/** The provider an operatory's schedule belongs to: its hygienist on a hygiene chair. */
function slotProvider(op: Operatory): number {
	return op.IsHygiene && op.ProvHygienist ? op.ProvHygienist : op.ProvDentist;
}

/**
 * apiappointments.html, Appointments POST: PatNum, Op, AptDateTime required; IsHygiene "default
 * false" whatever the chair. The page lists no overlap check: a client must re-check the slot itself.
 */
const postAppointment: Handler = ({ store }, { body }) => {
	const input = {
		PatNum: bodyNum(body, 'PatNum', true),
		Op: bodyNum(body, 'Op', true),
		AptDateTime: bodyDateTime(body, 'AptDateTime', true) as string,
	};
	store.patient(input.PatNum);
	const op = store.operatory(input.Op);
	const isHygiene = bodyBool(body, 'IsHygiene') ?? false;
	// On a hygiene appointment the hygienist (ProvHyg) is the one the practice's rows call ProvNum.
	const provNum = isHygiene
		? (bodyNum(body, 'ProvHyg') ?? op.ProvHygienist) || op.ProvDentist
		: (bodyNum(body, 'ProvNum') ?? op.ProvDentist);
	if (!store.practice.providers.some((p) => p.ProvNum === provNum))
		throw new HttpError(400, `ProvNum ${provNum} is not a provider.`);
	const clinicNum = bodyNum(body, 'ClinicNum');
	if (clinicNum !== undefined && !store.practice.clinics.some((c) => c.ClinicNum === clinicNum))
		throw new HttpError(400, `ClinicNum ${clinicNum} is not a clinic.`);
	const apt = store.createAppointment({
		...input,
		lengthMinutes: patternMinutes(body) ?? 20,
		ProvNum: provNum,
		IsHygiene: isHygiene,
		ClinicNum: clinicNum,
		Note: bodyString(body, 'Note'),
		Confirmed: confirmedParam(body),
		AptStatus: bodyEnum(body, 'AptStatus', ['Scheduled', 'UnschedList', 'Planned'] as const),
	});
	return { status: 201, json: appointmentJson(store, apt, store.nowText()), location: `/appointments/${apt.AptNum}` };
};

/** apiappointments.html, Appointments POST SchedulePlanned: AptNum, AptDateTime, ProvNum, Op required; Note optional. */
const postSchedulePlanned: Handler = ({ store }, { body }) => {
	const plannedNum = bodyNum(body, 'AptNum', true);
	const op = store.operatory(bodyNum(body, 'Op', true));
	const provNum = bodyNum(body, 'ProvNum', true);
	if (!store.practice.providers.some((p) => p.ProvNum === provNum))
		throw new HttpError(400, `ProvNum ${provNum} is not a provider.`);
	const apt = store.schedulePlanned(plannedNum, {
		Op: op.OperatoryNum,
		AptDateTime: bodyDateTime(body, 'AptDateTime', true) as string,
		ProvNum: provNum,
		Confirmed: confirmedParam(body),
		Note: bodyString(body, 'Note'),
	});
	return { status: 201, json: appointmentJson(store, apt, store.nowText()), location: `/appointments/${apt.AptNum}` };
};

/** apiappointments.html, Appointments PUT Confirm: either confirmVal or defNum. */
const putConfirm: Handler = ({ store }, req) => {
	const aptNum = id(req, 'AptNum');
	store.appointment(aptNum);
	const confirmVal = bodyEnum(
		req.body,
		'confirmVal',
		CONFIRM_DEFS.map((d) => d.confirmVal),
	);
	const defNum = bodyNum(req.body, 'defNum');
	if ((confirmVal === undefined) === (defNum === undefined))
		throw new HttpError(400, 'Only one field is allowed: either confirmVal or defNum.');
	const def = CONFIRM_DEFS.find((d) => (confirmVal === undefined ? d.defNum === defNum : d.confirmVal === confirmVal));
	if (!def) throw new HttpError(400, `defNum ${defNum} is not an Appt Confirmed definition.`);
	store.confirmAppointment(aptNum, def.defNum);
	return ok(null);
};

/**
 * apiappointments.html, Appointments PUT Break: sendToUnscheduledList required ("true" leaves the
 * appointment UnschedList, "false" Broken). breakType is optional and "rarely used": refused unless
 * the office changed its broken-appointment setting; when accepted it charts D9986/D9987.
 */
const putBreak: Handler = ({ store, breakTypeAllowed }, req) => {
	const aptNum = id(req, 'AptNum');
	store.appointment(aptNum);
	const send = bodyBool(req.body, 'sendToUnscheduledList', true) as boolean;
	const breakType = bodyEnum(req.body, 'breakType', ['Missed', 'Cancelled'] as const);
	if (breakType && !breakTypeAllowed) {
		throw new HttpError(
			400,
			'breakType is not allowed. The office has not set up a broken appointment procedure in Appointment Preferences.',
		);
	}
	store.breakAppointment(aptNum, send, breakType);
	return ok(null);
};

/** apirecalls.html, Recalls GET, since 22.4.40: PatNum. */
const getRecalls: Handler = ({ store, maxRows }, { query }) => {
	const patNum = numParam(query, 'PatNum');
	const rows = store.practice.recalls.filter((r) => patNum === undefined || r.PatNum === patNum);
	return ok(page(rows, query, maxRows).map((r) => recallJson(store, r)));
};

/**
 * apirecalls.html, Recalls GET List, since 22.1: the Recall List; DateStart/DateEnd default from the
 * RecallDaysPast/RecallDaysFuture preferences. Rows as the page's example: DueDate and LastRemind
 * "M/d/yyyy", NumRemind and Age strings, ClinicNum.
 */
const getRecallList: Handler = ({ store, maxRows }, { query }) => {
	const today = DateTime.fromISO(store.today, { zone: 'utc' });
	const start = dateParam(query, 'DateStart') ?? (today.minus({ days: RECALL_DAYS_PAST }).toISODate() as string);
	const end = dateParam(query, 'DateEnd') ?? (today.plus({ days: RECALL_DAYS_FUTURE }).toISODate() as string);
	const provNum = numParam(query, 'ProvNum');
	const clinic = numParam(query, 'ClinicNum');
	const type = enumParam(query, 'RecallType', ['Prophy', 'Perio'] as const);
	const includeReminded = boolParam(query, 'IncludeReminded') ?? false;
	const recallComm = COMM_TYPES.find((t) => t.name === 'Recall')?.defNum;
	const rows: unknown[] = [];
	for (const r of store.practice.recalls) {
		const p = store.patient(r.PatNum);
		if (p.PatStatus !== 'Patient' || r.DateDue < start || r.DateDue > end || store.recallScheduled(r) !== '0001-01-01')
			continue;
		if (
			(type !== undefined && r.type !== type) ||
			(provNum !== undefined && p.PriProv !== provNum) ||
			(clinic !== undefined && p.ClinicNum !== clinic)
		)
			continue;
		// Reminders are the recall commlogs since the last visit.
		const sent = store.commlogs.filter(
			(c) => c.PatNum === r.PatNum && c.CommType === recallComm && c.CommDateTime.slice(0, 10) > r.DatePrevious,
		);
		const last = sent.reduce((max, c) => (c.CommDateTime > max ? c.CommDateTime : max), '').slice(0, 10);
		if (!includeReminded && last) {
			const quiet = REMINDER_QUIET_DAYS[Math.min(sent.length, 2) - 1];
			if (today.diff(DateTime.fromISO(last, { zone: 'utc' }), 'days').days < quiet) continue;
		}
		rows.push(recallListJson(store, r, { count: sent.length, last }));
	}
	return ok(page(rows, query, maxRows));
};

/** apicommlogs.html, Commlogs GET (single). */
const getCommlog: Handler = ({ store }, req) => {
	const num = id(req, 'CommlogNum');
	const log = store.commlogs.find((c) => c.CommlogNum === num);
	if (!log) throw new HttpError(404, `Commlog not found. CommlogNum ${num} does not exist.`);
	return ok(commlogJson(store, log));
};

/** apicommlogs.html, Commlogs GET: PatNum; DateTStamp "on or after". */
const getCommlogs: Handler = ({ store, maxRows }, { query }) => {
	const patNum = numParam(query, 'PatNum');
	if (patNum !== undefined) store.patient(patNum);
	const from = stampParam(query, 'DateTStamp');
	const rows = store.commlogs.filter((c) => patNum === undefined || c.PatNum === patNum);
	return ok(
		page(
			since(rows, from, (c) => store.stamp('commlog', c.CommlogNum)),
			query,
			maxRows,
		).map((c) => commlogJson(store, c)),
	);
};

/**
 * apicommlogs.html, Commlogs POST: PatNum and Note required. Before 23.3.7 the answer carries no
 * CommlogNum (docs/open-dental.md); the page does not show that older answer, so none is sent.
 */
const postCommlog: Handler = (ctx, { body }) => {
	const { store } = ctx;
	const patNum = bodyNum(body, 'PatNum', true);
	const note = bodyString(body, 'Note', true) as string;
	const typeName = bodyEnum(
		body,
		'commType',
		COMM_TYPES.map((t) => t.name),
	);
	const typeNum = bodyNum(body, 'CommType');
	if (typeNum !== undefined && !COMM_TYPES.some((t) => t.defNum === typeNum))
		throw new HttpError(400, `CommType ${typeNum} is not a Commlog Type definition.`);
	const log = store.addCommlog({
		PatNum: patNum,
		Note: note,
		CommDateTime: bodyDateTime(body, 'CommDateTime'),
		// The DefNum wins when both are given, as the docs say.
		CommType: typeNum ?? COMM_TYPES.find((t) => t.name === (typeName ?? 'Misc'))?.defNum ?? 239,
		Mode_: bodyEnum(body, 'Mode_', COMM_MODES) ?? 'Phone',
		SentOrReceived: bodyEnum(body, 'SentOrReceived', SENT_OR_RECEIVED) ?? 'Sent',
	});
	if (!atLeast(ctx, '23.3.7')) {
		const { CommlogNum: _withheld, ...older } = commlogJson(store, log);
		return { status: 201, json: older };
	}
	return { status: 201, json: commlogJson(store, log), location: `/commlogs/${log.CommlogNum}` };
};

/**
 * apipreferences.html, Preferences GET, since 21.1: PrefName optional. ProgramVersion is how an
 * API client learns the office's Open Dental version; the recall list's defaults beside it.
 */
const getPreferences: Handler = (ctx, { query }) => {
	const prefs = [
		{ PrefNum: 15, PrefName: 'RecallDaysPast', ValueString: String(RECALL_DAYS_PAST) },
		{ PrefNum: 16, PrefName: 'RecallDaysFuture', ValueString: String(RECALL_DAYS_FUTURE) },
		{ PrefNum: 123, PrefName: 'ProgramVersion', ValueString: `${ctx.version.join('.')}.0` },
	];
	const name = query.PrefName;
	return ok(
		page(
			prefs.filter((p) => name === undefined || p.PrefName === name),
			query,
			ctx.maxRows,
		),
	);
};

export const ROUTES: readonly Route[] = [
	{ method: 'GET', pattern: /^\/patients\/Simple$/, handler: getPatientsSimple },
	{ method: 'GET', pattern: /^\/patients\/(?<PatNum>[^/]+)$/, handler: getPatient },
	{ method: 'PUT', pattern: /^\/patients\/(?<PatNum>[^/]+)$/, handler: putPatient, write: true },
	{ method: 'GET', pattern: /^\/procedurelogs$/, handler: getProcedures },
	{ method: 'GET', pattern: /^\/procedurelogs\/(?<ProcNum>[^/]+)$/, handler: getProcedure },
	{ method: 'GET', pattern: /^\/procedurecodes$/, handler: getProcedureCodes },
	{ method: 'GET', pattern: /^\/treatplans$/, handler: getTreatPlans },
	{ method: 'GET', pattern: /^\/treatplanattaches$/, handler: getTreatPlanAttaches },
	{ method: 'GET', pattern: /^\/proctps$/, handler: getProcTps },
	{ method: 'GET', pattern: /^\/providers$/, handler: getProviders },
	{ method: 'GET', pattern: /^\/operatories$/, handler: getOperatories },
	{ method: 'GET', pattern: /^\/clinics$/, handler: getClinics },
	{ method: 'GET', pattern: /^\/appointments$/, handler: getAppointments },
	{ method: 'POST', pattern: /^\/appointments$/, handler: postAppointment, write: true },
	{ method: 'GET', pattern: /^\/appointments\/Slots$/, handler: getSlots },
	{ method: 'POST', pattern: /^\/appointments\/SchedulePlanned$/, handler: postSchedulePlanned, write: true },
	{ method: 'GET', pattern: /^\/appointments\/(?<AptNum>[^/]+)$/, handler: getAppointment },
	{ method: 'PUT', pattern: /^\/appointments\/(?<AptNum>[^/]+)\/Confirm$/, handler: putConfirm, write: true },
	{ method: 'PUT', pattern: /^\/appointments\/(?<AptNum>[^/]+)\/Break$/, handler: putBreak, write: true },
	{ method: 'GET', pattern: /^\/recalls$/, handler: getRecalls },
	{ method: 'GET', pattern: /^\/recalls\/List$/, handler: getRecallList },
	{ method: 'GET', pattern: /^\/commlogs$/, handler: getCommlogs },
	{ method: 'POST', pattern: /^\/commlogs$/, handler: postCommlog, write: true },
	{ method: 'GET', pattern: /^\/commlogs\/(?<CommlogNum>[^/]+)$/, handler: getCommlog },
	{ method: 'GET', pattern: /^\/preferences$/, handler: getPreferences },
];
