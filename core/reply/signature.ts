/**
 * Is this webhook from Twilio? X-Twilio-Signature is an HMAC-SHA1, under the account's Auth
 * Token, of the exact URL Twilio called plus the POST parameters sorted by name, in base64
 * (https://www.twilio.com/docs/usage/webhooks/webhooks-security). The URL is tried the ways the
 * twilio helper library's validateRequest tries it (with and without the default port, then as
 * `new URL()` normalizes it, then with its query re-encoded as Node's legacy querystring does),
 * compared in constant time. Written here rather than bundled: the library's webhooks module
 * requires url and querystring, which n8n's community-node rules do not allow
 * (test/unit/reply/signature.test.ts checks it against the library).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The signature Twilio sends for `params` posted to `url`; a repeated parameter counts each distinct value once, sorted. */
export function twilioSignature(authToken: string, url: string, params: Record<string, unknown>): string {
	const pair = (name: string, value: unknown): string =>
		Array.isArray(value)
			? [...new Set(value)]
					.sort()
					.map((v) => pair(name, v))
					.join('')
			: `${name}${value}`;
	const data = Object.keys(params)
		.sort()
		.reduce((text, key) => text + pair(key, params[key]), url);
	return createHmac('sha1', authToken).update(Buffer.from(data, 'utf-8')).digest('base64');
}

/** The URL's parts as typed (no normalizing: the path and query keep the characters Twilio signed); null without "scheme://". */
function splitUrl(url: string): { scheme: string; userInfo: string; host: string; port: string; rest: string } | null {
	const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)/i.exec(url);
	if (!match) return null;
	const [prefix, scheme, authority] = match;
	const userInfoEnd = authority.lastIndexOf('@');
	const hostAndPort = authority.slice(userInfoEnd + 1);
	// A colon starts the port only after an IPv6 literal's closing bracket.
	const portStart = hostAndPort.indexOf(':', hostAndPort.lastIndexOf(']') + 1);
	return {
		scheme,
		userInfo: authority.slice(0, userInfoEnd + 1),
		host: portStart === -1 ? hostAndPort : hostAndPort.slice(0, portStart),
		port: portStart === -1 ? '' : hostAndPort.slice(portStart),
		rest: url.slice(prefix.length),
	};
}

function withPort(url: string): string {
	const parts = splitUrl(url);
	if (!parts || parts.port) return url;
	return (
		parts.scheme +
		parts.userInfo +
		parts.host +
		(parts.scheme.toLowerCase() === 'https://' ? ':443' : ':80') +
		parts.rest
	);
}

function withoutPort(url: string): string {
	const parts = splitUrl(url);
	return parts ? parts.scheme + parts.userInfo + parts.host + parts.rest : url;
}

/** Node's querystring.unescape: decodeURIComponent, or byte by byte when a "%" sequence is malformed. */
function unescape(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		const bytes: number[] = [];
		for (let i = 0; i < text.length; i++) {
			const hex = text[i] === '%' && i < text.length - 2 ? /^[0-9a-f]{2}$/i.exec(text.slice(i + 1, i + 3)) : null;
			if (hex) {
				bytes.push(parseInt(hex[0], 16));
				i += 2;
			} else bytes.push(text.charCodeAt(i) & 0xff);
		}
		return Buffer.from(bytes).toString();
	}
}

/** The query as Node's legacy querystring.parse then stringify writes it ("+" a space, "%20" for a space, a repeated key's values together). */
function withLegacyQuery(url: string): string {
	const at = url.indexOf('?');
	if (at === -1 || at === url.length - 1) return url;
	// A null-prototype object, as querystring.parse builds: its keys keep the same order (integer-like first).
	const query: Record<string, string[]> = Object.create(null);
	let pairs = 1000;
	for (const piece of url.slice(at + 1).split('&')) {
		if (piece !== '') {
			const eq = piece.indexOf('=');
			const key = unescape((eq === -1 ? piece : piece.slice(0, eq)).replace(/\+/g, ' '));
			(query[key] ??= []).push(eq === -1 ? '' : unescape(piece.slice(eq + 1).replace(/\+/g, ' ')));
		}
		if (--pairs === 0) break;
	}
	const text = Object.keys(query)
		.map((key) => query[key].map((value) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&'))
		.join('&');
	return `${url.slice(0, at)}?${text}`;
}

/** twilio's validateRequest: `url` as received (without and with the port), then normalized. Throws on a URL that does not parse. */
function validates(authToken: string, signature: string, url: string, params: Record<string, unknown>): boolean {
	const given = Buffer.from(signature);
	const matches = (candidate: string) => {
		const expected = Buffer.from(twilioSignature(authToken, candidate, params));
		return given.length === expected.length && timingSafeEqual(given, expected);
	};
	if ([withoutPort(url), withPort(url)].some(matches)) return true;
	const normalized = new URL(url).toString();
	return [
		withoutPort(normalized),
		withPort(normalized),
		withLegacyQuery(withoutPort(normalized)),
		withLegacyQuery(withPort(normalized)),
	].some(matches);
}

/**
 * Whether `signature` signs `params` for one of `urls` (the URL configured in Twilio can differ
 * from the one n8n thinks it serves, so the caller may offer both). A missing header, an empty
 * token or a malformed URL is simply "not signed".
 */
export function isSignedByTwilio(
	authToken: string | null | undefined,
	signature: unknown,
	urls: readonly string[],
	params: Record<string, unknown>,
): boolean {
	if (!authToken || typeof signature !== 'string' || signature === '') return false;
	return urls.some((url) => {
		try {
			return validates(authToken, signature, url, params);
		} catch {
			// A URL that does not parse was not the one Twilio signed.
			return false;
		}
	});
}

/**
 * The URLs Twilio may have signed: the practice's Public URL exactly as typed in the Twilio
 * console, then the URLs n8n serves (test and production), each with the request's query string
 * (Twilio signs the query too).
 */
export function candidateUrls(
	served: ReadonlyArray<string | null | undefined>,
	publicUrl: string | null | undefined,
	requestUrl: string | null | undefined,
): string[] {
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
