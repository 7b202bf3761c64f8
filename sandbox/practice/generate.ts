/**
 * A deterministic synthetic dental practice: clinics, providers, operatories, patients and three
 * years of clinical history before `today`, plus the truth the tests and benchmarks check against.
 * The whole practice is a pure function of its options.
 */
import { ANTERIORS, CDT, MOLARS, POSTERIORS, PREMOLARS, type ProcCode } from './cdt';
import { AREA_CODES, CLINIC_NAMES, FIRST_NAMES, LAST_NAMES, TIME_ZONES } from './names';
import { Random } from './random';
import { Calendar, OperatoryBook, SLOT_MINUTES } from './schedule';
import type {
	Appointment,
	AptStatus,
	Clinic,
	ContactMethod,
	Operatory,
	PatStatus,
	Patient,
	Practice,
	PracticeOptions,
	PracticeTruth,
	ProcedureLog,
	Provider,
	Recall,
	Stage,
	TreatPlan,
	YN,
} from './types';
import { findUnscheduledTreatment } from './unscheduled';

/** Typical no-show rate per maturity stage (seeds/maturity-stages-benchmark.txt). */
const NO_SHOW_BY_STAGE: Readonly<Record<Stage, number>> = { 1: 0.18, 2: 0.12, 3: 0.09, 4: 0.06, 5: 0.04 };
/** Baseline case acceptance (seeds/treatment-plan-follow-up.txt). */
const ACCEPTANCE_RATE = 0.61;
/** Of the plans not accepted, the share the patient turned down outright (the rest stay open). */
const DECLINED_SHARE = 0.3;
/** Chance the dentist finds new work at an exam, when no earlier plan is still open. */
const DIAGNOSIS_RATE = 0.18;
const LAPSED_INTENT = 0.2;
/** Patients who book their next cleaning before they leave. */
const PREBOOKED = 0.7;
const HISTORY_DAYS = 1096;
const LAPSED_MONTHS = 18;
const PATIENTS_PER_CLINIC = 2500;
const PATIENTS_PER_DENTIST = 1200;
const PATIENTS_PER_HYGIENIST = 700;

interface ClinicSetup {
	clinic: Clinic;
	dentists: Provider[];
	hygieneOps: Operatory[];
	/** A dentist's restorative chairs, by ProvNum. */
	chairs: Map<number, Operatory[]>;
	areaCodes: readonly string[];
}

/** A patient while their history is being written. */
interface Chart {
	patient: Patient;
	setup: ClinicSetup;
	age: number;
	perio: boolean;
	/** Days already holding one of the patient's appointments: one visit a day. */
	busy: Set<number>;
}

type PracticeRows = Omit<Practice, 'truth'>;

type PlanKind =
	'fillings' | 'crown' | 'endo' | 'srp' | 'extraction' | 'implant' | 'bridge' | 'veneers' | 'whitening' | 'denture';

interface PlanItem {
	code: ProcCode;
	tooth?: number;
	surf?: string;
}

interface Visit {
	apt: Appointment;
	day: number;
}

/** One visit of a treatment plan; `after` is the wait since the previous phase, in days. */
interface Phase {
	items: PlanItem[];
	minutes: number;
	after: readonly [number, number];
}

export function generatePractice(options: PracticeOptions): Practice {
	const { patients, stage, seed } = options;
	if (!Number.isInteger(patients) || patients < 50 || patients > 50_000) {
		throw new RangeError(`patients must be an integer from 50 to 50,000, got ${patients}`);
	}
	if (!(stage in NO_SHOW_BY_STAGE)) throw new RangeError(`stage must be 1..5, got ${stage}`);
	if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
	if (options.noShowRate !== undefined && !(options.noShowRate >= 0 && options.noShowRate < 1))
		throw new RangeError(`noShowRate must be from 0 to under 1, got ${options.noShowRate}`);
	return new PracticeWriter(options).write();
}

class PracticeWriter {
	private readonly rng: Random;
	private readonly calendar: Calendar;
	private readonly book: OperatoryBook;
	private readonly noShow: number;
	private readonly fees = new Map<ProcCode, number>();
	private readonly chartCounters = new Map<string, number>();

