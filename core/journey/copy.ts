/**
 * Message copy: the placeholders a template may use and how they are filled. The list is closed
 * so a typo in a practice's edited copy is refused when the template is read, not sent to a patient.
 */
import { DateTime } from 'luxon';
import type { Condition, JourneyStep } from './template';
import type { JourneySubject } from './subject';
import { MILESTONE_WORDS, NEXT_PHASE, windowWords } from './milestones';
import type { PracticeProfile as Practice } from '../practice/profile';
import { isPlaceholder, PLACEHOLDER_PATTERN, type Placeholder } from './placeholders';

/** The practice facts message copy uses, from the practice profile (core/practice/profile.ts). */
export type PracticeProfile = Pick<
	Practice,
	'name' | 'phone' | 'address' | 'bookingLink' | 'providerNames' | 'defaultProvider'
> &
	Partial<Pick<Practice, 'reviewLink'>>;

/** Whole dollars with thousands separators: "$1,776". */
export const money = (n: number) => `$${Math.round(n).toLocaleString('en-US')}`;

/** A range rather than the exact fee: insurance and the final plan change the figure. */
export function costRange(fee: number): string {
	const low = Math.max(0, Math.floor((fee * 0.9) / 50) * 50);
	const high = Math.ceil((fee * 1.1) / 50) * 50;
	return low === high ? money(low) : `${money(low)} - ${money(high)}`;
}

export function holds(condition: Condition | undefined, subject: JourneySubject): boolean {
	if (!condition) return true;
	if (condition.minCaseValue !== undefined && subject.value < condition.minCaseValue) return false;
	if (condition.maxCaseValue !== undefined && subject.value > condition.maxCaseValue) return false;
	if (condition.categories && !condition.categories.includes(subject.category)) return false;
	if (condition.milestones && !(subject.milestone && condition.milestones.includes(subject.milestone))) return false;
	if (condition.unbooked && subject.nextBooked) return false;
	if (condition.scope && condition.scope !== subject.scope) return false;
	if (condition.unconfirmed && subject.confirmed) return false;
	if (condition.visit && subject.kind !== (condition.visit === 'upcoming' ? 'appointment' : 'visit')) return false;
	return true;
}

/** One placeholder's text, computed only when the copy uses it (Decide renders thousands per tick). */
function value(name: Placeholder, subject: JourneySubject, practice: PracticeProfile): string {
	const p = subject.patient;
	const date = (iso: string | null, format: string) =>
		iso ? DateTime.fromISO(iso, { zone: 'utc' }).toFormat(format) : '';
	switch (name) {
		case 'firstName':
			return p.firstName;
		case 'lastName':
			return p.lastName;
		case 'practiceName':
			return practice.name;
		case 'practicePhone':
			return practice.phone;
		case 'practiceAddress':
			return practice.address;
		case 'bookingLink':
			return practice.bookingLink;
		case 'provider':
			return (subject.provider && practice.providerNames[subject.provider]) || practice.defaultProvider;
		case 'treatment':
			return subject.layman;
		case 'caseValue':
			return money(subject.value);
		case 'costRange':
			return costRange(subject.value);
		case 'presentedOn':
			return date(subject.presentedOn, 'LLL d');
		case 'dueMonth':
			return date(subject.anchorDate, 'LLLL');
		case 'missedOn':
			return date(subject.anchorDate, 'LLL d');
		case 'monthsSinceVisit':
			return subject.monthsSinceVisit === null ? '' : String(subject.monthsSinceVisit);
		case 'milestone':
			return subject.milestone ? MILESTONE_WORDS[subject.milestone] : subject.layman;
		case 'nextPhase': {
			const next = subject.milestone ? NEXT_PHASE[subject.milestone] : null;
			return next ? MILESTONE_WORDS[next] : 'your next visit';
		}
		case 'nextPhaseWindow':
			return subject.phaseWindow ? windowWords(subject.phaseWindow) : 'soon';
		case 'visitTime':
			return subject.appointmentAt ? visitWords(subject.appointmentAt) : 'your visit';
		case 'reviewLink':
			return practice.reviewLink ?? '';
	}
}

/**
 * "Tue, Dec 1 at 9:00 AM" in `zone`, or on the instant's own clock without one (the PMS gives a
 * visit's start with the practice's offset: the time the patient was told). English whatever the
 * server's locale: the copy around it is English.
 */
export function visitWords(iso: string, zone?: string): string {
	const at = DateTime.fromISO(iso, { setZone: true });
	return (zone ? at.setZone(zone) : at).setLocale('en-US').toFormat("ccc, LLL d 'at' h:mm a");
}

/** The placeholders a journey's copy uses, anywhere (bodies, subjects, blocks). */
export function placeholdersOf(steps: ReadonlyArray<Pick<JourneyStep, 'body' | 'subject' | 'blocks'>>): Set<string> {
	const texts = steps.flatMap((s) => [s.body, s.subject ?? '', ...s.blocks.map((b) => b.text)]);
	return new Set(texts.flatMap((t) => [...t.matchAll(PLACEHOLDER_PATTERN)].map((m) => m[1])));
}

export function fill(text: string, subject: JourneySubject, practice: PracticeProfile): string {
	return text.replace(PLACEHOLDER_PATTERN, (_, name: string) =>
		isPlaceholder(name) ? value(name, subject, practice) : '',
	);
}

export interface RenderedCopy {
	subject: string | null;
	body: string;
	html: string | null;
}

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const linkify = (s: string) => s.replace(/https?:\/\/[^\s<]+[^\s<.,)]/g, (url) => `<a href="${url}">${url}</a>`);

/** The step's text with its conditional blocks, filled in; emails also get HTML and the CAN-SPAM footer. */
export function render(step: JourneyStep, subject: JourneySubject, practice: PracticeProfile): RenderedCopy {
	const paragraphs = [step.body, ...step.blocks.filter((b) => holds(b.when, subject)).map((b) => b.text)].map((t) =>
		fill(t, subject, practice),
	);
	if (step.channel !== 'email') return { subject: null, body: paragraphs.join(' '), html: null };
	const footer = `${practice.name} - ${practice.address}\nTo stop these emails, reply "unsubscribe" or call ${practice.phone}.`;
	const text = [...paragraphs, footer].join('\n\n');
	const html = [
		...paragraphs.map((p) => `<p>${linkify(escapeHtml(p)).replace(/\n/g, '<br>')}</p>`),
		`<p style="color:#667085;font-size:12px">${escapeHtml(footer).replace(/\n/g, '<br>')}</p>`,
	].join('\n');
	return {
		subject: fill(step.subject ?? '', subject, practice),
		body: text,
		html: `<div style="font-family:Arial,sans-serif;font-size:15px;line-height:1.5;color:#1d2939">${html}</div>`,
	};
}
