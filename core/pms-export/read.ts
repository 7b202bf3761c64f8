import { parse, type CsvError } from 'csv-parse';
import { DateTime } from 'luxon';
import { Readable } from 'node:stream';
import type { CountryCode } from 'libphonenumber-js';
import type { TreatmentCase, Procedure, Patient } from '../model/case';
import { DateReader, type DateOrder } from '../normalize/date';
import type { DecimalSeparator } from '../normalize/money';
import { PhoneNormalizer } from '../normalize/phone';
import { CaseBook } from './cases';
import { sniffDelimiter, type Delimiter } from './dialect';
import { matchHeader, type ColumnIndex } from './header';
import { PRESETS, type ExportField, type PresetId } from './presets';
import { isSummaryRow, readRow, type FieldProblem, type RejectCode, type RowContext } from './row';

export interface ExportOptions {
	preset: PresetId;
	/** Generic preset: header name per field; blank fields fall back to the usual names. */
	columnMap?: Partial<Record<ExportField, string>>;
	delimiter: Delimiter | 'auto';
	encoding: 'utf8' | 'latin1';
	dateOrder: DateOrder | 'preset';
	decimal: DecimalSeparator;
	defaultRegion: CountryCode;
	timezone: string;
	now: DateTime;
	/** How many lines may precede the header (report titles, date ranges). */
	headerSearchLines?: number;
}

export interface RejectedRow {
	/** Line of the file where the row starts, as a spreadsheet numbers it. */
	row: number;
	field: FieldProblem['field'];
	reasonCode: RejectCode;
	reason: string;
	problems: FieldProblem[];
	/** The row as read, keyed by the export's own header names. */
	raw: Record<string, string>;
}

export interface ExportStats {
	headerLine: number;
	delimiter: Delimiter;
	/** Lines after the header that held a record (blank lines are not rows). */
	dataRows: number;
	acceptedRows: number;
	rejectedRows: number;
	cases: number;
}

export interface ExportResult {
	cases: TreatmentCase[];
	rejected: RejectedRow[];
	stats: ExportStats;
}

/** The whole file is unusable (no header, an unclosed quote swallowing the rest): no partial output. */
export class ExportFileError extends Error {
	constructor(
		message: string,
		readonly line: number | null,
		readonly description?: string,
	) {
		super(message);
		this.name = 'ExportFileError';
	}
}

const SNIFF_BYTES = 64 * 1024;

/** A binary stream from n8n, or slices of a buffer already in memory. */
export type ByteSource = AsyncIterable<Buffer> | Iterable<Buffer>;

/** Slices a buffer without copying, so an in-memory file is not held twice. */
export function* bufferChunks(buffer: Buffer, size = SNIFF_BYTES): Generator<Buffer> {
	for (let offset = 0; offset < buffer.length; offset += size) yield buffer.subarray(offset, offset + size);
}

/** Reads the first ~64 KB (to guess the delimiter) without losing it: the parser gets it back first. */
async function takeHead(source: ByteSource): Promise<{ head: Buffer; rest: AsyncIterable<Buffer> }> {
	const iterator: AsyncIterator<Buffer> | Iterator<Buffer> =
		Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
	const chunks: Buffer[] = [];
	let size = 0;
	let done = false;
	while (size < SNIFF_BYTES) {
		const next = await iterator.next();
		if (next.done) {
			done = true;
			break;
		}
		chunks.push(next.value);
		size += next.value.length;
	}
	const head = Buffer.concat(chunks);
	async function* rest() {
		yield head;
		if (done) return;
		for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
	}
	return { head, rest: rest() };
}

/**
 * Line breaks inside a record (a quoted multi-line value). The raw text may carry stray CRs of the
 * record's own terminator and of blank lines before it; those are outside the record, so trim them.
 */
function lineBreaksIn(raw: string): number {
	return raw.trim().match(/\r\n|\r|\n/g)?.length ?? 0;
}

function rawRecord(record: string[], header: string[]): Record<string, string> {
	const raw: Record<string, string> = {};
	record.forEach((value, i) => {
		const name = header[i]?.trim() || `column ${i + 1}`;
		raw[name in raw ? `${name} (${i + 1})` : name] = value;
	});
	return raw;
}

function rejection(line: number, problems: FieldProblem[], record: string[], header: string[]): RejectedRow {
	return {
		row: line,
		field: problems[0].field,
		reasonCode: problems[0].code,
		reason: problems.map((p) => p.reason).join('; '),
		problems,
		raw: rawRecord(record, header),
	};
}

