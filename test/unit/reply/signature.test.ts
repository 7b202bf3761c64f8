import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { candidateUrls, isSignedByTwilio } from '../../../core/reply/signature';

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
		expect(isSignedByTwilio(TOKEN, getExpectedTwilioSignature('another-token', URL, PARAMS), [URL], PARAMS)).toBe(false);
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
		expect(isSignedByTwilio(TOKEN, signed, ['not a url', URL.replace('/webhook/', '/webhook-test/'), URL], PARAMS)).toBe(true);
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

describe('candidateUrls', () => {
	const served = 'http://localhost:5678/webhook/abc/twilio-sms';

	it('offers the served URL, with the query Twilio called', () => {
		expect(candidateUrls([served], '', '/webhook/abc/twilio-sms')).toEqual([served]);
		expect(candidateUrls([served], undefined, '/webhook/abc/twilio-sms?practice=smile')).toEqual([`${served}?practice=smile`]);
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
