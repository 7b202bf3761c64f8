/**
 * One tick of a journey over every enrollment: enroll new subjects, decide each enrollment,
 * keep at most one message per patient per local day across all journeys, and say which journal
 * rows to write. The node turns the result into items on its outputs.
 */
import { DateTime } from 'luxon';
import { DEFAULT_CLINICAL_WORDS, phiMatcher } from '../guard';
import type { MessageChannel, OutboundTouch } from '../messaging/touch';
import { render, holds, fill, placeholdersOf, type PracticeProfile } from './copy';
import { complainedWithin } from './complaints';
import { decide, type Decision } from './decide';
import type { SendPolicy } from '../practice/send-policy';
import { TickClock } from './clock';
import { enrollmentKey, JournalIndex, row, touchKey, type JournalRow } from './journal';
import { settleMilestones } from './milestones';
import { stepWords } from './step-words';
import type { JourneySubject, SubjectInput } from './subject';

export type { SubjectInput };
import type { Journey, JourneyStep } from './template';

export interface TickContext {
	journey: Journey;
	practice: PracticeProfile;
	/** The practice's send window and caps (its profile): the same policy the guard checks. */
	send: SendPolicy;
	now: DateTime;
	/** Enroll subjects that have no enrollment yet (Decide does by default; Enroll alone does only this). */
	enroll: boolean;
}

export type TickItem =
	| {
			output: 'sms' | 'email';
			item: number | null;
			json: OutboundTouch & {
				chartNote: string;
				decision: DecisionSummary;
				journal: JournalRow[];
				enrollmentRow: JournalRow;
			};
	  }
	| { output: 'task'; item: number | null; json: StaffTask }
	| { output: 'waiting' | 'finished' | 'stopped'; item: number | null; json: DecisionItem };

export interface DecisionSummary {
	type: Decision['type'];
	reason: string | null;
	step: string | null;
	dueAt: string | null;
	until: string | null;
}

export interface DecisionItem {
	kind: 'chairside.decision';
	enrollment: string;
	journey: string;
	patientId: string;
	subjectId: string;
	decision: DecisionSummary;
	journal: JournalRow[];
}

export interface StaffTask {
	kind: 'chairside.task';
	enrollment: string;
	journey: string;
	patientId: string;
	subjectId: string;
	step: string;
	dueAt: string;
	/** What the front desk should do, in plain words (no codes, tooth numbers or diagnoses). */
	task: string;
	decision: DecisionSummary;
	journal: JournalRow[];
}

export function newEnrollment(journey: Journey, subject: JourneySubject, now: DateTime): JournalRow {
	return row({
		key: enrollmentKey(journey.id, subject.subjectId),
		kind: 'enrollment',
		journey: journey.id,
		patientId: subject.patient.id,
		subjectId: subject.subjectId,
		status: 'active',
		startedAt: now.toUTC().toISO(),
		at: now.toUTC().toISO(),
		mobile: subject.patient.mobile,
	});
}

/** Whether a subject may enter the journey; the reason when it may not. */
export function entryRefusal(journey: Journey, subject: JourneySubject): string | null {
	if (subject.state !== 'open') return `already ${subject.state}`;
	if (!holds(journey.entry, subject)) return 'below the entry conditions';
	if (!subject.patient.mobile && !subject.patient.email) return 'no mobile number or email';
	return null;
}

const phi = phiMatcher(DEFAULT_CLINICAL_WORDS);

/**
 * The patient's chart entry (Open Dental communication log) for a touch that went out: which
 * journey and which of its messages ("the first text (day 1)"), never the message itself nor the
 * template's step id. A custom journey whose name carries a code, a tooth number or a clinical
 * word gets a generic line instead, so the PMS node (which refuses such notes) always accepts it.
 */
export function touchChartNote(
	journey: Pick<Journey, 'name' | 'anchor' | 'steps'>,
	step: JourneyStep,
	channel: MessageChannel,
): string {
	const verb = channel === 'email' ? 'Emailed the patient' : 'Texted the patient';
	const note = `${verb}: ${journey.name}, ${stepWords(journey, step, channel)}`;
	return phi.find(note) ? `${verb}: an automated follow-up message` : note;
}

