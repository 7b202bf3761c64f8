/**
 * Google API errors as Gmail answers them: { error: { code, message, errors: [...], status } },
 * and the OAuth token endpoint's flat { error, error_description }.
 */

export class GoogleError extends Error {
	constructor(
		readonly code: number,
		message: string,
		readonly status: string,
		readonly reason: string,
		readonly extra: { location?: string; details?: unknown[] } = {},
	) {
		super(message);
	}

	json(): unknown {
		const item: Record<string, string> = { message: this.reason === 'authError' ? 'Invalid Credentials' : this.message, domain: 'global', reason: this.reason };
		if (this.extra.location) Object.assign(item, { location: this.extra.location, locationType: 'header' });
		return {
			error: {
				code: this.code,
				message: this.message,
				errors: [item],
				status: this.status,
				...(this.extra.details ? { details: this.extra.details } : {}),
			},
		};
	}
}

/** The token endpoint's error shape. */
export class OAuthError extends Error {
	constructor(
		readonly httpStatus: number,
		readonly error: string,
		readonly description: string,
	) {
		super(description);
	}

	json(): unknown {
		return { error: this.error, error_description: this.description };
	}
}

const CREDENTIALS_HELP =
	'Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';

export const gmailErrors = {
	invalidCredentials: () =>
		new GoogleError(401, `Request had invalid authentication credentials. ${CREDENTIALS_HELP}`, 'UNAUTHENTICATED', 'authError', { location: 'Authorization' }),
	missingCredentials: () =>
		new GoogleError(401, `Request is missing required authentication credential. ${CREDENTIALS_HELP}`, 'UNAUTHENTICATED', 'required', { location: 'Authorization' }),
	insufficientScopes: (method: string) =>
		new GoogleError(403, 'Request had insufficient authentication scopes.', 'PERMISSION_DENIED', 'insufficientPermissions', {
			details: [
				{
					'@type': 'type.googleapis.com/google.rpc.ErrorInfo',
					reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT',
					domain: 'googleapis.com',
					metadata: { service: 'gmail.googleapis.com', method: `caribou.api.proto.MailboxService.${method}` },
				},
			],
		}),
	forbidden: (message: string) => new GoogleError(403, message, 'PERMISSION_DENIED', 'forbidden'),
	invalidArgument: (message: string) => new GoogleError(400, message, 'INVALID_ARGUMENT', 'invalidArgument'),
	failedPrecondition: (message: string) => new GoogleError(400, message, 'FAILED_PRECONDITION', 'failedPrecondition'),
	notFound: () => new GoogleError(404, 'Requested entity was not found.', 'NOT_FOUND', 'notFound'),
	rateLimited: (retryAfterIso: string) => new GoogleError(429, `User-rate limit exceeded.  Retry after ${retryAfterIso}`, 'RESOURCE_EXHAUSTED', 'rateLimitExceeded'),
	internal: () => new GoogleError(500, 'Internal error encountered.', 'INTERNAL', 'backendError'),
	unavailable: () => new GoogleError(503, 'The service is currently unavailable.', 'UNAVAILABLE', 'backendError'),
};
