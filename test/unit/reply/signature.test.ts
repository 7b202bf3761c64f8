import fc from 'fast-check';
import { parse, stringify } from 'node:querystring';
import { getExpectedTwilioSignature, validateRequest } from 'twilio/lib/webhooks/webhooks';
import { candidateUrls, isSignedByTwilio, twilioSignature } from '../../../core/reply/signature';

const TOKEN = '12345678901234567890123456789012';
const URL = 'https://n8n.smile-dental.test/webhook/5f0c2a9e-0c1d-4b8e-9a51-7e3f2d1c0b9a/twilio-sms';
const PARAMS = {
	AccountSid: 'AC00000000000000000000000000000000',
	ApiVersion: '2010-04-01',
	Body: 'prob a 2, it’s throbbing',
	From: '+15125550143',
	MessageSid: 'SM11111111111111111111111111111111',
	MessagingServiceSid: 'MG22222222222222222222222222222222',
	NumMedia: '0',
	NumSegments: '1',
	SmsStatus: 'received',
	To: '+15125550100',
};
const signed = getExpectedTwilioSignature(TOKEN, URL, PARAMS);

describe('isSignedByTwilio', () => {
	it('accepts the signature Twilio computes', () => {
		expect(isSignedByTwilio(TOKEN, signed, [URL], PARAMS)).toBe(true);
	});

	it('refuses a changed body', () => {
		expect(isSignedByTwilio(TOKEN, signed, [URL], { ...PARAMS, Body: 'prob a 3, it’s throbbing' })).toBe(false);
	});

	it('refuses an added or a missing parameter', () => {
		expect(isSignedByTwilio(TOKEN, signed, [URL], { ...PARAMS, OptOutType: 'STOP' })).toBe(false);
		const { NumMedia: _dropped, ...fewer } = PARAMS;
		expect(isSignedByTwilio(TOKEN, signed, [URL], fewer)).toBe(false);
	});

	it('refuses the wrong Auth Token', () => {
		expect(isSignedByTwilio(`x${TOKEN.slice(1)}`, signed, [URL], PARAMS)).toBe(false);
		expect(isSignedByTwilio(TOKEN, getExpectedTwilioSignature('another-token', URL, PARAMS), [URL], PARAMS)).toBe(
			false,
		);
	});

	it('refuses the wrong URL (another path, scheme or host)', () => {
		expect(isSignedByTwilio(TOKEN, signed, [URL.replace('/webhook/', '/webhook-test/')], PARAMS)).toBe(false);
		expect(isSignedByTwilio(TOKEN, signed, [URL.replace('https:', 'http:')], PARAMS)).toBe(false);
		expect(isSignedByTwilio(TOKEN, signed, [URL.replace('smile-dental', 'other')], PARAMS)).toBe(false);
	});

	it('refuses a missing, empty or repeated header and an empty token', () => {
		expect(isSignedByTwilio(TOKEN, undefined, [URL], PARAMS)).toBe(false);
		expect(isSignedByTwilio(TOKEN, '', [URL], PARAMS)).toBe(false);
		expect(isSignedByTwilio(TOKEN, [signed, signed], [URL], PARAMS)).toBe(false);
		expect(isSignedByTwilio('', signed, [URL], PARAMS)).toBe(false);
		expect(isSignedByTwilio(undefined, signed, [URL], PARAMS)).toBe(false);
	});

	it('accepts the URL with or without the default port, as Twilio may sign either', () => {
		expect(isSignedByTwilio(TOKEN, signed, [URL.replace('.test/', '.test:443/')], PARAMS)).toBe(true);
	});

	it('accepts when any offered URL is the one Twilio signed, and survives a malformed one', () => {
		expect(
			isSignedByTwilio(TOKEN, signed, ['not a url', URL.replace('/webhook/', '/webhook-test/'), URL], PARAMS),
		).toBe(true);
		expect(isSignedByTwilio(TOKEN, signed, ['not a url'], PARAMS)).toBe(false);
		expect(isSignedByTwilio(TOKEN, signed, [], PARAMS)).toBe(false);
	});

	it('signs the query string too', () => {
		const withQuery = `${URL}?practice=smile`;
		const sig = getExpectedTwilioSignature(TOKEN, withQuery, PARAMS);
		expect(isSignedByTwilio(TOKEN, sig, [withQuery], PARAMS)).toBe(true);
		expect(isSignedByTwilio(TOKEN, sig, [URL], PARAMS)).toBe(false);
	});
});

