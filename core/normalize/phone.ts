import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

export type PhoneResult = { ok: true; e164: string } | { ok: false };

/**
 * Phone numbers to E.164. Exports repeat a patient's number on every procedure line, so
 * results are memoised per raw text: the cost grows with patients, not with rows.
 */
export class PhoneNormalizer {
	private readonly cache = new Map<string, PhoneResult>();

	constructor(private readonly defaultRegion: CountryCode) {}

	normalize(raw: string): PhoneResult {
		const cached = this.cache.get(raw);
		if (cached) return cached;
		const parsed = parsePhoneNumberFromString(raw, this.defaultRegion);
		const result: PhoneResult = parsed && parsed.isValid() ? { ok: true, e164: parsed.number } : { ok: false };
		this.cache.set(raw, result);
		return result;
	}
}

export function isCountryCode(value: string): value is CountryCode {
	return isSupportedCountry(value);
}
