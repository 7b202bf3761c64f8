/**
 * The sandbox practice generator at its largest: 50,000 patients (stage 4, six clinics), timed in
 * this process. One warm-up run, then CHAIRSIDE_BENCH_RUNS runs (default 7); prints the median and
 * the spread (min-max, and the interquartile range).
 *   npm run bench
 *   CHAIRSIDE_BENCH_RUNS=3 node .build/bench/practice.bench.js     (a quick run)
 */
import { generatePractice } from '../sandbox/practice/generate';
import { describe, summarize } from './stats';

const PATIENTS = 50_000;
const RUNS = Math.max(1, Number(process.env.CHAIRSIDE_BENCH_RUNS ?? 7));
const options = { seed: 42, patients: PATIENTS, stage: 4 as const, today: '2026-11-23' };

function once(): number {
	const started = performance.now();
	const practice = generatePractice(options);
	const ms = performance.now() - started;
	if (practice.patients.length !== PATIENTS)
		throw new Error(`generated ${practice.patients.length} patients, not ${PATIENTS}`);
	return ms;
}

once();
const times: number[] = [];
for (let i = 0; i < RUNS; i++) times.push(once());
console.log(`generatePractice, ${PATIENTS.toLocaleString('en-US')} patients, ${RUNS} runs after a warm-up`);
console.log(`  ${describe(summarize(times), 'ms')}`);
