import { deliveryKeys, remember, REMEMBERED_DELIVERIES, seenBefore } from '../../../core/reply/deliveries';

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

describe('seenBefore / remember', () => {
	it('drops a retry with the same token', () => {
		const recent = remember(undefined, deliveryKeys('tok-1', 'SM1'));
		expect(seenBefore(recent, deliveryKeys('tok-1', 'SM1'))).toBe(true);
	});

	it('drops the same message delivered again with a new token', () => {
		const recent = remember([], deliveryKeys('tok-1', 'SM1'));
		expect(seenBefore(recent, deliveryKeys('tok-2', 'SM1'))).toBe(true);
	});

	it('lets a new message through', () => {
		const recent = remember([], deliveryKeys('tok-1', 'SM1'));
		expect(seenBefore(recent, deliveryKeys('tok-2', 'SM2'))).toBe(false);
		expect(seenBefore(recent, [])).toBe(false);
	});

	it('treats a missing or damaged list as empty', () => {
		expect(seenBefore(undefined, ['sid:SM1'])).toBe(false);
		expect(seenBefore('sid:SM1', ['sid:SM1'])).toBe(false);
		expect(remember({ not: 'a list' }, ['sid:SM1'])).toEqual(['sid:SM1']);
		expect(remember([1, null, 'sid:SM0'], ['sid:SM1'])).toEqual(['sid:SM0', 'sid:SM1']);
	});

	it('keeps only the most recent keys, oldest dropped first', () => {
		let recent: string[] = [];
		for (let i = 0; i < REMEMBERED_DELIVERIES + 50; i++) recent = remember(recent, [`sid:SM${i}`]);
		expect(recent).toHaveLength(REMEMBERED_DELIVERIES);
		expect(seenBefore(recent, ['sid:SM0'])).toBe(false);
		expect(seenBefore(recent, ['sid:SM49'])).toBe(false);
		expect(seenBefore(recent, ['sid:SM50'])).toBe(true);
		expect(recent[recent.length - 1]).toBe(`sid:SM${REMEMBERED_DELIVERIES + 49}`);
	});

	it('returns a new list without duplicates and leaves the old one alone', () => {
		const before = ['sid:SM1', 'sid:SM2'];
		const after = remember(before, ['sid:SM1'], 10);
		expect(after).toEqual(['sid:SM2', 'sid:SM1']);
		expect(before).toEqual(['sid:SM1', 'sid:SM2']);
		expect(remember(['a', 'b', 'c'], ['d'], 2)).toEqual(['c', 'd']);
	});
});
