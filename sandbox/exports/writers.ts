/**
 * The unscheduled-treatment reports practices really export, written from a synthetic practice:
 * Dentrix Treatment Manager (CSV with a report preamble and a Total line), Eaglesoft planned
 * services (CSV) and Open Dental's Treatment Finder (tab-separated with a BOM). One line per
 * procedure, a patient's lines together, each file with the truth a parser must read from it.
 */
import { DateTime } from 'luxon';
import { Random } from '../practice/random';
import type { Practice } from '../practice/types';
import { findUnscheduledTreatment } from '../practice/unscheduled';
import { TruthBook, type ExportTruth } from './truth';

export interface ExportFile {
	text: string;
	truth: ExportTruth;
}

export const DENTRIX_HEADER = [
	'Patient',
	'Chart #',
	'Home Phone',
	'Mobile Phone',
	'Email',
	'Prov',
	'Status',
	'Date',
	'Code',
	'Description',
	'Tooth',
	'Surf',
	'Fee',
	'Ins Est',
	'Pat Est',
	'Last Visit',
	'Next Appt',
] as const;
export const EAGLESOFT_HEADER = [
	'Patient ID',
	'Last Name',
	'First Name',
	'Cell Phone',
	'E-Mail',
	'Provider ID',
	'Date Planned',
	'Service Code',
	'Description',
	'Tooth',
	'Surface',
	'Fee',
	'Status',
	'Next Appointment',
] as const;
export const OPEN_DENTAL_HEADER = [
	'PatNum',
	'LName',
	'FName',
	'WirelessPhone',
	'Email',
	'ClinicAbbr',
	'ProvAbbr',
	'DateTP',
	'ProcCode',
	'Descript',
	'ToothNum',
	'Surf',
	'ProcFee',
	'ProcStatus',
] as const;

/** Dentrix case statuses a treatment coordinator leaves on open plans. */
const DENTRIX_STATUSES: readonly (readonly [string, number])[] = [
	['Proposed', 45],
	['Follow-up Made', 20],
	['Accepted', 15],
	['Pre-Auth', 10],
	['Preferred', 10],
];
/** Share of the fee insurance is expected to pay, per patient. */
const COVERAGE: readonly (readonly [number, number])[] = [
	[0.5, 55],
	[0, 15],
	[0.4, 10],
	[0.6, 10],
	[0.8, 10],
];

/** Records one per line, numbered as a spreadsheet numbers them. No generated value holds a line break. */
class Lines {
	private readonly lines: string[] = [];

	constructor(
		private readonly delimiter: ',' | '\t',
		private readonly eol: '\r\n' | '\n',
	) {}

	/** Adds a line as it is; returns its 1-based number. */
	raw(line: string): number {
		return this.lines.push(line);
	}

	/** Adds a record, quoting fields RFC 4180 style when needed or when `quoted` says so. */
	record(fields: readonly string[], quoted?: ReadonlySet<number>): number {
		return this.raw(
			fields
				.map((f, i) => (quoted?.has(i) || this.needsQuotes(f) ? `"${f.replace(/"/g, '""')}"` : f))
				.join(this.delimiter),
		);
	}

	get count(): number {
		return this.lines.length;
	}

	text(): string {
		return this.lines.join(this.eol) + this.eol;
	}

	private needsQuotes(field: string): boolean {
		return field.includes(this.delimiter) || field.includes('"') || field.includes('\n') || field.includes('\r');
	}
}

/** Date formats cached per day: exports repeat the same dates on many lines. */
class Dates {
	private readonly cache = new Map<string, string>();

	constructor(private readonly format: string) {}

	of(iso: string): string {
		let text = this.cache.get(iso);
		if (text === undefined) {
			text = DateTime.fromISO(iso, { zone: 'utc' }).toFormat(this.format);
			this.cache.set(iso, text);
		}
		return text;
	}
}

function plain(amount: number): string {
	return amount.toFixed(2);
}

