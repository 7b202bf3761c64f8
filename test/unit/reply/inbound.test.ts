import { isE164, rawTwilioParams, toPatientReply } from '../../../core/reply/inbound';
import { replyKeywords } from '../../../core/reply/keywords';
import { EMPTY_TWIML, escapeXml, twiml } from '../../../core/reply/twiml';

const AT = '2026-03-10T15:04:05.000Z';
const params = (extra: Record<string, unknown> = {}) => ({
	AccountSid: 'AC00000000000000000000000000000000',
	MessageSid: 'SM11111111111111111111111111111111',
	From: '+15125550143',
	To: '+15125550100',
	Body: 'How much would the crown be?',
	NumMedia: '0',
	...extra,
});

describe('toPatientReply', () => {
	it('builds the contract item', () => {
		expect(toPatientReply(params(), AT)).toEqual({
			kind: 'chairside.reply',
			messageSid: 'SM11111111111111111111111111111111',
			from: '+15125550143',
			to: '+15125550100',
			body: 'How much would the crown be?',
			receivedAt: AT,
			intent: 'cost',
			matched: 'how much',
			score: null,
			needsHuman: true,
		});
	});

	it("passes Twilio's OptOutType to the classifier", () => {
		expect(toPatientReply(params({ Body: 'YES', OptOutType: 'START' }), AT).intent).toBe('book');
		expect(toPatientReply(params({ Body: 'whatever', OptOutType: 'STOP' }), AT).intent).toBe('opt_out');
	});

	it("uses the practice's lists", () => {
		expect(toPatientReply(params({ Body: 'bet' }), AT, replyKeywords({ book: ['bet'] })).intent).toBe('book');
	});

	it('hands a sender that is not E.164 to a person, keeping it as received', () => {
		const reply = toPatientReply(params({ From: 'whatsapp:+15125550143', Body: 'yes' }), AT);
		expect(reply).toMatchObject({ from: 'whatsapp:+15125550143', intent: 'book', needsHuman: true });
	});

	it('copes with a missing body (a photo) and repeated parameters', () => {
		expect(toPatientReply(params({ Body: undefined, NumMedia: '1' }), AT)).toMatchObject({
			body: '',
			intent: 'other',
			needsHuman: true,
		});
		expect(toPatientReply(params({ Body: ['STOP', 'x'] }), AT)).toMatchObject({ body: 'STOP', intent: 'opt_out' });
		expect(toPatientReply(params({ MessageSid: undefined, SmsMessageSid: 'SM9' }), AT).messageSid).toBe('SM9');
	});
});

describe('rawTwilioParams', () => {
	it('keeps every parameter Twilio sent except AccountSid', () => {
		const raw = rawTwilioParams(params({ FromCity: 'AUSTIN', MediaUrl0: 'https://api.twilio.com/x' }));
		expect(raw).not.toHaveProperty('AccountSid');
		expect(raw).toMatchObject({
			FromCity: 'AUSTIN',
			MediaUrl0: 'https://api.twilio.com/x',
			Body: 'How much would the crown be?',
		});
	});
});

describe('isE164', () => {
	it.each(['+15125550143', '+447911123456', '+4930123456'])('accepts %s', (n) => expect(isE164(n)).toBe(true));
	it.each(['5125550143', '+05125550143', '+1 512 555 0143', '+1234567890123456', 'whatsapp:+15125550143', ''])(
		'refuses %p',
		(n) => expect(isE164(n)).toBe(false),
	);
});

describe('twiml', () => {
	it('answers nothing by default', () => {
		expect(twiml()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
		expect(twiml('  ')).toBe(EMPTY_TWIML);
		expect(twiml(null)).toBe(EMPTY_TWIML);
	});

	it('escapes a reply message', () => {
		expect(twiml('Thanks <3 & "see" you')).toBe(
			'<?xml version="1.0" encoding="UTF-8"?><Response><Message>Thanks &lt;3 &amp; &quot;see&quot; you</Message></Response>',
		);
		expect(escapeXml("it's")).toBe('it&apos;s');
	});
});
