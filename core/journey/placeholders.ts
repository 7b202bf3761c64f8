/**
 * The placeholders message copy may use. The list is closed so a typo in a practice's edited copy
 * is refused when the template is read (core/journey/template.ts), not sent to a patient; the
 * copy fills them (core/journey/copy.ts).
 */
export const PLACEHOLDERS = [
	'firstName',
	'lastName',
	'practiceName',
	'practicePhone',
	'practiceAddress',
	'bookingLink',
	'provider',
	'treatment',
	'caseValue',
	'costRange',
	'presentedOn',
	'dueMonth',
	'missedOn',
	'monthsSinceVisit',
	'milestone',
	'nextPhase',
	'nextPhaseWindow',
	'visitTime',
	'reviewLink',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** `{{name}}` in copy; global, so use it with matchAll or replace only. */
export const PLACEHOLDER_PATTERN = /\{\{\s*([A-Za-z]+)\s*\}\}/g;
const KNOWN = new Set<string>(PLACEHOLDERS);

export const isPlaceholder = (name: string): name is Placeholder => KNOWN.has(name);

/** Placeholders in a text that are not in the list. */
export function unknownPlaceholders(text: string): string[] {
	return [...text.matchAll(PLACEHOLDER_PATTERN)].map((m) => m[1]).filter((name) => !KNOWN.has(name));
}
