/** Gmail's dialect of Google's API errors (with the errors: [...] list), and its rate-limit answer. */
import type { DateTime } from 'luxon';
import { GoogleError, googleErrors } from '../google/errors';

export const gmailErrors = {
	...googleErrors({ service: 'gmail.googleapis.com', rpc: 'caribou.api.proto.MailboxService', legacyReasons: true }),
	rateLimited: (now: DateTime) =>
		new GoogleError(
			429,
			`User-rate limit exceeded.  Retry after ${now.toUTC().plus({ seconds: 1 }).toISO() as string}`,
			'RESOURCE_EXHAUSTED',
			'rateLimitExceeded',
		),
};
