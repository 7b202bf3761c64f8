/**
 * Which encoding an export is really in. PMSs on older Windows write Windows-1252 (a superset of
 * Latin-1); newer ones UTF-8. Read the wrong way, "José" becomes "Jos\uFFFD" (Windows-1252 bytes read
 * as UTF-8) or "JosÃ©" (UTF-8 read as Windows-1252), and that name would go into a text.
 *
 * The bytes decide, whatever the node's File Encoding setting says: a Windows-1252 accented letter
 * is almost never a valid UTF-8 sequence, and UTF-8 text almost never holds a byte sequence that is
 * not. The decoder passes UTF-8 through untouched (the parser reads bytes) and turns a
 * Windows-1252 file into UTF-8, one chunk at a time, so the file is never held whole.
 */

export type FileEncoding = 'utf-8' | 'windows-1252';

/** What the decoder found, for the node's warnings: null when the file read as its setting says. */
export interface EncodingNote {
	encoding: FileEncoding;
	/** Line of the first byte that decided it (1-based), when a byte did. */
	line: number | null;
	reason: string;
}

/** Windows-1252's 0x80-0x9F (Latin-1 has control codes there); undefined bytes stay as they are, as browsers do. */
const HIGH =
	'\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';
const C1 = /[\u0080-\u009f]/g;

/** Windows-1252 bytes as UTF-8 bytes. */
export function windows1252ToUtf8(bytes: Uint8Array): Buffer {
	let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
	C1.lastIndex = 0;
	if (C1.test(text)) text = text.replace(C1, (c) => HIGH[c.charCodeAt(0) - 0x80]);
	return Buffer.from(text, 'utf8');
}

interface Scan {
	/** Offset of the first byte that is not UTF-8, or -1. */
	invalidAt: number;
	/** Offset where a sequence cut by the end of the bytes starts (bytes.length when none). */
	tailFrom: number;
	multibyte: boolean;
	/** Line feeds before invalidAt (or in all the bytes when valid). */
	newlines: number;
}

/** One pass over the bytes, ASCII at one comparison a byte (RFC 3629 rules: no overlongs, no surrogates, <= U+10FFFF). */
function scan(bytes: Uint8Array): Scan {
	const n = bytes.length;
	let newlines = 0;
	let multibyte = false;
	let i = 0;
	while (i < n) {
		const b = bytes[i];
		if (b < 0x80) {
			if (b === 0x0a) newlines++;
			i++;
			continue;
		}
		let need: number;
		let min = 0x80;
		let max = 0xbf;
		if (b >= 0xc2 && b <= 0xdf) need = 1;
		else if (b >= 0xe0 && b <= 0xef) {
			need = 2;
			if (b === 0xe0) min = 0xa0;
			else if (b === 0xed) max = 0x9f;
		} else if (b >= 0xf0 && b <= 0xf4) {
			need = 3;
			if (b === 0xf0) min = 0x90;
			else if (b === 0xf4) max = 0x8f;
		} else return { invalidAt: i, tailFrom: n, multibyte, newlines };
		for (let k = 1; k <= need; k++) {
			if (i + k >= n) return { invalidAt: -1, tailFrom: i, multibyte, newlines };
			const c = bytes[i + k];
			if (c < (k === 1 ? min : 0x80) || c > (k === 1 ? max : 0xbf))
				return { invalidAt: i, tailFrom: n, multibyte, newlines };
		}
		multibyte = true;
		i += need + 1;
	}
	return { invalidAt: -1, tailFrom: n, multibyte, newlines };
}

/**
 * Feeds an export's bytes through, chunk by chunk, and gives the parser UTF-8. Starts as UTF-8;
 * the first byte that is not UTF-8 decides: before any UTF-8 accented letter, the file is
 * Windows-1252 (from its first byte, since all before was ASCII); after one, the file mixes both
 * and the bad bytes are left for the parser to replace with U+FFFD, which the rows then catch.
 */
export class ExportDecoder {
	private mode: 'detect' | 'windows-1252' | 'mixed' = 'detect';
	private tail: Buffer | null = null;
	private multibyte = false;
	private line = 1;
	note: EncodingNote | null = null;

	constructor(private readonly declared: 'utf8' | 'latin1') {}

	get encoding(): FileEncoding {
		return this.mode === 'windows-1252' ? 'windows-1252' : 'utf-8';
	}

	push(chunk: Buffer): Buffer {
		if (this.mode === 'windows-1252') return windows1252ToUtf8(chunk);
		if (this.mode === 'mixed') return chunk;
		// A letter cut by the chunk's end waits for the rest before it is checked and passed on.
		const bytes = this.tail ? Buffer.concat([this.tail, chunk]) : chunk;
		this.tail = null;
		const found = scan(bytes);
		if (found.invalidAt < 0) {
			this.line += found.newlines;
			this.multibyte ||= found.multibyte;
			if (found.tailFrom < bytes.length) this.tail = Buffer.from(bytes.subarray(found.tailFrom));
			return bytes.subarray(0, found.tailFrom);
		}
		return this.decide(bytes, this.line + found.newlines, found.multibyte);
	}

	/** Call after the last chunk: what is left to pass on. */
	end(): Buffer {
		const tail = this.tail;
		this.tail = null;
		if (this.mode === 'detect' && tail) return this.decide(tail, this.line, false);
		if (this.mode === 'detect' && this.multibyte && this.declared === 'latin1') {
			this.note = {
				encoding: 'utf-8',
				line: null,
				reason:
					'File Encoding says Windows-1252 / Latin-1, but the file is UTF-8 (its accented letters are UTF-8): read as UTF-8. Set File Encoding to UTF-8.',
			};
		}
		return Buffer.alloc(0);
	}

	/** The first byte that is not UTF-8, on `line`: Windows-1252 if nothing before was a UTF-8 letter, else a mixed file. */
	private decide(bytes: Buffer, line: number, multibyteBefore: boolean): Buffer {
		if (!this.multibyte && !multibyteBefore) {
			// Everything before was ASCII, the same in both encodings.
			this.mode = 'windows-1252';
			// Said only when it is news: the setting expected UTF-8.
			if (this.declared === 'utf8')
				this.note = {
					encoding: 'windows-1252',
					line,
					reason: `The file is not UTF-8 (line ${line} has a byte UTF-8 does not use): read as Windows-1252 / Latin-1, so accented letters come out right.`,
				};
			return windows1252ToUtf8(bytes);
		}
		this.mode = 'mixed';
		this.note = {
			encoding: 'utf-8',
			line,
			reason: `The file is UTF-8 but line ${line} holds bytes that are not: those letters are lost (U+FFFD), and rows whose name has one are rejected. Export the file again as UTF-8.`,
		};
		return bytes;
	}
}