function summary(decision: Decision): DecisionSummary {
	const base = { type: decision.type, reason: null, step: null, dueAt: null, until: null };
	switch (decision.type) {
		case 'send':
		case 'task':
			return { ...base, step: decision.step.id, dueAt: decision.dueAt.toISO() };
		case 'wait':
			return { ...base, reason: decision.reason, until: decision.until?.toISO() ?? null };
		case 'finish':
		case 'stop':
			return { ...base, reason: decision.reason };
	}
}

function touchRow(
	enrollment: JournalRow,
	step: JourneyStep,
	status: string,
	at: DateTime,
	reason: string | null = null,
): JournalRow {
	return row({
		key: touchKey(enrollment.key, step.id),
		kind: 'touch',
		journey: enrollment.journey,
		patientId: enrollment.patientId,
		subjectId: enrollment.subjectId,
		enrollment: enrollment.key,
		step: step.id,
		channel: step.channel,
		status,
		reason,
		at: at.toUTC().toISO(),
	});
}

/**
 * What the practice's profile lacks for this journey's copy, as the error to show; null when
 * nothing. A review request without a Review Link would send an empty link: nothing goes instead.
 */
export function missingPracticeFact(journey: Journey, practice: PracticeProfile): string | null {
	if (placeholdersOf(journey.steps).has('reviewLink') && !practice.reviewLink) {
		return `Review Link is empty in the Chairside Practice Profile: the ${journey.name} journey's messages point to it, so nothing was sent. Set the page where patients leave a review (Google, Yelp, your own).`;
	}
	return null;
}

