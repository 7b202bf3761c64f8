/**
 * Is this webhook from Twilio? X-Twilio-Signature is an HMAC-SHA1, under the account's Auth
 * Token, of the exact URL Twilio called plus the POST parameters. twilio's own validateRequest
 * does the arithmetic (sorted params, with and without the default port, constant-time compare);
 * only its webhooks module is imported, so the bundle stays small.
 */
import { validateRequest } from 'twilio/lib/webhooks/webhooks';

/**
 * Whether `signature` signs `params` for one of `urls` (the URL configured in Twilio can differ
 * from the one n8n thinks it serves, so the caller may offer both). A missing header, an empty
 * token or a malformed URL is simply "not signed".
 */
export function isSignedByTwilio(authToken: string | null | undefined, signature: unknown, urls: readonly string[], params: Record<string, unknown>): boolean {
	if (!authToken || typeof signature !== 'string' || signature === '') return false;
	return urls.some((url) => {
		try {
			return validateRequest(authToken, signature, url, params);
		} catch {
			// validateRequest parses the URL; one that does not parse was not the one Twilio signed.
			return false;
		}
	});
}

/**
 * The URLs Twilio may have signed: the practice's Public URL exactly as typed in the Twilio
 * console, then the URLs n8n serves (test and production), each with the request's query string
 * (Twilio signs the query too).
 */
export function candidateUrls(served: ReadonlyArray<string | null | undefined>, publicUrl: string | null | undefined, requestUrl: string | null | undefined): string[] {
	const urls: string[] = [];
	const typed = publicUrl?.trim();
	if (typed) urls.push(typed);
	const at = requestUrl?.indexOf('?') ?? -1;
	const query = requestUrl && at >= 0 && at < requestUrl.length - 1 ? requestUrl.slice(at) : '';
	for (const url of served) {
		if (url) urls.push(url.includes('?') ? url : url + query);
	}
	return [...new Set(urls)];
}
