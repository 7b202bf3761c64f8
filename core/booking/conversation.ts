/**
 * Booking by text: the patient answers YES, gets a few approved openings, answers with one of
 * them, and is booked. The conversation's only state is the open offer, a journal row
 * (`offer/<patientId>`), so any run of the workflow, on any worker, picks it up.
 *
 *   reply ──route──▶ offer     (wants to book, or picked from an offer that has passed)
 *                 ├▶ book      (picked option n of the open offer)
 *                 ├▶ opted_out (STOP: the PMS's consent is updated too)
 *                 ├▶ other     (everything else: the usual reply handling, a person if needed)
 *                 └▶ confirm   (C to an appointment reminder: PMS > Confirm, then a thank-you)
 *
 * An appointment reminder (templates/appointment-reminder.json) asks "Reply C to confirm, R to
 * reschedule": while one is open (sent within REMINDER_ANSWER_HOURS, its enrollment active), C
 * confirms that visit and R offers openings to move it. Anywhere else C and R mean nothing.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { ContactFacts, OutboundTouch, PatientReply } from '../messaging/touch';
import { row, type JournalIndex, type JournalRow } from '../journey/journal';
import { isAcknowledgement } from '../reply/classify';
import { findKeyword } from '../reply/match';
import { normaliseReply } from '../reply/text';
import { visitWords } from '../journey/copy';

/** One opening as offered: ISO instants with the practice's offset, as the PMS node outputs slots. */
export interface OfferOption {
	option: number;
	start: string;
	end: string;
	providerId: string;
	operatoryId: string;
}

/** Who the conversation is with; travels on every item of it (PMS slots and bookings carry it). */
export interface Conversation {
	kind: 'chairside.booking';
	patientId: string;
	mobile: string;
	/** The reply this step answers (its MessageSid). */
	replySid: string;
	/** When that reply arrived: a care reply skips the send window only shortly after it. */
	replyReceivedAt: string | null;
	/** The enrollment a booking stops; null when the patient had none open. */
	enrollmentRow: JournalRow | null;
	optedOut: boolean;
}

export type OfferReason = 'asked' | 'expired' | 'taken' | 'reschedule';

/** The appointment a reschedule moves (R to a reminder): the new booking's staff task names it. */
export interface Moves {
	moves?: string | null;
}

export type BookingItem =
	| (Conversation & Moves & { stage: 'offer'; why: OfferReason })
	| (Conversation &
			Moves & { stage: 'book'; offerKey: string; bookingKey: string; lengthMinutes: number } & OfferOption);

/** C to an appointment reminder: the visit to confirm in the PMS. */
export type VisitConfirmation = Conversation & { stage: 'confirm'; appointmentId: string };

export type Route =
	| { type: 'duplicate' }
	| { type: 'offer'; item: BookingItem & { stage: 'offer' } }
	| { type: 'book'; item: BookingItem & { stage: 'book' } }
	| { type: 'opted_out'; patientId: string | null }
	| { type: 'confirm'; item: VisitConfirmation }
	/** `handOff`: why a person must answer even where the reply alone would not need one. */
	| { type: 'other'; patientId: string | null; handOff?: string };

export interface ConversationSettings {
	/** How long an offer's options can be picked. */
	offerValidHours: number;
	/** The practice's zone: how times are written to the patient and read back ("Tuesday"). */
	timezone: string;
	practiceName: string;
	practicePhone: string;
	offerCopy: string;
	takenCopy: string;
	expiredCopy: string;
	confirmationCopy: string;
	/** The thank-you after C to a reminder. */
	visitConfirmedCopy: string;
}

