/**
 * Just enough RFC 5322 / MIME to read back what a client sent through Gmail: folded headers,
 * RFC 2047 encoded-words, multipart bodies by boundary, base64 and quoted-printable, charsets.
 * Parsing works on a latin1 view of the bytes (one char per byte) so nothing is lost before
 * the charset is known; text is decoded only at the end.
 */

export interface HeaderField {
	name: string;
	/** Unfolded and decoded (encoded-words and raw UTF-8 alike). */
	value: string;
	/** The original line(s) as they appeared, folding included, latin1 view. */
	raw: string;
}

export interface MimePart {
	headers: HeaderField[];
	/** Lowercased, e.g. "text/plain"; text/plain when the header is missing, as RFC 2045 says. */
	mimeType: string;
	params: Record<string, string>;
	transferEncoding: string;
	disposition: string | null;
	filename: string | null;
	/** Content after the transfer encoding is undone; empty for a multipart container. */
	body: Buffer;
	parts: MimePart[];
}

export interface ParsedMessage {
	root: MimePart;
	/** The header block and the body, latin1 view, to rebuild the message with changed headers. */
	headerBlock: string;
	separator: string;
	bodyRaw: string;
}

export function parseMessage(bytes: Buffer): ParsedMessage {
	const text = bytes.toString('latin1');
	const { headers, headerBlock, separator, bodyRaw } = splitHeaders(text);
	return { root: parsePart(headers, bodyRaw), headerBlock, separator, bodyRaw };
}

function splitHeaders(text: string): {
	headers: HeaderField[];
	headerBlock: string;
	separator: string;
	bodyRaw: string;
} {
	const blank = /\r?\n\r?\n/.exec(text);
	// A part that starts with an empty line has no headers at all.
	const startsBlank = /^\r?\n/.exec(text);
	if (startsBlank)
		return { headers: [], headerBlock: '', separator: startsBlank[0], bodyRaw: text.slice(startsBlank[0].length) };
	const headerBlock = blank ? text.slice(0, blank.index) : text;
	const separator = blank ? blank[0] : '';
	const bodyRaw = blank ? text.slice(blank.index + blank[0].length) : '';
	const headers: HeaderField[] = [];
	for (const line of headerBlock.split(/(?<=\n)/)) {
		const last = headers[headers.length - 1];
		if (/^[ \t]/.test(line) && last) {
			last.raw += line;
			continue;
		}
		const colon = line.indexOf(':');
		if (colon <= 0) continue;
		headers.push({ name: line.slice(0, colon).trim(), value: '', raw: line });
	}
	for (const h of headers) {
		const unfolded = h.raw
			.slice(h.raw.indexOf(':') + 1)
			.replace(/\r?\n(?=[ \t])/g, '')
			.replace(/\r?\n$/, '')
			.trim();
		h.raw = h.raw.replace(/\r?\n$/, '');
		h.value = decodeWords(Buffer.from(unfolded, 'latin1').toString('utf8'));
	}
	return { headers, headerBlock, separator, bodyRaw };
}

function parsePart(headers: HeaderField[], bodyRaw: string): MimePart {
	const get = (name: string): string | undefined => headers.find((h) => h.name.toLowerCase() === name)?.value;
	const type = parseParams(get('content-type') ?? 'text/plain; charset=us-ascii');
	const disposition = get('content-disposition') ? parseParams(get('content-disposition') as string) : null;
	const transferEncoding = (get('content-transfer-encoding') ?? '7bit').trim().toLowerCase();
	const part: MimePart = {
		headers,
		mimeType: type.value,
		params: type.params,
		transferEncoding,
		disposition: disposition?.value ?? null,
		filename: disposition?.params.filename ?? type.params.name ?? null,
		body: Buffer.alloc(0),
		parts: [],
	};
	if (type.value.startsWith('multipart/') && type.params.boundary) {
		part.parts = splitMultipart(bodyRaw, type.params.boundary).map((chunk) => {
			const inner = splitHeaders(chunk);
			return parsePart(inner.headers, inner.bodyRaw);
		});
		return part;
	}
	part.body = decodeTransfer(bodyRaw, transferEncoding);
	return part;
}

