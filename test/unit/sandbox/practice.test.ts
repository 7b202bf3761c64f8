import { DateTime } from 'luxon';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { CDT, type ProcCode } from '../../../sandbox/practice/cdt';
import { generatePractice } from '../../../sandbox/practice/generate';
import type { Appointment, Practice, PracticeOptions, Stage } from '../../../sandbox/practice/types';
import { findUnscheduledTreatment } from '../../../sandbox/practice/unscheduled';
import { checkMobile } from '../../../sandbox/exports/truth';

const TODAY = '2026-11-23';
/** seeds/maturity-stages-benchmark.txt and seeds/treatment-plan-follow-up.txt */
const NO_SHOW_BY_STAGE: Record<Stage, number> = { 1: 0.18, 2: 0.12, 3: 0.09, 4: 0.06, 5: 0.04 };
const ACCEPTANCE_RATE = 0.61;
const base: PracticeOptions = { seed: 42, patients: 3_000, stage: 3, today: TODAY };

function digits(text: string): string {
	return text.replace(/\D/g, '');
}

function minutesOf(apt: Appointment): number {
	const [h, m] = apt.AptDateTime.slice(11, 16).split(':').map(Number);
	return h * 60 + m;
}

describe('generatePractice', () => {
	let practice: Practice;
	beforeAll(() => {
		practice = generatePractice(base);
	});

	it('is a pure function of its options', () => {
		const again = generatePractice(base);
		expect(JSON.stringify(again)).toBe(JSON.stringify(practice));
		const other = generatePractice({ ...base, seed: 43 });
		expect(other.patients.map((p) => p.LName)).not.toEqual(practice.patients.map((p) => p.LName));
		const later = generatePractice({ ...base, today: '2026-12-01' });
		expect(later.appointments[0].AptDateTime).not.toBe(practice.appointments[0].AptDateTime);
	});

	it('refuses options outside the documented ranges', () => {
		expect(() => generatePractice({ ...base, patients: 49 })).toThrow(RangeError);
		expect(() => generatePractice({ ...base, patients: 50_001 })).toThrow(RangeError);
		expect(() => generatePractice({ ...base, patients: 100.5 })).toThrow(RangeError);
		expect(() => generatePractice({ ...base, stage: 6 as Stage })).toThrow(RangeError);
		expect(() => generatePractice({ ...base, seed: 1.5 })).toThrow(RangeError);
		expect(() => generatePractice({ ...base, today: '2026-02-30' })).toThrow(RangeError);
		expect(() => generatePractice({ ...base, today: '11/23/2026' })).toThrow(RangeError);
	});

	it('generates the smallest practice: one clinic, one dentist, one hygienist', () => {
		const small = generatePractice({ ...base, patients: 50 });
		expect(small.patients).toHaveLength(50);
		expect(small.clinics).toHaveLength(1);
		expect(small.providers.filter((p) => !p.IsHygienist)).toHaveLength(1);
		expect(small.providers.filter((p) => p.IsHygienist)).toHaveLength(1);
		expect(small.operatories.filter((o) => o.IsHygiene)).toHaveLength(1);
		expect(small.appointments.length).toBeGreaterThan(100);
		expect(small.recalls.length).toBeGreaterThan(30);
	});

	it('scales clinics, dentists and hygienists with the patient count', () => {
		const two = generatePractice({ ...base, patients: 5_000 });
		expect(two.clinics).toHaveLength(2);
		const dentists = two.providers.filter((p) => !p.IsHygienist).length;
		expect(dentists).toBeGreaterThanOrEqual(4);
		expect(dentists).toBeLessThanOrEqual(5);
		for (const clinic of two.clinics) {
			const ops = two.operatories.filter((o) => o.ClinicNum === clinic.ClinicNum);
			expect(ops.some((o) => o.IsHygiene)).toBe(true);
			expect(ops.some((o) => !o.IsHygiene)).toBe(true);
			expect([
				'America/New_York',
				'America/Chicago',
				'America/Denver',
				'America/Phoenix',
				'America/Los_Angeles',
			]).toContain(clinic.timezone);
		}
		expect(new Set(two.providers.map((p) => p.Abbr)).size).toBe(two.providers.length);
	});

	// How fast: bench/practice.bench.ts (npm run bench), not a test.
	it('generates 50,000 patients', () => {
		const big = generatePractice({ ...base, patients: 50_000, stage: 4 });
		expect(big.patients).toHaveLength(50_000);
		expect(big.clinics).toHaveLength(6);
		expect(new Set(big.patients.map((p) => p.chartNumber)).size).toBe(50_000);
		const dentists = big.providers.filter((p) => !p.IsHygienist).length;
		expect(dentists).toBeGreaterThanOrEqual(38);
		expect(dentists).toBeLessThanOrEqual(46);
		expect(Math.abs(big.truth.noShowRate - NO_SHOW_BY_STAGE[4])).toBeLessThan(0.005);
	}, 60_000);

	it.each([1, 2, 3, 4, 5] as Stage[])('measures the benchmark no-show rate at stage %i', (stage) => {
		const p = generatePractice({ ...base, stage });
		const past = p.appointments.filter((a) => a.AptDateTime < `${TODAY} 00:00:00`);
		const broken = past.filter((a) => a.AptStatus === 'Broken').length;
		expect(p.truth.noShowTarget).toBe(NO_SHOW_BY_STAGE[stage]);
		expect(p.truth.pastAppointments).toBe(past.length);
		expect(p.truth.noShowRate).toBeCloseTo(broken / past.length, 4);
		expect(Math.abs(p.truth.noShowRate - NO_SHOW_BY_STAGE[stage])).toBeLessThan(0.015);
	});

	it('accepts about 61% of presented plans and records it in the rows', () => {
		const { truth, treatPlans, procedures } = practice;
		expect(treatPlans).toHaveLength(truth.presentedPlans);
		expect(Math.abs(truth.acceptanceRate - ACCEPTANCE_RATE)).toBeLessThan(0.04);
		// An accepted plan is the one whose first visit got booked.
		const byNum = new Map(procedures.map((p) => [p.ProcNum, p]));
		const accepted = treatPlans.filter((t) => t.procNums.some((n) => (byNum.get(n)?.AptNum ?? 0) > 0));
		expect(accepted).toHaveLength(truth.acceptedPlans);
		const declined = treatPlans.filter((t) => t.TPStatus === 'Inactive');
		expect(declined).toHaveLength(truth.declinedPlans);
		for (const plan of declined) {
			for (const n of plan.procNums) expect(byNum.get(n)?.ProcStatus).toBe('TP');
		}
		for (const plan of treatPlans.filter((t) => t.TPStatus === 'Saved')) {
			for (const n of plan.procNums) expect(byNum.get(n)?.ProcStatus).toBe('C');
		}
		const active = new Map<number, number>();
		for (const plan of treatPlans.filter((t) => t.TPStatus === 'Active'))
			active.set(plan.PatNum, (active.get(plan.PatNum) ?? 0) + 1);
		expect(Math.max(...active.values())).toBe(1);
	});

	it('has 15-25% lapsed patients, exactly those past 18 months with nothing booked', () => {
		const { truth, patients, appointments } = practice;
		expect(truth.lapsedShare).toBeGreaterThanOrEqual(0.15);
		expect(truth.lapsedShare).toBeLessThanOrEqual(0.25);
		const line = DateTime.fromISO(TODAY).minus({ months: 18 }).toISODate() as string;
		const last = new Map<number, string>();
		const booked = new Set<number>();
		for (const a of appointments) {
			if (a.AptStatus === 'Complete' && a.AptDateTime.slice(0, 10) > (last.get(a.PatNum) ?? ''))
				last.set(a.PatNum, a.AptDateTime.slice(0, 10));
			if (a.AptStatus === 'Scheduled' && a.AptDateTime.slice(0, 10) >= TODAY) booked.add(a.PatNum);
		}
		const expected = patients
			.filter((p) => p.PatStatus === 'Patient' && (last.get(p.PatNum) ?? '9999') < line && !booked.has(p.PatNum))
			.map((p) => p.PatNum);
		expect(truth.lapsedPatNums).toEqual(expected);
		expect(truth.activePatients).toBe(patients.filter((p) => p.PatStatus === 'Patient').length);
		expect(patients.some((p) => p.PatStatus === 'Inactive')).toBe(true);
		expect(patients.some((p) => p.PatStatus === 'Archived')).toBe(true);
	});

	it('never double-books an operatory, and keeps to business hours and the right status', () => {
		const ops = new Map(practice.operatories.map((o) => [o.OperatoryNum, o]));
		const byOpDay = new Map<string, Appointment[]>();
		const problems: string[] = [];
		for (const a of practice.appointments) {
			const op = ops.get(a.Op);
			if (op?.ClinicNum !== a.ClinicNum || op.IsHygiene !== a.IsHygiene) problems.push(`${a.AptNum}: wrong operatory`);
			const key = `${a.Op} ${a.AptDateTime.slice(0, 10)}`;
			byOpDay.set(key, [...(byOpDay.get(key) ?? []), a]);
			const start = minutesOf(a);
			const end = start + a.lengthMinutes;
			if (start < 8 * 60 || end > 17 * 60 || (end > 12 * 60 && start < 13 * 60))
				problems.push(`${a.AptNum}: outside hours`);
			if (DateTime.fromISO(a.AptDateTime.slice(0, 10)).weekday > 5) problems.push(`${a.AptNum}: on a weekend`);
			const past = a.AptDateTime < `${TODAY} 00:00:00`;
			if (!(past ? ['Complete', 'Broken'] : ['Scheduled']).includes(a.AptStatus))
				problems.push(`${a.AptNum}: ${a.AptStatus}`);
		}
		for (const day of byOpDay.values()) {
			day.sort((x, y) => minutesOf(x) - minutesOf(y));
			for (let i = 1; i < day.length; i++) {
				if (minutesOf(day[i]) < minutesOf(day[i - 1]) + day[i - 1].lengthMinutes) {
					problems.push(`${day[i - 1].AptNum} and ${day[i].AptNum} overlap in op ${day[i].Op}`);
				}
			}
		}
		expect(problems).toEqual([]);
		expect(byOpDay.size).toBeGreaterThan(1_000);
		expect(practice.appointments.some((a) => a.AptStatus === 'Scheduled' && !a.IsHygiene)).toBe(true);
	});

	it('types mobiles in mixed formats, only in the fictional 555-01XX range', () => {
		const { patients } = practice;
		const formats = new Set<string>();
		let empty = 0;
		let invalid = 0;
		for (const p of patients) {
			for (const phone of [p.WirelessPhone, p.HmPhone]) {
				// Every run of 7+ digits typed anywhere is a 555-01XX number, with or without area code.
				if (digits(phone).length >= 7) expect(digits(phone)).toMatch(/^(1?[2-9]\d\d)?55501(\d\d)?$/);
			}
			if (!p.WirelessPhone) empty++;
			else if (!checkMobile(p.WirelessPhone).ok) invalid++;
			else formats.add(p.WirelessPhone.replace(/\d/g, '9'));
		}
		expect(formats.size).toBeGreaterThanOrEqual(5);
		expect(empty / patients.length).toBeGreaterThan(0.03);
		expect(empty / patients.length).toBeLessThan(0.07);
		expect(invalid / patients.length).toBeGreaterThan(0.01);
		expect(invalid / patients.length).toBeLessThan(0.03);
	});

	it('agrees with libphonenumber on which typed mobiles are valid', () => {
		for (const p of practice.patients) {
			if (!p.WirelessPhone) continue;
			const parsed = parsePhoneNumberFromString(p.WirelessPhone, 'US');
			const ours = checkMobile(p.WirelessPhone);
			expect(ours.ok ? ours.value : null).toBe(parsed?.isValid() ? parsed.number : null);
		}
	});

	it('writes emails only at example.com/.org/.net, some missing and a few mistyped', () => {
		const { patients } = practice;
		const missing = patients.filter((p) => !p.Email).length / patients.length;
		const mistyped =
			patients.filter((p) => p.Email && !/^[^\s@]+@example\.(com|org|net)$/i.test(p.Email)).length / patients.length;
		expect(missing).toBeGreaterThan(0.09);
		expect(missing).toBeLessThan(0.15);
		expect(mistyped).toBeGreaterThan(0.003);
		expect(mistyped).toBeLessThan(0.02);
		for (const p of patients) {
			if (p.Email.includes('@'))
				expect(['example.com', 'example.org', 'example.net', '']).toContain(p.Email.split('@').pop()?.toLowerCase());
		}
	});

	it('names patients realistically: shouting, apostrophes, hyphens; unique chart numbers', () => {
		const { patients } = practice;
		const caps = patients.filter((p) => p.LName === p.LName.toUpperCase() && p.FName === p.FName.toUpperCase()).length;
		expect(caps / patients.length).toBeGreaterThan(0.015);
		expect(caps / patients.length).toBeLessThan(0.05);
		expect(patients.some((p) => p.LName.includes("'"))).toBe(true);
		expect(patients.some((p) => p.LName.includes('-'))).toBe(true);
		expect(new Set(patients.map((p) => p.chartNumber)).size).toBe(patients.length);
		const wrong = patients.filter(
			(p) =>
				!/^[A-Z]{2}\d{4}$/.test(p.chartNumber) ||
				p.chartNumber.slice(0, 2) !==
					p.LName.toUpperCase()
						.replace(/[^A-Z]/g, '')
						.slice(0, 2) ||
				p.Birthdate >= TODAY,
		);
		expect(wrong).toEqual([]);
		const consent = new Set(patients.map((p) => p.TxtMsgOk));
		expect(consent).toEqual(new Set(['Yes', 'No', 'Unknown']));
		expect(patients.some((p) => p.PreferContactMethod === 'DoNotCall')).toBe(true);
	});

	it('keeps recalls due from the last completed cleaning, some overdue', () => {
		const { recalls, appointments, patients, truth } = practice;
		const lastHygiene = new Map<number, string>();
		for (const a of appointments) {
			const date = a.AptDateTime.slice(0, 10);
			if (a.IsHygiene && a.AptStatus === 'Complete' && date > (lastHygiene.get(a.PatNum) ?? ''))
				lastHygiene.set(a.PatNum, date);
		}
		const active = new Set(patients.filter((p) => p.PatStatus === 'Patient').map((p) => p.PatNum));
		expect(recalls.length).toBeGreaterThan(active.size * 0.95);
		for (const r of recalls) {
			expect(active.has(r.PatNum)).toBe(true);
			expect(r.DatePrevious).toBe(lastHygiene.get(r.PatNum));
			const previous = DateTime.fromISO(r.DatePrevious);
			const due = r.type === 'Perio' ? previous.plus({ months: 4 }) : previous.plus({ months: 6, days: 1 });
			expect(r.DateDue).toBe(due.toISODate());
			expect(r.intervalMonths).toBe(r.type === 'Perio' ? 4 : 6);
		}
		expect(recalls.some((r) => r.type === 'Perio')).toBe(true);
		expect(truth.overdueRecallPatNums.length / recalls.length).toBeGreaterThan(0.15);
		expect(truth.overdueRecallPatNums).toEqual(recalls.filter((r) => r.DateDue < TODAY).map((r) => r.PatNum));
	});

	it('uses real CDT codes with plausible fees, teeth and surfaces', () => {
		const apts = new Map(practice.appointments.map((a) => [a.AptNum, a]));
		const codes = new Set<string>();
		const problems: string[] = [];
		for (const proc of practice.procedures) {
			codes.add(proc.ProcCode);
			const code = CDT[proc.ProcCode as ProcCode];
			if (code.descript !== proc.Descript) problems.push(`${proc.ProcNum}: description`);
			if (proc.ProcFee < code.fee[0] || proc.ProcFee > code.fee[1])
				problems.push(`${proc.ProcNum}: fee ${proc.ProcFee}`);
			if (proc.ToothNum && !(Number(proc.ToothNum) >= 1 && Number(proc.ToothNum) <= 32))
				problems.push(`${proc.ProcNum}: tooth`);
			if (/^D2(1[456]|39)/.test(proc.ProcCode) && !/^[MODBL]{1,5}$/.test(proc.Surf))
				problems.push(`${proc.ProcNum}: surface`);
			const apt = apts.get(proc.AptNum);
			if (
				proc.ProcStatus === 'C' &&
				(apt?.AptStatus !== 'Complete' || proc.ProcDate !== apt.AptDateTime.slice(0, 10))
			) {
				problems.push(`${proc.ProcNum}: completed off a completed visit`);
			}
			if (proc.ProcStatus === 'TP' && apt && apt.AptStatus !== 'Scheduled')
				problems.push(`${proc.ProcNum}: TP on a ${apt.AptStatus} visit`);
		}
		expect(problems).toEqual([]);
		for (const code of [
			'D0120',
			'D1110',
			'D1120',
			'D0274',
			'D4910',
			'D2740',
			'D2950',
			'D3330',
			'D4341',
			'D6010',
			'D6057',
			'D6065',
			'D6240',
			'D6750',
			'D7953',
		]) {
			expect(codes).toContain(code);
		}
	});

	it("reports Open Dental's Treatment Finder set as its truth", () => {
		const { truth, patients, procedures, appointments } = practice;
		const booked = new Set(
			appointments.filter((a) => a.AptStatus === 'Scheduled' && a.AptDateTime >= TODAY).map((a) => a.PatNum),
		);
		const active = new Set(patients.filter((p) => p.PatStatus === 'Patient').map((p) => p.PatNum));
		const open = procedures.filter((p) => p.ProcStatus === 'TP' && active.has(p.PatNum) && !booked.has(p.PatNum));
		expect(truth.unscheduledPatNums).toEqual([...new Set(open.map((p) => p.PatNum))].sort((a, b) => a - b));
		expect(truth.unscheduledProcedures).toBe(open.length);
		expect(truth.unscheduledFee).toBeCloseTo(
			open.reduce((s, p) => s + p.ProcFee, 0),
			2,
		);
		expect(truth.unscheduledPatNums.length / patients.length).toBeGreaterThan(0.04);
	});
});

