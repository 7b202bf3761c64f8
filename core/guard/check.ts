/**
 * The guard every patient message passes: one pure function of the touch, the practice's policy
 * and "now". Rules run in a fixed order and the verdict names the one that decided. Send-once is
 * the eighth rule but needs the store, so the sending node applies it after a pass.
 */
import { DateTime } from 'luxon';
import type { GuardRule, MessageChannel, MessagePurpose, OutboundTouch } from '../messaging/touch';
import { isE164Mobile, isEmailAddress } from './address';
import { htmlText, PHI_KIND_WORDS, type PhiKind } from './phi';
import { clockText, type GuardPolicy } from './policy';
import { smsSize } from './segments';
import { isZone, nextAllowed, SendHistory, timingBlock } from './timing';

export type GuardVerdict =
	| { kind: 'pass'; segments: number | null }
	| { kind: 'defer'; rule: GuardRule; reason: string; nextAllowedAt: DateTime }
	| { kind: 'block'; rule: GuardRule; reason: string; phi?: PhiKind };

const CHANNEL_WORDS: Record<MessageChannel, string> = { sms: 'text messages', email: 'email' };

const PURPOSE_WORDS: Record<MessagePurpose, string> = {
	treatment_follow_up: 'Treatment follow-up',
	recall: 'Recall',
	reactivation: 'Reactivation',
	no_show: 'No-show follow-up',
	implant_care: 'Implant care',
	appointment: 'Appointment',
	care_reply: 'A reply to the patient',
	review_request: 'A review request',
};

const block = (rule: GuardRule, reason: string, phi?: PhiKind): GuardVerdict =>
	phi ? { kind: 'block', rule, reason, phi } : { kind: 'block', rule, reason };

/**
 * Whether the patient agreed to texts. Where the source carries no answer ('unknown': a CSV
 * export, NexHealth), the practice profile says how the practice records it: written consent
 * collected at intake from every patient counts; an explicit 'no' and an opt-out still win.
 */
function hasSmsConsent(touch: OutboundTouch, policy: GuardPolicy): boolean {
	const given = touch.contact.smsConsent;
	return given === 'yes' || (given === 'unknown' && policy.smsConsentWhenUnknown === 'collected_at_intake');
}

const UNKNOWN_CONSENT_HINT =
	'; if your intake form collects it from every patient, say so in the practice profile (Text Consent When the Source Has None)';

function smsConsentMissing(touch: OutboundTouch, policy: GuardPolicy): boolean {
	return policy.requireSmsConsentFor.includes(touch.purpose) && !hasSmsConsent(touch, policy);
}

/** Whether the message could go out on that channel instead: address, consent, no opt-out. */
function usable(channel: MessageChannel, touch: OutboundTouch, policy: GuardPolicy): boolean {
	const c = touch.contact;
	if (channel === 'sms')
		return isE164Mobile(c.mobile) && c.smsConsent !== 'no' && !smsConsentMissing(touch, policy) && !c.optedOut.sms;
	return isEmailAddress(c.email) && c.emailConsent !== 'no' && !c.optedOut.email;
}

function consent(touch: OutboundTouch, policy: GuardPolicy): GuardVerdict | null {
	const c = touch.contact;
	if (touch.channel === 'sms') {
		if (c.smsConsent === 'no') return block('consent', 'patient declined text messages');
		if (smsConsentMissing(touch, policy)) {
			return block(
				'consent',
				`${PURPOSE_WORDS[touch.purpose]} by text needs the patient's SMS consent on file (it is "${c.smsConsent}")${c.smsConsent === 'unknown' ? UNKNOWN_CONSENT_HINT : ''}`,
			);
		}
	} else if (c.emailConsent === 'no') return block('consent', 'patient declined email');
	const other: MessageChannel = touch.channel === 'sms' ? 'email' : 'sms';
	if (c.preferredChannel === other && usable(other, touch, policy))
		return block('consent', `patient prefers ${CHANNEL_WORDS[other]}`);
	return null;
}