function dollars(amount: number): string {
	const [whole, cents] = amount.toFixed(2).split('.');
	return `$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}

export function dentrixTreatmentManager(practice: Practice): ExportFile {
	const { today, seed } = practice.options;
	// Statuses and insurance estimates are made up here, from the seed, so the file is still a pure function.
	const rng = new Random(seed);
	const providers = new Map(practice.providers.map((p) => [p.ProvNum, p.Abbr]));
	const mdy = new Dates('MM/dd/yyyy');
	const lastVisit = new Map<number, string>();
	const todayStart = `${today} 00:00:00`;
	for (const apt of practice.appointments) {
		if (apt.AptStatus !== 'Complete' || apt.AptDateTime >= todayStart) continue;
		const date = apt.AptDateTime.slice(0, 10);
		if (date > (lastVisit.get(apt.PatNum) ?? '')) lastVisit.set(apt.PatNum, date);
	}
	const out = new Lines(',', '\r\n');
	out.raw('Treatment Manager Report');
	const printed = DateTime.fromISO(today, { zone: 'utc' }).set({ hour: 8 });
	out.raw(`Printed: ${printed.toFormat('MM/dd/yyyy h:mm a', { locale: 'en-US' })}`);
	out.raw('');
	const header = out.record(DENTRIX_HEADER);
	// Money is always quoted; the "Last, First" name gets quotes from its comma.
	const quoted = new Set([12, 13, 14]);
	const book = new TruthBook(true);
	let totalCents = 0;
	for (const entry of findUnscheduledTreatment(practice)) {
		const { patient } = entry;
		const status = rng.weighted(DENTRIX_STATUSES);
		const coverage = rng.weighted(COVERAGE);
		const visited = lastVisit.get(patient.PatNum);
		const lines = entry.procedures.map((proc) => {
			const feeCents = Math.round(proc.ProcFee * 100);
			const insCents = Math.round(feeCents * coverage);
			totalCents += feeCents;
			return out.record(
				[
					`${patient.LName}, ${patient.FName}`,
					patient.chartNumber,
					patient.HmPhone,
					patient.WirelessPhone,
					patient.Email,
					providers.get(proc.ProvNum) ?? '',
					status,
					mdy.of(proc.DateTP),
					proc.ProcCode,
					proc.Descript,
					proc.ToothNum,
					proc.Surf,
					dollars(feeCents / 100),
					dollars(insCents / 100),
					dollars((feeCents - insCents) / 100),
					visited ? mdy.of(visited) : '',
					'',
				],
				quoted,
			);
		});
		book.patient(entry, patient.chartNumber, lines);
	}
	const total = out.record(
		['Total', ...Array<string>(11).fill(''), dollars(totalCents / 100), '', '', '', ''],
		new Set([12]),
	);
	book.summary(total);
	return { text: out.text(), truth: book.done(out.count - header) };
}

export function eaglesoftPlannedServices(practice: Practice): ExportFile {
	const providers = new Map(practice.providers.map((p) => [p.ProvNum, p.Abbr]));
	const planned = new Dates('M/d/yy');
	const out = new Lines(',', '\r\n');
	const header = out.record(EAGLESOFT_HEADER);
	const book = new TruthBook();
	for (const entry of findUnscheduledTreatment(practice)) {
		const { patient } = entry;
		const id = String(patient.PatNum);
		const lines = entry.procedures.map((proc) =>
			out.record([
				id,
				patient.LName,
				patient.FName,
				patient.WirelessPhone,
				patient.Email,
				providers.get(proc.ProvNum) ?? '',
				planned.of(proc.DateTP),
				proc.ProcCode,
				proc.Descript,
				proc.ToothNum,
				proc.Surf,
				plain(proc.ProcFee),
				'Planned',
				'',
			]),
		);
		book.patient(entry, id, lines);
	}
	return { text: out.text(), truth: book.done(out.count - header) };
}

export function openDentalTreatmentFinder(practice: Practice): ExportFile {
	const providers = new Map(practice.providers.map((p) => [p.ProvNum, p.Abbr]));
	const clinics = new Map(practice.clinics.map((c) => [c.ClinicNum, c.Abbr]));
	const out = new Lines('\t', '\n');
	// Open Dental writes UTF-8 with a BOM: it sits at the start of the header line.
	const header = out.raw(`\uFEFF${OPEN_DENTAL_HEADER.join('\t')}`);
	const book = new TruthBook();
	for (const entry of findUnscheduledTreatment(practice)) {
		const { patient } = entry;
		const id = String(patient.PatNum);
		const lines = entry.procedures.map((proc) =>
			out.record([
				id,
				patient.LName,
				patient.FName,
				patient.WirelessPhone,
				patient.Email,
				clinics.get(proc.ClinicNum) ?? '',
				providers.get(proc.ProvNum) ?? '',
				proc.DateTP,
				proc.ProcCode,
				proc.Descript,
				proc.ToothNum,
				proc.Surf,
				plain(proc.ProcFee),
				proc.ProcStatus,
			]),
		);
		book.patient(entry, id, lines);
	}
	return { text: out.text(), truth: book.done(out.count - header) };
}