describe('findUnscheduledTreatment', () => {
	const practice = generatePractice({ ...base, patients: 50 });
	const [a, b, c, d] = practice.patients;
	const tiny = {
		options: practice.options,
		patients: [
			{ ...a, PatNum: 1, PatStatus: 'Patient' as const },
			{ ...b, PatNum: 2, PatStatus: 'Patient' as const },
			{ ...c, PatNum: 3, PatStatus: 'Inactive' as const },
			{ ...d, PatNum: 4, PatStatus: 'Patient' as const },
		],
		procedures: [
			{
				...practice.procedures[0],
				ProcNum: 10,
				PatNum: 1,
				ProcStatus: 'TP' as const,
				DateTP: '2026-05-01',
				ProcFee: 100,
			},
			{
				...practice.procedures[0],
				ProcNum: 11,
				PatNum: 1,
				ProcStatus: 'TP' as const,
				DateTP: '2026-01-01',
				ProcFee: 200,
			},
			{
				...practice.procedures[0],
				ProcNum: 9,
				PatNum: 1,
				ProcStatus: 'TP' as const,
				DateTP: '2026-05-01',
				ProcFee: 50,
			},
			{ ...practice.procedures[0], ProcNum: 12, PatNum: 1, ProcStatus: 'C' as const, ProcFee: 999 },
			{ ...practice.procedures[0], ProcNum: 20, PatNum: 2, ProcStatus: 'TP' as const, ProcFee: 0 },
			{ ...practice.procedures[0], ProcNum: 30, PatNum: 3, ProcStatus: 'TP' as const, ProcFee: 500 },
			{ ...practice.procedures[0], ProcNum: 40, PatNum: 4, ProcStatus: 'TP' as const, ProcFee: 500 },
		],
		appointments: [
			{ ...practice.appointments[0], PatNum: 1, AptStatus: 'Scheduled' as const, AptDateTime: '2026-11-20 09:00:00' },
			{ ...practice.appointments[0], PatNum: 4, AptStatus: 'Scheduled' as const, AptDateTime: `${TODAY} 16:00:00` },
		],
	};

	it('keeps TP work of active patients with nothing booked from today and fees above zero', () => {
		const found = findUnscheduledTreatment(tiny);
		expect(found.map((f) => f.patient.PatNum)).toEqual([1]);
		expect(found[0].procedures.map((p) => p.ProcNum)).toEqual([11, 9, 10]);
		expect(found[0].fee).toBe(350);
	});
});
