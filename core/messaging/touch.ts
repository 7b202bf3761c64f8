/**
 * The items that travel between the journey engine and the sending node, as plain data.
 * Cadence Step emits an OutboundTouch per message that is due; Patient Message runs the guard
 * on it and adds a MessageOutcome; Cadence Step > Record folds outcomes and replies into the
 * journal. Keeping the facts the guard needs on the item (consent, opt-outs, recent sends) is
 * what lets one guard serve every journey without the node reading any store itself.
 */
import type { SmsConsent } from '../model/case';

export type MessageChannel = 'sms' | 'email';

/** Why the practice is writing: decides which law applies (TCPA healthcare exemption or consent). */
/**
 * Why a message goes out. care_reply answers a message the patient has just sent (a healing-check
 * reply, a booking text): not a solicitation, so quiet hours and frequency caps do not hold it
 * back - but only while the touch names that inbound message (`answers`) and it arrived within
 * the practice's care-reply window; otherwise the guard applies the normal rules (core/guard/check.ts).
 */
export const MESSAGE_PURPOSES = [
	'treatment_follow_up',
	'recall',
	'reactivation',
	'no_show',
	'implant_care',
	'appointment',
	'care_reply',
	'review_request',
] as const;
export type MessagePurpose = (typeof MESSAGE_PURPOSES)[number];

export interface ContactFacts {
	patientId: string;
	firstName: string;
	/** E.164 when known; the guard refuses anything else. */
	mobile: string | null;
	email: string | null;
	/** IANA zone quiet hours are measured in. */
	timezone: string;
	smsConsent: SmsConsent;
	emailConsent: SmsConsent;
	preferredChannel: MessageChannel | null;
	/** Opted out by a STOP reply, Twilio error 21610, or the PMS's "no text" flag. */
	optedOut: { sms: boolean; email: boolean };
}

export interface OutboundTouch {
	kind: 'chairside.touch';
	/** Send-once key: enrollment + step. A rerun or a retry never sends the same key twice. */
	sendKey: string;
	enrollment: string;
	journey: string;
	step: string;
	channel: MessageChannel;
	purpose: MessagePurpose;
	contact: ContactFacts;
	/** ISO instants of every message sent to this patient by any journey in the last 7 days. */
	recentSends: string[];
	subject: string | null;
	/** Plain text: the SMS, or the email's text part. */
	body: string;
	html: string | null;
	/** ISO instant the step became due. */
	dueAt: string;
	/**
	 * The patient's message this one answers: its key (Twilio MessageSid) and when it arrived.
	 * Only a care_reply reads it; without it a care_reply gets the normal send window and caps.
	 */
	answers?: AnsweredMessage | null;
}

export interface AnsweredMessage {
	key: string;
	/** ISO instant the inbound message arrived (the Patient Reply Trigger's receivedAt). */
	receivedAt: string;
}

export const GUARD_RULES = [
	'consent',
	'opt_out',
	'quiet_hours',
	'frequency_cap',
	'phi',
	'sms_length',
	'e164',
	'send_once',
] as const;
export type GuardRule = (typeof GUARD_RULES)[number];

export interface MessageOutcome {
	status: 'sent' | 'deferred' | 'blocked';
	/** The guard rule that decided; 'provider' when Twilio/Gmail refused; 'passed' when sent. */
	rule: GuardRule | 'provider' | 'passed';
	/** Plain words for staff; ids only, never the message body or clinical detail. */
	reason: string;
	/** ISO instant of the decision. */
	at: string;
	/** Twilio Message SID or Gmail message id when sent. */
	providerId: string | null;
	/** Deferred: the first instant the guard would allow it. */
	nextAllowedAt: string | null;
	/** The provider said the patient opted out (Twilio 21610): record it for every journey. */
	optOut: boolean;
	/** Provider error code when one was returned (21610, 21211, 30003, 429...). */
	providerCode: string | null;
	/** SMS segments counted (GSM-7 or UCS-2). */
	segments: number | null;
}

export type MessageResult = OutboundTouch & { outcome: MessageOutcome };

export const REPLY_INTENTS = [
	'opt_out',
	'opt_in',
	'help',
	'book',
	'decline',
	'cost',
	'timing',
	'clinical',
	'healing_score',
	'other',
] as const;
export type ReplyIntent = (typeof REPLY_INTENTS)[number];

/** An inbound SMS as the Patient Reply Trigger emits it. */
export interface PatientReply {
	kind: 'chairside.reply';
	messageSid: string;
	/** E.164 of the patient (Twilio's From). */
	from: string;
	/** The practice number or Messaging Service number (Twilio's To). */
	to: string;
	body: string;
	/** ISO instant the webhook arrived. */
	receivedAt: string;
	intent: ReplyIntent;
	/** The keyword or pattern that decided, for staff and tests. */
	matched: string | null;
	/** 0-10 when the reply carries a healing score (a digit or a number in free text). */
	score: number | null;
	/** Whether a human should answer (clinical, cost, timing questions, anything unclassified). */
	needsHuman: boolean;
}
