import { DateTime } from 'luxon';
import type { INode } from 'n8n-workflow';
import { referenceNow, referenceTime } from '../../nodes/shared/options';

const node = {
	id: 'n',
	name: 'Cadence Step',
	type: 'n8n-nodes-chairside.cadenceStep',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
} as INode;

describe('Reference Time: a time a person types is in the practice zone', () => {
	it('a typed time without an offset is the practice wall clock, whatever the server zone', () => {
		const at = referenceTime(node, '2026-03-03T10:00:00', 'America/Chicago') as DateTime;
		expect(at.toUTC().toISO()).toBe('2026-03-03T16:00:00.000Z');
		expect(referenceTime(node, '2026-07-03T10:00:00', 'America/Chicago')!.toUTC().toISO()).toBe(
			'2026-07-03T15:00:00.000Z',
		);
	});

	it('a time with an offset (an expression, a tick) keeps it', () => {
		expect(referenceTime(node, '2026-03-03T10:00:00Z', 'America/Chicago')!.toUTC().toISO()).toBe(
			'2026-03-03T10:00:00.000Z',
		);
		expect(referenceTime(node, '2026-03-03T10:00:00-05:00', 'America/Chicago')!.toUTC().toISO()).toBe(
			'2026-03-03T15:00:00.000Z',
		);
	});

	it('empty is "now"; nonsense names the option', () => {
		expect(referenceTime(node, '', 'America/Chicago')).toBeNull();
		expect(Math.abs(referenceNow(node, '', 'America/Chicago').toMillis() - Date.now())).toBeLessThan(60_000);
		expect(() => referenceTime(node, 'tomorrow', 'America/Chicago')).toThrow(
			'Reference Time "tomorrow" is not a date and time',
		);
	});
});
