/**
 * NexHealth webhook deliveries: the signature check and the event inside. The signing scheme comes
 * from a SECONDARY source (../shared/reference/nexhealth.md section 6: headers `timestamp` and
 * `signature`, hex HMAC-SHA256 over "{timestamp}.{base64(raw body)}" with the endpoint's
 * secret_key). It lives in `expectedSignature` alone: correcting it after a real delivery is one edit.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function expectedSignature(secretKey: string, timestamp: string, rawBody: string): string {
	return createHmac('sha256', secretKey)
		.update(`${timestamp}.${Buffer.from(rawBody).toString('base64')}`)
		.digest('hex');
}

/** How far a delivery's timestamp may be from now: retries are re-signed when sent, so a replayed old one is refused. */
export const TOLERANCE_SECONDS = 300;

export type Verdict = { ok: true } | { ok: false; reason: string };

export function verifyDelivery(input: {
	secretKey: string;
	timestamp: string | undefined;
	signature: string | undefined;
	rawBody: string;
	nowSeconds: number;
}): Verdict {
	const { timestamp, signature } = input;
	if (!input.secretKey) return { ok: false, reason: 'no webhook secret key is set' };
	if (!timestamp || !signature) return { ok: false, reason: 'the timestamp or signature header is missing' };
	if (!/^\d+$/.test(timestamp) || Math.abs(input.nowSeconds - Number(timestamp)) > TOLERANCE_SECONDS)
		return { ok: false, reason: 'the timestamp is not within 5 minutes of now' };
	const expected = Buffer.from(expectedSignature(input.secretKey, timestamp, input.rawBody));
	const given = Buffer.from(signature.trim().toLowerCase());
	if (expected.length !== given.length || !timingSafeEqual(expected, given))
		return { ok: false, reason: 'the signature does not match' };
	return { ok: true };
}

export interface WebhookEvent {
	resourceType: string;
	/** e.g. appointment_insertion.complete */
	eventName: string;
	eventTime: string;
	/** The appointment (or other resource) the event is about, when the payload carries one. */
	appointment: Record<string, unknown> | null;
	data: unknown;
	/** Stable per delivery of one event: NexHealth's retries of it carry the same key. */
	key: string;
}

/** The delivered payload: resource_type, event_name, event_time, data (reference section 6). */
export function parseDelivery(rawBody: string): WebhookEvent {
	let body: Record<string, unknown>;
	try {
		body = JSON.parse(rawBody) as Record<string, unknown>;
	} catch {
		throw new Error('The delivery is not JSON');
	}
	const eventName = typeof body.event_name === 'string' ? body.event_name : '';
	if (!eventName) throw new Error('The delivery has no event_name');
	const data = body.data as Record<string, unknown> | null | undefined;
	// The appointment object: under data.appointment, or data itself when it is one.
	const appointment =
		data && typeof data === 'object'
			? ((data.appointment as Record<string, unknown> | undefined) ??
				(data.appt as Record<string, unknown> | undefined) ??
				('start_time' in data ? data : null))
			: null;
	const resourceType = typeof body.resource_type === 'string' ? body.resource_type : '';
	const eventTime = typeof body.event_time === 'string' ? body.event_time : '';
	const subject =
		appointment && appointment.id !== undefined ? String(appointment.id) : JSON.stringify(data ?? null).slice(0, 200);
	return {
		resourceType,
		eventName,
		eventTime,
		appointment,
		data,
		key: `nexhealth:${eventName}:${subject}:${eventTime}`,
	};
}

export const INSERTION_OUTCOMES = ['complete', 'failed', 'timed_out'] as const;
export type InsertionOutcome = (typeof INSERTION_OUTCOMES)[number];

/**
 * The shared-state fact that NexHealth reported an appointment write's outcome: the NexHealth Trigger
 * records it, PMS > Book waits for it. One key per outcome, so the fact survives without a payload.
 */
export function insertionKey(appointmentId: string, outcome: InsertionOutcome): string {
	return `nexhealth.insertion:${appointmentId}:${outcome}`;
}

/** appointment_insertion.complete -> 'complete'; null for any other event. */
export function insertionOutcomeOf(eventName: string): InsertionOutcome | null {
	const match = /^appointment_insertion\.(complete|failed|timed_out)$/.exec(eventName);
	return match ? (match[1] as InsertionOutcome) : null;
}

/** The booking key Chairside tagged into an appointment's note (core/booking/key), if any. */
export function bookingKeyInNote(note: unknown): string | null {
	const match = typeof note === 'string' ? /\[chairside:([0-9a-f]{16})\]/.exec(note) : null;
	return match ? match[1] : null;
}
