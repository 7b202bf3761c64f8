/**
 * Implant journeys follow the patient milestone by milestone (docs/facts.md#implant-journey): each
 * completed milestone is its own enrollment, the latest one per patient is the one that speaks,
 * and the gap to the next phase is a window the template can tune.
 */
import { IMPLANT_MILESTONES, type ImplantMilestone } from '../model/clinical';
import type { JourneySubject, SubjectInput } from './subject';
import type { Journey } from './template';

/** How the patient hears each milestone named: no codes, no tooth numbers. */
export const MILESTONE_WORDS: Readonly<Record<ImplantMilestone, string>> = {
	extraction: 'your tooth removal',
	graft: 'your bone graft',
	implant_placement: 'your implant placement',
	second_stage: 'your implant uncovering visit',
	abutment: 'your abutment visit',
	final_crown: 'your new crown',
};

/** What comes after each milestone; null: the journey is done. */
export const NEXT_PHASE: Readonly<Record<ImplantMilestone, ImplantMilestone | null>> = {
	extraction: 'implant_placement',
	graft: 'implant_placement',
	implant_placement: 'abutment',
	second_stage: 'abutment',
	abutment: 'final_crown',
	final_crown: null,
};

export interface PhaseWindow {
	/** Days after the milestone the next phase may be booked (healing done). */
	opensDays: number;
	/** Days after the milestone the next phase should have happened. */
	closesDays: number;
}

/** "in about 3-4 months", "in 1-2 weeks": the window as a patient reads it. */
export function windowWords(window: PhaseWindow): string {
	const weeks = (d: number) => Math.round(d / 7);
	const months = (d: number) => Math.round(d / 30.4);
	if (window.closesDays < 60) return `in about ${weeks(window.opensDays)}-${weeks(window.closesDays)} weeks`;
	return `in about ${months(window.opensDays)}-${months(window.closesDays)} months`;
}

/** Several implants placed in one visit: a full-arch (or multi-implant) plan, not a single tooth. */
const FULL_ARCH_UNITS = 2;

/**
 * The run's milestone subjects settled against each other: the events of one visit are one
 * subject (counted in units: several implants is a full-arch plan), and only each patient's latest
 * milestone stays open; earlier ones are superseded, so their reminders end when the next begins.
 */
export function settleMilestones(inputs: SubjectInput[], journey: Journey): SubjectInput[] {
	const bySubject = new Map<string, SubjectInput>();
	for (const input of inputs) {
		const s = input.subject;
		if (s.kind !== 'milestone') {
			bySubject.set(s.subjectId, input); // the last copy in the run wins
			continue;
		}
		const units = (bySubject.get(s.subjectId)?.subject.units ?? 0) + 1;
		const phaseWindow = journey.phaseWindows[s.milestone as ImplantMilestone] ?? null;
		bySubject.set(s.subjectId, {
			...input,
			subject: { ...s, units, scope: units >= FULL_ARCH_UNITS ? 'full_arch' : 'single', phaseWindow },
		});
	}
	const latest = new Map<string, JourneySubject>();
	const rank = (s: JourneySubject) =>
		`${s.anchorDate ?? ''}#${IMPLANT_MILESTONES.indexOf(s.milestone as ImplantMilestone)}`;
	for (const { subject } of bySubject.values()) {
		if (subject.kind !== 'milestone') continue;
		const current = latest.get(subject.patient.id);
		if (!current || rank(subject) > rank(current)) latest.set(subject.patient.id, subject);
	}
	return [...bySubject.values()].map((input) => {
		const s = input.subject;
		if (s.kind !== 'milestone' || latest.get(s.patient.id) === s) return input;
		return { ...input, subject: { ...s, state: 'superseded' } };
	});
}
