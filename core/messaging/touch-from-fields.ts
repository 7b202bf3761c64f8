/**
 * A touch from plain fields, for workflows without Cadence Step: what a consultant maps from a
 * sheet or a PMS row. The result goes through the same schema and guard as a Cadence Step touch.
 */
import type { DateTime } from 'luxon';
import type { SmsConsent } from '../model/case';
import { normalizeEmail } from '../normalize/email';
import { PhoneNormalizer } from '../normalize/phone';
import type { MessageChannel, MessagePurpose } from './touch';

export interface MessageFields {
	channel: MessageChannel;
	to: string;
	patientId: string;
	firstName: string;
	timezone: string;
	sendKey: string;
	subject: string;
	body: string;
	purpose: MessagePurpose;
	smsConsent: SmsConsent;
	/** ISO instants: a list, or comma/space-separated text. */
	recentSends: unknown;
	/** A care reply's inbound message: its key (MessageSid) and when it arrived; empty when none. */
	answersKey: string;
	answersReceivedAt: unknown;
}

/** Touch fields as the node's fields, for error messages that point at what to fix. */
export const FIELD_NAMES: Record<string, string> = {
	sendKey: 'Send-Once Key',
	channel: 'Channel',
	purpose: 'Purpose',
	'contact.patientId': 'Patient ID',
	'contact.firstName': 'First Name',
	'contact.mobile': 'To',
	'contact.email': 'To',
	'contact.timezone': 'Patient Time Zone',
	'contact.smsConsent': 'SMS Consent',
	recentSends: 'Recent Sends',
	'answers.key': 'Answers Message Key',
	'answers.receivedAt': 'Answered Message Received At',
	subject: 'Subject',
	body: 'Message',
};

function sendsOf(value: unknown): unknown[] {
	if (Array.isArray(value))
		return value.map((v) => (v && typeof v === 'object' && 'toISO' in v ? (v as { toISO(): string }).toISO() : v));
	if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
	return [];
}

const instantText = (value: unknown): string =>
	value && typeof value === 'object' && 'toISO' in value
		? String((value as { toISO(): string }).toISO())
		: String(value ?? '').trim();

/**
 * The inbound message a care reply answers, or null (normal rules). Only a care reply carries
 * it; a key without a time (or the reverse) is kept, so the schema names the missing field.
 */
function answersOf(f: MessageFields): Record<string, string> | null {
	const key = f.answersKey.trim();
	const receivedAt = instantText(f.answersReceivedAt);
	if (f.purpose !== 'care_reply' || (!key && !receivedAt)) return null;
	return { key, receivedAt };
}

/** The touch as plain data: the caller validates it with parseTouch. */
export function touchFromFields(
	f: MessageFields,
	now: DateTime,
	phones: PhoneNormalizer = new PhoneNormalizer('US'),
): Record<string, unknown> {
	const to = f.to.trim();
	const phone = f.channel === 'sms' && to ? phones.normalize(to) : null;
	return {
		kind: 'chairside.touch',
		sendKey: f.sendKey.trim(),
		enrollment: '',
		journey: 'patient-message',
		step: '',
		channel: f.channel,
		purpose: f.purpose,
		contact: {
			patientId: f.patientId.trim(),
			firstName: f.firstName.trim(),
			// An unreadable number stays as typed: the guard names it (e164).
			mobile: f.channel === 'sms' ? (phone?.ok ? phone.e164 : to || null) : null,
			email: f.channel === 'email' ? (normalizeEmail(to) ?? (to || null)) : null,
			timezone: f.timezone.trim(),
			smsConsent: f.smsConsent,
			emailConsent: 'unknown',
			preferredChannel: null,
			optedOut: { sms: false, email: false },
		},
		recentSends: sendsOf(f.recentSends),
		subject: f.channel === 'email' ? f.subject : null,
		body: f.body,
		html: null,
		dueAt: now.toISO(),
		answers: answersOf(f),
	};
}
