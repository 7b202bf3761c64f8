/**
 * The chat widget's patient token: who the patient is, signed by the practice's own server.
 *
 * A chat widget runs in the patient's browser, so anything it sends can be edited. The practice's
 * server (which knows who is logged in to its patient portal) signs the patient id with a secret
 * only it and n8n hold; the AI coordinator then trusts the signature, never a number in the body.
 *
 * Format: `v1.<patientId>.<expires, Unix seconds>.<signature>`, the signature being base64url
 * HMAC-SHA256 over `v1.<patientId>.<expires>` with the secret. Short-lived: a token that leaks in a
 * log or a shared screen is worth minutes, not a patient's whole conversation.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { CoordinatorInputError } from './errors';

export const TOKEN_VERSION = 'v1';
/** Shorter secrets are guessable offline from one captured token. */
export const MIN_SECRET_LENGTH = 32;
/** The longest life a token may claim, whatever its signer wrote: a day. */
export const DEFAULT_MAX_LIFETIME_MINUTES = 24 * 60;
/** Open Dental PatNums are digits; other systems use short ids. Nothing that could carry a message. */
const PATIENT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const EXPIRES = /^\d{1,12}$/;
const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;

export interface VerifiedPatient {
	patientId: string;
	/** ISO instant the token stops being accepted. */
	expiresAt: string;
}

function signature(secret: string, payload: string): string {
	return createHmac('sha256', secret).update(payload, 'utf8').digest('base64url');
}

function checkSecret(secret: string): void {
	if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
		throw new CoordinatorInputError(
			'secret',
			`The token secret is shorter than ${MIN_SECRET_LENGTH} characters`,
			'Set a long random secret (e.g. `openssl rand -base64 48`) in the Chairside Patient Token credential and on the server that signs tokens.',
		);
	}
}

/** What the practice's server does: a token for one patient, valid until `expiresAt`. */
export function signPatientToken(secret: string, patientId: string, expiresAt: Date): string {
	checkSecret(secret);
	if (!PATIENT_ID.test(patientId))
		throw new CoordinatorInputError('patientId', 'Patient ID must be 1 to 64 letters, digits, "-" or "_"');
	const expires = Math.floor(expiresAt.getTime() / 1000);
	const payload = `${TOKEN_VERSION}.${patientId}.${expires}`;
	return `${payload}.${signature(secret, payload)}`;
}

/**
 * The patient a token names, or a refusal. Messages say what is wrong with the token, never its
 * content (the id is a patient's) and never which part of the signature differed.
 */
export function verifyPatientToken(
	token: unknown,
	secret: string,
	now: Date,
	maxLifetimeMinutes: number = DEFAULT_MAX_LIFETIME_MINUTES,
): VerifiedPatient {
	checkSecret(secret);
	const hint =
		"The chat widget must send a token the practice's server signed for the logged-in patient (README, Treatment Coordinator).";
	if (typeof token !== 'string' || !token.trim())
		throw new CoordinatorInputError('token', 'No patient token: the request does not say who the patient is', hint);
	const parts = token.trim().split('.');
	if (
		parts.length !== 4 ||
		parts[0] !== TOKEN_VERSION ||
		!PATIENT_ID.test(parts[1]) ||
		!EXPIRES.test(parts[2]) ||
		!SIGNATURE.test(parts[3])
	) {
		throw new CoordinatorInputError('token', 'The patient token is malformed', hint);
	}
	const [version, patientId, expires, signed] = parts;
	const expected = Buffer.from(signature(secret, `${version}.${patientId}.${expires}`), 'utf8');
	const given = Buffer.from(signed, 'utf8');
	// Constant time: a byte-by-byte compare tells an attacker how much of a forgery was right.
	if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
		throw new CoordinatorInputError(
			'token',
			'The patient token signature does not verify',
			'It was not signed with the secret in the Chairside Patient Token credential, or it was altered.',
		);
	}
	const expiresMs = Number(expires) * 1000;
	if (expiresMs <= now.getTime())
		throw new CoordinatorInputError(
			'token',
			'The patient token has expired',
			'The chat widget must ask the practice server for a fresh token.',
		);
	// A validly signed token that claims to live for months is a signer bug (or a leaked secret): refuse it.
	if (expiresMs - now.getTime() > maxLifetimeMinutes * 60_000) {
		throw new CoordinatorInputError(
			'token',
			`The patient token claims to be valid for longer than ${maxLifetimeMinutes} minutes`,
			'Sign tokens that expire sooner, or raise Max Token Lifetime in the credential.',
		);
	}
	return { patientId, expiresAt: new Date(expiresMs).toISOString() };
}
