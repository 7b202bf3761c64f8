/**
 * The synthetic practice, shaped and named like Open Dental's tables so the Open Dental API
 * simulator can serve these rows as they are. Dates are `yyyy-MM-dd`, datetimes
 * `yyyy-MM-dd HH:mm:ss` in the clinic's local time with no zone, as Open Dental returns them.
 */

export type Stage = 1 | 2 | 3 | 4 | 5;

export interface PracticeOptions {
	seed: number;
	/** 50..50,000 */
	patients: number;
	/** Automation maturity stage (seeds/maturity-stages-benchmark.txt): sets the no-show rate. */
	stage: Stage;
	/**
	 * The no-show rate to generate instead of the stage's benchmark value: a practice in the middle
	 * of its stage's band (11% for Stage 2), which the benchmark value itself sits on the edge of.
	 */
	noShowRate?: number;
	/** yyyy-MM-dd: the practice's "now". */
	today: string;
}

export interface Clinic {
	ClinicNum: number;
	Abbr: string;
	Description: string;
	/** IANA zone, e.g. America/Chicago. */
	timezone: string;
}

export interface Provider {
	ProvNum: number;
	Abbr: string;
	FName: string;
	LName: string;
	IsHygienist: boolean;
	ClinicNum: number;
}

export interface Operatory {
	OperatoryNum: number;
	OpName: string;
	ClinicNum: number;
	ProvDentist: number;
	/** 0 on a restorative operatory. */
	ProvHygienist: number;
	IsHygiene: boolean;
}

export type PatStatus = 'Patient' | 'NonPatient' | 'Inactive' | 'Archived' | 'Deceased' | 'Prospective';
export type YN = 'Unknown' | 'Yes' | 'No';
export type ContactMethod = 'None' | 'DoNotCall' | 'HmPhone' | 'WirelessPh' | 'Email' | 'TextMessage';

export interface Patient {
	PatNum: number;
	LName: string;
	FName: string;
	Birthdate: string;
	/** As the front desk typed it: "(312) 555-0134", "312-555-0134", '' or something invalid. */
	WirelessPhone: string;
	/** Home phone, '' for most patients (Dentrix exports show it beside the mobile). */
	HmPhone: string;
	Email: string;
	PatStatus: PatStatus;
	TxtMsgOk: YN;
	PreferContactMethod: ContactMethod;
	ClinicNum: number;
	PriProv: number;
	/** Dentrix-style chart number: two letters of the last name + 4 digits ("GA0012"), unique. */
	chartNumber: string;
}

export type ProcStatus = 'TP' | 'C' | 'EC' | 'EO' | 'R' | 'D' | 'Cn' | 'TPi';

export interface ProcedureLog {
	ProcNum: number;
	PatNum: number;
	ProcCode: string;
	Descript: string;
	ProcFee: number;
	/** '1'..'32', or '' when the code is not per tooth. */
	ToothNum: string;
	/** Surfaces for fillings ("MOD"), quadrant for scaling ("UR"), arch ("U"), or ''. */
	Surf: string;
	DateTP: string;
	/** Date completed, or the appointment date of a scheduled procedure, or '' when unscheduled. */
	ProcDate: string;
	ProcStatus: ProcStatus;
	/** 0 when not on an appointment. */
	AptNum: number;
	ProvNum: number;
	ClinicNum: number;
}

export type AptStatus = 'Scheduled' | 'Complete' | 'Broken' | 'UnschedList' | 'Planned';

export interface Appointment {
	AptNum: number;
	PatNum: number;
	AptStatus: AptStatus;
	AptDateTime: string;
	lengthMinutes: number;
	ProvNum: number;
	Op: number;
	ClinicNum: number;
	IsHygiene: boolean;
}

export type RecallType = 'Prophy' | 'Perio';

export interface Recall {
	RecallNum: number;
	PatNum: number;
	type: RecallType;
	DateDue: string;
	DatePrevious: string;
	intervalMonths: number;
}

export type TPStatus = 'Active' | 'Inactive' | 'Saved';

export interface TreatPlan {
	TreatPlanNum: number;
	PatNum: number;
	DateTP: string;
	/** Active: work still to do; Saved: accepted and finished; Inactive: declined. */
	TPStatus: TPStatus;
	procNums: number[];
}

/** What the generator produced, measured from the rows, for tests and benchmarks to check against. */
export interface PracticeTruth {
	stage: Stage;
	/** The stage's no-show rate from the benchmark table, the generator's target. */
	noShowTarget: number;
	/** Broken / (Broken + Complete) over appointments before today. */
	noShowRate: number;
	pastAppointments: number;
	brokenAppointments: number;
	scheduledAppointments: number;
	presentedPlans: number;
	acceptedPlans: number;
	declinedPlans: number;
	/** accepted / presented treatment plans. */
	acceptanceRate: number;
	/** PatStatus 'Patient'. */
	activePatients: number;
	/** Active patients whose last completed visit is more than 18 months before today, none booked. */
	lapsedPatNums: number[];
	/** lapsed / active patients. */
	lapsedShare: number;
	/** Active patients whose recall is past due. */
	overdueRecallPatNums: number[];
	/** Patients in Open Dental's Treatment Finder (see unscheduled.ts). */
	unscheduledPatNums: number[];
	unscheduledProcedures: number;
	unscheduledFee: number;
}

export interface Practice {
	options: PracticeOptions;
	clinics: Clinic[];
	providers: Provider[];
	operatories: Operatory[];
	patients: Patient[];
	procedures: ProcedureLog[];
	appointments: Appointment[];
	recalls: Recall[];
	treatPlans: TreatPlan[];
	truth: PracticeTruth;
}
