import type { CaseStatus } from '../model/case';
import type { ProcedureRow } from '../model/case-book';
import { categoryOf } from '../model/category';
import type { DateReader } from '../normalize/date';
import { normalizeEmail } from '../normalize/email';
import { parseMoney, type DecimalSeparator } from '../normalize/money';
import { splitPatientName, tidyName } from '../normalize/name';
import type { PhoneNormalizer } from '../normalize/phone';
import type { ColumnIndex } from './header';
import type { ExportField } from './presets';
import { statusFromText } from './status';

export type RejectCode =
	'missing_value' | 'invalid_value' | 'duplicate' | 'summary_row' | 'column_count' | 'mis_decoded';

export interface FieldProblem {
	field: ExportField | 'row';
	code: RejectCode;
	reason: string;
}

/** A contact field that was unusable: the row is kept without it. */
export interface ContactProblem {
	field: 'mobile' | 'email' | 'homePhone';
	reason: string;
}

export type RowReading =
	{ ok: true; row: ProcedureRow; dropped: ContactProblem[] } | { ok: false; problems: FieldProblem[] };

export interface TidyName {
	firstName: string;
	lastName: string;
	/** Why the name cannot go into a message: it holds text lost to a wrong file encoding. */
	misDecoded: string | null;
}

/**
 * U+FFFD is what a decoder writes for bytes it could not read (a Latin-1 "é" read as UTF-8);
 * "Ã©" is a UTF-8 "é" read as Latin-1 or Windows-1252. Either way the name is no longer the
 * patient's: "Hi Jos\uFFFD" must not go out.
 */
const REPLACEMENT = '\uFFFD';
const DOUBLE_ENCODED =
	/[\u00C2\u00C3][\u0080-\u00BF\u2013\u2014\u2018-\u203A\u20AC\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC\u2122]/;

export function misDecoding(text: string): string | null {
	if (text.includes(REPLACEMENT))
		return 'holds the replacement character (U+FFFD): the file was read, or saved, with the wrong encoding (Windows-1252 / Latin-1 bytes read as UTF-8)';
	if (DOUBLE_ENCODED.test(text))
		return 'looks double-encoded (UTF-8 read as Windows-1252 / Latin-1, e.g. "Ã©" for "é")';
	return null;
}

/** Names as tidy parts, memoised: every procedure line repeats its patient's name. */
export class NameReader {
	private readonly cache = new Map<string, TidyName>();

	read(first: string, last: string, full: string): TidyName {
		const key = first || last ? `${first}\u0000${last}\u0000${full}` : full;
		let name = this.cache.get(key);
		if (!name) {
			let firstName = tidyName(first);
			let lastName = tidyName(last);
			if (full && (!firstName || !lastName)) {
				const split = splitPatientName(full);
				firstName ||= tidyName(split.firstName);
				lastName ||= tidyName(split.lastName);
			}
			name = { firstName, lastName, misDecoded: misDecoding(firstName) ?? misDecoding(lastName) };
			this.cache.set(key, name);
		}
		return name;
	}
}

export interface RowContext {
	names: NameReader;
	columns: ColumnIndex;
	headerLength: number;
	dates: DateReader;
	phones: PhoneNormalizer;
	decimal: DecimalSeparator;
	/** Today in the practice's zone (yyyy-MM-dd): a next appointment on or after it means "scheduled". */
	today: string;
	/** One copy of each repeated value (descriptions, codes, providers): memory follows cases, not lines. */
	intern: (text: string) => string;
}

/** A pool of strings an export repeats on thousands of lines; bounded, so a file of unique values cannot grow it without end. */
export function stringPool(limit = 20_000): (text: string) => string {
	const pool = new Map<string, string>();
	return (text) => {
		const known = pool.get(text);
		if (known !== undefined) return known;
		if (pool.size < limit) pool.set(text, text);
		return text;
	};
}

const SUMMARY =
	/^\s*(grand\s+)?(totals?|sub-?totals?|summary|count|report\s+(total|generated|printed)|page\s+\d+|\d+\s+(patients?|records?|procedures?|rows?)\b)/i;

function cell(record: string[], index: number | undefined): string {
	return index === undefined ? '' : (record[index] ?? '').trim();
}

/** Footer lines ("Total", "Grand Total: $12,345", "312 patients") that reports append after the data. */
export function isSummaryRow(record: string[], columns: ColumnIndex): boolean {
	const firstFilled = record.find((c) => c.trim() !== '') ?? '';
	if (SUMMARY.test(firstFilled)) return true;
	const id = cell(record, columns.patientId);
	const name = cell(record, columns.patientName) || cell(record, columns.firstName);
	return id === '' && name === '' && cell(record, columns.procedureCode) === '' && cell(record, columns.fee) !== '';
}

