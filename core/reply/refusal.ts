/**
 * What an inbound text refused for its signature answers (HTTP 403) and logs: which URLs the
 * signature was checked against and what to set. Twilio signs the exact URL it called, so a
 * localhost/127.0.0.1 mix-up, TLS ended at a proxy (https outside, http inside) or a proxy that
 * adds a query parameter all fail the same way; the answer says how to make them agree.
 */
export function signatureRefusal(checkedAgainst: readonly string[]): string {
	const urls = checkedAgainst.length ? checkedAgainst.join(' , ') : '(no URL)';
	return [
		'Twilio signature did not verify.',
		`It was checked against: ${urls}`,
		'Twilio signs the exact URL it calls, so the URL in the Twilio console must be one of these, character for character (scheme, host, port, path, query).',
		"Fix: set n8n's WEBHOOK_URL to the public https address Twilio calls (behind a reverse proxy or tunnel, also N8N_PROXY_HOPS=1) and restart n8n,",
		"or put the exact URL from the Twilio console in the Patient Reply Trigger's Public URL option. A proxy must not add or change query parameters.",
	].join('\n');
}
