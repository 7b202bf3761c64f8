/** Shared pieces of the booking-conversation tests: a patient in the journal, replies, offers, settings. */
import { DateTime } from 'luxon';
import {
	DEFAULT_COPY,
	offerKey,
	type Conversation,
	type ConversationSettings,
	type OfferOption,
} from '../../../core/booking/conversation';
import { row, type JournalRow } from '../../../core/journey/journal';
import type { PatientReply, ReplyIntent } from '../../../core/messaging/touch';

export const ZONE = 'America/Chicago';
export const MOBILE = '+15125550123';
export const PATIENT = '501';
/** Monday 2026-11-23, 10:00 at the practice. */
export const NOW = DateTime.fromISO('2026-11-23T10:00', { zone: ZONE });

export const SETTINGS: ConversationSettings = {
	offerValidHours: 48,
	timezone: ZONE,
	practiceName: 'Riverside Dental',
	practicePhone: '(512) 555-0100',
	...DEFAULT_COPY,
};

export function reply(body: string, over: Partial<PatientReply> = {}): PatientReply {
	return {
		kind: 'chairside.reply',
		messageSid: 'SM-reply-1',
		from: MOBILE,
		to: '+15125550100',
		body,
		receivedAt: NOW.toUTC().toISO() as string,
		intent: 'other' as ReplyIntent,
		matched: null,
		score: null,
		needsHuman: true,
		...over,
	};
}

export const enrollment = (subjectId: string, startedAt: string, status = 'active', journey = 'treatment-follow-up') =>
	row({
		key: `${journey}/${subjectId}`,
		kind: 'enrollment',
		journey,
		patientId: PATIENT,
		subjectId,
		status,
		startedAt,
		at: startedAt,
		mobile: MOBILE,
	});

/** Two openings: Tuesday 9:00 and Wednesday 14:30 at the practice (UTC instants, as a journal row may hold them). */
export const OPTIONS: OfferOption[] = [
	{
		option: 1,
		start: '2026-11-24T15:00:00.000Z',
		end: '2026-11-24T15:45:00.000Z',
		providerId: 'DOC1',
		operatoryId: 'OP1',
	},
	{
		option: 2,
		start: '2026-11-25T20:30:00.000Z',
		end: '2026-11-25T21:30:00.000Z',
		providerId: 'DOC2',
		operatoryId: 'OP2',
	},
];

export const offerRow = (over: Partial<JournalRow> = {}, options: OfferOption[] = OPTIONS): JournalRow =>
	row({
		key: offerKey(PATIENT),
		kind: 'offer',
		patientId: PATIENT,
		mobile: MOBILE,
		status: 'open',
		reason: 'asked',
		at: NOW.minus({ hours: 2 }).toUTC().toISO(),
		providerId: 'SM-yes',
		detail: JSON.stringify(options),
		...over,
	});

export const conversation = (over: Partial<Conversation> = {}): Conversation => ({
	kind: 'chairside.booking',
	patientId: PATIENT,
	mobile: MOBILE,
	replySid: 'SM-reply-1',
	replyReceivedAt: NOW.minus({ minutes: 1 }).toUTC().toISO() as string,
	enrollmentRow: enrollment('case-77', '2026-11-01T16:00:00.000Z'),
	optedOut: false,
	...over,
});
