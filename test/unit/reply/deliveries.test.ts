import { deliveryKeys } from '../../../core/reply/deliveries';

describe('deliveryKeys', () => {
	it('uses the idempotency token and the MessageSid', () => {
		expect(deliveryKeys('tok-1', 'SM1')).toEqual(['delivery:token:tok-1', 'delivery:sid:SM1']);
	});

	it('falls back to whichever is present', () => {
		expect(deliveryKeys(undefined, 'SM1')).toEqual(['delivery:sid:SM1']);
		expect(deliveryKeys(' tok-1 ', '')).toEqual(['delivery:token:tok-1']);
		expect(deliveryKeys(['a', 'b'], null)).toEqual([]);
	});
});