	private readonly clinics: Clinic[] = [];
	private readonly providers: Provider[] = [];
	private readonly operatories: Operatory[] = [];
	private readonly patients: Patient[] = [];
	private readonly procedures: ProcedureLog[] = [];
	private readonly appointments: Appointment[] = [];
	private readonly recalls: Recall[] = [];
	private readonly treatPlans: TreatPlan[] = [];
	private presented = 0;
	private accepted = 0;
	private declined = 0;

	constructor(private readonly options: PracticeOptions) {
		this.rng = new Random(options.seed);
		this.calendar = new Calendar(options.today);
		this.book = new OperatoryBook(this.calendar, this.rng);
		this.noShow = options.noShowRate ?? NO_SHOW_BY_STAGE[options.stage];
	}

	write(): Practice {
		for (const code of Object.keys(CDT) as ProcCode[]) {
			const [low, high] = CDT[code].fee;
			this.fees.set(code, Math.round(this.rng.float(low, high) / 5) * 5);
		}
		const clinicCount = Math.min(6, Math.max(1, Math.round(this.options.patients / PATIENTS_PER_CLINIC)));
		const homes = Array.from({ length: this.options.patients }, () => this.rng.int(0, clinicCount - 1));
		const setups = Array.from({ length: clinicCount }, (_, c) =>
			this.setUpClinic(c, homes.filter((h) => h === c).length),
		);
		for (let i = 0; i < homes.length; i++) this.writeChart(this.admit(i + 1, setups[homes[i]]));
		const rows: PracticeRows = {
			options: { ...this.options },
			clinics: this.clinics,
			providers: this.providers,
			operatories: this.operatories,
			patients: this.patients,
			procedures: this.procedures,
			appointments: this.appointments,
			recalls: this.recalls,
			treatPlans: this.treatPlans,
		};
		return { ...rows, truth: this.measure(rows) };
	}

	private setUpClinic(index: number, patients: number): ClinicSetup {
		const [abbr, description] = CLINIC_NAMES[index];
		const timezone = this.rng.pick(TIME_ZONES);
		const clinic: Clinic = { ClinicNum: index + 1, Abbr: abbr, Description: description, timezone };
		this.clinics.push(clinic);
		const hire = (hygienist: boolean): Provider => {
			const prefix = hygienist ? 'RDH' : 'DDS';
			const provider: Provider = {
				ProvNum: this.providers.length + 1,
				Abbr: `${prefix}${this.providers.filter((p) => p.IsHygienist === hygienist).length + 1}`,
				FName: this.rng.pick(FIRST_NAMES),
				LName: this.rng.pick(LAST_NAMES),
				IsHygienist: hygienist,
				ClinicNum: clinic.ClinicNum,
			};
			this.providers.push(provider);
			return provider;
		};
		const dentists = Array.from({ length: Math.max(1, Math.round(patients / PATIENTS_PER_DENTIST)) }, () =>
			hire(false),
		);
		const hygienists = Array.from({ length: Math.max(1, Math.round(patients / PATIENTS_PER_HYGIENIST)) }, () =>
			hire(true),
		);
		const addOp = (name: string, dentist: number, hygienist: number): Operatory => {
			const op: Operatory = {
				OperatoryNum: this.operatories.length + 1,
				OpName: `${abbr} ${name}`,
				ClinicNum: clinic.ClinicNum,
				ProvDentist: dentist,
				ProvHygienist: hygienist,
				IsHygiene: hygienist !== 0,
			};
			this.operatories.push(op);
			return op;
		};
		const chairs = new Map<number, Operatory[]>();
		let opNumber = 0;
		for (const dentist of dentists) {
			chairs.set(dentist.ProvNum, [
				addOp(`Op ${++opNumber}`, dentist.ProvNum, 0),
				addOp(`Op ${++opNumber}`, dentist.ProvNum, 0),
			]);
		}
		const hygieneOps = hygienists.map((h, i) =>
			addOp(`Hyg ${i + 1}`, dentists[i % dentists.length].ProvNum, h.ProvNum),
		);
		return { clinic, dentists, hygieneOps, chairs, areaCodes: AREA_CODES[timezone] };
	}

