import { smsSize } from '../../../core/guard';
import { countSegments } from '../../../sandbox/twilio/segments';

describe('smsSize', () => {
	it.each([
		['', 'GSM-7', 0, 1],
		['a'.repeat(160), 'GSM-7', 160, 1],
		['a'.repeat(161), 'GSM-7', 161, 2],
		['a'.repeat(306), 'GSM-7', 306, 2],
		['a'.repeat(307), 'GSM-7', 307, 3],
		['a'.repeat(459), 'GSM-7', 459, 3],
		['a'.repeat(460), 'GSM-7', 460, 4],
		['€'.repeat(80), 'GSM-7', 160, 1],
		['€'.repeat(81), 'GSM-7', 162, 2],
		['{}[]~^|\\', 'GSM-7', 16, 1],
		['é à ü Ñ £ ¥ Δ', 'GSM-7', 13, 1],
		['a'.repeat(70) + '’', 'UCS-2', 71, 2],
		['ç'.repeat(70), 'UCS-2', 70, 1],
		['😀'.repeat(35), 'UCS-2', 70, 1],
		['😀'.repeat(36), 'UCS-2', 72, 2],
		['a'.repeat(134) + '😀', 'UCS-2', 136, 3],
	])('%p -> %s, %d units, %d segments', (body, encoding, units, segments) => {
		expect(smsSize(body)).toEqual({ encoding, units, segments });
	});
	it('never splits an escape pair: 152 septets then a euro needs a second part', () => {
		expect(smsSize('a'.repeat(152) + '€' + 'a'.repeat(8)).segments).toBe(2);
		expect(smsSize('a'.repeat(152) + '€' + 'a'.repeat(152)).segments).toBe(3);
	});
	it('agrees with the Twilio simulator on a spread of bodies', () => {
		const bodies = [
			'Hi Maria',
			'x'.repeat(300) + '€€',
			'¿Qué tal? '.repeat(20),
			'“quoted” '.repeat(12),
			'a😀b'.repeat(40),
		];
		for (const body of bodies) {
			const ours = smsSize(body);
			const sim = countSegments(body);
			expect([ours.encoding, ours.units, ours.segments]).toEqual([sim.encoding, sim.units, sim.segments]);
		}
	});
});