/** "type/subtype; a=1; b=\"two; three\"" -> value and lowercased parameter names. */
export function parseParams(header: string): { value: string; params: Record<string, string> } {
	const semi = header.indexOf(';');
	const value = (semi < 0 ? header : header.slice(0, semi)).trim().toLowerCase();
	const params: Record<string, string> = {};
	const re = /;\s*([^=\s;]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g;
	for (let m = re.exec(header); m; m = re.exec(header)) {
		const raw = m[2].trim();
		params[m[1].toLowerCase()] = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
	}
	return { value, params };
}

function splitMultipart(body: string, boundary: string): string[] {
	const escaped = boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	// A delimiter is a whole line; the line break before it belongs to the delimiter, not the part.
	const re = new RegExp(`(?:^|\\r?\\n)--${escaped}(--)?[ \\t]*(?:\\r?\\n|$)`, 'g');
	const chunks: string[] = [];
	let start = -1;
	for (let m = re.exec(body); m; m = re.exec(body)) {
		if (start >= 0) chunks.push(body.slice(start, m.index));
		if (m[1]) return chunks;
		start = m.index + m[0].length;
	}
	return chunks;
}

export function decodeTransfer(content: string, encoding: string): Buffer {
	if (encoding === 'base64') return Buffer.from(content.replace(/[^A-Za-z0-9+/=_-]/g, ''), 'base64');
	if (encoding === 'quoted-printable') return decodeQuotedPrintable(content);
	return Buffer.from(content, 'latin1');
}

export function decodeQuotedPrintable(content: string): Buffer {
	// Whitespace a transport left at a line end is not content; a "=" at the line end is a soft break.
	return hexBytes(content.replace(/[ \t]+(?=\r?\n|$)/g, '').replace(/=\r?\n/g, ''));
}

/** "=XX" escapes to bytes, every other character (latin1 view) as itself. */
function hexBytes(text: string): Buffer {
	const bytes: number[] = [];
	for (let i = 0; i < text.length; i++) {
		const hex = text[i] === '=' ? text.slice(i + 1, i + 3) : '';
		if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
			bytes.push(parseInt(hex, 16));
			i += 2;
		} else bytes.push(text.charCodeAt(i) & 0xff);
	}
	return Buffer.from(bytes);
}

export function decodeCharset(bytes: Buffer, charset: string | undefined): string {
	try {
		return new TextDecoder((charset ?? 'utf-8').trim().toLowerCase()).decode(bytes);
	} catch {
		// An unknown label: UTF-8 is what every modern client sends anyway.
		return new TextDecoder('utf-8').decode(bytes);
	}
}

const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;

/**
 * RFC 2047: whitespace between two encoded-words is dropped, and adjacent words in one charset
 * are joined as bytes first, so a UTF-8 character split across two words still decodes.
 */
export function decodeWords(value: string): string {
	const tokens: Array<{ text: string } | { charset: string; bytes: Buffer }> = [];
	let last = 0;
	for (let m = ENCODED_WORD.exec(value); m; m = ENCODED_WORD.exec(value)) {
		const between = value.slice(last, m.index);
		const previous = tokens[tokens.length - 1];
		if (between !== '' && !(previous && 'bytes' in previous && /^\s+$/.test(between))) tokens.push({ text: between });
		const charset = m[1].split('*')[0].toLowerCase();
		const bytes = m[2].toUpperCase() === 'B' ? Buffer.from(m[3], 'base64') : hexBytes(m[3].replace(/_/g, ' '));
		const prev = tokens[tokens.length - 1];
		if (prev && 'bytes' in prev && prev.charset === charset) prev.bytes = Buffer.concat([prev.bytes, bytes]);
		else tokens.push({ charset, bytes });
		last = m.index + m[0].length;
	}
	if (last < value.length) tokens.push({ text: value.slice(last) });
	return tokens.map((t) => ('text' in t ? t.text : decodeCharset(t.bytes, t.charset))).join('');
}

export function header(part: MimePart, name: string): string | undefined {
	return part.headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
}

/** The first body part of a type that is not an attachment, depth first, as mail clients pick it. */
export function findPart(part: MimePart, mimeType: string): MimePart | undefined {
	if (part.parts.length === 0)
		return part.mimeType === mimeType && part.disposition !== 'attachment' ? part : undefined;
	for (const child of part.parts) {
		const found = findPart(child, mimeType);
		if (found) return found;
	}
	return undefined;
}

export function partText(part: MimePart): string {
	return decodeCharset(part.body, part.params.charset);
}

/** Bare addresses in an address-list header: display names, quotes and groups set aside. */
export function addresses(value: string | undefined): string[] {
	if (!value) return [];
	const found: string[] = [];
	let current = '';
	let quoted = false;
	let angle = false;
	const flush = (): void => {
		const item = current.includes(':') && !current.includes('<') ? current.slice(current.indexOf(':') + 1) : current;
		const bracket = /<([^>]*)>/.exec(item);
		const address = (bracket ? bracket[1] : item.replace(/;$/, '')).trim();
		if (/^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/.test(address)) found.push(address);
		current = '';
	};
	for (const c of value) {
		if (c === '"' && !angle) quoted = !quoted;
		else if (c === '<' && !quoted) angle = true;
		else if (c === '>' && !quoted) angle = false;
		if ((c === ',' || c === ';') && !quoted && !angle) flush();
		else current += c;
	}
	flush();
	return found;
}
