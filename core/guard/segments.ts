/**
 * SMS segments as carriers bill them (3GPP TS 23.038). GSM-7 when every character is in the default
 * alphabet or its extension table (extension characters take two septets); otherwise UCS-2, counted
 * in UTF-16 units. One message holds 160 septets / 70 units; concatenated parts lose room to the
 * header and hold 153 / 67, and an escape pair or a surrogate pair never straddles two parts.
 */

const GSM7_BASIC = new Set(
	'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM7_EXTENSION = new Set('\f^{}\\[~]|€');

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsSize {
	encoding: SmsEncoding;
	/** Septets (GSM-7) or UTF-16 units (UCS-2). */
	units: number;
	/** Billed segments; an empty body still travels as one. */
	segments: number;
}

export function smsSize(body: string): SmsSize {
	const chars = Array.from(body);
	let gsm = true;
	for (const c of chars) {
		if (!GSM7_BASIC.has(c) && !GSM7_EXTENSION.has(c)) {
			gsm = false;
			break;
		}
	}
	const widths = chars.map((c) => (gsm ? (GSM7_EXTENSION.has(c) ? 2 : 1) : c.length));
	const units = widths.reduce((sum, w) => sum + w, 0);
	if (units <= (gsm ? 160 : 70)) return { encoding: gsm ? 'GSM-7' : 'UCS-2', units, segments: 1 };
	const capacity = gsm ? 153 : 67;
	let segments = 1;
	let used = 0;
	for (const w of widths) {
		if (used + w > capacity) {
			segments++;
			used = 0;
		}
		used += w;
	}
	return { encoding: gsm ? 'GSM-7' : 'UCS-2', units, segments };
}
