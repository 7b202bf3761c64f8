/**
 * Google's OAuth 2.0 token endpoint (POST https://oauth2.googleapis.com/token) for one client
 * and one refresh token: client authentication in the body or HTTP Basic, refresh_token and
 * authorization_code grants, and access tokens that expire 3599 s later on the simulator's clock.
 */
import { randomBytes } from 'node:crypto';
import { OAuthError } from './errors';

export const TOKEN_LIFETIME_S = 3599;

export interface TokenOptions {
	clientId: string;
	clientSecret: string;
	refreshToken: string;
	scopes: string[];
	/** Milliseconds on the simulator's clock. */
	nowMs: () => number;
}

export type TokenCheck = { ok: true; scopes: string[] } | { ok: false; reason: 'missing' | 'unknown' | 'expired' };

export class TokenIssuer {
	issued = 0;
	private readonly tokens = new Map<string, { expiresAt: number; scopes: string[] }>();
	private revoked = false;

	constructor(private readonly opts: TokenOptions) {}

	/** A token valid from now, as if the client had refreshed before the simulator started. */
	seed(accessToken: string): void {
		this.tokens.set(accessToken, { expiresAt: this.opts.nowMs() + TOKEN_LIFETIME_S * 1000, scopes: this.opts.scopes });
	}

	check(token: string | undefined): TokenCheck {
		if (!token) return { ok: false, reason: 'missing' };
		const entry = this.tokens.get(token);
		if (!entry) return { ok: false, reason: 'unknown' };
		if (this.opts.nowMs() >= entry.expiresAt) return { ok: false, reason: 'expired' };
		return { ok: true, scopes: entry.scopes };
	}

	/** The user removed the app's access: the refresh token and every access token stop working. */
	revoke(): void {
		this.revoked = true;
		this.tokens.clear();
	}

	exchange(form: URLSearchParams, authorization: string | undefined): Record<string, unknown> {
		const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
		let clientId = form.get('client_id');
		let clientSecret = form.get('client_secret');
		if (basic) {
			const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
			const colon = decoded.indexOf(':');
			if (colon < 0) throw new OAuthError(401, 'invalid_client', 'Unauthorized');
			clientId = decoded.slice(0, colon);
			clientSecret = decoded.slice(colon + 1);
		}
		const grant = form.get('grant_type');
		if (grant !== 'refresh_token' && grant !== 'authorization_code')
			throw new OAuthError(400, 'unsupported_grant_type', `Invalid grant_type: ${grant ?? ''}`);
		if (!clientId) throw new OAuthError(400, 'invalid_request', 'Could not determine client ID from request.');
		if (!same(clientId, this.opts.clientId))
			throw new OAuthError(401, 'invalid_client', 'The OAuth client was not found.');
		if (clientSecret === null || !same(clientSecret, this.opts.clientSecret))
			throw new OAuthError(401, 'invalid_client', 'Unauthorized');
		if (grant === 'refresh_token') {
			const refresh = form.get('refresh_token');
			if (!refresh) throw new OAuthError(400, 'invalid_request', 'Missing required parameter: refresh_token');
			if (this.revoked) throw new OAuthError(400, 'invalid_grant', 'Token has been expired or revoked.');
			if (refresh !== this.opts.refreshToken) throw new OAuthError(400, 'invalid_grant', 'Bad Request');
			return this.issue();
		}
		if (!form.get('code')) throw new OAuthError(400, 'invalid_request', 'Missing required parameter: code');
		// Any code is accepted: the consent screen is not simulated. It reinstates a revoked grant.
		this.revoked = false;
		return { ...this.issue(), refresh_token: this.opts.refreshToken };
	}

	private issue(): Record<string, unknown> {
		const token = `ya29.sandbox-${randomBytes(24).toString('base64url')}`;
		this.tokens.set(token, { expiresAt: this.opts.nowMs() + TOKEN_LIFETIME_S * 1000, scopes: this.opts.scopes });
		this.issued++;
		return {
			access_token: token,
			expires_in: TOKEN_LIFETIME_S,
			scope: this.opts.scopes.join(' '),
			token_type: 'Bearer',
		};
	}
}

/** client_secret_basic form-encodes both parts before base64 (RFC 6749 2.3.1); not every client does. */
function same(given: string, expected: string): boolean {
	return given === expected || formDecode(given) === expected;
}

function formDecode(value: string): string {
	try {
		return decodeURIComponent(value.replace(/\+/g, ' '));
	} catch {
		return value;
	}
}
