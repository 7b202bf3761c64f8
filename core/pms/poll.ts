/**
 * PMS Trigger's poll, the part every backend shares (core/pms/events.ts describes the cursor): the
 * changes stamped since the cursor, with the cursor's own second read again and what was delivered
 * there suppressed, and the date-driven lists (recalls, lapses) for the days after the last scan. A
 * backend reads its rows and stamps them; what counts as new, what the next cursor is and which days
 * a recall or a lapse is due on are decided here.
 */
import { createHash } from 'node:crypto';
import type { TreatmentCase } from '../model/case';
import type { ClinicalEvent, LapsedPatient, Recall } from '../model/clinical';
import { shiftDay } from './calendar';
import type { PmsEvent, PmsEventType, PollCursor, PollRequest } from './events';
import { crossedSince } from './lapsed';
import type { WithPmsIds } from './reader';

/** An event with the change stamp (practice-local "yyyy-MM-dd HH:mm:ss") of the row it came from. */
export interface Stamped {
	event: PmsEvent;
	stamp: string;
}

/** A row as read at its stamp (see BoundaryRows). */
export interface ReadMark {
	stamp: string;
	mark: string;
}

/**
 * The rows of the cursor's own second that the last poll read as they are now are done: skipped
 * before any per-row request, so a burst of changes in one second is paid for once. Every row read
 * is remembered for the next cursor.
 */
export class BoundaryRows {
	readonly read: ReadMark[] = [];
	private readonly seen: Set<string>;

	constructor(private readonly cursor: PollCursor) {
		this.seen = new Set(cursor.boundaryRows ?? []);
	}

	unseen<T>(rows: T[], stampOf: (row: T) => string | null | undefined, markOf: (row: T) => string): T[] {
		const since = this.cursor.changesSince;
		return rows.filter((row) => {
			const stamp = stampOf(row) ?? since;
			const mark = markOf(row);
			this.read.push({ stamp, mark });
			return !(stamp === since && this.seen.has(mark));
		});
	}
}

/** Which change lists a poll asks for: procedures (completed, re-planned), appointments. */
export function changeLists(events: PmsEventType[]): { procedures: boolean; appointments: boolean } {
	const wants = new Set(events);
	return {
		procedures: wants.has('procedure_completed') || wants.has('treatment_unscheduled'),
		appointments:
			wants.has('appointment_scheduled') || wants.has('appointment_broken') || wants.has('appointment_completed'),
	};
}

/**
 * A row as it was read: its kind, id and a digest of its fields. The same mark at the cursor's
 * second means the row has not changed since the last poll read it; any edit in that second, a
 * fee or a status, makes a new mark and the row is read as a change.
 */
export function rowMark(kind: 'procedure' | 'appointment', id: number, fields: object): string {
	return `${kind}:${id}:${createHash('sha256').update(JSON.stringify(fields)).digest('base64url').slice(0, 12)}`;
}

/**
 * The events to emit and the next cursor. The newest stamp read becomes the cursor; the keys (and,
 * with `read`, the row marks) at exactly that second are kept, added to the old ones when the second
 * did not move, so the next poll reads that second again and delivers nothing twice.
 */
export function advance(
	cursor: PollCursor,
	today: string,
	stamped: Stamped[],
	dated: PmsEvent[],
	read?: ReadMark[],
): { events: PmsEvent[]; cursor: PollCursor } {
	const since = cursor.changesSince;
	const delivered = new Set(cursor.boundaryKeys);
	const events = [...stamped.filter(({ event }) => !delivered.has(event.key)).map(({ event }) => event), ...dated];
	const newest = (read ?? stamped).reduce((max, { stamp }) => (stamp > max ? stamp : max), since);
	const boundaryKeys = stamped.filter(({ stamp }) => stamp === newest).map(({ event }) => event.key);
	// Same second as before: what was delivered and read at it then still counts.
	const same = newest === since;
	const next: PollCursor = {
		changesSince: newest,
		boundaryKeys: [...new Set(same ? [...cursor.boundaryKeys, ...boundaryKeys] : boundaryKeys)],
		scannedOn: cursor.scannedOn < today ? today : cursor.scannedOn,
	};
	if (read) {
		const rows = read.filter(({ stamp }) => stamp === newest).map(({ mark }) => mark);
		next.boundaryRows = [...new Set(same ? [...(cursor.boundaryRows ?? []), ...rows] : rows)];
	}
	return { events, cursor: next };
}

export interface DayRange {
	from: string;
	to: string;
}

/** The due dates and last visits that crossed a line on the days after the last scan, up to today. */
export interface DatedWindows {
	/** The first day not scanned yet. */
	from: string;
	/** Due within `recallDaysAhead` on one of those days. */
	recallDue: DayRange;
	/** Past due: the day after the due date was one of them. */
	recallOverdue: DayRange;
	/** `lapsedMonths` since the last visit on one of them. */
	lapsed: DayRange;
}

/** Null when today was scanned already. */
export function datedWindows(request: PollRequest, today: string, zone: string): DatedWindows | null {
	const { scannedOn } = request.cursor;
	if (scannedOn >= today) return null;
	const from = shiftDay(scannedOn, zone, { days: 1 });
	const ahead = request.recallDaysAhead;
	return {
		from,
		recallDue: { from: shiftDay(from, zone, { days: ahead }), to: shiftDay(today, zone, { days: ahead }) },
		recallOverdue: { from: shiftDay(from, zone, { days: -1 }), to: shiftDay(today, zone, { days: -1 }) },
		lapsed: crossedSince(scannedOn, request.now, zone, request.lapsedMonths),
	};
}

export function inRange(date: string, range: DayRange): boolean {
	return date >= range.from && date <= range.to;
}

/** The events' keys: stable per change, the same on every backend for the same kind of change. */
export function recallEvent(
	type: 'recall_due' | 'recall_overdue',
	recall: Recall,
	pmsIds: Record<string, number | string>,
): PmsEvent {
	return { type, key: `recall:${recall.patientId}:${recall.type}:${recall.dueDate}:${type}`, data: recall, pmsIds };
}

export function lapsedEvent({ item, pmsIds }: WithPmsIds<LapsedPatient>): PmsEvent {
	return { type: 'patient_lapsed', key: `lapsed:${item.patient.id}:${item.lastVisit}`, data: item, pmsIds };
}

export function completedEvent(event: ClinicalEvent, pmsIds: Record<string, number | string>): PmsEvent {
	return { type: 'procedure_completed', key: `procedure:${event.id}:C`, data: event, pmsIds };
}

export function unscheduledEvent({ item, pmsIds }: WithPmsIds<TreatmentCase>): PmsEvent {
	return { type: 'treatment_unscheduled', key: `case:${item.caseId}:${item.totalFee}`, data: item, pmsIds };
}