describe('the same answers as the twilio library', () => {
	const pieces = [
		'a',
		'Z',
		'9',
		' ',
		'+',
		'%',
		'%2',
		'%20',
		'%27',
		'%zz',
		'%E2%80%99',
		"'",
		'!',
		'*',
		'(',
		'&',
		'&&',
		'=',
		'==',
		'?',
		'#',
		'/',
		':',
		'@',
		'[',
		']',
		'~',
		'é',
		'’',
		'1',
		'02',
	];
	const part = fc.array(fc.constantFrom(...pieces), { maxLength: 8 }).map((p) => p.join(''));
	const base = fc.constantFrom(
		'https://n8n.smile.test',
		'https://n8n.smile.test:443',
		'http://127.0.0.1:5678',
		'https://[::1]:8443',
		'HTTPS://user:pw@Smile.test',
		'http://smile.test:80',
		'not a url',
	);
	const legacy = (url: string) =>
		url.includes('?') && !url.endsWith('?')
			? `${url.slice(0, url.indexOf('?'))}?${stringify(parse(url.slice(url.indexOf('?') + 1)))}`
			: url;
	const library = (token: string, sig: string, url: string, params: Record<string, unknown>) => {
		try {
			return validateRequest(token, sig, url, params);
		} catch {
			return false;
		}
	};

	it('computes the same signature, repeated parameters included', () => {
		expect(twilioSignature(TOKEN, URL, PARAMS)).toBe(signed);
		const repeated = { ...PARAMS, MediaUrl: ['https://b.test/2', 'https://a.test/1', 'https://b.test/2'] };
		expect(twilioSignature(TOKEN, URL, repeated)).toBe(getExpectedTwilioSignature(TOKEN, URL, repeated));
	});

	it('accepts and refuses the same URLs (as typed, with or without a port, normalized, legacy query)', () => {
		let accepted = 0;
		fc.assert(
			fc.property(base, part, part, fc.nat(4), (root, path, query, how) => {
				const url = `${root}/webhook/${path}${query ? `?${query}` : ''}`;
				let normalized = url;
				try {
					normalized = new globalThis.URL(url).toString();
				} catch {
					// stays as typed
				}
				const signedUrl = [url, url.replace('/webhook/', ':443/webhook/'), normalized, legacy(normalized), `${url}x`][
					how
				];
				const sig = getExpectedTwilioSignature(TOKEN, signedUrl, PARAMS);
				const ours = isSignedByTwilio(TOKEN, sig, [url], PARAMS);
				expect(ours).toBe(library(TOKEN, sig, url, PARAMS));
				if (ours) accepted++;
			}),
			{ numRuns: 3000, seed: 17 },
		);
		expect(accepted).toBeGreaterThan(1000);
	});
});

describe('candidateUrls', () => {
	const served = 'http://localhost:5678/webhook/abc/twilio-sms';

	it('offers the served URL, with the query Twilio called', () => {
		expect(candidateUrls([served], '', '/webhook/abc/twilio-sms')).toEqual([served]);
		expect(candidateUrls([served], undefined, '/webhook/abc/twilio-sms?practice=smile')).toEqual([
			`${served}?practice=smile`,
		]);
		expect(candidateUrls([served], undefined, '/webhook/abc/twilio-sms?')).toEqual([served]);
	});

	it('puts the Public URL first, exactly as typed', () => {
		const typed = 'https://n8n.smile-dental.test/webhook/abc/twilio-sms?x=1';
		expect(candidateUrls([served], `  ${typed} `, '/webhook/abc/twilio-sms?x=1')).toEqual([typed, `${served}?x=1`]);
	});

	it('offers test and production URLs once each, skipping missing ones', () => {
		const test = served.replace('/webhook/', '/webhook-test/');
		expect(candidateUrls([test, served, undefined, served], null, null)).toEqual([test, served]);
	});
});
