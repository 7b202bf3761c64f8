/**
 * What a correct export parser must read from each generated file. Worked out from the
 * generated values with rules of its own, never with the parser's libraries (libphonenumber),
 * so a bug shared by both cannot hide.
 */
import type { UnscheduledPatient } from '../practice/unscheduled';

export interface ExpectedCase {
	/** As the export writes it: chart number for Dentrix, PatNum otherwise. */
	patientId: string;
	firstName: string;
	lastName: string;
	/** E.164, e.g. +13125550134. */
	mobile: string | null;
	/** Lower-case. */
	email: string | null;
	/** Sorted. */
	procedureCodes: string[];
	totalFee: number;
	/** Earliest DateTP, yyyy-MM-dd. */
	presentedAt: string;
	/** 1-based line numbers of the patient's procedures in the file. */
	procedureLines: number[];
}

export interface ExpectedRejection {
	/** 1-based line of the file. */
	row: number;
	field: 'mobile' | 'email' | 'row';
	reasonCode: 'invalid_value' | 'summary_row';
}

export interface ExportTruth {
	/** Lines after the header that hold a record, summary lines included. */
	dataRows: number;
	cases: ExpectedCase[];
	rejected: ExpectedRejection[];
}

type Checked = { ok: true; value: string | null } | { ok: false };

/** A US number as typed to E.164 by the NANP rule (area code and exchange start 2-9). */
export function checkMobile(typed: string): Checked {
	const text = typed.trim();
	if (!text) return { ok: true, value: null };
	if (/[a-z]/i.test(text)) return { ok: false };
	let digits = text.replace(/\D/g, '');
	if (digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
	return /^[2-9]\d{2}[2-9]\d{6}$/.test(digits) ? { ok: true, value: `+1${digits}` } : { ok: false };
}

/** The generator writes valid addresses only at the example.* domains; anything else it typed is a mistake. */
export function checkEmail(typed: string): Checked {
	const email = typed.trim().toLowerCase();
	if (!email) return { ok: true, value: null };
	return /^[a-z0-9._+-]+@example\.(com|org|net)$/.test(email) ? { ok: true, value: email } : { ok: false };
}

/** "O'BRIEN" -> "O'Brien": parsers title-case names typed in capitals; other names stay as typed. */
export function untypeCaps(name: string): string {
	if (name !== name.toUpperCase() || !/[A-Z]/.test(name)) return name;
	return name.toLowerCase().replace(/(^|[\s'-])([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase());
}

/** Collects the truth while a writer emits one patient's lines after another. */
export class TruthBook {
	private readonly cases: ExpectedCase[] = [];
	private readonly rejected: ExpectedRejection[] = [];

	/** One patient's lines: a case, or every line rejected for the first bad contact field. */
	patient(entry: UnscheduledPatient, patientId: string, lines: number[]): void {
		const { patient, procedures } = entry;
		const mobile = checkMobile(patient.WirelessPhone);
		const email = checkEmail(patient.Email);
		const bad = !mobile.ok ? 'mobile' : !email.ok ? 'email' : null;
		if (bad) {
			for (const row of lines) this.rejected.push({ row, field: bad, reasonCode: 'invalid_value' });
			return;
		}
		this.cases.push({
			patientId,
			firstName: untypeCaps(patient.FName),
			lastName: untypeCaps(patient.LName),
			mobile: mobile.ok ? mobile.value : null,
			email: email.ok ? email.value : null,
			procedureCodes: procedures.map((p) => p.ProcCode).sort(),
			totalFee: entry.fee,
			presentedAt: procedures.reduce((min, p) => (p.DateTP < min ? p.DateTP : min), procedures[0].DateTP),
			procedureLines: lines,
		});
	}

	summary(row: number): void {
		this.rejected.push({ row, field: 'row', reasonCode: 'summary_row' });
	}

	done(dataRows: number): ExportTruth {
		return { dataRows, cases: this.cases, rejected: this.rejected };
	}
}
