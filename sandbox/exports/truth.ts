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
	/** E.164, e.g. +13125550134; null when the export has none or an invalid one. */
	mobile: string | null;
	/** Only for exports with a home phone column (Dentrix): E.164 or null. */
	homePhone?: string | null;
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
	field: 'row';
	reasonCode: 'summary_row';
}

/** An invalid contact value: the patient stays, without it, and the warning names every line. */
export interface ExpectedWarning {
	row: number;
	rows: number[];
	field: 'mobile' | 'homePhone' | 'email';
	reasonCode: 'contact_dropped';
	patientId: string;
}

export interface ExportTruth {
	/** Lines after the header that hold a record, summary lines included. */
	dataRows: number;
	cases: ExpectedCase[];
	rejected: ExpectedRejection[];
	warnings: ExpectedWarning[];
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
	private readonly warnings: ExpectedWarning[] = [];

	/** `homePhone`: the export has a home phone column. */
	constructor(private readonly homePhone = false) {}

	/** One patient's lines: always a case; each invalid contact value is left out with one warning naming every line. */
	patient(entry: UnscheduledPatient, patientId: string, lines: number[]): void {
		const { patient, procedures } = entry;
		const mobile = checkMobile(patient.WirelessPhone);
		const home = this.homePhone ? checkMobile(patient.HmPhone) : null;
		const email = checkEmail(patient.Email);
		const checked: Array<[ExpectedWarning['field'], Checked | null]> = [
			['mobile', mobile],
			['homePhone', home],
			['email', email],
		];
		for (const [field, result] of checked) {
			if (result && !result.ok)
				this.warnings.push({ row: lines[0], rows: lines, field, reasonCode: 'contact_dropped', patientId });
		}
		this.cases.push({
			patientId,
			firstName: untypeCaps(patient.FName),
			lastName: untypeCaps(patient.LName),
			mobile: mobile.ok ? mobile.value : null,
			...(home && { homePhone: home.ok ? home.value : null }),
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
		return { dataRows, cases: this.cases, rejected: this.rejected, warnings: this.warnings };
	}
}
