/** Sheets v4's dialect of Google's API errors (no errors: [...] list), and its own answers. */
import { GoogleError, googleErrors } from '../google/errors';

const base = googleErrors({
	service: 'sheets.googleapis.com',
	rpc: 'google.apps.sheets.v4.SpreadsheetsService',
	legacyReasons: false,
});

export const sheetsErrors = {
	...base,
	unparsableRange: (range: string) => base.invalidArgument(`Unable to parse range: ${range}`),
	/** The per-user write quota (60 a minute), the one a weekly row could meet. */
	rateLimited: () =>
		new GoogleError(
			429,
			"Quota exceeded for quota metric 'Write requests' and limit 'Write requests per minute per user' of service 'sheets.googleapis.com' for consumer 'project_number:000000000000'.",
			'RESOURCE_EXHAUSTED',
			null,
			{
				details: [
					{
						'@type': 'type.googleapis.com/google.rpc.ErrorInfo',
						reason: 'RATE_LIMIT_EXCEEDED',
						domain: 'googleapis.com',
						metadata: {
							service: 'sheets.googleapis.com',
							quota_metric: 'sheets.googleapis.com/write_requests',
							quota_limit: 'WriteRequestsPerMinutePerUser',
							consumer: 'projects/000000000000',
						},
					},
				],
			},
		),
};