export function tick(inputs: SubjectInput[], journal: JournalIndex, ctx: TickContext): TickItem[] {
	const { journey, now } = ctx;
	const missing = missingPracticeFact(journey, ctx.practice);
	if (missing) throw new Error(missing);
	// Journeys that must not ask an unhappy patient: their look-back (core/journey/complaints.ts).
	const lookback = journey.stopOn.includes('complained') ? (journey.complaintLookbackDays ?? null) : null;
	const fresh = new Map<string, SubjectInput>();
	for (const input of settleMilestones(inputs, journey)) fresh.set(input.subject.subjectId, input);

	// New subjects become enrollments; existing ones (whatever their status) are never enrolled twice.
	const created = new Map<string, JournalRow>();
	for (const { subject } of fresh.values()) {
		const key = enrollmentKey(journey.id, subject.subjectId);
		if (!ctx.enroll || journal.enrollments.has(key) || entryRefusal(journey, subject)) continue;
		created.set(key, newEnrollment(journey, subject, now));
	}

	const items: TickItem[] = [];
	const clock = new TickClock(now);
	const nowIso = now.toUTC().toISO() as string;
	const weekAgo = now.minus({ days: 7 }).toMillis();
	const sentToday = new Map<string, number>();
	const enrollments = [...journal.enrollments.values(), ...created.values()].filter((e) => e.journey === journey.id);
	for (const enrollment of enrollments) {
		// An ended enrollment only keeps its case from being enrolled again (above): nothing to decide.
		if (enrollment.status === 'stopped' || enrollment.status === 'finished') continue;
		const input = fresh.get(enrollment.subjectId ?? '') ?? null;
		const subject = input?.subject ?? null;
		const isNew = created.has(enrollment.key);
		const patientId = enrollment.patientId ?? subject?.patient.id ?? '';
		const optedOut = journal.optedOut(patientId, subject?.patient.mobile ?? enrollment.mobile);
		const complained = lookback !== null && complainedWithin(journal, patientId, now, lookback);
		const decision = decide(
			journey,
			{ enrollment, subject, touches: journal.touchesByEnrollment.get(enrollment.key) ?? [], optedOut, complained },
			now,
			ctx.send.window,
			clock,
		);
		if (!decision) continue;
		const base: JournalRow[] = isNew ? [enrollment] : [];
		const item = input?.item ?? null;
		const ids = { enrollment: enrollment.key, journey: journey.id, patientId, subjectId: enrollment.subjectId ?? '' };

		if (decision.type === 'stop' || decision.type === 'finish') {
			const updated = {
				...enrollment,
				status: decision.type === 'stop' ? 'stopped' : 'finished',
				reason: decision.reason,
				at: nowIso,
			};
			items.push({
				output: decision.type === 'stop' ? 'stopped' : 'finished',
				item,
				json: { kind: 'chairside.decision', ...ids, decision: summary(decision), journal: [updated] },
			});
			continue;
		}
		if (decision.type === 'wait') {
			items.push({
				output: 'waiting',
				item,
				json: { kind: 'chairside.decision', ...ids, decision: summary(decision), journal: base },
			});
			continue;
		}
		const s = subject as JourneySubject;
		const skippedRows = decision.skipped.map((step) =>
			touchRow(enrollment, step, 'skipped', now, 'a later step was already due'),
		);
		if (decision.type === 'task') {
			const task = fill(decision.step.body, s, ctx.practice);
			const taskRow = row({
				...touchRow(enrollment, decision.step, 'open', now),
				key: `task/${touchKey(enrollment.key, decision.step.id)}`,
				kind: 'task',
				detail: task,
				at: decision.dueAt.toISO(),
			});
			items.push({
				output: 'task',
				item,
				json: {
					kind: 'chairside.task',
					...ids,
					step: decision.step.id,
					dueAt: decision.dueAt.toISO() ?? '',
					task,
					decision: summary(decision),
					journal: [...base, ...skippedRows, taskRow, touchRow(enrollment, decision.step, 'task', now)],
				},
			});
			continue;
		}
		// At most the policy's maxPerDay messages per patient per local day, across journeys and within this run.
		const zone = s.patient.timezone;
		const localDay = clock.isoDay(nowIso, zone);
		const sends = journal.sendsByPatient.get(patientId) ?? [];
		const earlier = sends.filter((at) => clock.isoDay(at, zone) === localDay).length;
		const count = earlier + (sentToday.get(patientId) ?? 0);
		if (count >= ctx.send.maxPerDay) {
			const open = ctx.send.window.start;
			const tomorrow = clock.at(clock.day(nowIso, zone), 1, Math.floor(open / 60), open % 60);
			const wait: Decision = { type: 'wait', until: tomorrow.toUTC(), reason: 'daily_limit' };
			items.push({
				output: 'waiting',
				item,
				json: { kind: 'chairside.decision', ...ids, decision: summary(wait), journal: base },
			});
			continue;
		}
		sentToday.set(patientId, (sentToday.get(patientId) ?? 0) + 1);
		const copyStep =
			decision.channel === decision.step.channel
				? decision.step
				: {
						...decision.step,
						channel: decision.channel,
						subject: decision.step.subject ?? `A message from {{practiceName}}`,
					};
		const copy = render(copyStep, s, ctx.practice);
		const recent = sends.filter((at) => Date.parse(at) > weekAgo);
		items.push({
			output: decision.channel,
			item,
			json: {
				kind: 'chairside.touch',
				sendKey: touchKey(enrollment.key, decision.step.id),
				...ids,
				step: decision.step.id,
				channel: decision.channel,
				purpose: journey.purpose,
				chartNote: touchChartNote(journey, decision.step, decision.channel),
				contact: {
					patientId,
					firstName: s.patient.firstName,
					mobile: s.patient.mobile,
					email: s.patient.email,
					timezone: s.patient.timezone,
					smsConsent: s.patient.smsConsent,
					emailConsent: 'unknown',
					preferredChannel: s.patient.preferredChannel,
					optedOut,
				},
				recentSends: recent,
				subject: copy.subject,
				body: copy.body,
				html: copy.html,
				dueAt: decision.dueAt.toISO() ?? '',
				decision: summary(decision),
				journal: [...base, ...skippedRows],
				enrollmentRow: enrollment,
			},
		});
	}
	return items;
}
