/**
 * Seeded PRNG (mulberry32) for the synthetic practice. Never Math.random: a practice must be a
 * pure function of its options so tests, demos and benchmarks see the same patients every run.
 */
export class Random {
	private state: number;

	constructor(seed: number) {
		// Spread small consecutive seeds (1, 2, 3) apart before the first draw.
		this.state = Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
	}

	/** Uniform in [0, 1). */
	next(): number {
		this.state = (this.state + 0x6d2b79f5) >>> 0;
		let t = this.state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/** Uniform in [min, max). */
	float(min: number, max: number): number {
		return min + (max - min) * this.next();
	}

	/** Uniform integer in [min, max], both ends included. */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	chance(p: number): boolean {
		return this.next() < p;
	}

	pick<T>(items: readonly T[]): T {
		if (!items.length) throw new Error('pick from an empty list');
		return items[Math.floor(this.next() * items.length)];
	}

	/** Picks a value with probability proportional to its weight. */
	weighted<T>(entries: readonly (readonly [T, number])[]): T {
		let total = 0;
		for (const [, weight] of entries) total += weight;
		let r = this.next() * total;
		for (const [value, weight] of entries) {
			r -= weight;
			if (r < 0) return value;
		}
		return entries[entries.length - 1][0];
	}

	/** Bell-shaped around mean (sum of three uniforms: cheap, bounded at mean +- 3 sd). */
	normal(mean: number, sd: number): number {
		return mean + sd * (this.next() + this.next() + this.next() - 1.5) * 2;
	}
}
