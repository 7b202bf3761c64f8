/**
 * Retention: which rows leave the live journal (the table every tick reads whole) for the archive
 * table, so the live table stays the size of the practice's active work, not of its history.
 *
 * A row moves to the archive (never just deleted: the archive is the audit of who was sent what,
 * when, and why) once nothing a tick, a reply or the guard decides with can need it again:
 *
 *   enrollment  finished or stopped, and ended more than `liveDays` ago. Until then it keeps the
 *               subject (a case still unscheduled, a patient still lapsed) from being enrolled again.
 *   touch, task of an enrollment that has ended (or is gone), and older than RECENT_DAYS (the
 *               caps count the last 7 days of sends, across journeys), or with their enrollment.
 *               An open task stays until staff close it.
 *   reply, offer older than RECENT_DAYS (a duplicate delivery comes within minutes; an offer holds 48 h).
 *   patient     never: an opt-out holds for good.
 *
 * Archived rows are deleted from the archive `auditDays` after their own date.
 */
import type { DateTime } from 'luxon';
import { z } from 'zod';
import type { JournalRow } from './journal';

export const ARCHIVE_TABLE = 'chairside_archive';

/** The guard's recentSends span 7 days (engine.ts); one day more covers "today" in every zone. */
export const RECENT_DAYS = 8;

/**
 * The longest look-back of a shipped workflow's PMS query (implant milestones: 240 days) plus a
 * month: an ended enrollment kept at least this long cannot be met again by the query that made it.
 */
export const MIN_LIVE_DAYS = 270;

export const retentionPolicy = z
	.object({
		liveDays: z
			.number()
			.int()
			.min(
				MIN_LIVE_DAYS,
				`must be at least ${MIN_LIVE_DAYS} days, longer than the implant journey's 240-day look-back`,
			),
		auditDays: z.number().int().min(365, 'must be at least 365 days'),
	})
	.refine((p) => p.auditDays >= p.liveDays, {
		message: 'audit rows must be kept at least as long as finished enrollments',
		path: ['auditDays'],
	});
export type RetentionPolicy = z.infer<typeof retentionPolicy>;

export interface Sweep {
	/** Rows to copy into the archive table and then delete from the live journal. */
	archive: JournalRow[];
	/** Archive rows dated before this instant are past the audit retention. */
	auditBefore: string;
}

const ENDED = new Set(['finished', 'stopped']);

/** `at` as epoch ms; a row without a readable date never ages out (kept rather than guessed). */
function age(r: JournalRow): number {
	const t = r.at ? Date.parse(r.at) : NaN;
	return Number.isNaN(t) ? Infinity : t;
}

export function sweep(rows: JournalRow[], now: DateTime, policy: RetentionPolicy): Sweep {
	const liveBefore = now.minus({ days: policy.liveDays }).toMillis();
	const recentBefore = now.minus({ days: RECENT_DAYS }).toMillis();
	const ended = new Map<string, boolean>(); // enrollment key -> it is archived in this sweep
	for (const r of rows) {
		if (r.kind === 'enrollment' && r.status && ENDED.has(r.status)) ended.set(r.key, age(r) < liveBefore);
	}
	const live = new Set(rows.filter((r) => r.kind === 'enrollment' && !ended.has(r.key)).map((r) => r.key));
	const archive = rows.filter((r) => {
		switch (r.kind) {
			case 'patient':
				return false;
			case 'enrollment':
				return ended.get(r.key) === true;
			case 'touch':
			case 'task': {
				if (r.kind === 'task' && r.status === 'open') return false;
				if (r.enrollment && ended.get(r.enrollment)) return true;
				return !(r.enrollment && live.has(r.enrollment)) && age(r) < recentBefore;
			}
			case 'reply':
			case 'offer':
				return age(r) < recentBefore;
		}
	});
	return { archive, auditBefore: now.minus({ days: policy.auditDays }).toUTC().toISO() as string };
}
