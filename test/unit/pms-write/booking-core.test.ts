import { bookingKey, keyTag, noteWithKey } from '../../../core/booking/key';
import { patternFor } from '../../../core/booking/pattern';
import { cutGaps, inWindows, parseWindows, pickSlots, type Slot } from '../../../core/booking/slots';

const slot = (start: string, minutes = 30, op = '1'): Slot => {
	const [h, m] = start.slice(11, 16).split(':').map(Number);
	const end = h * 60 + m + minutes;
	return {
		start,
		end: `${start.slice(0, 11)}${String(Math.floor(end / 60)).padStart(2, '0')}:${String(end % 60).padStart(2, '0')}:00`,
		providerId: '1',
		operatoryId: op,
	};
};

describe('preferred windows', () => {
	it('reads day ranges, single days and every-day windows', () => {
		const [tueThu, mon, daily] = parseWindows('Tue-Thu 09:00-12:00; Monday 14:00-17:00, 07:30-08:00');
		expect([...tueThu.days]).toEqual([2, 3, 4]);
		expect([tueThu.from, tueThu.to]).toEqual([540, 720]);
		expect([...mon.days]).toEqual([1]);
		expect(daily.days.size).toBe(7);
		expect([...parseWindows('Fri-Mon 09:00-10:00')[0].days]).toEqual([5, 6, 7, 1]);
		expect(parseWindows('  ')).toEqual([]);
	});

	it('refuses what it cannot read, quoting the part', () => {
		expect(() => parseWindows('Tue-Thu 9-12')).toThrow('"Tue-Thu 9-12" is not a window');
		expect(() => parseWindows('Xyz 09:00-12:00')).toThrow(/Xyz/);
		expect(() => parseWindows('12:00-09:00')).toThrow(/12:00-09:00/);
	});

	it('a slot fits only when it starts and ends inside a window on one of its days', () => {
		const windows = parseWindows('Tue-Thu 09:00-12:00');
		expect(inWindows(slot('2026-11-24 11:30:00'), windows)).toBe(true); // Tuesday, ends 12:00
		expect(inWindows(slot('2026-11-24 11:45:00'), windows)).toBe(false); // ends 12:15
		expect(inWindows(slot('2026-11-23 09:00:00'), windows)).toBe(false); // Monday
		expect(inWindows(slot('2026-11-23 09:00:00'), [])).toBe(true);
	});
});

describe('picking a few good options', () => {
	const raw = [
		slot('2026-11-24 09:00:00', 30, '2'),
		slot('2026-11-24 09:00:00', 30, '1'),
		slot('2026-11-24 09:30:00'),
		slot('2026-11-23 15:00:00'),
		slot('2026-11-25 10:00:00'),
		slot('2026-11-26 08:00:00'),
		slot('2026-11-27 09:00:00'),
	];

	it('one per day first, earliest first, at most N, never before the reference time', () => {
		const picked = pickSlots(raw, { windows: [], limit: 3, notBefore: '2026-11-23 16:00:00' });
		expect(picked.map((s) => `${s.start} op${s.operatoryId}`)).toEqual([
			'2026-11-24 09:00:00 op1',
			'2026-11-25 10:00:00 op1',
			'2026-11-26 08:00:00 op1',
		]);
	});

	it('fills with other times on the same days, not the same minute in another chair', () => {
		const picked = pickSlots(raw, {
			windows: parseWindows('Tue-Wed 09:00-12:00'),
			limit: 3,
			notBefore: '2026-11-23 00:00:00',
		});
		expect(picked.map((s) => s.start)).toEqual(['2026-11-24 09:00:00', '2026-11-24 09:30:00', '2026-11-25 10:00:00']);
	});
});

describe('booking key and pattern', () => {
	const input = {
		patientId: '7',
		start: '2026-11-24 09:00:00',
		providerId: '1',
		operatoryId: '2',
		callerKey: 'conv-1',
	};

	it('is the same for the same booking and differs when anything booked differs', () => {
		expect(bookingKey(input)).toBe(bookingKey({ ...input, callerKey: ' conv-1 ' }));
		expect(bookingKey(input)).toMatch(/^[0-9a-f]{16}$/);
		for (const change of [
			{ patientId: '8' },
			{ start: '2026-11-24 09:05:00' },
			{ operatoryId: '3' },
			{ providerId: '2' },
			{ callerKey: 'conv-2' },
		]) {
			expect(bookingKey({ ...input, ...change })).not.toBe(bookingKey(input));
		}
		expect(noteWithKey(' Recall visit ', 'abc')).toBe(`Recall visit ${keyTag('abc')}`);
		expect(noteWithKey('', 'abc')).toBe('[chairside:abc]');
	});

	it('Pattern: 5 minutes a character, provider time at both ends', () => {
		expect(patternFor(10)).toBe('//');
		expect(patternFor(45)).toBe('/XXXXXXX/');
		expect(patternFor(60)).toHaveLength(12);
	});
});

describe('cutGaps: whole open gaps (Open Dental Slots) into bookable times', () => {
	const gap = (start: string, end: string) => ({ start, end, providerId: '1', operatoryId: '3' });
	it('the gap start, then a 15-minute grid, while the length fits', () => {
		const times = cutGaps([gap('2026-12-01 08:05:00', '2026-12-01 09:30:00')], 60);
		expect(times.map((t) => `${t.start.slice(11, 16)}-${t.end.slice(11, 16)}`)).toEqual([
			'08:05-09:05',
			'08:15-09:15',
			'08:30-09:30',
		]);
	});
	it('a gap shorter than the length gives nothing; a short length cuts on its own grid', () => {
		expect(cutGaps([gap('2026-12-01 08:00:00', '2026-12-01 08:20:00')], 30)).toEqual([]);
		expect(cutGaps([gap('2026-12-01 08:00:00', '2026-12-01 08:20:00')], 10).map((t) => t.start.slice(11, 16))).toEqual([
			'08:00',
			'08:10',
		]);
	});
	it('a window inside a wide gap is found, and overlapping times are not offered twice on one day', () => {
		const times = cutGaps([gap('2026-12-01 08:00:00', '2026-12-01 17:00:00')], 60);
		const picked = pickSlots(times, {
			windows: parseWindows('Tue 14:30-16:30'),
			limit: 3,
			notBefore: '2026-12-01 00:00:00',
		});
		expect(picked.map((t) => t.start.slice(11, 16))).toEqual(['14:30', '15:30']);
	});
});