export const DEFAULT_COPY = {
	offerCopy: '{{practiceName}}: we can see you {{options}}. Reply {{replyWith}} to book, or call {{practicePhone}}.',
	takenCopy:
		'{{practiceName}}: sorry, that time was just taken. We can see you {{options}}. Reply {{replyWith}} to book, or call {{practicePhone}}.',
	expiredCopy:
		'{{practiceName}}: those times have passed. We can see you {{options}}. Reply {{replyWith}} to book, or call {{practicePhone}}.',
	confirmationCopy: "{{practiceName}}: you're booked for {{when}}. See you then! To change it, call {{practicePhone}}.",
	visitConfirmedCopy:
		'{{practiceName}}: thank you, your visit on {{when}} is confirmed. To change it, call {{practicePhone}}.',
} as const;

const COPY_PLACEHOLDERS = new Set(['practiceName', 'practicePhone', 'options', 'replyWith', 'when']);
const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;
/** Anything in double braces: fill() leaves what PLACEHOLDER does not match ({{practice_name}}) as it is. */
const BRACED = /\{\{\s*([^{}]*?)\s*\}\}/g;

/**
 * Checked when the node reads its settings, so a typo is refused before any patient sees it.
 * `allowed`: the placeholders this message has values for ({{when}} means nothing in an offer).
 */
export function checkCopy(
	name: string,
	text: string,
	needs: readonly string[],
	allowed: readonly string[] = [...COPY_PLACEHOLDERS],
): void {
	const used = [...text.matchAll(BRACED)].map((m) => m[1]);
	const unknown = used.filter((p) => !allowed.includes(p));
	if (unknown.length)
		throw new Error(
			`${name}: {{${unknown[0]}}} is not a placeholder here (use ${allowed.map((p) => `{{${p}}}`).join(', ')})`,
		);
	const missing = needs.filter((p) => !used.includes(p));
	if (missing.length) throw new Error(`${name} must contain {{${missing[0]}}}`);
}

const fill = (text: string, values: Record<string, string>) =>
	text.replace(PLACEHOLDER, (_, name: string) => values[name] ?? '');

export const offerKey = (patientId: string) => `offer/${patientId}`;

/** "Tue, Dec 1 at 9:00 AM" in the practice's zone. */
export function when(iso: string, zone: string): string {
	return visitWords(iso, zone);
}

const optionSchema = z.object({
	option: z.number().int().min(1),
	start: z.string(),
	end: z.string(),
	providerId: z.string(),
	operatoryId: z.string(),
});

/** The options an offer row holds; a row someone edited into nonsense offers nothing (a person takes over). */
export function offeredOptions(offer: JournalRow): OfferOption[] {
	try {
		return z.array(optionSchema).parse(JSON.parse(offer.detail ?? '[]'));
	} catch {
		return [];
	}
}

