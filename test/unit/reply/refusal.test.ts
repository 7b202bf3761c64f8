import { signatureRefusal } from '../../../core/reply/refusal';

describe('the 403 an unverified inbound text gets', () => {
	it('names every URL the signature was checked against and what to set', () => {
		const text = signatureRefusal(['http://127.0.0.1:5678/webhook/abc/twilio-sms']);
		expect(text).toMatch(/^Twilio signature did not verify\./);
		expect(text).toContain('checked against: http://127.0.0.1:5678/webhook/abc/twilio-sms');
		expect(text).toContain('WEBHOOK_URL');
		expect(text).toContain('N8N_PROXY_HOPS=1');
		expect(text).toContain('Public URL');
	});
});
