/**
 * One-click email unsubscribe (RFC 8058): every email carries a link that names the address, never
 * shows it, and is signed, so only a link we sent can unsubscribe it. The address is what the
 * patient unsubscribes (US CAN-SPAM honours the address, not a person: a parent's address shared
 * by three patients stops for all three); the state records it as a fact the guard reads before
 * every email (core/messaging/dispatch.ts), whatever an item says.
 *
 * Link: `<base>?u=v1.<patientId>.<addressTag>.<signature>`: addressTag is a SHA-256 tag of the
 * lower-cased address (22 base64url characters), the signature base64url HMAC-SHA256 over
 * `v1.<patientId>.<addressTag>`. The link does not expire: an unsubscribe link in a year-old email
 * must still work.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const VERSION = 'v1';
/** Shorter secrets are guessable offline from one link. */
export const MIN_UNSUBSCRIBE_SECRET_LENGTH = 32;
const PATIENT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const TAG = /^[A-Za-z0-9_-]{22}$/;
const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;

export class UnsubscribeError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'UnsubscribeError';
	}
}

/** The address's tag: the same for "Maria@Example.com " and "maria@example.com". */
export function addressTag(address: string): string {
	return createHash('sha256').update(address.trim().toLowerCase(), 'utf8').digest('base64url').slice(0, 22);
}

function sign(secret: string, payload: string): string {
	return createHmac('sha256', secret).update(payload, 'utf8').digest('base64url');
}

function checkSecret(secret: string): void {
	if (typeof secret !== 'string' || secret.length < MIN_UNSUBSCRIBE_SECRET_LENGTH) {
		throw new UnsubscribeError(
			`The unsubscribe secret is shorter than ${MIN_UNSUBSCRIBE_SECRET_LENGTH} characters: set a long random one in the Chairside Unsubscribe Link credential`,
		);
	}
}

/** The token for one patient's address. */
export function unsubscribeToken(secret: string, patientId: string, address: string): string {
	checkSecret(secret);
	if (!PATIENT_ID.test(patientId)) throw new UnsubscribeError('Patient ID must be 1 to 64 letters, digits, "-" or "_"');
	const payload = `${VERSION}.${patientId}.${addressTag(address)}`;
	return `${payload}.${sign(secret, payload)}`;
}

/** The link an email carries: the unsubscribe webhook's URL with the token. */
export function unsubscribeLink(secret: string, webhookUrl: string, patientId: string, address: string): string {
	const url = new URL(webhookUrl);
	url.searchParams.set('u', unsubscribeToken(secret, patientId, address));
	return url.toString();
}

export interface Unsubscribed {
	patientId: string;
	/** The address's tag: the key of the opt-out fact. */
	addressTag: string;
}

/** Who a token unsubscribes, or an error that says what is wrong (never the token's content). */
export function verifyUnsubscribeToken(token: unknown, secret: string): Unsubscribed {
	checkSecret(secret);
	const parts = typeof token === 'string' ? token.trim().split('.') : [];
	if (
		parts.length !== 4 ||
		parts[0] !== VERSION ||
		!PATIENT_ID.test(parts[1]) ||
		!TAG.test(parts[2]) ||
		!SIGNATURE.test(parts[3])
	) {
		throw new UnsubscribeError('The unsubscribe link is incomplete or malformed');
	}
	const expected = Buffer.from(sign(secret, parts.slice(0, 3).join('.')), 'utf8');
	const given = Buffer.from(parts[3], 'utf8');
	// Constant time: a byte-by-byte compare tells a forger how much was right.
	if (expected.length !== given.length || !timingSafeEqual(expected, given))
		throw new UnsubscribeError('The unsubscribe link does not verify');
	return { patientId: parts[1], addressTag: parts[2] };
}