/** Webhook and sender may run on different machines: a receipt this far "ahead" is clock skew. */
const CLOCK_SKEW_MINUTES = 1;

/**
 * Whether a care reply may skip the send window and caps: it names the patient's message it
 * answers, and that message arrived within the practice's window. The purpose alone proves
 * nothing (any item can claim it), so without that proof the normal rules hold.
 */
export function answersRecentMessage(touch: OutboundTouch, policy: GuardPolicy, now: DateTime): boolean {
	const answered = touch.answers;
	if (touch.purpose !== 'care_reply' || !answered?.key) return false;
	const received = DateTime.fromISO(answered.receivedAt);
	if (!received.isValid) return false;
	const age = now.diff(received, 'minutes').minutes;
	return age >= -CLOCK_SKEW_MINUTES && age <= policy.careReplyWindowMinutes;
}

function timing(touch: OutboundTouch, policy: GuardPolicy, now: DateTime): GuardVerdict | null {
	const zone = touch.contact.timezone;
	if (!isZone(zone)) {
		return block(
			'quiet_hours',
			`contact.timezone "${String(zone).slice(0, 60)}" is not an IANA time zone (e.g. America/Chicago)`,
		);
	}
	// "Please call us now" to a patient who just wrote must not wait for 08:00.
	if (answersRecentMessage(touch, policy, now)) return null;
	const local = now.setZone(zone);
	const windowApplies = touch.channel === 'sms' || policy.quietHoursForEmail;
	const history = new SendHistory(touch.recentSends, zone);
	const stop = timingBlock(local, policy, windowApplies, history);
	if (!stop) return null;
	const nextAllowedAt = nextAllowed(local, policy, windowApplies, history);
	if (stop === 'window') {
		const { start, end } = policy.quietHours;
		return {
			kind: 'defer',
			rule: 'quiet_hours',
			reason: `outside the send window ${clockText(start)}-${clockText(end)} in the patient's time (${local.toFormat('HH:mm')} in ${zone})`,
			nextAllowedAt,
		};
	}
	const reason =
		stop === 'day_cap'
			? `already ${history.onDay(local)} message(s) today in the patient's time; at most ${policy.maxPerDay} per day`
			: `already ${history.inWeekTo(local)} message(s) in the last 7 days; at most ${policy.maxPerWeek} per week`;
	return { kind: 'defer', rule: 'frequency_cap', reason, nextAllowedAt };
}

export function checkTouch(touch: OutboundTouch, policy: GuardPolicy, now: DateTime): GuardVerdict {
	const c = touch.contact;
	const consentVerdict = consent(touch, policy);
	if (consentVerdict) return consentVerdict;

	if (c.optedOut[touch.channel]) return block('opt_out', `patient opted out of ${CHANNEL_WORDS[touch.channel]}`);

	const timingVerdict = timing(touch, policy, now);
	if (timingVerdict) return timingVerdict;

	const phi = policy.phi.find(touch.body, touch.subject, touch.html ? htmlText(touch.html) : null);
	if (phi) return block('phi', `message contains ${PHI_KIND_WORDS[phi]}; patient messages use layman words only`, phi);

	let segments: number | null = null;
	if (touch.channel === 'sms') {
		const size = smsSize(touch.body);
		if (size.segments > policy.maxSegments) {
			const hint =
				size.encoding === 'UCS-2'
					? ' (UCS-2: a character outside the GSM alphabet, such as an emoji or a curly quote, halves the room)'
					: '';
			return block('sms_length', `message is ${size.segments} SMS segments${hint}; at most ${policy.maxSegments}`);
		}
		segments = size.segments;
	}

	if (touch.channel === 'sms') {
		if (!c.mobile) return block('e164', 'no mobile number on file');
		if (!isE164Mobile(c.mobile)) return block('e164', 'the mobile number is not a valid E.164 number');
	} else {
		if (!c.email) return block('e164', 'no email address on file');
		if (!isEmailAddress(c.email)) return block('e164', 'the email address is not valid');
	}
	return { kind: 'pass', segments };
}
