/**
 * Twilio delivers a webhook again when it does not get a timely answer; each retry carries the
 * same I-Twilio-Idempotency-Token. A short list of recently seen deliveries is enough to drop
 * them: retries come within minutes, and the list has to stay small because it lives in the
 * workflow's static data (the only store n8n gives a webhook context).
 */

/** How many delivery keys are remembered: a busy practice's day of replies, about 20 KB. */
export const REMEMBERED_DELIVERIES = 500;

/**
 * The keys that identify one inbound message: the delivery's idempotency token and the
 * MessageSid, so a duplicate is caught even when one of them is missing or a fallback URL
 * delivers the same message with a new token.
 */
export function deliveryKeys(idempotencyToken: unknown, messageSid: unknown): string[] {
	const keys: string[] = [];
	if (typeof idempotencyToken === 'string' && idempotencyToken.trim()) keys.push(`token:${idempotencyToken.trim()}`);
	if (typeof messageSid === 'string' && messageSid.trim()) keys.push(`sid:${messageSid.trim()}`);
	return keys;
}

/** Whether any of the keys was already seen. */
export function seenBefore(recent: unknown, keys: readonly string[]): boolean {
	if (!Array.isArray(recent)) return false;
	return keys.some((key) => recent.includes(key));
}

/** The list with the keys added, oldest dropped past `max`. A new array: static data notices assignment. */
export function remember(recent: unknown, keys: readonly string[], max = REMEMBERED_DELIVERIES): string[] {
	const kept = Array.isArray(recent) ? recent.filter((key): key is string => typeof key === 'string' && !keys.includes(key)) : [];
	return [...kept, ...keys].slice(-max);
}
