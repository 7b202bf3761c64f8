/**
 * What Gmail does with a message it sends, and how users.messages.get renders it: recipients
 * are required, From becomes the mailbox when it names anyone else, Message-ID and Date are
 * added when missing, and the stored copy comes back in the raw, full, metadata or minimal format.
 */
import { randomBytes } from 'node:crypto';
import { gmailErrors } from './errors';
import { addresses, findPart, header, type MimePart, parseMessage, partText } from './mime';

export interface SentMail {
	id: string;
	threadId: string;
	labelIds: string[];
	/** The message as Gmail stored it (with any header Gmail added or rewrote), as UTF-8 text. */
	raw: string;
	/** Lowercased name -> decoded value; the first occurrence of a repeated header. */
	headers: Record<string, string>;
	from: string;
	/** '' when the message has no To (Cc or Bcc only). */
	to: string;
	cc: string | null;
	bcc: string | null;
	/** '' when the message has no Subject. */
	subject: string;
	/** Message-ID as stored, angle brackets included. */
	messageId: string;
	/** Bare addresses from To, Cc and Bcc. */
	recipients: string[];
	/** The decoded text/plain part, line breaks as \n; '' when there is none. */
	text: string;
	/** The decoded text/html part, line breaks as \n; null when there is none. */
	html: string | null;
	/** ISO instant (UTC) from the simulator's clock. */
	at: string;
	/** Which endpoint carried it: JSON raw, /upload media, or /upload multipart. */
	via: 'json' | 'media' | 'multipart';
}

/** The stored message with what rendering needs and the public record leaves out. */
export interface StoredMail {
	mail: SentMail;
	bytes: Buffer;
	root: MimePart;
	internalDate: number;
	historyId: number;
}

export interface AcceptOptions {
	sender: string;
	nowMs: number;
	nowRfc2822: string;
	atIso: string;
	messageIds: 'keep' | 'replace';
	threadId?: string;
	via: SentMail['via'];
	historyId: number;
}

export function newGmailId(): string {
	// Gmail ids are 16 hex digits and never start with 0 in practice.
	return `1${randomBytes(8).toString('hex').slice(1)}`;
}

export function acceptMessage(bytes: Buffer, opts: AcceptOptions): StoredMail {
	const first = parseMessage(bytes);
	const get = (name: string): string | undefined => header(first.root, name);
	const recipientHeaders = ['to', 'cc', 'bcc'].map(get).filter((v): v is string => v !== undefined);
	if (recipientHeaders.length === 0) throw gmailErrors.invalidArgument('Recipient address required');
	const recipients = recipientHeaders.flatMap((v) => addresses(v));
	if (recipients.length === 0) throw gmailErrors.invalidArgument('Invalid To header');

	// Header lines Gmail adds or rewrites go first; the client's other lines stay byte for byte.
	const added: string[] = [];
	const drop = new Set<string>();
	const fromAddress = addresses(get('from'))[0];
	if (!fromAddress || fromAddress.toLowerCase() !== opts.sender.toLowerCase()) {
		added.push(`From: ${opts.sender}`);
		drop.add('from');
	}
	const clientId = get('message-id');
	if (!clientId || !/^<[^<>\s]+@[^<>\s]+>$/.test(clientId.trim()) || opts.messageIds === 'replace') {
		added.push(`Message-ID: <CA${randomBytes(24).toString('base64url')}@mail.gmail.com>`);
		drop.add('message-id');
	}
	if (!get('date')) added.push(`Date: ${opts.nowRfc2822}`);
	const kept = first.root.headers.filter((h) => !drop.has(h.name.toLowerCase())).map((h) => h.raw);
	const eol = first.separator.startsWith('\r\n') || /\r\n/.test(first.headerBlock) ? '\r\n' : '\n';
	const stored =
		added.length === 0
			? bytes
			: Buffer.from(`${[...added, ...kept].join(eol)}${first.separator || eol + eol}${first.bodyRaw}`, 'latin1');
	const { root } = added.length === 0 ? first : parseMessage(stored);

	const headers: Record<string, string> = {};
	for (const h of root.headers) headers[h.name.toLowerCase()] ??= h.value;
	const textPart = findPart(root, 'text/plain');
	const htmlPart = findPart(root, 'text/html');
	const id = newGmailId();
	const mail: SentMail = {
		id,
		threadId: opts.threadId ?? id,
		labelIds: ['SENT'],
		raw: stored.toString('utf8'),
		headers,
		from: headers.from,
		to: headers.to ?? '',
		cc: headers.cc ?? null,
		bcc: headers.bcc ?? null,
		subject: headers.subject ?? '',
		messageId: headers['message-id'],
		recipients,
		text: textPart ? partText(textPart).replace(/\r\n/g, '\n') : '',
		html: htmlPart ? partText(htmlPart).replace(/\r\n/g, '\n') : null,
		at: opts.atIso,
		via: opts.via,
	};
	return { mail, bytes: stored, root, internalDate: opts.nowMs, historyId: opts.historyId };
}

export type Format = 'full' | 'metadata' | 'minimal' | 'raw';

export function renderMessage(stored: StoredMail, format: Format, metadataHeaders: string[]): Record<string, unknown> {
	const { mail } = stored;
	const base: Record<string, unknown> = {
		id: mail.id,
		threadId: mail.threadId,
		labelIds: mail.labelIds,
		snippet: snippet(mail),
		sizeEstimate: stored.bytes.length,
		historyId: String(stored.historyId),
		internalDate: String(stored.internalDate),
	};
	if (format === 'raw') return { ...base, raw: stored.bytes.toString('base64url') };
	if (format === 'minimal') return base;
	if (format === 'metadata') {
		const wanted = metadataHeaders.map((h) => h.toLowerCase());
		const headers = stored.root.headers
			.filter((h) => wanted.length === 0 || wanted.includes(h.name.toLowerCase()))
			.map((h) => ({ name: h.name, value: h.value }));
		return { ...base, payload: { mimeType: stored.root.mimeType, headers } };
	}
	return { ...base, payload: payload(stored.root, '') };
}

function payload(part: MimePart, partId: string): Record<string, unknown> {
	const json: Record<string, unknown> = {
		partId,
		mimeType: part.mimeType,
		filename: part.filename ?? '',
		headers: part.headers.map((h) => ({ name: h.name, value: h.value })),
		body: part.parts.length > 0 ? { size: 0 } : { size: part.body.length, data: part.body.toString('base64url') },
	};
	if (part.parts.length > 0)
		json.parts = part.parts.map((p, i) => payload(p, partId === '' ? String(i) : `${partId}.${i}`));
	return json;
}

function snippet(mail: SentMail): string {
	const source = mail.text || (mail.html ?? '').replace(/<[^>]*>/g, ' ');
	const flat = source.replace(/\s+/g, ' ').trim().slice(0, 200);
	return flat
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;');
}