export function readRow(record: string[], line: number, ctx: RowContext): RowReading {
	const { columns } = ctx;
	const problems: FieldProblem[] = [];
	const missing = (field: ExportField, what: string) =>
		problems.push({ field, code: 'missing_value', reason: `${what} is empty` });
	const invalid = (field: ExportField, reason: string) => problems.push({ field, code: 'invalid_value', reason });

	const id = cell(record, columns.patientId);
	if (!id) missing('patientId', 'patient id');

	const name = ctx.names.read(
		cell(record, columns.firstName),
		cell(record, columns.lastName),
		cell(record, columns.patientName),
	);
	const { firstName, lastName } = name;
	const nameField: ExportField = columns.firstName !== undefined ? 'firstName' : 'patientName';
	if (!firstName) missing(nameField, 'first name');
	else if (name.misDecoded) problems.push({ field: nameField, code: 'mis_decoded', reason: `name ${name.misDecoded}` });

	const feeText = cell(record, columns.fee);
	const fee = parseMoney(feeText, ctx.decimal);
	if (!feeText) missing('fee', 'fee');
	else if (fee === null) invalid('fee', `fee "${feeText}" is not an amount`);

	// A bad mobile or email costs that channel, not the patient: the row stays, the value is dropped.
	const dropped: ContactProblem[] = [];
	const mobile = phone(cell(record, columns.mobile), ctx, 'mobile', dropped);
	const homePhone = phone(cell(record, columns.homePhone), ctx, 'homePhone', dropped);

	const emailText = cell(record, columns.email);
	const email = emailText ? normalizeEmail(emailText) : null;
	if (emailText && !email) dropped.push({ field: 'email', reason: 'email is not a valid address' });

	const plannedText = cell(record, columns.plannedDate);
	const planned = plannedText ? ctx.dates.read(plannedText) : null;
	if (plannedText && !planned) invalid('plannedDate', `planned date "${plannedText}" is not a date`);

	const nextText = cell(record, columns.nextAppointment);
	const next = nextText ? ctx.dates.read(nextText) : null;
	if (nextText && !next) invalid('nextAppointment', `next appointment "${nextText}" is not a date`);

	const statusText = cell(record, columns.status);
	let status: CaseStatus | null = statusFromText(statusText);
	if (status === null) invalid('status', `status "${statusText}" is not a treatment status this export uses`);

	if (problems.length) {
		// A row longer than the header with bad fields is almost always an unquoted delimiter inside a
		// name or description: every later column is shifted, so name that, not the symptoms.
		if (record.length > ctx.headerLength) {
			const reason = `row has ${record.length} columns but the header has ${ctx.headerLength} (an unquoted delimiter inside a value?)`;
			return {
				ok: false,
				problems: [{ field: 'row', code: 'column_count', reason }, ...problems, ...contactProblems(dropped)],
			};
		}
		return { ok: false, problems: [...problems, ...contactProblems(dropped)] };
	}

	if (status === 'unscheduled' && next && next.date >= ctx.today) status = 'scheduled';
	const { intern } = ctx;
	const code = intern(cell(record, columns.procedureCode).toUpperCase()) || null;
	const description = intern(cell(record, columns.description)) || null;
	const patient: ProcedureRow['patient'] = {
		id,
		firstName,
		lastName,
		mobile,
		email,
		provider: intern(cell(record, columns.provider)) || null,
		clinic: intern(cell(record, columns.clinic)) || null,
	};
	// Only where the export has the column: other sources' cases keep their shape.
	if (columns.homePhone !== undefined) patient.homePhone = homePhone;
	return {
		ok: true,
		dropped,
		row: {
			patient,
			procedure: {
				code,
				description,
				category: categoryOf(code, description),
				fee: fee as number,
				tooth: intern(cell(record, columns.tooth)) || null,
				surface: intern(cell(record, columns.surface)) || null,
				plannedDate: planned ? planned.date : null,
				status: status as CaseStatus,
				line,
			},
			nextAppointment: next ? next.date : null,
		},
	};
}

const PHONE_WORDS = { mobile: 'mobile', homePhone: 'home phone' } as const;

/** E.164, or null with the reason noted in `dropped` (never the number itself: it is PHI). */
function phone(text: string, ctx: RowContext, field: 'mobile' | 'homePhone', dropped: ContactProblem[]): string | null {
	if (!text) return null;
	const result = ctx.phones.normalize(text);
	if (result.ok) return result.e164;
	dropped.push({ field, reason: `${PHONE_WORDS[field]} is not a valid phone number` });
	return null;
}

function contactProblems(dropped: ContactProblem[]): FieldProblem[] {
	return dropped.map((d) => ({ field: d.field, code: 'invalid_value', reason: d.reason }));
}
