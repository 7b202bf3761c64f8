import { CsvError, Parser, type Options as CsvOptions } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import type { CountryCode } from 'libphonenumber-js';
import type { TreatmentCase, Procedure, Patient } from '../model/case';
import { DateReader, type DateOrder } from '../normalize/date';
import type { DecimalSeparator } from '../normalize/money';
import { PhoneNormalizer } from '../normalize/phone';
import { CaseBook } from '../model/case-book';
import { sniffDelimiter, type Delimiter } from './dialect';
import { ExportDecoder, type FileEncoding } from './encoding';
import { matchHeader, type ColumnIndex } from './header';
import { presetLookingLike, PRESETS, type ExportField, type ExportPreset, type PresetId } from './presets';
import {
	isSummaryRow,
	NameReader,
	readRow,
	stringPool,
	type ContactProblem,
	type FieldProblem,
	type RejectCode,
	type RowContext,
} from './row';

export interface ExportOptions {
	preset: PresetId;
	/** Generic preset: header name per field; blank fields fall back to the usual names. */
	columnMap?: Partial<Record<ExportField, string>>;
	delimiter: Delimiter | 'auto';
	/** What the user expects; the bytes decide (core/pms-export/encoding.ts) and a warning says when they disagree. */
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

/**
 * Something the practice should fix that did not cost a row: a contact value dropped (the patient
 * stays, without that channel), or the file's encoding. One per patient and field, naming every
 * line it came from.
 */
export interface ExportWarning {
	/** First line of the file with the problem; null for the file as a whole. */
	row: number | null;
	rows: number[];
	field: ContactProblem['field'] | 'file';
	reasonCode: 'contact_dropped' | 'encoding';
	reason: string;
	patientId: string | null;
}

export interface ExportStats {
	headerLine: number;
	delimiter: Delimiter;
	/** What the bytes turned out to be. */
	encoding: FileEncoding;
	/** Lines after the header that held a record (blank lines are not rows). */
	dataRows: number;
	acceptedRows: number;
	rejectedRows: number;
	cases: number;
	warnings: number;
}

export interface ExportResult {
	cases: TreatmentCase[];
	rejected: RejectedRow[];
	warnings: ExportWarning[];
	stats: ExportStats;
}

/** Case ids carry no PMS or preset: re-reading a file under another preset must not re-enroll anyone. */
export const EXPORT_CASE_PREFIX = 'export';

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
	for (let offset = 0; offset < base64.length; offset += step)
		yield Buffer.from(base64.slice(offset, offset + step), 'base64');
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
		if (done) return;
		for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
	}
	return { head, rest: rest() };
}

/** What a dropped contact value costs, in the words the front desk reads. */
const KEPT_WITHOUT: Record<ContactProblem['field'], string> = {
	mobile: 'the patient is kept, without texts (fix the number in the PMS)',
	email: 'the patient is kept, without email (fix the address in the PMS)',
	homePhone: 'the patient is kept, without a home phone for the call list',
};

/** The file as UTF-8: the head already decoded, then the rest, then what the decoder held back. */
async function* utf8(head: Buffer, rest: AsyncIterable<Buffer>, decoder: ExportDecoder): AsyncGenerator<Buffer> {
	if (head.length) yield head;
	for await (const chunk of rest) {
		const out = decoder.push(chunk);
		if (out.length) yield out;
	}
	const last = decoder.end();
	if (last.length) yield last;
}

const CSV_OPTIONS = { bom: true, relax_quotes: true, relax_column_count: true, skip_empty_lines: true } as const;

/** csv-parse's parser core: a chunk in (undefined and end at the end), its records out through `push` as it finds them. */
interface CsvPushParser {
	parse(
		chunk: Buffer | undefined,
		end: boolean,
		push: (record: string[]) => void,
		close: () => void,
	): Error | undefined;
}

/**
 * The core csv-parse's stream Parser runs every chunk through (its `api`), driven directly: no
 * Node stream is needed, and n8n's community-node rules allow none (the build gives the Parser
 * an empty stream base, gulpfile.js).
 */
function csvPushParser(options: CsvOptions): CsvPushParser {
	return (new Parser(options) as unknown as { api: CsvPushParser }).api;
}

