/**
 * The journal: every journey's state as flat rows in one n8n Data Table that all journey
 * workflows share, so staff can read and edit it and an opt-out recorded by one journey holds for
 * all of them. Rows are keyed; writing the same row twice changes nothing (idempotent upserts).
 *
 *   enrollment  <journey>/<subject>          status active | paused | stopped | finished
 *   touch       <journey>/<subject>#<step>   status sent | blocked | skipped | task
 *   patient     patient/<id>                 status opted_out | ok (channel: sms | email | all)
 *   task        task/<enrollment or reply>   status open (staff close it in the table)
 *   reply       reply/<MessageSid>           status: the reply's intent
 *   offer       offer/<patientId>            status open | booked (detail: the openings offered by text)
 */
import { z } from 'zod';

export const JOURNAL_TABLE = 'chairside_journal';

export const JOURNAL_COLUMNS = [
	'key',
	'kind',
	'journey',
	'patientId',
	'subjectId',
	'enrollment',
	'step',
	'channel',
	'status',
	'reason',
	'at',
	'startedAt',
	'providerId',
	'mobile',
	'detail',
] as const;
export type JournalColumn = (typeof JOURNAL_COLUMNS)[number];

export const ROW_KINDS = ['enrollment', 'touch', 'patient', 'task', 'reply', 'offer'] as const;
export type RowKind = (typeof ROW_KINDS)[number];

/** One row, every column present (null when unused) so an upsert never leaves stale values. */
export type JournalRow = { key: string; kind: RowKind } & Record<Exclude<JournalColumn, 'key' | 'kind'>, string | null>;

const cell = z
	.union([z.string(), z.number(), z.boolean(), z.null(), z.undefined(), z.date()])
	.transform((v) => (v === undefined || v === null ? null : v instanceof Date ? v.toISOString() : String(v)));

const rowSchema = z
	.object({ key: z.string().min(1), kind: z.enum(ROW_KINDS) })
	.extend(
		Object.fromEntries(
			JOURNAL_COLUMNS.filter((c) => c !== 'key' && c !== 'kind').map((c) => [c, cell.optional()]),
		) as Record<Exclude<JournalColumn, 'key' | 'kind'>, z.ZodOptional<typeof cell>>,
	);

export function row(f: Partial<JournalRow> & { key: string; kind: RowKind }): JournalRow {
	// One literal, so every row shares one shape: filling an object column by column made reading a
	// 65,000-row journal several times slower (bench/journal.bench.ts), and every tick reads it whole.
	// JournalRow's type makes the compiler name any column of JOURNAL_COLUMNS missing here.
	return {
		key: f.key,
		kind: f.kind,
		journey: f.journey ?? null,
		patientId: f.patientId ?? null,
		subjectId: f.subjectId ?? null,
		enrollment: f.enrollment ?? null,
		step: f.step ?? null,
		channel: f.channel ?? null,
		status: f.status ?? null,
		reason: f.reason ?? null,
		at: f.at ?? null,
		startedAt: f.startedAt ?? null,
		providerId: f.providerId ?? null,
		mobile: f.mobile ?? null,
		detail: f.detail ?? null,
	};
}

/**
 * Rows as the Data table node returns them (plus its id/createdAt/updatedAt columns). An empty
 * item (the node's "always output data" on an empty table) is skipped; a malformed row is an error
 * naming its key or position.
 */
export function readJournal(items: Array<Record<string, unknown>>): JournalRow[] {
	const rows: JournalRow[] = [];
	items.forEach((json, i) => {
		if (!json || Object.keys(json).length === 0) return;
		// The common case (a row this package wrote) without zod; zod explains anything else.
		if (isPlainRow(json)) {
			rows.push(row(json as Partial<JournalRow> & { key: string; kind: RowKind }));
			return;
		}
		const parsed = rowSchema.safeParse(json);
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			const where = typeof json.key === 'string' ? `row "${json.key}"` : `row ${i + 1}`;
			throw new Error(`Journal ${where}: ${issue.path.join('.')}: ${issue.message}`);
		}
		rows.push(row(parsed.data as Partial<JournalRow> & { key: string; kind: RowKind }));
	});
	return rows;
}

const KINDS = new Set<string>(ROW_KINDS);
function isPlainRow(json: Record<string, unknown>): boolean {
	if (typeof json.key !== 'string' || !json.key || typeof json.kind !== 'string' || !KINDS.has(json.kind)) return false;
	for (const c of JOURNAL_COLUMNS) {
		const v = json[c];
		if (v !== undefined && v !== null && typeof v !== 'string') return false;
	}
	return true;
}

export const enrollmentKey = (journey: string, subjectId: string) => `${journey}/${subjectId}`;
export const touchKey = (enrollment: string, step: string) => `${enrollment}#${step}`;
export const patientKey = (patientId: string) => `patient/${patientId}`;

/** The journal indexed the ways the engine reads it. */
export class JournalIndex {
	readonly enrollments = new Map<string, JournalRow>();
	readonly touchesByEnrollment = new Map<string, JournalRow[]>();
	readonly sendsByPatient = new Map<string, string[]>();
	readonly patients = new Map<string, JournalRow>();
	readonly patientsByMobile = new Map<string, string>();
	/** STOP from a number the journal did not know yet: honoured for whoever has that mobile. */
	readonly optedOutMobiles = new Set<string>();
	readonly replies = new Set<string>();
	/** Each patient's recorded replies (what they said no to, complained about: core/journey/complaints.ts). */
	readonly repliesByPatient = new Map<string, JournalRow[]>();
	/** The latest openings offered to each patient by text (booking from a reply). */
	readonly offers = new Map<string, JournalRow>();

	constructor(rows: JournalRow[]) {
		for (const r of rows) {
			switch (r.kind) {
				case 'enrollment':
					this.enrollments.set(r.key, r);
					if (r.mobile && r.patientId) this.patientsByMobile.set(r.mobile, r.patientId);
					break;
				case 'touch':
					if (r.enrollment) push(this.touchesByEnrollment, r.enrollment, r);
					if (r.status === 'sent' && r.patientId && r.at && (r.channel === 'sms' || r.channel === 'email'))
						push(this.sendsByPatient, r.patientId, r.at);
					break;
				case 'patient':
					if (r.patientId) this.patients.set(r.patientId, r);
					else if (r.mobile && r.status === 'opted_out') this.optedOutMobiles.add(r.mobile);
					if (r.mobile && r.patientId) this.patientsByMobile.set(r.mobile, r.patientId);
					break;
				case 'reply':
					this.replies.add(r.key);
					if (r.patientId) push(this.repliesByPatient, r.patientId, r);
					break;
				case 'offer':
					if (r.patientId) this.offers.set(r.patientId, r);
					break;
				case 'task':
					break;
			}
		}
	}

	optedOut(patientId: string, mobile: string | null = null): { sms: boolean; email: boolean } {
		const p = this.patients.get(patientId);
		const byMobile = mobile !== null && this.optedOutMobiles.has(mobile);
		if (!p || p.status !== 'opted_out') return { sms: byMobile, email: false };
		return { sms: p.channel !== 'email', email: p.channel === 'email' || p.channel === 'all' };
	}

	enrollmentsOf(patientId: string): JournalRow[] {
		return [...this.enrollments.values()].filter((e) => e.patientId === patientId);
	}
}

function push<T>(map: Map<string, T[]>, key: string, value: T) {
	const list = map.get(key);
	if (list) list.push(value);
	else map.set(key, [value]);
}