	/** The patient's demographics and contact data, typed the way a front desk types them. */
	private admit(patNum: number, setup: ClinicSetup): Chart {
		const rng = this.rng;
		let first = rng.pick(FIRST_NAMES);
		let last = rng.pick(LAST_NAMES);
		const email = this.email(first, last);
		if (rng.chance(0.03)) {
			first = first.toUpperCase();
			last = last.toUpperCase();
		}
		const age = rng.weighted<() => number>([
			[() => rng.int(3, 13), 12],
			[() => rng.int(14, 17), 6],
			[() => rng.int(18, 64), 60],
			[() => rng.int(65, 90), 22],
		])();
		const birth = this.calendar.iso(-Math.round(age * 365.25) - rng.int(1, 364));
		let status = rng.weighted<PatStatus>([
			['Patient', 88],
			['Inactive', 7],
			['Archived', 4],
			['Deceased', 1],
		]);
		if (status === 'Deceased' && age < 60) status = 'Inactive';
		// A local number mostly; some patients kept the number from where they moved from.
		const areaCodes = rng.chance(0.9) ? setup.areaCodes : rng.pick(Object.values(AREA_CODES));
		const mobile = this.mobile(rng.pick(areaCodes));
		const home = rng.chance(0.35) ? `(${rng.pick(areaCodes)}) 555-${lineNumber(rng)}` : '';
		const txt = rng.weighted<YN>([
			['Yes', 75],
			['Unknown', 18],
			['No', 7],
		]);
		const prefer = rng.weighted<ContactMethod>(
			mobile
				? [
						['TextMessage', 40],
						['WirelessPh', 20],
						['Email', 15],
						['None', 18],
						['HmPhone', 4],
						['DoNotCall', 3],
					]
				: [
						['None', 50],
						['Email', 30],
						['HmPhone', 15],
						['DoNotCall', 5],
					],
		);
		const patient: Patient = {
			PatNum: patNum,
			LName: last,
			FName: first,
			Birthdate: birth,
			WirelessPhone: mobile,
			HmPhone: home,
			Email: email,
			PatStatus: status,
			TxtMsgOk: txt,
			PreferContactMethod: prefer,
			ClinicNum: setup.clinic.ClinicNum,
			PriProv: rng.pick(setup.dentists).ProvNum,
			chartNumber: this.chartNumber(last),
		};
		this.patients.push(patient);
		return { patient, setup, age, perio: age >= 25 && rng.chance(0.22), busy: new Set() };
	}

	private mobile(area: string): string {
		const rng = this.rng;
		const line = lineNumber(rng);
		const kind = rng.weighted<'valid' | 'empty' | 'invalid'>([
			['valid', 93],
			['empty', 5],
			['invalid', 2],
		]);
		if (kind === 'empty') return '';
		if (kind === 'invalid') {
			return rng.pick([`555-${line}`, `(${area}) 555-${line.slice(0, 2)}`, 'n/a', 'N/A', 'unknown', `${area}-555`]);
		}
		return rng.weighted<string>([
			[`(${area}) 555-${line}`, 40],
			[`${area}-555-${line}`, 25],
			[`${area}555${line}`, 12],
			[`${area}.555.${line}`, 8],
			[`+1 ${area} 555 ${line}`, 5],
			[`1-${area}-555-${line}`, 5],
			[`(${area})555-${line}`, 5],
		]);
	}

