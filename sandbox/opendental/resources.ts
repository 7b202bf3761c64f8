/**
 * Rows as Open Dental's API returns them: field names, casing and order from the example
 * responses on opendental.com/site/api*.html, enums as text, booleans as "true"/"false", dates
 * "yyyy-MM-dd" with "0001-01-01" for none. Columns the practice does not model get Open Dental's
 * empty values so a client sees the full shape.
 */
import { DateTime } from 'luxon';
import { patternFor } from '../../core/booking/pattern';
import type {
	Appointment,
	Clinic,
	Operatory,
	Patient,
	ProcedureLog,
	Provider,
	Recall,
	TreatPlan,
} from '../practice/types';
import {
	COMM_TYPES,
	CONFIRM_DEFS,
	MIN_DATE,
	recallInterval,
	type Commlog,
	type ProcedureCode,
	type Store,
} from './store';

type Json = Record<string, unknown>;

const NO_DATE_TIME = '0001-01-01 00:00:00';

function bool(value: boolean): 'true' | 'false' {
	return value ? 'true' : 'false';
}

function date(value: string): string {
	return value || MIN_DATE;
}

function provAbbr(store: Store, provNum: number): string {
	return store.practice.providers.find((p) => p.ProvNum === provNum)?.Abbr ?? '';
}

export function patientJson(store: Store, p: Patient, serverDateTime?: string): Json {
	const prefs = store.patientPrefs(p.PatNum);
	const firstVisit = store
		.appointmentsOf(p.PatNum)
		.filter((a) => a.AptStatus === 'Complete')
		.reduce((min, a) => (min === '' || a.AptDateTime < min ? a.AptDateTime : min), '');
	return {
		...(serverDateTime ? { serverDateTime } : {}),
		PatNum: p.PatNum,
		LName: p.LName,
		FName: p.FName,
		MiddleI: '',
		Preferred: '',
		PatStatus: p.PatStatus,
		Gender: 'Unknown',
		Position: 'Single',
		Birthdate: date(p.Birthdate),
		SSN: '',
		Address: '',
		Address2: '',
		City: '',
		State: '',
		Zip: '',
		HmPhone: p.HmPhone,
		WkPhone: '',
		WirelessPhone: p.WirelessPhone,
		Guarantor: p.PatNum,
		Email: p.Email,
		EstBalance: 0.0,
		PriProv: p.PriProv,
		priProvAbbr: provAbbr(store, p.PriProv),
		SecProv: 0,
		secProvAbbr: '',
		BillingType: 'Standard Account',
		ImageFolder: `${p.LName}${p.FName}${p.PatNum}`.replace(/[^A-Za-z0-9]/g, ''),
		FamFinUrgNote: '',
		ChartNumber: p.chartNumber,
		MedicaidID: '',
		BalTotal: 0.0,
		DateFirstVisit: date(firstVisit.slice(0, 10)),
		ClinicNum: p.ClinicNum,
		clinicAbbr: store.practice.clinics.find((c) => c.ClinicNum === p.ClinicNum)?.Abbr ?? '',
		Ward: '',
		PreferConfirmMethod: prefs.PreferConfirmMethod,
		PreferContactMethod: prefs.PreferContactMethod ?? p.PreferContactMethod,
		PreferRecallMethod: prefs.PreferRecallMethod,
		Language: '',
		AdmitDate: MIN_DATE,
		siteDesc: '',
		DateTStamp: store.stamp('patient', p.PatNum),
		SuperFamily: 0,
		TxtMsgOk: p.TxtMsgOk,
		SecDateEntry: date(firstVisit.slice(0, 10)),
	};
}

