import { Random } from '../../../sandbox/practice/random';

function draws(rng: Random, n: number): number[] {
	return Array.from({ length: n }, () => rng.next());
}

describe('Random', () => {
	it('repeats its sequence for a seed and changes with the seed', () => {
		expect(draws(new Random(42), 20)).toEqual(draws(new Random(42), 20));
		expect(draws(new Random(42), 20)).not.toEqual(draws(new Random(43), 20));
		expect(draws(new Random(0), 5)).not.toEqual(draws(new Random(1), 5));
	});

	it('stays in [0, 1) and spreads evenly', () => {
		const rng = new Random(7);
		const xs = draws(rng, 100_000);
		expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
		const buckets = new Array<number>(10).fill(0);
		for (const x of xs) buckets[Math.floor(x * 10)]++;
		for (const count of buckets) expect(Math.abs(count - 10_000)).toBeLessThan(500);
	});

	it('int covers both ends and nothing outside', () => {
		const rng = new Random(3);
		const seen = new Set<number>();
		for (let i = 0; i < 5_000; i++) seen.add(rng.int(-2, 3));
		expect([...seen].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2, 3]);
	});

	it('float, chance, pick and weighted follow their odds', () => {
		const rng = new Random(11);
		const n = 50_000;
		let hits = 0;
		const floats: number[] = [];
		const picks = new Map<string, number>();
		const weighted = new Map<string, number>();
		for (let i = 0; i < n; i++) {
			floats.push(rng.float(5, 6));
			if (rng.chance(0.3)) hits++;
			const p = rng.pick(['a', 'b']);
			picks.set(p, (picks.get(p) ?? 0) + 1);
			const w = rng.weighted([
				['rare', 1],
				['never', 0],
				['common', 3],
			] as const);
			weighted.set(w, (weighted.get(w) ?? 0) + 1);
		}
		expect(floats.every((f) => f >= 5 && f < 6)).toBe(true);
		expect(hits / n).toBeCloseTo(0.3, 1);
		expect((picks.get('a') ?? 0) / n).toBeCloseTo(0.5, 1);
		expect(weighted.get('never')).toBeUndefined();
		expect((weighted.get('common') ?? 0) / n).toBeCloseTo(0.75, 1);
	});

	it('normal is centred on the mean with the given spread, bounded at 3 sd', () => {
		const rng = new Random(5);
		const xs = Array.from({ length: 50_000 }, () => rng.normal(10, 2));
		const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
		const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length);
		expect(mean).toBeCloseTo(10, 1);
		expect(sd).toBeGreaterThan(1.9);
		expect(sd).toBeLessThan(2.1);
		expect(xs.every((x) => x >= 4 && x <= 16)).toBe(true);
	});

	it('refuses to pick from nothing', () => {
		expect(() => new Random(1).pick([])).toThrow('empty');
	});
});