type HeaderLocation =
	| { ok: true; headerLine: number; columns: ColumnIndex }
	| { ok: false; missing: string[]; lookalike: { preset: PresetId; names: string[] } | null };

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
	let lookalike: { preset: PresetId; names: string[] } | null = null;
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
		// Another PMS's own header: refused even when the columns could be matched, since its
		// names would be read the chosen PMS's way (which "Date", which phone, which id).
		const like = preset.id === 'generic' ? null : presetLookingLike(record, preset.id);
		if (like && like.preset !== preset.id) {
			lookalike ??= like;
			continue;
		}
		const match = matchHeader(record, preset, columnMap);
		if (match.ok) return { ok: true, headerLine: i + 1, columns: match.columns };
		if (looked === 1) missing = match.missing;
	}
	return { ok: false, missing, lookalike };
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
	const decoder = new ExportDecoder(options.encoding);
	const headText = decoder.push(head);
	const sample = headText.toString('utf8').replace(/^\ufeff/, '');
	const delimiter: Delimiter = options.delimiter === 'auto' ? sniffDelimiter(sample) : options.delimiter;
	const found = locateHeader(sample, delimiter, preset, options.columnMap ?? {}, searchLines);
	if (!found.ok && found.lookalike) {
		const like = PRESETS[found.lookalike.preset];
		throw new ExportFileError(
			`This file looks like a ${like.label} export, not ${preset.label} (its header has ${found.lookalike.names.map((n) => `"${n}"`).join(', ')})`,
			null,
			`Export Format is set to "${preset.label}". Choose "${like.label}", or "Generic (Map Columns)" to name the columns yourself. Nothing was read.`,
		);
	}
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
	const parser = csvPushParser({
		...CSV_OPTIONS,
		skip_empty_lines: false,
		delimiter,
		encoding: 'utf8',
		from_line: headerLine,
	});
	const ctx: RowContext = {
		names: new NameReader(),
		columns,
		headerLength: 0,
		dates: new DateReader(dateOrder, now.year),
		phones: new PhoneNormalizer(options.defaultRegion),
		decimal: options.decimal,
		today: now.toISODate() as string,
		intern: stringPool(),
	};
	const book = new CaseBook();
	const rejected: RejectedRow[] = [];
	const warnings: ExportWarning[] = [];
	const warned = new Map<string, ExportWarning>();
	const warn = (line: number, patientId: string, dropped: ContactProblem): void => {
		const key = `${patientId}\u0000${dropped.field}`;
		const known = warned.get(key);
		if (known) {
			known.rows.push(line);
			return;
		}
		const warning: ExportWarning = {
			row: line,
			rows: [line],
			field: dropped.field,
			reasonCode: 'contact_dropped',
			reason: `${dropped.reason}: ${KEPT_WITHOUT[dropped.field]}`,
			patientId,
		};
		warned.set(key, warning);
		warnings.push(warning);
	};
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
				rejection(
					line,
					[{ field: 'row', code: 'summary_row', reason: 'report total or summary line, not a procedure' }],
					record,
					header,
				),
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
			rejected.push(
				rejection(line, [{ field: 'row', code: 'duplicate', reason: `duplicate of row ${twin}` }], record, header),
			);
			return;
		}
		accepted++;
		for (const dropped of reading.dropped) warn(line, reading.row.patient.id, dropped);
	};

	// Records are handled synchronously as the parser finds them, without a promise per row.
	const done = () => undefined;
	const check = (error: Error | undefined) => {
		if (error) throw error;
	};
	try {
		for await (const chunk of utf8(headText, rest, decoder)) check(parser.parse(chunk, false, onRecord, done));
		check(parser.parse(undefined, true, onRecord, done));
	} catch (error) {
		if (!(error instanceof CsvError)) throw error;
		throw new ExportFileError(
			`The file could not be read as CSV: ${error.message}`,
			typeof (error as { lines?: unknown }).lines === 'number' ? (error as unknown as { lines: number }).lines : null,
			'Check that the file is a CSV or tab-separated export and that every opening quote is closed.',
		);
	}

	if (decoder.note) {
		const { line, reason } = decoder.note;
		warnings.unshift({
			row: line,
			rows: line === null ? [] : [line],
			field: 'file',
			reasonCode: 'encoding',
			reason,
			patientId: null,
		});
	}
	const cases = [...book.cases(preset.source, options.timezone, now, EXPORT_CASE_PREFIX)];
	return {
		cases,
		rejected,
		warnings,
		stats: {
			headerLine,
			delimiter,
			encoding: decoder.encoding,
			dataRows,
			acceptedRows: accepted,
			rejectedRows: rejected.length,
			cases: cases.length,
			warnings: warnings.length,
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
	for (const c of cases)
		for (const p of c.procedures) lines.push({ ...p, caseId: c.caseId, patient: c.patient, caseStatus: c.status });
	return lines.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}