/** apiprocedurelogs.html shows AptNum, PlannedAptNum and ProcFee as strings ("0", "130.00"); kept as documented. */
export function procedureJson(store: Store, p: ProcedureLog, serverDateTime: string): Json {
	const code = store.code(p.ProcCode);
	return {
		ProcNum: p.ProcNum,
		PatNum: p.PatNum,
		AptNum: String(p.AptNum),
		ProcDate: date(p.ProcDate),
		ProcFee: p.ProcFee.toFixed(2),
		Surf: p.Surf,
		ToothNum: p.ToothNum,
		ToothRange: '',
		Priority: 0,
		priority: '',
		ProcStatus: p.ProcStatus,
		ProvNum: p.ProvNum,
		provAbbr: provAbbr(store, p.ProvNum),
		Dx: 0,
		dxName: '',
		PlannedAptNum: '0',
		Prosthesis: '',
		DateOriginalProsth: MIN_DATE,
		ClinicNum: p.ClinicNum,
		CodeNum: code?.CodeNum ?? 0,
		procCode: p.ProcCode,
		descript: p.Descript,
		UnitQty: 1,
		BaseUnits: 0,
		DateTP: date(p.DateTP),
		DateTStamp: store.stamp('procedure', p.ProcNum),
		IsDateProsthEst: 'false',
		serverDateTime,
	};
}

export function procedureCodeJson(store: Store, c: ProcedureCode): Json {
	return {
		CodeNum: c.CodeNum,
		ProcCode: c.ProcCode,
		Descript: c.Descript,
		AbbrDesc: c.AbbrDesc,
		ProcTime: '/X/',
		ProcCat: 0,
		procCat: '',
		TreatArea: 'None',
		NoBillIns: 'false',
		IsProsth: 'false',
		DefaultNote: '',
		IsHygiene: bool(c.IsHygiene),
		GTypeNum: 0,
		AlternateCode1: '',
		MedicalCode: '',
		IsTaxed: 'false',
		PaintType: 'None',
		GraphicColor: '0,0,0',
		LaymanTerm: '',
		IsCanadianLab: 'false',
		PreExisting: 'false',
		BaseUnits: 0,
		SubstitutionCode: '',
		SubstOnlyIf: 'Always',
		DateTStamp: store.setupStamp,
		IsMultiVisit: 'false',
		DrugNDC: '',
		RevenueCodeDefault: '',
		ProvNumDefault: 0,
		CanadaTimeUnits: 0,
		IsRadiology: 'false',
		DefaultClaimNote: '',
		DefaultTPNote: '',
		BypassGlobalLock: 'NeverBypass',
		TaxCode: '',
		PaintText: '',
		AreaAlsoToothRange: 'false',
		DiagnosticCodes: '',
	};
}

export function appointmentJson(store: Store, a: Appointment, serverDateTime: string): Json {
	const extra = store.aptExtra(a.AptNum);
	const confirm = CONFIRM_DEFS.find((d) => d.defNum === extra.Confirmed);
	const op = store.practice.operatories.find((o) => o.OperatoryNum === a.Op);
	// Open Dental keeps the dentist in ProvNum and the hygienist in ProvHyg on a hygiene appointment.
	const provNum = a.IsHygiene && op ? op.ProvDentist : a.ProvNum;
	const provHyg = a.IsHygiene ? a.ProvNum : 0;
	return {
		serverDateTime,
		AptNum: a.AptNum,
		PatNum: a.PatNum,
		AptStatus: a.AptStatus,
		Pattern: patternFor(a.lengthMinutes),
		Confirmed: extra.Confirmed,
		confirmed: confirm?.name ?? '',
		TimeLocked: 'false',
		Op: a.Op,
		Note: extra.Note,
		ProvNum: provNum,
		provAbbr: provAbbr(store, provNum),
		ProvHyg: provHyg,
		AptDateTime: a.AptDateTime,
		NextAptNum: extra.NextAptNum,
		UnschedStatus: 0,
		unschedStatus: '',
		IsNewPatient: 'false',
		ProcDescript: store
			.proceduresOn(a)
			.map((p) => store.code(p.ProcCode)?.AbbrDesc ?? p.ProcCode)
			.join(', '),
		Assistant: 0,
		ClinicNum: a.ClinicNum,
		IsHygiene: bool(a.IsHygiene),
		DateTStamp: store.stamp('appointment', a.AptNum),
		DateTimeArrived: NO_DATE_TIME,
		DateTimeSeated: NO_DATE_TIME,
		DateTimeDismissed: NO_DATE_TIME,
		InsPlan1: 0,
		InsPlan2: 0,
		DateTimeAskedToArrive: NO_DATE_TIME,
		colorOverride: '0,0,0',
		AppointmentTypeNum: 0,
		SecUserNumEntry: 0,
		SecDateTEntry: extra.SecDateTEntry,
		Priority: 'Normal',
		PatternSecondary: '',
		ItemOrderPlanned: 0,
		IsMirrored: 'false',
	};
}

