import { CsvError, parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import { Readable } from 'node:stream';
import type { CountryCode } from 'libphonenumber-js';
import type { TreatmentCase, Procedure, Patient } from '../model/case';
import { DateReader, type DateOrder } from '../normalize/date';
import type { DecimalSeparator } from '../normalize/money';
import { PhoneNormalizer } from '../normalize/phone';
import { CaseBook } from '../model/case-book';
import { sniffDelimiter, type Delimiter } from './dialect';
import { matchHeader, type ColumnIndex } from './header';
import { PRESETS, type ExportField, type ExportPreset, type PresetId } from './presets';
import { isSummaryRow, NameReader, readRow, type FieldProblem, type RejectCode, type RowContext } from './row';

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

/** Decodes base64 a slice at a time, so an in-memory file is never held decoded beside its text. */
export function* base64Chunks(base64: string, size = SNIFF_BYTES): Generator<Buffer> {
	const step = Math.ceil(size / 3) * 4; // whole 4-character groups decode independently
	for (let offset = 0; offset < base64.length; offset += step) yield Buffer.from(base64.slice(offset, offset + step), 'base64');
}

/** Slices a buffer without copying. */
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

const CSV_OPTIONS = { bom: true, relax_quotes: true, relax_column_count: true, skip_empty_lines: true } as const;

type HeaderLocation = { ok: true; headerLine: number; columns: ColumnIndex } | { ok: false; missing: string[] };

/**
 * The header is the first of the opening lines that names the preset's required columns; lines
 * above it are the report's title block. Titles and headers never span lines, so each line is
 * read on its own, which also gives exact line numbers.
 */
function locateHeader(
	sample: string,
	delimiter: Delimiter,
	preset: ExportPreset,
	columnMap: Partial<Record<ExportField, string>>,
	searchLines: number,
): HeaderLocation {
	const lines = sample.split(/\r\n|\n|\r/);
	let missing: string[] = [];
	let looked = 0;
	for (let i = 0; i < lines.length && looked < searchLines; i++) {
		if (lines[i].trim() === '') continue;
		looked++;
		let record: string[];
		try {
			record = (parseSync(lines[i], { ...CSV_OPTIONS, delimiter }) as string[][])[0] ?? [];
		} catch {
			continue;
		}
		const match = matchHeader(record, preset, columnMap);
		if (match.ok) return { ok: true, headerLine: i + 1, columns: match.columns };
		if (looked === 1) missing = match.missing;
	}
	return { ok: false, missing };
}

/**
 * Line breaks inside a record: only a quoted value can hold them, and csv-parse keeps them in the
 * value (its own line counter double-counts CRLF inside quotes, so it is not used).
 */
function lineBreaksIn(record: string[]): number {
	let breaks = 0;
	for (const value of record) {
		if (value.includes('\n') || value.includes('\r')) breaks += value.match(/\r\n|\r|\n/g)?.length ?? 0;
	}
	return breaks;
}

function isBlank(record: string[]): boolean {
	for (const value of record) if (value.trim() !== '') return false;
	return true;
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
	const sample = head.subarray(0, SNIFF_BYTES).toString(options.encoding).replace(/^\ufeff/, '');
	const delimiter: Delimiter = options.delimiter === 'auto' ? sniffDelimiter(sample) : options.delimiter;
	const found = locateHeader(sample, delimiter, preset, options.columnMap ?? {}, searchLines);
	if (!found.ok) {
		throw new ExportFileError(
			`No header row with the columns a ${preset.label} export has (missing: ${found.missing.join(', ') || 'all'})`,
			null,
			`Looked at the first ${searchLines} lines for a row naming at least the patient id (for example "${preset.columns.patientId?.[0]}"), the patient name and the fee. ` +
				'Check the preset, or choose Generic and map the columns.',
		);
	}
	const { columns, headerLine } = found;

	// Starting at the header keeps report titles out of csv-parse's column-count check, which would
	// otherwise build (and throw away) an error object for every row: a third of the parse time.
	// Blank lines come through as records (skip_empty_lines off) so every line is counted exactly.
	const parser = parse({ ...CSV_OPTIONS, skip_empty_lines: false, delimiter, encoding: options.encoding, from_line: headerLine });
	const ctx: RowContext = {
		names: new NameReader(),
		columns,
		headerLength: 0,
		dates: new DateReader(dateOrder, now.year),
		phones: new PhoneNormalizer(options.defaultRegion),
		decimal: options.decimal,
		today: now.toISODate() as string,
	};
	const book = new CaseBook();
	const rejected: RejectedRow[] = [];
	let header: string[] | null = null;
	let nextLine = headerLine;
	let dataRows = 0;
	let accepted = 0;

	const onRecord = (record: string[]): void => {
		const line = nextLine;
		nextLine = line + lineBreaksIn(record) + 1;
		if (!header) {
			header = record;
			ctx.headerLength = record.length;
			return;
		}
		// Blank lines, and lines of nothing but delimiters that spreadsheets leave, are not rows.
		if (isBlank(record)) return;
		dataRows++;
		if (isSummaryRow(record, columns)) {
			rejected.push(
				rejection(line, [{ field: 'row', code: 'summary_row', reason: 'report total or summary line, not a procedure' }], record, header),
			);
			return;
		}
		const reading = readRow(record, line, ctx);
		if (!reading.ok) {
			rejected.push(rejection(line, reading.problems, record, header));
			return;
		}
		const twin = book.add(reading.row);
		if (twin !== null) {
			rejected.push(rejection(line, [{ field: 'row', code: 'duplicate', reason: `duplicate of row ${twin}` }], record, header));
			return;
		}
		accepted++;
	};

	// 'data' events, not for-await: records are handled synchronously as the parser emits them,
	// without a promise per row.
	try {
		await new Promise<void>((resolve, reject) => {
			parser.on('data', (record: string[]) => {
				try {
					onRecord(record);
				} catch (error) {
					parser.destroy(error as Error);
				}
			});
			parser.once('end', resolve);
			parser.once('error', reject);
			const input = Readable.from(rest);
			input.once('error', (error) => parser.destroy(error));
			input.pipe(parser);
		});
	} catch (error) {
		if (!(error instanceof CsvError)) throw error;
		throw new ExportFileError(
			`The file could not be read as CSV: ${error.message}`,
			typeof (error as { lines?: unknown }).lines === 'number' ? (error as unknown as { lines: number }).lines : null,
			'Check that the file is a CSV or tab-separated export and that every opening quote is closed.',
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
