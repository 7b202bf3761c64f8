/**
 * An inbound SMS webhook's form parameters turned into the PatientReply the journeys read.
 * Twilio adds parameters without notice, so only the ones we use are read by name and the rest
 * travel untouched in `raw` (minus AccountSid, which no workflow needs).
 */
import type { PatientReply } from '../messaging/touch';
import { classifyReply } from './classify';
import type { ReplyKeywordLists } from './keywords';

const E164 = /^\+[1-9]\d{6,14}$/;

export function isE164(phone: string): boolean {
	return E164.test(phone);
}

const text = (value: unknown): string =>
	Array.isArray(value) ? text(value[0]) : typeof value === 'string' ? value : '';

/** Twilio's parameters without AccountSid. */
export function rawTwilioParams(params: Record<string, unknown>): Record<string, unknown> {
	const { AccountSid: _accountSid, ...rest } = params;
	return rest;
}

/**
 * The classified reply. A sender that is not E.164 (Twilio always sends E.164 for SMS, so this
 * is some other channel) is kept as received and handed to a person: no patient can be matched.
 */
export function toPatientReply(
	params: Record<string, unknown>,
	receivedAt: string,
	lists?: Partial<ReplyKeywordLists>,
): PatientReply {
	const from = text(params.From).trim();
	const body = text(params.Body);
	const verdict = classifyReply(body, lists, text(params.OptOutType) || null);
	return {
		kind: 'chairside.reply',
		messageSid: text(params.MessageSid) || text(params.SmsMessageSid) || text(params.SmsSid),
		from,
		to: text(params.To).trim(),
		body,
		receivedAt,
		intent: verdict.intent,
		matched: verdict.matched,
		score: verdict.score,
		needsHuman: verdict.needsHuman || !isE164(from),
	};
}
