import {
	getCountryCallingCode,
	isSupportedCountry,
	parsePhoneNumberFromString,
	type CountryCode,
} from 'libphonenumber-js';

export type PhoneResult = { ok: true; e164: string } | { ok: false };

/**
 * Phone numbers to E.164. Exports repeat a patient's number on every procedure line, so
 * results are memoised per raw text: the cost grows with patients, not with rows.
 */
export class PhoneNormalizer {
	private readonly cache = new Map<string, PhoneResult>();
	/** North American numbers: libphonenumber's verdict per area code and exchange (see below). */
	private readonly exchanges = new Map<string, boolean>();
	private readonly northAmerican: boolean;

	constructor(private readonly defaultRegion: CountryCode) {
		this.northAmerican = getCountryCallingCode(defaultRegion) === '1';
	}

	normalize(raw: string): PhoneResult {
		const cached = this.cache.get(raw);
		if (cached) return cached;
		const result = this.northAmerican ? (this.tenDigits(raw) ?? this.parse(raw)) : this.parse(raw);
		this.cache.set(raw, result);
		return result;
	}

	private parse(raw: string): PhoneResult {
		const parsed = parsePhoneNumberFromString(raw, this.defaultRegion);
		return parsed && parsed.isValid() ? { ok: true, e164: parsed.number } : { ok: false };
	}

	/**
	 * A plainly written North American number ("(312) 555-0134", "312.555.0134", "+1 312 555 0134"):
	 * every patient has their own, so each would be a full libphonenumber parse. Its metadata decides
	 * a +1 number's validity (and country) from the first six digits, area code and exchange (the
	 * last four are any digits), so libphonenumber is asked once per exchange and the number is
	 * built from its digits. test/unit/normalize.test.ts compares both ways on random numbers.
	 */
	private tenDigits(raw: string): PhoneResult | null {
		const match = NANP.exec(raw);
		if (!match) return null;
		const exchange = match[1] + match[2];
		let valid = this.exchanges.get(exchange);
		if (valid === undefined) {
			const parsed = this.parse(`+1${exchange}${match[3]}`);
			valid = parsed.ok;
			this.exchanges.set(exchange, valid);
		}
		return valid ? { ok: true, e164: `+1${exchange}${match[3]}` } : { ok: false };
	}
}

/** Ten digits, optionally after +1 or 1, in the usual groupings; nothing else on the line. */
const NANP = /^\s*(?:\+?1[\s.-]?)?\(?(\d{3})\)?[\s.-]?(\d{3})[\s.-]?(\d{4})\s*$/;

export function isCountryCode(value: string): value is CountryCode {
	return isSupportedCountry(value);
}
