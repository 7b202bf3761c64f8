/**
 * Twilio's REST error body: { code, message, more_info, status }, with the codes and wording the
 * real API uses, so a client's error mapping is tested against what Twilio actually says.
 */

export class TwilioError extends Error {
	constructor(
		readonly status: number,
		readonly code: number,
		message: string,
	) {
		super(message);
	}

	json(): { code: number; message: string; more_info: string; status: number } {
		return {
			code: this.code,
			message: this.message,
			more_info: `https://www.twilio.com/docs/errors/${this.code}`,
			status: this.status,
		};
	}
}

export const errors = {
	authenticate: () => new TwilioError(401, 20003, 'Authenticate'),
	notFound: (path: string) => new TwilioError(404, 20404, `The requested resource ${path} was not found`),
	invalidTo: (to: string) => new TwilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`),
	// Twilio error 21408: the account's SMS geo permissions do not include the number's region.
	regionNotPermitted: (to: string) =>
		new TwilioError(
			400,
			21408,
			`Permission to send an SMS has not been enabled for the region indicated by the 'To' number: ${to}.`,
		),
	missingTo: () => new TwilioError(400, 21604, "A 'To' phone number is required."),
	missingSender: () =>
		new TwilioError(400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message."),
	invalidFrom: (from: string) =>
		new TwilioError(
			400,
			21606,
			`The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`,
		),
	invalidService: (sid: string) => new TwilioError(400, 21705, `The Messaging Service Sid ${sid} is invalid.`),
	missingBody: () => new TwilioError(400, 21602, 'Message body is required.'),
	bodyTooLong: () => new TwilioError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.'),
	unsubscribed: () => new TwilioError(400, 21610, 'Attempt to send to unsubscribed recipient'),
	invalidCallback: (url: string) => new TwilioError(400, 21609, `The StatusCallback URL ${url} is not a valid URL.`),
	invalidValidity: () =>
		new TwilioError(
			400,
			21624,
			'Validity period can only be set to integers between 1 and 36,000 seconds (10 hours max).',
		),
	invalidParam: (name: string, value: string) => new TwilioError(400, 20001, `Invalid ${name}: ${value}`),
	tooManyRequests: () => new TwilioError(429, 20429, 'Too Many Requests'),
	internal: () => new TwilioError(500, 20500, 'An internal server error has occurred'),
	unavailable: () => new TwilioError(503, 20503, 'Service is unavailable. Please try again'),
};

/** Delivery failures land on the message (error_code/error_message), not on the create call. */
export const DELIVERY_ERRORS: Readonly<Record<number, string>> = {
	30003: 'Unreachable destination handset',
};