/**
 * Reads a PMS export as a stream of bytes and returns its cases and rejected rows.
 * Streams: the text is parsed chunk by chunk and only normalised procedures are kept, so a
 * 100,000-row file is never held as text and objects at once. Every record after the header ends
 * up either in a case or in `rejected`: stats.acceptedRows + stats.rejectedRows === stats.dataRows.
 */
export async function readExport(source: ByteSource, options: ExportOptions): Promise<ExportResult> {
	const preset = PRESETS[options.preset];
	const dateOrder = options.dateOrder === 'preset' ? preset.dateOrder : options.dateOrder;
	const now = options.now.setZone(options.timezone);
	const searchLines = options.headerSearchLines ?? 20;

	const { head, rest } = await takeHead(source);
	const delimiter: Delimiter =
		options.delimiter === 'auto' ? sniffDelimiter(head.subarray(0, SNIFF_BYTES).toString(options.encoding)) : options.delimiter;
	const parser = parse({
		bom: true,
		delimiter,
		encoding: options.encoding,
		relax_quotes: true,
		relax_column_count: true,
		skip_empty_lines: true,
		info: true,
		raw: true,
	});
	const bytes = Readable.from(rest);

	const book = new CaseBook();
	const rejected: RejectedRow[] = [];
	let header: string[] | null = null;
	let columns: ColumnIndex = {};
	let headerLine = 0;
	let nextLine = 1;
	let emptySoFar = 0;
	let dataRows = 0;
	let accepted = 0;
	let ctx: RowContext | null = null;
	const preamble: string[][] = [];
	let headerProblems: string[] = [];

	try {
		for await (const { record, info, raw } of bytes.pipe(parser) as AsyncIterable<{
			record: string[];
			raw: string;
			info: { empty_lines: number };
		}>) {
			// csv-parse's own line count double-counts CRLF inside quoted values, so count from the raw text.
			const line = nextLine + (info.empty_lines - emptySoFar);
			emptySoFar = info.empty_lines;
			nextLine = line + lineBreaksIn(raw) + 1;

			if (!header) {
				const match = matchHeader(record, preset, options.columnMap ?? {});
				if (match.ok) {
					header = record;
					columns = match.columns;
					headerLine = line;
					ctx = {
						columns,
						headerLength: record.length,
						dates: new DateReader(options.timezone, dateOrder, now.year),
						phones: new PhoneNormalizer(options.defaultRegion),
						decimal: options.decimal,
						today: now.toISODate() as string,
					};
					continue;
				}
				if (preamble.length === 0) headerProblems = match.missing;
				preamble.push(record);
				if (preamble.length >= searchLines) break;
				continue;
			}
			dataRows++;
			if (isSummaryRow(record, columns)) {
				rejected.push(
					rejection(line, [{ field: 'row', code: 'summary_row', reason: 'report total or summary line, not a procedure' }], record, header),
				);
				continue;
			}
			const reading = readRow(record, line, ctx!);
			if (!reading.ok) {
				rejected.push(rejection(line, reading.problems, record, header));
				continue;
			}
			const twin = book.add(reading.row);
			if (twin !== null) {
				rejected.push(
					rejection(line, [{ field: 'row', code: 'duplicate', reason: `duplicate of row ${twin}` }], record, header),
				);
				continue;
			}
			accepted++;
		}
	} catch (error) {
		const csvError = error as CsvError & { lines?: number };
		throw new ExportFileError(
			`The file could not be read as CSV: ${csvError.message}`,
			typeof csvError.lines === 'number' ? csvError.lines : null,
			'Check that the file is a CSV or tab-separated export and that every opening quote is closed.',
		);
	}

	if (!header) {
		const expected = preset.columns;
		throw new ExportFileError(
			`No header row with the columns a ${preset.label} export has (missing: ${headerProblems.join(', ') || 'all'})`,
			null,
			`Looked at the first ${searchLines} lines for a row naming at least the patient id (for example "${expected.patientId?.[0]}"), the patient name and the fee. ` +
				'Check the preset, or choose Generic and map the columns.',
		);
	}

	const cases = [...book.cases(preset.source, options.timezone, now)];
	return {
		cases,
		rejected,
		stats: {
			headerLine,
			delimiter,
			dataRows,
			acceptedRows: accepted,
			rejectedRows: rejected.length,
			cases: cases.length,
		},
	};
}

/** One item per procedure line instead of per case, with the case it belongs to. */
export interface ProcedureLine extends Procedure {
	caseId: string;
	patient: Patient;
	caseStatus: TreatmentCase['status'];
}

export function procedureLines(cases: readonly TreatmentCase[]): ProcedureLine[] {
	const lines: ProcedureLine[] = [];
	for (const c of cases) for (const p of c.procedures) lines.push({ ...p, caseId: c.caseId, patient: c.patient, caseStatus: c.status });
	return lines.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}
