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
	| 'missing_value'
	| 'invalid_value'
	| 'duplicate'
	| 'summary_row'
	| 'column_count';

export interface FieldProblem {
	field: ExportField | 'row';
	code: RejectCode;
	reason: string;
}


export type RowReading = { ok: true; row: ProcedureRow } | { ok: false; problems: FieldProblem[] };

/** Names as tidy parts, memoised: every procedure line repeats its patient's name. */
export class NameReader {
	private readonly cache = new Map<string, { firstName: string; lastName: string }>();

	read(first: string, last: string, full: string): { firstName: string; lastName: string } {
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
			name = { firstName, lastName };
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
}

const SUMMARY = /^\s*(grand\s+)?(totals?|sub-?totals?|summary|count|report\s+(total|generated|printed)|page\s+\d+|\d+\s+(patients?|records?|procedures?|rows?)\b)/i;

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

	const { firstName, lastName } = ctx.names.read(
		cell(record, columns.firstName),
		cell(record, columns.lastName),
		cell(record, columns.patientName),
	);
	if (!firstName) missing(columns.firstName !== undefined ? 'firstName' : 'patientName', 'first name');

	const feeText = cell(record, columns.fee);
	const fee = parseMoney(feeText, ctx.decimal);
	if (!feeText) missing('fee', 'fee');
	else if (fee === null) invalid('fee', `fee "${feeText}" is not an amount`);

	const mobileText = cell(record, columns.mobile);
	let mobile: string | null = null;
	if (mobileText) {
		const phone = ctx.phones.normalize(mobileText);
		if (phone.ok) mobile = phone.e164;
		else invalid('mobile', 'mobile is not a valid phone number');
	}

	const emailText = cell(record, columns.email);
	const email = emailText ? normalizeEmail(emailText) : null;
	if (emailText && !email) invalid('email', 'email is not a valid address');

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
			return { ok: false, problems: [{ field: 'row', code: 'column_count', reason }, ...problems] };
		}
		return { ok: false, problems };
	}

	if (status === 'unscheduled' && next && next.date >= ctx.today) status = 'scheduled';
	const code = cell(record, columns.procedureCode).toUpperCase() || null;
	const description = cell(record, columns.description) || null;
	return {
		ok: true,
		row: {
			patient: {
				id,
				firstName,
				lastName,
				mobile,
				email,
				provider: cell(record, columns.provider) || null,
				clinic: cell(record, columns.clinic) || null,
			},
			procedure: {
				code,
				description,
				category: categoryOf(code, description),
				fee: fee as number,
				tooth: cell(record, columns.tooth) || null,
				surface: cell(record, columns.surface) || null,
				plannedDate: planned ? planned.date : null,
				status: status as CaseStatus,
				line,
			},
			nextAppointment: next ? next.date : null,
		},
	};
}
