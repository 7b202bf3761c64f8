import { deliveryKeys } from '../../../core/reply/deliveries';

describe('deliveryKeys', () => {
	it('uses the idempotency token and the MessageSid', () => {
		expect(deliveryKeys('tok-1', 'SM1')).toEqual(['token:tok-1', 'sid:SM1']);
	});

	it('falls back to whichever is present', () => {
		expect(deliveryKeys(undefined, 'SM1')).toEqual(['sid:SM1']);
		expect(deliveryKeys(' tok-1 ', '')).toEqual(['token:tok-1']);
		expect(deliveryKeys(['a', 'b'], null)).toEqual([]);
	});
});
