/**
 * The answer to Twilio's webhook. Empty by default: Twilio answers STOP, START and HELP itself,
 * and everything else is for the practice to answer through its own journeys.
 */

export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

export function escapeXml(text: string): string {
	return text.replace(
		/[<>&'"]/g,
		(c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] as string,
	);
}

/** TwiML that sends `message` back to the patient, or answers nothing when it is empty. */
export function twiml(message?: string | null): string {
	const text = message?.trim();
	if (!text) return EMPTY_TWIML;
	return `<?xml version="1.0" encoding="UTF-8"?><Response><Message>${escapeXml(text)}</Message></Response>`;
}