	private email(first: string, last: string): string {
		const rng = this.rng;
		const kind = rng.weighted<'valid' | 'none' | 'invalid'>([
			['valid', 87],
			['none', 12],
			['invalid', 1],
		]);
		if (kind === 'none') return '';
		const f = first.toLowerCase().replace(/[^a-z-]/g, '');
		const l = last.toLowerCase().replace(/[^a-z-]/g, '');
		const local = rng.weighted<string>([
			[`${f}.${l}`, 40],
			[`${f}${l}`, 15],
			[`${f[0]}${l}`, 20],
			[`${f}.${l}${rng.int(1, 99)}`, 15],
			[`${f}_${l}`, 10],
		]);
		if (kind === 'invalid') {
			return rng.pick([`${local}@`, `${first} ${last}@example.com`, `${local}@@example.com`, `${local}.example.com`]);
		}
		const address = `${local}@${rng.weighted([
			['example.com', 60],
			['example.org', 25],
			['example.net', 15],
		])}`;
		// Some staff type an address with the capitals the patient spelled it with.
		return rng.chance(0.1) ? `${first}.${last}@Example.com`.replace(/[' ]/g, '') : address;
	}

	private chartNumber(last: string): string {
		const prefix = last
			.toUpperCase()
			.replace(/[^A-Z]/g, '')
			.slice(0, 2)
			.padEnd(2, 'X');
		const n = (this.chartCounters.get(prefix) ?? 0) + 1;
		this.chartCounters.set(prefix, n);
		return `${prefix}${String(n).padStart(4, '0')}`;
	}

	/** Three years of hygiene visits, the treatment found at them, and the patient's recall. */
	private writeChart(chart: Chart): void {
		const rng = this.rng;
		const { patient } = chart;
		const interval = chart.perio ? 122 : 183;
		const current = patient.PatStatus === 'Patient' && !rng.chance(LAPSED_INTENT);
		// Lapsed and inactive patients stopped coming at some point before the 18-month line.
		const end = current ? 0 : patient.PatStatus === 'Patient' ? -rng.int(600, 1000) : -rng.int(400, 1000);
		let day = rng.chance(0.75) ? -HISTORY_DAYS + rng.int(0, interval) : rng.int(-HISTORY_DAYS, -30);
		if (day >= end - 30) day = rng.int(-HISTORY_DAYS, end - 30);
		let lastVisit: number | null = null;
		let lastBitewings = -Infinity;
		let diagnoseFrom = -Infinity;
		let booked = false;
		while (day < end) {
			const visit = this.attend(chart, chart.setup.hygieneOps, day, 60, true);
			if (visit.apt.AptStatus === 'Scheduled') {
				this.hygieneProcedures(chart, visit, lastVisit ?? 0, lastVisit === null, false);
				booked = true;
				break;
			}
			const bitewings = chart.age >= 14 && visit.day - lastBitewings >= 330;
			if (bitewings) lastBitewings = visit.day;
			this.hygieneProcedures(chart, visit, visit.day, lastVisit === null, bitewings);
			lastVisit = visit.day;
			if (visit.day >= diagnoseFrom && rng.chance(DIAGNOSIS_RATE)) diagnoseFrom = this.presentPlan(chart, visit.day);
			day = visit.day + interval + lateness(rng);
		}
		if (current && !booked && rng.chance(PREBOOKED) && day <= 240) {
			const visit = this.attend(chart, chart.setup.hygieneOps, day, 60, true);
			this.hygieneProcedures(chart, visit, lastVisit ?? 0, lastVisit === null, false);
		}
		if (patient.PatStatus === 'Patient' && lastVisit !== null) {
			// Open Dental's default recall intervals: Prophy 6 months + 1 day, Perio 4 months.
			const due = chart.perio ? this.calendar.plusMonths(lastVisit, 4) : this.calendar.plusMonths(lastVisit, 6, 1);
			this.recalls.push({
				RecallNum: this.recalls.length + 1,
				PatNum: patient.PatNum,
				type: chart.perio ? 'Perio' : 'Prophy',
				DateDue: due,
				DatePrevious: this.calendar.iso(lastVisit),
				intervalMonths: chart.perio ? 4 : 6,
			});
		}
	}

	/**
	 * Books a visit from `fromDay` on; in the past the patient may not show (Broken), and then
	 * rebooks a week or three later until they come or the visit lands at or after today.
	 */
	private attend(chart: Chart, ops: readonly Operatory[], fromDay: number, minutes: number, hygiene: boolean): Visit {
		let from = fromDay;
		for (;;) {
			const booking = this.book.book(ops, from, minutes / SLOT_MINUTES, chart.busy);
			const status: AptStatus = booking.day >= 0 ? 'Scheduled' : this.rng.chance(this.noShow) ? 'Broken' : 'Complete';
			const apt: Appointment = {
				AptNum: this.appointments.length + 1,
				PatNum: chart.patient.PatNum,
				AptStatus: status,
				AptDateTime: booking.dateTime,
				lengthMinutes: minutes,
				ProvNum: hygiene ? booking.op.ProvHygienist : booking.op.ProvDentist,
				Op: booking.op.OperatoryNum,
				ClinicNum: booking.op.ClinicNum,
				IsHygiene: hygiene,
			};
			this.appointments.push(apt);
			if (status !== 'Broken') return { apt, day: booking.day };
			from = booking.day + this.rng.int(7, 21);
		}
	}

	/** Exam and cleaning on a hygiene visit; on a future one they stay TP until the patient is seen. */
	private hygieneProcedures(
		chart: Chart,
		{ apt, day }: Visit,
		plannedOn: number,
		firstVisit: boolean,
		bitewings: boolean,
	): void {
		const dentist = chart.patient.PriProv;
		const cleaning: ProcCode = chart.perio ? 'D4910' : chart.age < 14 ? 'D1120' : 'D1110';
		const procs = [
			this.addProcedure(chart, { code: firstVisit ? 'D0150' : 'D0120' }, plannedOn, dentist),
			this.addProcedure(chart, { code: cleaning }, plannedOn, apt.ProvNum),
		];
		if (bitewings) procs.push(this.addProcedure(chart, { code: 'D0274' }, plannedOn, apt.ProvNum));
		for (const proc of procs) {
			proc.AptNum = apt.AptNum;
			proc.ProcDate = this.calendar.iso(day);
			if (apt.AptStatus === 'Complete') proc.ProcStatus = 'C';
		}
	}

	private addProcedure(chart: Chart, item: PlanItem, plannedOn: number, provNum: number): ProcedureLog {
		const proc: ProcedureLog = {
			ProcNum: this.procedures.length + 1,
			PatNum: chart.patient.PatNum,
			ProcCode: item.code,
			Descript: CDT[item.code].descript,
			ProcFee: this.fees.get(item.code) as number,
			ToothNum: item.tooth === undefined ? '' : String(item.tooth),
			Surf: item.surf ?? '',
			DateTP: this.calendar.iso(plannedOn),
			ProcDate: '',
			ProcStatus: 'TP',
			AptNum: 0,
			ProvNum: provNum,
			ClinicNum: chart.patient.ClinicNum,
		};
		this.procedures.push(proc);
		return proc;
	}

	/**
	 * Presents a treatment plan found at an exam on `day`. Accepted plans are booked phase by
	 * phase; the rest stay TP, some of them declined. Returns the first day the dentist may
	 * present a new plan: never while this one is still open.
	 */
	private presentPlan(chart: Chart, day: number): number {
		const rng = this.rng;
		const dentist = chart.patient.PriProv;
		const phases = this.planPhases(chart);
		const procs = phases.map((phase) => phase.items.map((item) => this.addProcedure(chart, item, day, dentist)));
		const plan: TreatPlan = {
			TreatPlanNum: this.treatPlans.length + 1,
			PatNum: chart.patient.PatNum,
			DateTP: this.calendar.iso(day),
			TPStatus: 'Active',
			procNums: procs.flat().map((p) => p.ProcNum),
		};
		this.treatPlans.push(plan);
		this.presented++;
		if (!rng.chance(ACCEPTANCE_RATE)) {
			if (!rng.chance(DECLINED_SHARE)) return Infinity;
			// Open Dental has no declined procedure status: the plan goes Inactive, the procedures stay TP.
			plan.TPStatus = 'Inactive';
			this.declined++;
			return day + 1;
		}
		this.accepted++;
		const chairs = chart.setup.chairs.get(dentist) as Operatory[];
		let from = day + rng.int(7, 42);
		for (let i = 0; i < phases.length; i++) {
			if (i > 0) from += rng.int(phases[i].after[0], phases[i].after[1]);
			const visit = this.attend(chart, chairs, from, phases[i].minutes, false);
			for (const proc of procs[i]) {
				proc.AptNum = visit.apt.AptNum;
				proc.ProcDate = this.calendar.iso(visit.day);
				if (visit.apt.AptStatus === 'Complete') proc.ProcStatus = 'C';
			}
			// Later phases get booked once this one is done, as a front desk does.
			if (visit.apt.AptStatus === 'Scheduled') return Infinity;
			from = visit.day;
		}
		plan.TPStatus = 'Saved';
		return from + 1;
	}

	/** A plan from a realistic restorative mix, split into the visits it takes. */
	private planPhases(chart: Chart): Phase[] {
		const rng = this.rng;
		const now: Phase['after'] = [0, 0];
		if (chart.age < 14) return [this.fillings(rng.int(1, 2), [3, 14, 19, 30])];
		const kind = rng.weighted<PlanKind>([
			['fillings', 34],
			['crown', 20],
			['endo', 8],
			['srp', chart.perio ? 30 : 0],
			['extraction', 6],
			['implant', 8],
			['bridge', 4],
			['veneers', chart.age < 65 ? 3 : 0],
			['whitening', chart.age < 65 ? 4 : 0],
			['denture', chart.age >= 55 ? 4 : 0],
		]);
		switch (kind) {
			case 'crown':
				return [{ items: this.crown(rng.pick(POSTERIORS)), minutes: 90, after: now }];
			case 'endo': {
				const tooth = rng.pick([...POSTERIORS, ...ANTERIORS]);
				const code: ProcCode = isIn(MOLARS, tooth) ? 'D3330' : isIn(PREMOLARS, tooth) ? 'D3320' : 'D3310';
				return [
					{ items: [{ code, tooth }], minutes: 90, after: now },
					{ items: this.crown(tooth), minutes: 90, after: [14, 28] },
				];
			}
			case 'srp': {
				const quadrant = (surf: string): PlanItem => ({ code: rng.chance(0.7) ? 'D4341' : 'D4342', surf });
				return [
					{ items: [quadrant('UR'), quadrant('LR')], minutes: 60, after: now },
					{ items: [quadrant('UL'), quadrant('LL')], minutes: 60, after: [7, 14] },
				];
			}
			case 'extraction':
				return [
					{
						items: [{ code: rng.chance(0.6) ? 'D7140' : 'D7210', tooth: rng.pick([1, 16, 17, 32, ...MOLARS]) }],
						minutes: 45,
						after: now,
					},
				];
			case 'implant': {
				const tooth = rng.pick([3, 4, 5, 12, 13, 14, 19, 20, 29, 30]);
				const restore: Phase = {
					items: [
						{ code: 'D6057', tooth },
						{ code: 'D6065', tooth },
					],
					minutes: 60,
					after: [90, 120],
				};
				if (!rng.chance(0.6)) return [{ items: [{ code: 'D6010', tooth }], minutes: 90, after: now }, restore];
				return [
					{
						items: [
							{ code: rng.chance(0.5) ? 'D7140' : 'D7210', tooth },
							{ code: 'D7953', tooth },
						],
						minutes: 60,
						after: now,
					},
					{ items: [{ code: 'D6010', tooth }], minutes: 90, after: [84, 112] },
					restore,
				];
			}
			case 'bridge': {
				const pontic = rng.pick([3, 4, 5, 12, 13, 14, 19, 20, 21, 28, 29, 30]);
				const items: PlanItem[] = [
					{ code: 'D6750', tooth: pontic - 1 },
					{ code: 'D6240', tooth: pontic },
					{ code: 'D6750', tooth: pontic + 1 },
				];
				return [{ items, minutes: 120, after: now }];
			}
			case 'veneers': {
				const count = rng.int(2, 6);
				const first = rng.int(6, 12 - count);
				return [
					{
						items: Array.from({ length: count }, (_, i) => ({ code: 'D2962', tooth: first + i })),
						minutes: 120,
						after: now,
					},
				];
			}
			case 'whitening':
				return [
					{
						items: (rng.chance(0.7) ? ['U', 'L'] : ['U']).map((surf) => ({ code: 'D9972', surf })),
						minutes: 60,
						after: now,
					},
				];
			case 'denture':
				return [{ items: [{ code: 'D5110', surf: 'U' }], minutes: 60, after: now }];
			default:
				return [
					this.fillings(
						rng.weighted([
							[1, 50],
							[2, 35],
							[3, 15],
						]),
						POSTERIORS,
					),
				];
		}
	}

	private crown(tooth: number): PlanItem[] {
		const crown: PlanItem = { code: this.rng.chance(0.65) ? 'D2740' : 'D2750', tooth };
		return this.rng.chance(0.7) ? [{ code: 'D2950', tooth }, crown] : [crown];
	}

	private fillings(count: number, teeth: readonly number[]): Phase {
		const rng = this.rng;
		const items: PlanItem[] = [];
		// One filling per tooth: two identical lines would read as a duplicated export row.
		const filled = new Set<number>();
		while (items.length < count) {
			const tooth = rng.pick(teeth);
			if (filled.has(tooth)) continue;
			filled.add(tooth);
			const surfaces = rng.weighted([
				[1, 30],
				[2, 35],
				[3, 25],
				[4, 10],
			]);
			const code = (rng.chance(0.8) ? COMPOSITES : AMALGAMS)[surfaces - 1];
			items.push({ code, tooth, surf: rng.pick(SURFACES[surfaces - 1]) });
		}
		return { items, minutes: count > 2 ? 90 : 60, after: [0, 0] };
	}

	private measure(practice: PracticeRows): PracticeTruth {
		const today = this.options.today;
		const todayStart = `${today} 00:00:00`;
		let past = 0;
		let broken = 0;
		let scheduled = 0;
		const lastComplete = new Map<number, string>();
		const booked = new Set<number>();
		for (const apt of practice.appointments) {
			if (apt.AptDateTime < todayStart) {
				past++;
				if (apt.AptStatus === 'Broken') broken++;
			} else if (apt.AptStatus === 'Scheduled') {
				scheduled++;
				booked.add(apt.PatNum);
			}
			if (apt.AptStatus === 'Complete' && apt.AptDateTime > (lastComplete.get(apt.PatNum) ?? '')) {
				lastComplete.set(apt.PatNum, apt.AptDateTime);
			}
		}
		const lapseLine = this.calendar.plusMonths(0, -LAPSED_MONTHS);
		const active = practice.patients.filter((p) => p.PatStatus === 'Patient');
		const lapsed = active
			.filter((p) => {
				const last = lastComplete.get(p.PatNum);
				return last !== undefined && last < lapseLine && !booked.has(p.PatNum);
			})
			.map((p) => p.PatNum);
		const unscheduled = findUnscheduledTreatment(practice);
		return {
			stage: this.options.stage,
			noShowTarget: this.noShow,
			noShowRate: round(broken / Math.max(1, past), 4),
			pastAppointments: past,
			brokenAppointments: broken,
			scheduledAppointments: scheduled,
			presentedPlans: this.presented,
			acceptedPlans: this.accepted,
			declinedPlans: this.declined,
			acceptanceRate: round(this.accepted / Math.max(1, this.presented), 4),
			activePatients: active.length,
			lapsedPatNums: lapsed,
			lapsedShare: round(lapsed.length / Math.max(1, active.length), 4),
			overdueRecallPatNums: practice.recalls.filter((r) => r.DateDue < today).map((r) => r.PatNum),
			unscheduledPatNums: unscheduled.map((u) => u.patient.PatNum),
			unscheduledProcedures: unscheduled.reduce((n, u) => n + u.procedures.length, 0),
			unscheduledFee: round(
				unscheduled.reduce((sum, u) => sum + u.fee, 0),
				2,
			),
		};
	}
}

/** Fillings by number of surfaces: one, two, three, four or more. */
const COMPOSITES: readonly ProcCode[] = ['D2391', 'D2392', 'D2393', 'D2394'];
const AMALGAMS: readonly ProcCode[] = ['D2140', 'D2150', 'D2160', 'D2161'];
const SURFACES: readonly (readonly string[])[] = [
	['O', 'M', 'D', 'B', 'L'],
	['MO', 'DO', 'OB', 'OL'],
	['MOD', 'MOB', 'DOB', 'MOL', 'DOL'],
	['MODB', 'MODL', 'MODBL'],
];

/** "01XX": the 555 numbers reserved for fiction, so no real phone ever gets a demo text. */
function lineNumber(rng: Random): string {
	return `01${String(rng.int(0, 99)).padStart(2, '0')}`;
}

/** Days a patient comes after their recall is due: mostly on time, some months late. */
function lateness(rng: Random): number {
	return rng.weighted<() => number>([
		[() => rng.int(0, 21), 70],
		[() => rng.int(22, 90), 20],
		[() => rng.int(91, 200), 10],
	])();
}

function isIn(teeth: readonly number[], tooth: number): boolean {
	return teeth.includes(tooth);
}

function round(value: number, decimals: number): number {
	const f = 10 ** decimals;
	return Math.round(value * f) / f;
}
