/**
 * SMS segment counting as carriers bill it (3GPP TS 23.038): GSM-7 when every character is in the
 * default alphabet or its extension table, else UCS-2. A single message holds 160 septets / 70
 * UTF-16 units; a concatenated one loses room to the UDH and holds 153 / 67 per segment.
 */

// The GSM 03.38 default alphabet, in table order (0x1B, the escape, is left out on purpose).
const GSM7_BASIC = new Set(
	'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
// Reached through the escape, so each costs two septets.
const GSM7_EXTENSION = new Set('\f^{}\\[~]|€');

export interface SegmentCount {
	encoding: 'GSM-7' | 'UCS-2';
	/** Billed segments; an empty body still travels as one. */
	segments: number;
	/** Septets (GSM-7, extension characters count 2) or UTF-16 code units (UCS-2). */
	units: number;
}

export function countSegments(body: string): SegmentCount {
	const chars = [...body];
	const gsm = chars.every((c) => GSM7_BASIC.has(c) || GSM7_EXTENSION.has(c));
	// Units per character: an escape pair and a surrogate pair must stay within one segment.
	const widths = gsm ? chars.map((c) => (GSM7_EXTENSION.has(c) ? 2 : 1)) : chars.map((c) => c.length);
	const units = widths.reduce((sum, w) => sum + w, 0);
	const single = gsm ? 160 : 70;
	const perPart = gsm ? 153 : 67;
	return { encoding: gsm ? 'GSM-7' : 'UCS-2', units, segments: units <= single ? 1 : pack(widths, perPart) };
}

/** Greedy packing that never splits a character across segments, as handsets and Twilio do. */
function pack(widths: number[], capacity: number): number {
	let segments = 1;
	let used = 0;
	for (const w of widths) {
		if (used + w > capacity) {
			segments++;
			used = 0;
		}
		used += w;
	}
	return segments;
}
