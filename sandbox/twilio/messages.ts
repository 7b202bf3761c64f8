/**
 * The Message resource as Twilio renders it (snake_case, RFC 2822 dates, num_segments as a
 * string) and the list endpoint's filters and paging: newest first, PageToken paging that stays
 * stable while new messages arrive.
 */
import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { errors } from './errors';

export const API_VERSION = '2010-04-01';

export type MessageStatus =
	'accepted' | 'queued' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'received';

export interface SimMessage {
	sid: string;
	accountSid: string;
	/** outbound-reply: Twilio's own answer to STOP/START/HELP. */
	direction: 'outbound-api' | 'outbound-reply' | 'inbound';
	to: string;
	/** null while a Messaging Service message is still 'accepted' (no pool number chosen yet). */
	from: string | null;
	messagingServiceSid: string | null;
	body: string;
	status: MessageStatus;
	errorCode: number | null;
	errorMessage: string | null;
	numSegments: number;
	encoding: 'GSM-7' | 'UCS-2';
	/** ISO instants (UTC) from the simulator's clock. */
	dateCreated: string;
	dateUpdated: string;
	dateSent: string | null;
	statusCallback: string | null;
	validityPeriod: number | null;
}

export function newSid(prefix: string): string {
	return `${prefix}${randomBytes(16).toString('hex')}`;
}

function rfc2822(iso: string | null): string | null {
	return iso === null ? null : DateTime.fromISO(iso, { zone: 'utc' }).setLocale('en-US').toRFC2822();
}

export function messagesPath(accountSid: string): string {
	return `/${API_VERSION}/Accounts/${accountSid}/Messages`;
}

export function messageJson(m: SimMessage): Record<string, unknown> {
	const base = `${messagesPath(m.accountSid)}/${m.sid}`;
	return {
		account_sid: m.accountSid,
		api_version: API_VERSION,
		body: m.body,
		date_created: rfc2822(m.dateCreated),
		date_sent: rfc2822(m.dateSent),
		date_updated: rfc2822(m.dateUpdated),
		direction: m.direction,
		error_code: m.errorCode,
		error_message: m.errorMessage,
		from: m.from,
		messaging_service_sid: m.messagingServiceSid,
		num_media: '0',
		num_segments: String(m.numSegments),
		price: null,
		price_unit: 'USD',
		sid: m.sid,
		status: m.status,
		subresource_uris: { media: `${base}/Media.json`, feedback: `${base}/Feedback.json` },
		to: m.to,
		uri: `${base}.json`,
	};
}

interface DateBound {
	date?: string;
	instant?: number;
}

/** DateSent filters take a day (yyyy-MM-dd, UTC) or an ISO instant. */
function dateBound(name: string, value: string | null): DateBound | undefined {
	if (value === null) return undefined;
	if (/^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value).isValid) return { date: value };
	const instant = DateTime.fromISO(value, { zone: 'utc' });
	if (/T/.test(value) && instant.isValid) return { instant: instant.toMillis() };
	throw errors.invalidParam(name, value);
}

function matchesBound(sentIso: string, bound: DateBound, cmp: (a: number) => boolean): boolean {
	const sent = DateTime.fromISO(sentIso, { zone: 'utc' });
	if (bound.date !== undefined) {
		const day = sent.toISODate() as string;
		return cmp(day < bound.date ? -1 : day > bound.date ? 1 : 0);
	}
	const diff = sent.toMillis() - (bound.instant as number);
	return cmp(diff < 0 ? -1 : diff > 0 ? 1 : 0);
}

const FILTERS = ['To', 'From', 'DateSent', 'DateSent<', 'DateSent>'] as const;
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;

export function listMessages(
	all: readonly SimMessage[],
	accountSid: string,
	query: URLSearchParams,
): Record<string, unknown> {
	const to = query.get('To');
	const from = query.get('From');
	const on = dateBound('DateSent', query.get('DateSent'));
	// "DateSent<=X" on the wire is the parameter "DateSent<" with value X: on or before X.
	const before = dateBound('DateSent<', query.get('DateSent<'));
	const after = dateBound('DateSent>', query.get('DateSent>'));
	const rows = all
		.map((m, i) => ({ m, i }))
		.filter(({ m }) => (to === null || m.to === to) && (from === null || m.from === from))
		.filter(({ m }) => {
			if (!on && !before && !after) return true;
			if (m.dateSent === null) return false;
			const sent = m.dateSent;
			return (
				(!on || matchesBound(sent, on, (c) => c === 0)) &&
				(!before || matchesBound(sent, before, (c) => c <= 0)) &&
				(!after || matchesBound(sent, after, (c) => c >= 0))
			);
		})
		// Newest first; among equal instants, the later-created message first.
		.sort((a, b) => (a.m.dateCreated === b.m.dateCreated ? b.i - a.i : a.m.dateCreated < b.m.dateCreated ? 1 : -1))
		.map(({ m }) => m);

	const sizeText = query.get('PageSize');
	if (sizeText !== null && !/^\d+$/.test(sizeText)) throw errors.invalidParam('PageSize', sizeText);
	const pageSize = Math.min(Math.max(Number(sizeText ?? DEFAULT_PAGE_SIZE), 1), MAX_PAGE_SIZE);
	const pageText = query.get('Page');
	if (pageText !== null && !/^\d+$/.test(pageText)) throw errors.invalidParam('Page', pageText);
	const page = Number(pageText ?? 0);
	const token = query.get('PageToken');

	let start = page * pageSize;
	let end = start + pageSize;
	if (token !== null) {
		// PA<sid>: the page after that message; PB<sid>: the page before it.
		const match = /^(PA|PB)(.+)$/.exec(token);
		const at = match ? rows.findIndex((m) => m.sid === match[2]) : -1;
		if (!match || at < 0) throw errors.invalidParam('PageToken', token);
		if (match[1] === 'PA') {
			start = at + 1;
			end = start + pageSize;
		} else {
			end = at;
			start = Math.max(0, end - pageSize);
		}
	}
	const items = rows.slice(start, end);

	const base = `${messagesPath(accountSid)}.json`;
	const filters = FILTERS.filter((f) => query.get(f) !== null).map(
		(f) => `${encodeURIComponent(f)}=${encodeURIComponent(query.get(f) as string)}`,
	);
	const uri = (p: number, pageToken?: string): string =>
		`${base}?${[...filters, `PageSize=${pageSize}`, `Page=${p}`, ...(pageToken ? [`PageToken=${pageToken}`] : [])].join('&')}`;
	const hasNext = items.length > 0 && start + items.length < rows.length;
	const hasPrevious = page > 0 && items.length > 0 && start > 0;
	return {
		end: start + Math.max(items.length - 1, 0),
		first_page_uri: uri(0),
		messages: items.map(messageJson),
		next_page_uri: hasNext ? uri(page + 1, `PA${items[items.length - 1].sid}`) : null,
		page,
		page_size: pageSize,
		previous_page_uri: hasPrevious ? uri(page - 1, `PB${items[0].sid}`) : null,
		start,
		uri: uri(page, token ?? undefined),
	};
}
