import {
	addresses,
	decodeQuotedPrintable,
	decodeWords,
	findPart,
	header,
	parseMessage,
	partText,
} from '../../../sandbox/gmail/mime';
import { alternative, HTML, MESSAGE_ID, SUBJECT, TEXT } from './helpers';

const parse = (text: string) => parseMessage(Buffer.from(text, 'utf8')).root;

describe('MIME reading', () => {
	describe('encoded-words (RFC 2047)', () => {
		it('decodes B and Q words in UTF-8, with _ as a space in Q', () => {
			expect(decodeWords(`=?UTF-8?B?${Buffer.from('Crown ✓').toString('base64')}?=`)).toBe('Crown ✓');
			expect(decodeWords('=?utf-8?q?Caf=C3=A9_hours?=')).toBe('Café hours');
			expect(decodeWords('=?UTF-8?Q?a=5Fb?=')).toBe('a_b');
		});

		it('keeps plain text around words and drops only the whitespace between two words', () => {
			expect(decodeWords('Re: =?UTF-8?Q?P=C3=A9rez?= visit')).toBe('Re: Pérez visit');
			expect(decodeWords('=?UTF-8?Q?Bright?= \r\n =?UTF-8?Q?_Smiles?=')).toBe('Bright Smiles');
		});

		it('joins a UTF-8 character split across two adjacent words', () => {
			// "é" is C3 A9: each word alone is invalid UTF-8.
			expect(decodeWords('=?UTF-8?Q?Caf=C3?= =?UTF-8?Q?=A9?=')).toBe('Café');
			const bytes = Buffer.from('✓✓', 'utf8');
			expect(
				decodeWords(
					`=?utf-8?B?${bytes.subarray(0, 2).toString('base64')}?= =?utf-8?B?${bytes.subarray(2).toString('base64')}?=`,
				),
			).toBe('✓✓');
		});

		it('decodes other charsets and a language tag', () => {
			expect(decodeWords('=?ISO-8859-1?Q?Caf=E9?=')).toBe('Café');
			expect(decodeWords('=?utf-8*en?Q?Hi?=')).toBe('Hi');
		});

		it('leaves text that only looks like an encoded word alone', () => {
			expect(decodeWords('50% off =? maybe ?=')).toBe('50% off =? maybe ?=');
			expect(decodeWords('plain')).toBe('plain');
		});
	});

	describe('quoted-printable', () => {
		it('joins soft line breaks, keeps the space before one, decodes =XX and drops transport padding', () => {
			expect(decodeQuotedPrintable('ready to =\r\nbook').toString('utf8')).toBe('ready to book');
			expect(decodeQuotedPrintable('a=3Db =E2=80=93 c').toString('utf8')).toBe('a=b – c');
			expect(decodeQuotedPrintable('line one   \r\nline two').toString('utf8')).toBe('line one\r\nline two');
			expect(decodeQuotedPrintable('soft=\nLF').toString('utf8')).toBe('softLF');
		});
	});

	describe('messages', () => {
		it('reads a hand-built multipart/alternative message: subject, folded boundary, QP text and base64 HTML', () => {
			const root = parse(alternative());
			expect(root.mimeType).toBe('multipart/alternative');
			expect(root.params.boundary).toBe('=_chairside_b1');
			expect(root.parts.map((p) => [p.mimeType, p.transferEncoding])).toEqual([
				['text/plain', 'quoted-printable'],
				['text/html', 'base64'],
			]);
			expect(header(root, 'subject')).toBe(SUBJECT);
			expect(header(root, 'TO')).toBe('"Ana Pérez" <ana@example.com>');
			expect(header(root, 'message-id')).toBe(MESSAGE_ID);
			expect(partText(findPart(root, 'text/plain')!).replace(/\r\n/g, '\n')).toBe(TEXT);
			expect(partText(findPart(root, 'text/html')!)).toBe(HTML);
		});

		it('reads nested multipart/mixed and skips attachments when picking the text', () => {
			const text = [
				'To: a@example.com',
				'Content-Type: multipart/mixed; boundary=outer',
				'',
				'--outer',
				'Content-Type: text/plain; name="notes.txt"',
				'Content-Disposition: attachment; filename="notes.txt"',
				'',
				'attached text',
				'--outer',
				'Content-Type: multipart/alternative; boundary="inner"',
				'',
				'--inner',
				'Content-Type: text/plain; charset=utf-8',
				'',
				'the body',
				'--inner',
				'Content-Type: text/html; charset=utf-8',
				'',
				'<b>the body</b>',
				'--inner--',
				'--outer--',
				'epilogue is ignored',
			].join('\r\n');
			const root = parse(text);
			expect(root.parts).toHaveLength(2);
			expect(root.parts[0]).toMatchObject({ disposition: 'attachment', filename: 'notes.txt' });
			expect(partText(findPart(root, 'text/plain')!)).toBe('the body');
			expect(partText(findPart(root, 'text/html')!)).toBe('<b>the body</b>');
		});

		it('reads a single-part message with LF line ends, raw UTF-8 headers, folding and no Content-Type', () => {
			const root = parse('To: a@example.com\nSubject: Héllo\n  there\n\nBody line\n');
			expect(root.mimeType).toBe('text/plain');
			expect(header(root, 'subject')).toBe('Héllo  there');
			expect(partText(root)).toBe('Body line\n');
		});

		it('decodes a base64 text/plain body in its declared charset', () => {
			const body = Buffer.from('Caf\xe9', 'latin1').toString('base64');
			const root = parse(
				`To: a@example.com\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: BASE64\r\n\r\n${body}\r\n`,
			);
			expect(partText(root)).toBe('Café');
		});

		it('does not end a part at a line that only starts with the boundary', () => {
			const root = parse(
				['Content-Type: multipart/alternative; boundary=b', '', '--b', '', '--bb is not a delimiter', '--b--'].join(
					'\r\n',
				),
			);
			expect(root.parts).toHaveLength(1);
			expect(partText(root.parts[0])).toBe('--bb is not a delimiter');
		});
	});

	describe('addresses', () => {
		it('pulls bare addresses out of display names, quotes, groups and lists', () => {
			expect(addresses('"Pérez, Ana" <ana@example.com>, bob@example.org')).toEqual([
				'ana@example.com',
				'bob@example.org',
			]);
			expect(addresses('Family: a@example.com, b@example.com;, c@example.com')).toEqual([
				'a@example.com',
				'b@example.com',
				'c@example.com',
			]);
			expect(addresses('undisclosed-recipients:;')).toEqual([]);
			expect(addresses('nobody')).toEqual([]);
			expect(addresses('<not an address>')).toEqual([]);
			expect(addresses(undefined)).toEqual([]);
		});
	});
});
