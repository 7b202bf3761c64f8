/**
 * The sandbox practice generator at its largest: 50,000 patients (stage 4, six clinics), timed in
 * this process. One warm-up run, then CHAIRSIDE_BENCH_RUNS runs (default 7); prints the median and
 * the spread (min-max, and the interquartile range).
 *   npm run bench
 *   CHAIRSIDE_BENCH_RUNS=3 node .build/bench/practice.bench.js     (a quick run)
 */
import { generatePractice } from '../sandbox/practice/generate';

const PATIENTS = 50_000;
const RUNS = Math.max(1, Number(process.env.CHAIRSIDE_BENCH_RUNS ?? 7));
const options = { seed: 42, patients: PATIENTS, stage: 4 as const, today: '2026-11-23' };

function once(): number {
	const started = performance.now();
	const practice = generatePractice(options);
	const ms = performance.now() - started;
	if (practice.patients.length !== PATIENTS) throw new Error(`generated ${practice.patients.length} patients, not ${PATIENTS}`);
	return ms;
}

/** The q-quantile of sorted values, linearly interpolated. */
function quantile(sorted: number[], q: number): number {
	const at = (sorted.length - 1) * q;
	const lo = Math.floor(at);
	const hi = Math.ceil(at);
	return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

once();
const times: number[] = [];
for (let i = 0; i < RUNS; i++) times.push(once());
times.sort((a, b) => a - b);
const f = (ms: number) => `${Math.round(ms)} ms`;
console.log(`generatePractice, ${PATIENTS.toLocaleString('en-US')} patients, ${RUNS} runs after a warm-up`);
console.log(`  median ${f(quantile(times, 0.5))}, min ${f(times[0])}, max ${f(times.at(-1)!)}, IQR ${f(quantile(times, 0.25))}-${f(quantile(times, 0.75))}`);
