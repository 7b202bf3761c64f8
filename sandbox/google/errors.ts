/**
 * Google API errors: { error: { code, message, status, details? } }, plus the errors: [...] list
 * with a reason that older APIs such as Gmail still send and newer ones such as Sheets v4 do not;
 * and the OAuth token endpoint's flat { error, error_description }.
 */

export class GoogleError extends Error {
	constructor(
		readonly code: number,
		message: string,
		readonly status: string,
		/** The errors[0].reason of APIs that send the list; null for those that do not. */
		readonly reason: string | null,
		readonly extra: { location?: string; details?: unknown[] } = {},
	) {
		super(message);
	}

	json(): unknown {
		const error: Record<string, unknown> = { code: this.code, message: this.message };
		if (this.reason !== null) {
			const item: Record<string, string> = {
				message: this.reason === 'authError' ? 'Invalid Credentials' : this.message,
				domain: 'global',
				reason: this.reason,
			};
			if (this.extra.location) Object.assign(item, { location: this.extra.location, locationType: 'header' });
			error.errors = [item];
		}
		error.status = this.status;
		if (this.extra.details) error.details = this.extra.details;
		return { error };
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

export interface GoogleApi {
	/** gmail.googleapis.com */
	service: string;
	/** The RPC service ErrorInfo names methods by: caribou.api.proto.MailboxService. */
	rpc: string;
	/** Whether the API still sends the errors: [...] list. */
	legacyReasons: boolean;
}

const CREDENTIALS_HELP =
	'Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';

/** The errors every Google API answers alike, in that API's dialect. */
export function googleErrors(api: GoogleApi) {
	const reason = (legacy: string): string | null => (api.legacyReasons ? legacy : null);
	return {
		invalidCredentials: () =>
			new GoogleError(
				401,
				`Request had invalid authentication credentials. ${CREDENTIALS_HELP}`,
				'UNAUTHENTICATED',
				reason('authError'),
				{ location: 'Authorization' },
			),
		missingCredentials: () =>
			new GoogleError(
				401,
				`Request is missing required authentication credential. ${CREDENTIALS_HELP}`,
				'UNAUTHENTICATED',
				reason('required'),
				{ location: 'Authorization' },
			),
		insufficientScopes: (method: string) =>
			new GoogleError(
				403,
				'Request had insufficient authentication scopes.',
				'PERMISSION_DENIED',
				reason('insufficientPermissions'),
				{
					details: [
						{
							'@type': 'type.googleapis.com/google.rpc.ErrorInfo',
							reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT',
							domain: 'googleapis.com',
							metadata: { service: api.service, method: `${api.rpc}.${method}` },
						},
					],
				},
			),
		forbidden: (message: string) => new GoogleError(403, message, 'PERMISSION_DENIED', reason('forbidden')),
		invalidArgument: (message: string) => new GoogleError(400, message, 'INVALID_ARGUMENT', reason('invalidArgument')),
		notFound: () => new GoogleError(404, 'Requested entity was not found.', 'NOT_FOUND', reason('notFound')),
		internal: () => new GoogleError(500, 'Internal error encountered.', 'INTERNAL', reason('backendError')),
		unavailable: () =>
			new GoogleError(503, 'The service is currently unavailable.', 'UNAVAILABLE', reason('backendError')),
	};
}

export type GoogleErrors = ReturnType<typeof googleErrors>;
