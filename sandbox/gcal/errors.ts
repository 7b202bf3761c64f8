/** Calendar v3's dialect of Google's API errors (with the errors: [...] list), and its own answers. */
import { GoogleError, googleErrors } from '../google/errors';

const base = googleErrors({ service: 'calendar-json.googleapis.com', rpc: 'calendar.v3', legacyReasons: true });

export const calendarErrors = {
	...base,
	rateLimited: () => new GoogleError(429, 'Rate Limit Exceeded', 'RESOURCE_EXHAUSTED', 'rateLimitExceeded'),
	invalidId: () => new GoogleError(400, 'Invalid resource id value.', 'INVALID_ARGUMENT', 'invalid'),
	required: (message: string) => new GoogleError(400, message, 'INVALID_ARGUMENT', 'required'),
	invalid: (message: string) => new GoogleError(400, message, 'INVALID_ARGUMENT', 'invalid'),
	timeRangeEmpty: () =>
		new GoogleError(400, 'The specified time range is empty.', 'INVALID_ARGUMENT', 'timeRangeEmpty'),
	duplicate: () => new GoogleError(409, 'The requested identifier already exists.', 'ALREADY_EXISTS', 'duplicate'),
	// 410 has no canonical status of its own; the event is gone for this caller, as for NOT_FOUND.
	deleted: () => new GoogleError(410, 'Resource has been deleted', 'NOT_FOUND', 'deleted'),
};