export function recallJson(store: Store, r: Recall): Json {
	return {
		RecallNum: r.RecallNum,
		PatNum: r.PatNum,
		DateDue: date(r.DateDue),
		DatePrevious: date(r.DatePrevious),
		RecallInterval: recallInterval(r.type),
		RecallStatus: 0,
		recallStatus: '',
		Note: '',
		IsDisabled: 'false',
		DateTStamp: store.stamp('recall', r.RecallNum),
		RecallTypeNum: recallTypeNum(r.type),
		DisableUntilBalance: 0.0,
		DisableUntilDate: MIN_DATE,
		DateScheduled: store.recallScheduled(r),
		Priority: 'Normal',
		TimePatternOverride: '',
	};
}

/** Open Dental's default RecallType rows: Prophy 1, Perio 3 (Child Prophy is 2). */
export function recallTypeNum(type: Recall['type']): number {
	return type === 'Perio' ? 3 : 1;
}

/** One row of the Recall List (Appointment module > Lists > Recall). */
export function recallListJson(store: Store, r: Recall, reminders: { count: number; last: string }): Json {
	const p = store.patient(r.PatNum);
	const prefs = store.patientPrefs(p.PatNum);
	const method =
		prefs.PreferRecallMethod !== 'None'
			? prefs.PreferRecallMethod
			: (prefs.PreferContactMethod ?? p.PreferContactMethod);
	const contact =
		method === 'Email'
			? p.Email
			: method === 'HmPhone'
				? p.HmPhone
				: method === 'TextMessage' || method === 'WirelessPh'
					? p.WirelessPhone
					: p.WirelessPhone || p.HmPhone || p.Email;
	const today = DateTime.fromISO(store.today);
	const birth = DateTime.fromISO(p.Birthdate);
	// apirecalls.html's example: "DueDate": "3/16/2022", "NumRemind": "2", "Age": "45" - the grid's text.
	const usDate = (iso: string) => (iso ? DateTime.fromISO(iso).toFormat('M/d/yyyy') : '');
	return {
		DueDate: r.DatePrevious ? usDate(r.DateDue) : '',
		PatNum: p.PatNum,
		Patient: `${p.LName}, ${p.FName}`,
		Age: birth.isValid ? String(Math.floor(today.diff(birth, 'years').years)) : '',
		Type: r.type,
		Interval: recallInterval(r.type),
		NumRemind: String(reminders.count),
		LastRemind: usDate(reminders.last),
		Contact: contact,
		Status: '',
		Note: '',
		ClinicNum: p.ClinicNum,
		RecallNum: r.RecallNum,
	};
}

export function treatPlanJson(store: Store, t: TreatPlan): Json {
	return {
		TreatPlanNum: t.TreatPlanNum,
		PatNum: t.PatNum,
		// apitreatplans.html: DateTP is set when a plan is Saved; Active and Inactive show "0001-01-01".
		DateTP: t.TPStatus === 'Saved' ? date(t.DateTP) : MIN_DATE,
		Heading:
			t.TPStatus === 'Active'
				? 'Active Treatment Plan'
				: t.TPStatus === 'Inactive'
					? 'Inactive Treatment Plan'
					: 'Saved Treatment Plan',
		Note: '',
		ResponsParty: 0,
		DocNum: 0,
		TPStatus: t.TPStatus,
		SecUserNumEntry: 0,
		SecDateEntry: date(t.DateTP),
		SecDateTEdit: store.stamp('treatplan', t.TreatPlanNum),
		UserNumPresenter: 0,
		TPType: 'Insurance',
		SignaturePractice: '',
		DateTSigned: NO_DATE_TIME,
		DateTPracticeSigned: NO_DATE_TIME,
		SignatureText: '',
		SignaturePracticeText: '',
		MobileAppDeviceNum: 0,
	};
}

