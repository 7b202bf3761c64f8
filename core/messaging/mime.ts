/**
 * An RFC 2822 / MIME message for Gmail's users.messages.send: multipart/alternative (text and
 * HTML, UTF-8, base64 bodies), RFC 2047 headers when they are not ASCII. The Message-ID comes from
 * the send-once key's hash, so a retried send carries the same id (and never the key itself).
 */
import { createHash } from 'node:crypto';
import type { DateTime } from 'luxon';

export interface MimeMessage {
	/** "front@practice.com" or "Bright Smiles <front@practice.com>". */
	from: string;
	to: string;
	subject: string;
	text: string;
	html: string | null;
	messageId: string;
	date: DateTime;
	/** One-click unsubscribe URL (RFC 8058: List-Unsubscribe with List-Unsubscribe-Post); null: none. */
	listUnsubscribe?: string | null;
}

const CRLF = '\r\n';

export function hashOf(text: string): string {
	return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function messageIdFor(sendKey: string): string {
	return `<${hashOf(sendKey).slice(0, 32)}@chairside>`;
}

// A header value can never break out of its line.
const oneLine = (value: string) => value.replace(/[\r\n]+/g, ' ').trim();
const isPrintableAscii = (value: string) => /^[\x20-\x7e]*$/.test(value);

/** RFC 2047 B encoded-words of at most 75 characters, never splitting a character, folded. */
export function encodeWords(value: string): string {
	const words: string[] = [];
	let chunk = '';
	for (const char of Array.from(value)) {
		// 39 bytes -> 52 base64 characters -> a 64-character encoded-word: with "Subject: " under 78.
		if (Buffer.byteLength(chunk + char, 'utf8') > 39) {
			words.push(chunk);
			chunk = '';
		}
		chunk += char;
	}
	if (chunk || !words.length) words.push(chunk);
	return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join(`${CRLF} `);
}

export function encodeHeaderText(value: string): string {
	const line = oneLine(value);
	return isPrintableAscii(line) && line.length <= 900 ? line : encodeWords(line);
}

/** A From/To header value: the address bare, a display name quoted or encoded. */
export function encodeAddress(value: string): string {
	const line = oneLine(value);
	const match = /^(.*?)\s*<([^<>\s]+)>$/.exec(line);
	if (!match || !match[1]) return match ? match[2] : line;
	const name = match[1].replace(/^"(.*)"$/, '$1');
	const shown = isPrintableAscii(name) ? `"${name.replace(/(["\\])/g, '\\$1')}"` : encodeWords(name);
	return `${shown} <${match[2]}>`;
}

/** The address part of "Name <address>" or a bare address. */
export function addressOf(value: string): string {
	return /<([^<>\s]+)>\s*$/.exec(value)?.[1] ?? value.trim();
}

function base64Body(text: string): string {
	const canonical = text.replace(/\r?\n/g, CRLF);
	const encoded = Buffer.from(canonical, 'utf8').toString('base64');
	return encoded.match(/.{1,76}/g)?.join(CRLF) ?? '';
}

function part(type: 'text/plain' | 'text/html', content: string): string {
	return [`Content-Type: ${type}; charset=utf-8`, 'Content-Transfer-Encoding: base64', '', base64Body(content)].join(
		CRLF,
	);
}

export function buildMime(m: MimeMessage): string {
	const headers = [
		`From: ${encodeAddress(m.from)}`,
		`To: ${encodeAddress(m.to)}`,
		`Subject: ${encodeHeaderText(m.subject)}`,
		`Message-ID: ${m.messageId}`,
		`Date: ${m.date.toUTC().setLocale('en-US').toRFC2822()}`,
		...(m.listUnsubscribe
			? [`List-Unsubscribe: <${m.listUnsubscribe}>`, 'List-Unsubscribe-Post: List-Unsubscribe=One-Click']
			: []),
		'MIME-Version: 1.0',
	];
	if (m.html === null) return [...headers, part('text/plain', m.text)].join(CRLF) + CRLF;
	// Base64 never contains "-", so this boundary cannot occur inside a part.
	const boundary = `chairside-${hashOf(m.messageId).slice(0, 24)}`;
	return [
		...headers,
		`Content-Type: multipart/alternative;${CRLF} boundary="${boundary}"`,
		'',
		`--${boundary}`,
		part('text/plain', m.text),
		`--${boundary}`,
		part('text/html', m.html),
		`--${boundary}--`,
		'',
	].join(CRLF);
}

/** Gmail's `raw`: the message in base64url without padding. */
export function toBase64Url(message: string): string {
	return Buffer.from(message, 'utf8').toString('base64url');
}
