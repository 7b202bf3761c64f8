/**
 * A patient's reply as the classifier reads it. Phones send curly apostrophes, emoji, full-width
 * digits and stray spaces; none of that should change what a reply means.
 */

// Emoji, skin tones, variation selectors and joiners: "STOP 🛑" is still STOP.
// Alternatives, not one character class: a class would read a joiner or modifier as part of its neighbour.
const EMOJI =
	/\p{Extended_Pictographic}|\p{Regional_Indicator}|\p{Emoji_Modifier}|\u{FE0E}|\u{FE0F}|\u{200D}|\u{20E3}/gu;
const APOSTROPHES = /[\u2018\u2019\u201B\u02BC\u0060\u00B4]/g;
const QUOTES = /[\u201C\u201D\u201E\u00AB\u00BB]/g;
const DASHES = /[\u2010-\u2015\u2212]/g;

/** Lower case, straight quotes, no emoji, single spaces. */
export function normaliseReply(body: string): string {
	return body
		.normalize('NFKC')
		.replace(EMOJI, ' ')
		.replace(APOSTROPHES, "'")
		.replace(QUOTES, '"')
		.replace(DASHES, '-')
		.toLowerCase()
		.replace(/\s+/g, ' ')
		.trim();
}

/** The reply without leading or trailing punctuation: "STOP!!!" and "stop." are both "stop". */
export function stripEdges(text: string): string {
	return text.replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '');
}
