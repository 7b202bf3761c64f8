/**
 * NexHealth's bearer token is a JWT with an `exp` claim, 1 hour in production and 24 hours in the
 * sandbox (docs.nexhealth.com/v3.1.0/reference/authentication-1). It is renewed a few minutes
 * before it expires, so no request is sent with a token about to lapse.
 */
export const RENEW_BEFORE_MS = 5 * 60 * 1000;

/** The token's expiry in epoch milliseconds, or null when it is not a readable JWT. */
export function tokenExpiry(token: string): number | null {
	const payload = token.split('.')[1];
	if (!payload) return null;
	try {
		const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { exp?: unknown };
		return typeof claims.exp === 'number' ? claims.exp * 1000 : null;
	} catch {
		return null;
	}
}

/** Empty, unreadable, expired or about to expire: get a new one first. */
export function needsRenewal(token: string | undefined, nowMs: number): boolean {
	if (!token) return true;
	const expiry = tokenExpiry(token);
	return expiry === null || expiry - RENEW_BEFORE_MS <= nowMs;
}
