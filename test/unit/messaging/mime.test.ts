import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
	addressOf,
	buildMime,
	encodeAddress,
	encodeWords,
	messageIdFor,
	toBase64Url,
} from '../../../core/messaging/mime';

/** Just enough of a MIME reader to undo what buildMime does, written independently of it. */
function read(raw: string) {
	const [head, ...rest] = raw.split('\r\n\r\n');
	const unfolded = head.replace(/\r\n[ \t]/g, ' ');
	const headers: Record<string, string> = {};
	for (const line of unfolded.split('\r\n')) {
		const i = line.indexOf(':');
		headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
	}
	// Whitespace between two encoded-words is folding, not text (RFC 2047 section 6.2).
	const decodeWords = (v: string) =>
		v
			.replace(/(\?=)\s+(?==\?)/g, '$1')
			.replace(/=\?UTF-8\?B\?([^?]*)\?=/gi, (_, b64: string) => Buffer.from(b64, 'base64').toString('utf8'));
	const body = rest.join('\r\n\r\n');
	const parts: Record<string, string> = {};
	const boundary = /boundary="([^"]+)"/.exec(headers['content-type'] ?? '')?.[1];
	const decodePart = (p: string) => {
		const [h, b] = p.split('\r\n\r\n');
		const type = /Content-Type: ([^;]+)/.exec(h)?.[1] ?? '';
		parts[type] = Buffer.from(b.replace(/\r\n/g, ''), 'base64').toString('utf8');
	};
	if (boundary) {
		const segments = body.split(`--${boundary}`);
		expect(segments[segments.length - 1]).toBe('--\r\n');
		for (const seg of segments.slice(1, -1)) decodePart(seg.replace(/^\r\n/, '').replace(/\r\n$/, ''));
	} else decodePart(`${head.split('\r\n').filter((l) => l.startsWith('Content-'))[0]}\r\n\r\n${body}`);
	return { headers, subject: decodeWords(headers.subject), from: decodeWords(headers.from), parts };
}

const base = {
	from: 'Bright Smiles <front@brightsmiles.example>',
	to: 'maria.garcia@example.com',
	subject: 'Your crown visit',
	text: 'Hi Maria,\nWe saved a spot.\n',
	html: '<p>Hi Maria,</p><p>We saved a spot.</p>',
	messageId: messageIdFor('enr-1:day3-email'),
	date: DateTime.fromISO('2026-03-10T15:00:00Z'),
};

describe('buildMime', () => {
	it('writes the headers Gmail and mail clients need', () => {
		const { headers } = read(buildMime(base));
		expect(headers).toMatchObject({
			from: '"Bright Smiles" <front@brightsmiles.example>',
			to: 'maria.garcia@example.com',
			subject: 'Your crown visit',
			'message-id': base.messageId,
			date: 'Tue, 10 Mar 2026 15:00:00 +0000',
			'mime-version': '1.0',
		});
		expect(headers['content-type']).toMatch(/^multipart\/alternative;\s+boundary="chairside-[0-9a-f]{24}"$/);
	});
	it('round-trips text and HTML in UTF-8, with CRLF line ends', () => {
		const m = { ...base, text: 'Olá Maria — ¿todo bien? 😀\nLine 2', html: '<p>Olá 😀</p>' };
		const { parts } = read(buildMime(m));
		expect(parts['text/plain']).toBe('Olá Maria — ¿todo bien? 😀\r\nLine 2');
		expect(parts['text/html']).toBe('<p>Olá 😀</p>');
	});
	it('sends text alone when there is no HTML', () => {
		const raw = buildMime({ ...base, html: null });
		expect(raw).not.toContain('multipart');
		expect(read(raw).parts['text/plain']).toBe('Hi Maria,\r\nWe saved a spot.\r\n');
	});
	it('encodes a non-ASCII subject and display name (RFC 2047), in words of at most 75 characters', () => {
		const subject = 'Recordatorio: su visita de mañana con la Dra. Núñez — confirme por favor 🙂';
		const raw = buildMime({ ...base, subject, from: 'Clínica Sonrisa <front@sonrisa.example>' });
		const r = read(raw);
		expect(r.subject).toBe(subject);
		expect(r.from).toBe('Clínica Sonrisa <front@sonrisa.example>');
		for (const line of raw.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
	});
	it('keeps every line within 78 characters (base64 at 76)', () => {
		const raw = buildMime({ ...base, text: 'x'.repeat(5000), html: `<p>${'y'.repeat(5000)}</p>` });
		for (const line of raw.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
	});
	it('cannot be broken by a line break in a header value', () => {
		const raw = buildMime({ ...base, subject: 'Hi\r\nBcc: everyone@example.com' });
		expect(raw).not.toMatch(/^Bcc:/m);
		expect(read(raw).subject).toBe('Hi Bcc: everyone@example.com');
	});
	it("the Message-ID is the send key's hash: the same on a retry, the key never shown", () => {
		expect(messageIdFor('enr-1:day3-email')).toBe(messageIdFor('enr-1:day3-email'));
		expect(messageIdFor('enr-1:day3-email')).not.toBe(messageIdFor('enr-1:day7-email'));
		expect(messageIdFor('enr-1:day3-email')).toMatch(/^<[0-9a-f]{32}@chairside>$/);
		expect(buildMime(base)).not.toContain('enr-1');
	});
	it('round-trips any subject and any text', () => {
		fc.assert(
			fc.property(
				fc.string({ unit: 'grapheme', maxLength: 200 }),
				fc.string({ unit: 'grapheme', maxLength: 500 }),
				(subject, text) => {
					const r = read(buildMime({ ...base, subject, text, html: `<p>${text}</p>` }));
					expect(r.subject).toBe(subject.replace(/[\r\n]+/g, ' ').trim());
					expect(r.parts['text/plain']).toBe(text.replace(/\r?\n/g, '\r\n'));
				},
			),
			{ numRuns: 200 },
		);
	});
});

describe('header helpers', () => {
	it('encodeWords never splits a character', () => {
		const words = encodeWords('😀'.repeat(40)).split('\r\n ');
		expect(words.length).toBeGreaterThan(1);
		for (const w of words) {
			expect(w.length).toBeLessThanOrEqual(75);
			expect(Buffer.from(/\?B\?(.*)\?=/.exec(w)?.[1] ?? '', 'base64').toString('utf8')).toMatch(/^(😀)+$/u);
		}
	});
	it('encodeAddress quotes and escapes names, leaves bare addresses', () => {
		expect(encodeAddress('front@x.example')).toBe('front@x.example');
		expect(encodeAddress('"Dr. Lee, DDS" <front@x.example>')).toBe('"Dr. Lee, DDS" <front@x.example>');
		expect(encodeAddress('Say "hi" <a@x.example>')).toBe('"Say \\"hi\\"" <a@x.example>');
		expect(addressOf('Bright Smiles <front@x.example>')).toBe('front@x.example');
		expect(addressOf(' front@x.example ')).toBe('front@x.example');
	});
	it('base64url without padding', () => {
		expect(toBase64Url('\u00ff\u00fe?>')).toMatch(/^[A-Za-z0-9_-]+$/);
	});
});