const ORDINALS: Record<string, number> = { first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3 };
// "2", "#2", "option 2", "2 please", "the second one", "2!" - the whole reply is the pick.
const PICK =
	/^(?:(?:ok(?:ay)?|yes|yeah|sure)[,!. ]*)?(?:i(?:'d| would) like |let'?s do |i'?ll take )?(?:the |option |number |no\.? ?|#)?([1-9]|first|second|third|1st|2nd|3rd)(?: one| option)?(?:[ ,]*(?:please|pls|thanks|thank you|works|is good|is great))*[.!]*$/;
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
/** Short forms people text besides the three-letter ones. */
const DAY_SHORT: Record<string, string> = { tues: 'tuesday', thur: 'thursday', thurs: 'thursday', weds: 'wednesday' };
// "Tuesday", "tue works", "yes, Tuesday please" - the whole reply is the pick, so "not Tuesday" is not one.
const DAY_PICK =
	/^(?:(?:ok(?:ay)?|yes|yeah|sure)[,!. ]*)?(?:i(?:'d| would) like |let'?s do |i'?ll take )?(?:on |the )?([a-z]+)(?: one| option)?(?:[ ,]*(?:please|pls|thanks|thank you|works(?: for me)?|is good|is great|is fine))*[.!]*$/;

/**
 * The option a reply picks, or null. A number or ordinal that names an option picks it; a weekday
 * picks the one option on that day. Anything else (a time of day, two numbers, a question) is left
 * to a person rather than guessed.
 */
export function readPick(body: string, options: readonly OfferOption[], zone: string): number | null {
	const text = body.trim().toLowerCase().replace(/[’‘]/g, "'").replace(/\s+/g, ' ');
	if (text.includes('?')) return null;
	const m = PICK.exec(text);
	if (m) {
		const n = ORDINALS[m[1]] ?? Number(m[1]);
		return options.some((o) => o.option === n) ? n : null;
	}
	const word = DAY_PICK.exec(text)?.[1];
	const day = WEEKDAYS.findIndex((d) => word === d || word === d.slice(0, 3) || DAY_SHORT[word ?? ''] === d);
	if (day < 0) return null;
	const onDay = options.filter((o) => DateTime.fromISO(o.start, { setZone: true }).setZone(zone).weekday === day + 1);
	return onDay.length === 1 ? onDay[0].option : null;
}

/**
 * How long a healing check waits for its answer (the implant journey asks on day 3 and writes
 * again on day 7: templates/implant-journey.json). A bare number in that time may be its score.
 */
export const HEALING_CHECK_ANSWER_HOURS = 72;
/** A journey step that asks for a healing score has "healing-check" in its id (day-3-healing-check). */
const HEALING_CHECK_STEP = /healing-check/;
// Only a number, as a healing score is given: "2", "#2", "2." ("option 2" or "the second one" name the offer).
const BARE_DIGIT = /^#?\s*\d{1,2}\s*[.!]*$/;

const sentWithin = (touch: JournalRow, now: DateTime, hours: number) =>
	touch.status === 'sent' && touch.at !== null && now.diff(DateTime.fromISO(touch.at), 'hours').hours <= hours;

/** Texts sent to the patient on their open enrollments, newest first. */
function openTouches(journal: JournalIndex, patientId: string): JournalRow[] {
	return journal
		.enrollmentsOf(patientId)
		.filter((e) => e.status === 'active' || e.status === 'paused')
		.flatMap((e) => journal.touchesByEnrollment.get(e.key) ?? [])
		.filter((t) => t.channel === 'sms')
		.sort((a, b) => String(b.at ?? '').localeCompare(String(a.at ?? '')));
}

/** A healing check was texted within its answer window: a bare number may be the score. */
export function healingCheckWaiting(journal: JournalIndex, patientId: string, now: DateTime): boolean {
	return openTouches(journal, patientId).some(
		(t) => HEALING_CHECK_STEP.test(t.step ?? '') && sentWithin(t, now, HEALING_CHECK_ANSWER_HOURS),
	);
}

/**
 * The patient's latest journey text (not a healing check) went out within the offer's validity:
 * the journey texts ask whether to book, so "ok" answers that question.
 */
export function bookingQuestionOpen(
	journal: JournalIndex,
	patientId: string,
	now: DateTime,
	offerValidHours: number,
): boolean {
	const latest = openTouches(journal, patientId).find((t) => t.status === 'sent');
	return (
		latest !== undefined && !HEALING_CHECK_STEP.test(latest.step ?? '') && sentWithin(latest, now, offerValidHours)
	);
}

const offerExpired = (offer: JournalRow, now: DateTime, offerValidHours: number) =>
	!offer.at || now.diff(DateTime.fromISO(offer.at), 'hours').hours > offerValidHours;

/** The journey whose texts ask "Reply C to confirm, R to reschedule" (templates/appointment-reminder.json). */
export const REMINDER_JOURNEY = 'appointment-reminder';
/** A reminder waits this long for its C or R (it goes two days before the visit and again that morning). */
export const REMINDER_ANSWER_HOURS = 72;

// The whole reply, with politeness around it ("C please", "confirm, thanks"): anything longer is read as usual.
const CONFIRM_WORDS = ['=c', '=confirm', '=confirmed', '=i confirm', '=confirming', '=yes confirm', '=yes confirmed'];
/** A bare yes confirms only when the reminder is the patient's latest text (else it is a yes to booking). */
const YES_WORDS = [
	'=yes',
	'=y',
	'=yep',
	'=yeah',
	'=yes i will be there',
	'=i will be there',
	"=i'll be there",
	'=see you then',
];
const RESCHEDULE_WORDS = [
	'=r',
	'=reschedule',
	'=i need to reschedule',
	'=need to reschedule',
	'=please reschedule',
	'=move it',
	'=change it',
	'=rebook',
];

/** What a reply says to a reminder: confirm ("C"; "yes" counts only as `yes`), reschedule ("R"), or nothing. */
export function readReminderAnswer(body: string): 'confirm' | 'yes' | 'reschedule' | null {
	const text = normaliseReply(body ?? '');
	if (findKeyword(text, CONFIRM_WORDS)) return 'confirm';
	if (findKeyword(text, RESCHEDULE_WORDS)) return 'reschedule';
	if (findKeyword(text, YES_WORDS)) return 'yes';
	return null;
}

/** The AptNum of an appointment journey's subject ("appointment-9001"); null for any other subject. */
export function appointmentOfSubject(subjectId: string | null): string | null {
	return /^appointment-(\d+)$/.exec(subjectId ?? '')?.[1] ?? null;
}

/**
 * The patient's reminder waiting for an answer: an active reminder enrollment with a text sent
 * within REMINDER_ANSWER_HOURS; the newest when there are several. `latest`: that text is the
 * newest the patient got from any open journey.
 */
export function openReminder(
	journal: JournalIndex,
	patientId: string,
	now: DateTime,
): { enrollment: JournalRow; appointmentId: string; latest: boolean } | null {
	const touches = openTouches(journal, patientId).filter((t) => t.status === 'sent');
	const reminder = touches.find((t) => t.journey === REMINDER_JOURNEY && sentWithin(t, now, REMINDER_ANSWER_HOURS));
	const enrollment = reminder?.enrollment ? journal.enrollments.get(reminder.enrollment) : undefined;
	const appointmentId = appointmentOfSubject(enrollment?.subjectId ?? null);
	if (!reminder || !enrollment || enrollment.status !== 'active' || !appointmentId) return null;
	return { enrollment, appointmentId, latest: touches[0] === reminder };
}

/**
 * Where a reply goes. `reply.intent` is the Patient Reply Trigger's classification; the journal
 * adds the context the text alone lacks: "ok" books only when an offer or a booking question is
 * open, and a bare number while a healing check also waits goes to a person, not to the offer.
 */
export function routeReply(
	reply: PatientReply,
	journal: JournalIndex,
	now: DateTime,
	settings: Pick<ConversationSettings, 'offerValidHours' | 'timezone'>,
): Route {
	if (journal.replies.has(`reply/${reply.messageSid}`)) return { type: 'duplicate' };
	const patientId = journal.patientsByMobile.get(reply.from) ?? null;
	if (reply.intent === 'opt_out') return { type: 'opted_out', patientId };
	if (!patientId) return { type: 'other', patientId };

	const conversation: Conversation = {
		kind: 'chairside.booking',
		patientId,
		mobile: reply.from,
		replySid: reply.messageSid,
		replyReceivedAt: reply.receivedAt,
		enrollmentRow: newestOpenEnrollment(journal, patientId),
		optedOut: journal.optedOut(patientId, reply.from).sms,
	};
	const reminder = openReminder(journal, patientId, now);
	const answer = reminder ? readReminderAnswer(reply.body) : null;
	if (reminder && (answer === 'confirm' || (answer === 'yes' && reminder.latest))) {
		return {
			type: 'confirm',
			item: {
				...conversation,
				enrollmentRow: reminder.enrollment,
				stage: 'confirm',
				appointmentId: reminder.appointmentId,
			},
		};
	}
	if (reminder && answer === 'reschedule') {
		return {
			type: 'offer',
			item: {
				...conversation,
				enrollmentRow: reminder.enrollment,
				stage: 'offer',
				why: 'reschedule',
				moves: reminder.appointmentId,
			},
		};
	}
	const offer = journal.offers.get(patientId);
	if (offer && offer.status === 'open') {
		const options = offeredOptions(offer);
		const pick = readPick(reply.body, options, settings.timezone);
		if (pick !== null && BARE_DIGIT.test(reply.body.trim()) && healingCheckWaiting(journal, patientId, now)) {
			return {
				type: 'other',
				patientId,
				handOff: `replied "${reply.body.trim()}" while a healing check and an offer of openings were both open: ask which they meant`,
			};
		}
		if (pick !== null) {
			const expired = offerExpired(offer, now, settings.offerValidHours);
			const chosen = options.find((o) => o.option === pick) as OfferOption;
			const started = DateTime.fromISO(chosen.start) <= now;
			if (expired || started) return { type: 'offer', item: { ...conversation, stage: 'offer', why: 'expired' } };
			const lengthMinutes = Math.round(
				DateTime.fromISO(chosen.end).diff(DateTime.fromISO(chosen.start), 'minutes').minutes,
			);
			// One key per offer and option: the same pick twice (or a retry) books once.
			const bookingKey = `${offer.key}@${offer.at}#${pick}`;
			// Openings offered to move a reminded visit: the booking says which visit it replaces.
			const moves = offer.journey === REMINDER_JOURNEY ? appointmentOfSubject(offer.subjectId) : null;
			return {
				type: 'book',
				item: {
					...conversation,
					stage: 'book',
					offerKey: offer.key,
					bookingKey,
					lengthMinutes,
					...chosen,
					...(moves ? { moves } : {}),
				},
			};
		}
	}
	if (reply.intent === 'book' && !reply.needsHuman)
		return { type: 'offer', item: { ...conversation, stage: 'offer', why: 'asked' } };
	if (isAcknowledgement(reply.body)) {
		const offerOpen =
			offer !== undefined && offer.status === 'open' && !offerExpired(offer, now, settings.offerValidHours);
		if (offerOpen || bookingQuestionOpen(journal, patientId, now, settings.offerValidHours))
			return { type: 'offer', item: { ...conversation, stage: 'offer', why: 'asked' } };
	}
	return { type: 'other', patientId };
}

function newestOpenEnrollment(journal: JournalIndex, patientId: string): JournalRow | null {
	const open = journal
		.enrollmentsOf(patientId)
		.filter((e) => e.status === 'active' || e.status === 'paused')
		.sort((a, b) => String(b.startedAt ?? '').localeCompare(String(a.startedAt ?? '')));
	return open[0] ?? null;
}

/** A Patient Message touch answering the patient, with the journal rows it carries to Record. */
export type ConversationTouch = OutboundTouch & {
	journal: JournalRow[];
	chartNote: string;
	/** Record stops it if the carrier reports an opt-out (Twilio 21610). */
	enrollmentRow?: JournalRow;
	/** A patient who wrote to us must hear back: if the guard or Twilio blocks this, staff call. */
	taskIfBlocked: string;
	bookingKey?: string;
	appointmentId?: string;
};

function touch(
	c: Conversation,
	step: 'offer' | 'booked',
	sendKey: string,
	body: string,
	settings: ConversationSettings,
	now: DateTime,
): OutboundTouch & Pick<ConversationTouch, 'enrollmentRow'> {
	const contact: ContactFacts = {
		patientId: c.patientId,
		firstName: '',
		mobile: c.mobile,
		email: null,
		timezone: settings.timezone,
		// The patient has just written to us: Patient Message's care-reply purpose needs no marketing consent.
		smsConsent: 'unknown',
		emailConsent: 'unknown',
		preferredChannel: 'sms',
		optedOut: { sms: c.optedOut, email: false },
	};
	const enrollment = c.enrollmentRow;
	return {
		kind: 'chairside.touch',
		sendKey,
		enrollment: enrollment?.key ?? offerKey(c.patientId),
		journey: enrollment?.journey ?? 'booking',
		step,
		channel: 'sms',
		purpose: 'care_reply',
		contact,
		recentSends: [],
		subject: null,
		body,
		html: null,
		dueAt: now.toUTC().toISO() as string,
		// Without the reply's arrival time the guard treats this as any other text (window, caps).
		answers: c.replyReceivedAt ? { key: c.replySid, receivedAt: c.replyReceivedAt } : null,
		...(enrollment ? { enrollmentRow: enrollment } : {}),
	};
}

const replyRow = (c: Conversation, status: string, reason: string, now: DateTime) =>
	row({
		key: `reply/${c.replySid}`,
		kind: 'reply',
		patientId: c.patientId,
		mobile: c.mobile,
		status,
		reason,
		at: now.toUTC().toISO(),
		providerId: c.replySid,
	});

/** The openings offered by text; at most `count`, earliest first, numbered from 1. */
export function offerTouch(
	item: BookingItem,
	openings: ReadonlyArray<Omit<OfferOption, 'option'>>,
	count: number,
	settings: ConversationSettings,
	now: DateTime,
): ConversationTouch {
	const options = [...openings]
		.sort((a, b) => DateTime.fromISO(a.start).toMillis() - DateTime.fromISO(b.start).toMillis())
		.slice(0, count)
		.map((o, n) => ({
			option: n + 1,
			start: o.start,
			end: o.end,
			providerId: o.providerId,
			operatoryId: o.operatoryId,
		}));
	const why: OfferReason = item.stage === 'offer' ? item.why : 'taken';
	const copy = {
		asked: settings.offerCopy,
		reschedule: settings.offerCopy,
		expired: settings.expiredCopy,
		taken: settings.takenCopy,
	}[why];
	const listed = options.map((o) => `${when(o.start, settings.timezone)} (reply ${o.option})`);
	const body = fill(copy, {
		practiceName: settings.practiceName,
		practicePhone: settings.practicePhone,
		options: listed.length > 1 ? `${listed.slice(0, -1).join(', ')} or ${listed[listed.length - 1]}` : listed[0],
		replyWith: options.length > 1 ? options.map((o) => o.option).join(' or ') : '1',
	});
	const at = now.toUTC().toISO() as string;
	const offer = row({
		key: offerKey(item.patientId),
		kind: 'offer',
		patientId: item.patientId,
		mobile: item.mobile,
		journey: item.enrollmentRow?.journey ?? null,
		subjectId: item.enrollmentRow?.subjectId ?? null,
		enrollment: item.enrollmentRow?.key ?? null,
		status: 'open',
		reason: why,
		at,
		providerId: item.replySid,
		detail: JSON.stringify(options),
	});
	const replyStatus =
		why === 'reschedule' ? 'reschedule' : item.stage === 'offer' && why === 'asked' ? 'book' : 'picked_option';
	// The visit is being moved: its reminders ("reply C to confirm") stop.
	const reminderEnded =
		why === 'reschedule' && item.enrollmentRow
			? [{ ...item.enrollmentRow, status: 'stopped', reason: 'rescheduling', at }]
			: [];
	return {
		...touch(item, 'offer', `offer/${item.patientId}/${item.replySid}`, body, settings, now),
		journal: [
			replyRow(item, replyStatus, `offered ${options.length} opening(s) (${why})`, now),
			offer,
			...reminderEnded,
		],
		chartNote:
			why === 'taken'
				? 'Texted new appointment options: the picked time was taken'
				: `Texted ${options.length} appointment option(s)`,
		taskIfBlocked: 'wants to book, but the openings could not be texted: call them to book',
	};
}

/** Booked: the patient is told, the offer is closed and the enrollment stops ("booked"). */
export function bookedTouch(
	item: BookingItem & { stage: 'book' },
	appointment: { id: string; start: string },
	settings: ConversationSettings,
	now: DateTime,
): ConversationTouch {
	const at = now.toUTC().toISO() as string;
	const body = fill(settings.confirmationCopy, {
		practiceName: settings.practiceName,
		practicePhone: settings.practicePhone,
		when: when(appointment.start, settings.timezone),
	});
	const rows: JournalRow[] = [replyRow(item, 'picked_option', `booked appointment ${appointment.id}`, now)];
	rows.push(
		row({
			key: item.offerKey,
			kind: 'offer',
			patientId: item.patientId,
			mobile: item.mobile,
			status: 'booked',
			reason: `appointment ${appointment.id}`,
			at,
			providerId: item.replySid,
		}),
	);
	if (item.enrollmentRow) rows.push({ ...item.enrollmentRow, status: 'stopped', reason: 'booked', at });
	if (item.moves) {
		// The new visit is booked; the old one is still on the schedule until a person takes it off
		// (breaking it would count as a missed or cancelled visit).
		rows.push(
			row({
				key: `task/moved/${item.moves}`,
				kind: 'task',
				patientId: item.patientId,
				mobile: item.mobile,
				status: 'open',
				reason: 'moved a visit by text: take the old one off the schedule',
				at,
				providerId: item.replySid,
				detail: `Patient ${item.patientId} moved appointment ${item.moves} by text to appointment ${appointment.id}. Take appointment ${item.moves} off the schedule.`,
			}),
		);
	}
	return {
		...touch(item, 'booked', `booked/${item.bookingKey}`, body, settings, now),
		journal: rows,
		chartNote: `Booked by text reply; confirmation texted for ${when(appointment.start, settings.timezone)}`,
		taskIfBlocked: `is booked (appointment ${appointment.id}), but the confirmation could not be texted: call to confirm`,
		bookingKey: item.bookingKey,
		appointmentId: appointment.id,
	};
}

/** Confirmed in the PMS (PMS > Confirm): the thank-you, the reply recorded, the reminders ended. */
export function visitConfirmedTouch(
	item: VisitConfirmation,
	appointment: { id: string; start: string; alreadyConfirmed?: boolean },
	settings: ConversationSettings,
	now: DateTime,
): ConversationTouch {
	const at = now.toUTC().toISO() as string;
	const body = fill(settings.visitConfirmedCopy, {
		practiceName: settings.practiceName,
		practicePhone: settings.practicePhone,
		when: when(appointment.start, settings.timezone),
	});
	const rows: JournalRow[] = [replyRow(item, 'confirm', `confirmed appointment ${appointment.id}`, now)];
	if (item.enrollmentRow) rows.push({ ...item.enrollmentRow, status: 'finished', reason: 'confirmed', at });
	return {
		// One thank-you per visit, however many times the patient answers C.
		...touch(item, 'booked', `confirmed/${appointment.id}`, body, settings, now),
		step: 'confirmed',
		journal: rows,
		chartNote: `Patient confirmed the visit on ${when(appointment.start, settings.timezone)} by text`,
		taskIfBlocked: `confirmed appointment ${appointment.id} by text, but the thank-you could not be texted: nothing else to do`,
		appointmentId: appointment.id,
	};
}

/** No approved opening to offer (none free, or the PMS refused the booking): a person calls instead. */
export function noOpeningsTask(item: BookingItem, now: DateTime): JournalRow[] {
	const at = now.toUTC().toISO();
	return [
		replyRow(item, item.stage === 'offer' ? 'book' : 'picked_option', 'no openings to offer', now),
		row({
			key: `task/reply/${item.replySid}`,
			kind: 'task',
			patientId: item.patientId,
			mobile: item.mobile,
			status: 'open',
			reason: 'wants to book: no approved openings to offer',
			at,
			providerId: item.replySid,
			detail:
				item.stage === 'offer'
					? `Patient ${item.patientId} wants to book but no approved opening was free. Call them to book.`
					: `Patient ${item.patientId} picked an offered time but it could not be booked and no other approved opening was free. Call them to book.`,
		}),
	];
}