/** A procedure of a plan: `num` counts rows across all plans, `order` within this one. */
export interface PlanProcedure {
	num: number;
	plan: TreatPlan;
	proc: ProcedureLog;
	order: number;
}

/** apiproctps.html: a Saved plan's frozen copy of a procedure; insurance is not modelled, so the patient owes the fee. */
export function procTpJson(store: Store, { num, plan, proc, order }: PlanProcedure): Json {
	return {
		ProcTPNum: num,
		TreatPlanNum: plan.TreatPlanNum,
		PatNum: plan.PatNum,
		ProcNumOrig: proc.ProcNum,
		ItemOrder: order,
		Priority: 0,
		priority: '',
		ToothNumTP: proc.ToothNum,
		Surf: proc.Surf,
		ProcCode: proc.ProcCode,
		Descript: proc.Descript,
		FeeAmt: proc.ProcFee,
		PriInsAmt: 0.0,
		SecInsAmt: 0.0,
		PatAmt: proc.ProcFee,
		Discount: 0.0,
		Prognosis: '',
		Dx: '',
		ProcAbbr: store.code(proc.ProcCode)?.AbbrDesc ?? proc.ProcCode,
		SecUserNumEntry: 0,
		SecDateEntry: date(plan.DateTP),
		SecDateTEdit: store.stamp('treatplan', plan.TreatPlanNum),
		FeeAllowed: 0.0,
		TaxAmt: 0.0,
		ProvNum: proc.ProvNum,
		DateTP: date(plan.DateTP),
		ClinicNum: proc.ClinicNum,
		CatPercUCR: proc.ProcFee,
	};
}

export function providerJson(store: Store, p: Provider): Json {
	return {
		ProvNum: p.ProvNum,
		Abbr: p.Abbr,
		LName: p.LName,
		FName: p.FName,
		MI: '',
		Suffix: p.IsHygienist ? 'RDH' : 'DDS',
		FeeSched: 1,
		Specialty: p.IsHygienist ? 'Hygienist' : 'General',
		IsSecondary: bool(p.IsHygienist),
		ProvColor: '0,0,0',
		IsHidden: 'false',
		SigOnFile: 'true',
		NationalProvID: '',
		DateTStamp: store.setupStamp,
		IsNotPerson: 'false',
		ProvStatus: 'Active',
		IsHiddenReport: 'false',
		Birthdate: MIN_DATE,
		SchedNote: '',
		PreferredName: '',
	};
}

export function operatoryJson(o: Operatory, itemOrder: number): Json {
	return {
		OperatoryNum: o.OperatoryNum,
		OpName: o.OpName,
		Abbrev: o.OpName.split(' ').slice(-2).join(''),
		ItemOrder: itemOrder,
		IsHidden: 'false',
		ProvDentist: o.ProvDentist,
		ProvHygienist: o.ProvHygienist,
		IsHygiene: bool(o.IsHygiene),
		ClinicNum: o.ClinicNum,
		SetProspective: 'false',
		IsWebSched: 'false',
		IsNewPatAppt: 'false',
	};
}

export function clinicJson(c: Clinic): Json {
	return {
		ClinicNum: c.ClinicNum,
		Description: c.Description,
		Address: '',
		Address2: '',
		City: '',
		State: '',
		Zip: '',
		Phone: '',
		Abbr: c.Abbr,
		IsHidden: 'false',
	};
}

export function commlogJson(store: Store, c: Commlog): Json {
	return {
		CommlogNum: c.CommlogNum,
		PatNum: c.PatNum,
		CommDateTime: c.CommDateTime,
		// apicommlogs.html shows the DefNum as a string ("239") beside its name.
		CommType: String(c.CommType),
		commType: COMM_TYPES.find((t) => t.defNum === c.CommType)?.name ?? '',
		Note: c.Note,
		Mode_: c.Mode_,
		SentOrReceived: c.SentOrReceived,
		UserNum: 0,
		DateTStamp: store.stamp('commlog', c.CommlogNum),
		CommSource: 'ProgramLink',
		ProgramNum: 0,
		DateTEntry: c.DateTEntry,
		ReferralNum: 0,
	};
}
