import type { CaseStatus } from '../model/case';

/**
 * Status words the three PMSs print (and their numeric database values), mapped to Chairside's
 * four case states. Dentrix case statuses, Eaglesoft service states, Open Dental ProcStat.
 */
const WORDS: Record<string, CaseStatus> = {
	'': 'unscheduled',
	tp: 'unscheduled',
	tpi: 'unscheduled',
	'1': 'unscheduled',
	'8': 'unscheduled',
	treatmentplanned: 'unscheduled',
	planned: 'unscheduled',
	proposed: 'unscheduled',
	created: 'unscheduled',
	printed: 'unscheduled',
	preauth: 'unscheduled',
	followupmade: 'unscheduled',
	preferred: 'unscheduled',
	accepted: 'unscheduled',
	pending: 'unscheduled',
	unscheduled: 'unscheduled',
	open: 'unscheduled',
	scheduled: 'scheduled',
	appointed: 'scheduled',
	booked: 'scheduled',
	c: 'completed',
	ec: 'completed',
	eo: 'completed',
	'2': 'completed',
	'3': 'completed',
	'4': 'completed',
	complete: 'completed',
	completed: 'completed',
	done: 'completed',
	rejected: 'declined',
	declined: 'declined',
	refused: 'declined',
};

const seen = new Map<string, CaseStatus | null>();

/** Exports print a handful of distinct statuses on thousands of lines: look each up once. */
export function statusFromText(raw: string): CaseStatus | null {
	let status = seen.get(raw);
	if (status === undefined) {
		status = WORDS[raw.toLowerCase().replace(/[^a-z0-9]/g, '')] ?? null;
		if (seen.size < 1000) seen.set(raw, status);
	}
	return status;
}
