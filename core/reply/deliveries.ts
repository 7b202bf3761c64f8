/**
 * Twilio delivers a webhook again when it does not get a timely answer; each retry carries the
 * same I-Twilio-Idempotency-Token. Each delivery is claimed in the shared state (core/state) before
 * the workflow runs, so a retry, or the same message delivered twice at once, runs it once.
 */

/**
 * How many delivery keys a single-instance n8n keeps in the trigger's static data (the only store
 * n8n gives a webhook context): a month of a busy practice's replies, about 100 KB. In queue mode
 * the claims live in PostgreSQL with no such limit.
 */
export const REMEMBERED_DELIVERIES = 2_000;

/**
 * The keys that identify one inbound message: the delivery's idempotency token and the
 * MessageSid, so a duplicate is caught even when one of them is missing or a fallback URL
 * delivers the same message with a new token.
 */
export function deliveryKeys(idempotencyToken: unknown, messageSid: unknown): string[] {
	const keys: string[] = [];
	if (typeof idempotencyToken === 'string' && idempotencyToken.trim())
		keys.push(`delivery:token:${idempotencyToken.trim()}`);
	if (typeof messageSid === 'string' && messageSid.trim()) keys.push(inboundMessageKey(messageSid));
	return keys;
}

/**
 * The claim key of an inbound message by its MessageSid. The claim's time is when the message
 * reached us, so a care reply's window is measured from it, not from what an item says.
 */
export function inboundMessageKey(messageSid: string): string {
	return `delivery:sid:${messageSid.trim()}`;
}
