/**
 * PMS Export speed and memory against raw csv-parse, on the same Dentrix export of 100,000 and
 * 1,000,000 rows (BENCH_ROWS=50000 runs one size).
 *   npm run bench            (builds, then runs .build/bench/pms-export.bench.js)
 * Each contender runs in its own Node process (peak memory is per process), three times,
 * alternating; medians are reported with the spread (min-max). Wall time is what a user waits;
 * CPU time is printed beside it because other work on a shared machine stretches wall time.
 * Raw csv-parse only splits fields; PMS Export also checks the encoding, normalises every row
 * (money, dates, E.164 phones), validates, de-duplicates and groups cases. It keeps cases, not
 * rows: its memory follows the number of cases (here the file repeats the practice under new
 * chart numbers, so cases grow with the file; "KB per case" is the figure that should stay flat).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse';
import { DateTime } from 'luxon';
import { readExport } from '../core/pms-export/read';
import { dentrixTreatmentManager } from '../sandbox/exports/writers';
import { generatePractice } from '../sandbox/practice/generate';

const SIZES = process.env.BENCH_ROWS ? [Number(process.env.BENCH_ROWS)] : [100_000, 1_000_000];
const RUNS = 3;
/** Treatment Manager's title block is three lines; the header is the fourth. */
const HEADER_LINE = 4;

interface Sample {
	ms: number;
	cpuMs: number;
	rows: number;
	cases: number;
	maxRssMb: number;
	heapPeakMb: number;
}

/** A Treatment Manager export of at least ROWS data lines: the practice's lines, repeated under new chart numbers. */
function writeFile(target: string, ROWS: number): { rows: number; bytes: number } {
	const practice = generatePractice({ seed: 11, patients: 50_000, stage: 3, today: '2026-11-23' });
	const { text } = dentrixTreatmentManager(practice);
	const lines = text.split('\r\n');
	const header = HEADER_LINE - 1;
	if (!lines[header].startsWith('Patient,Chart #'))
		throw new Error('the Treatment Manager header moved: update HEADER_LINE');
	const data = lines.slice(header + 1).filter((l) => l && !l.startsWith('Total'));
	const out = fs.openSync(target, 'w');
	fs.writeSync(out, `${lines.slice(0, header + 1).join('\r\n')}\r\n`);
	let rows = 0;
	for (let copy = 0; rows < ROWS; copy++) {
		const chunk: string[] = [];
		for (const line of data) {
			if (rows >= ROWS) break;
			chunk.push(copy === 0 ? line : line.replace(/^("[^"]*",)([A-Z]{2}\d+)/, `$1$2R${copy}`));
			rows++;
		}
		fs.writeSync(out, `${chunk.join('\r\n')}\r\n`);
	}
	fs.closeSync(out);
	return { rows, bytes: fs.statSync(target).size };
}

async function contender(name: string, file: string): Promise<Sample> {
	let heapPeak = 0;
	const sampler = setInterval(() => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)), 5);
	const started = process.hrtime.bigint();
	const cpu = process.cpuUsage();
	let rows = 0;
	let cases = 0;
	if (name === 'csv-parse') {
		// Raw csv-parse at its best: told where the header is, no per-record info, no relaxing.
		const parser = fs.createReadStream(file).pipe(parse({ bom: true, from_line: HEADER_LINE, skip_empty_lines: true }));
		for await (const record of parser) if (record) rows++;
	} else {
		const result = await readExport(fs.createReadStream(file), {
			preset: 'dentrixTreatmentManager',
			delimiter: 'auto',
			encoding: 'utf8',
			dateOrder: 'preset',
			decimal: '.',
			defaultRegion: 'US',
			timezone: 'America/Chicago',
			now: DateTime.fromISO('2026-11-23T12:00:00-06:00'),
		});
		rows = result.stats.dataRows;
		cases = result.stats.cases;
	}
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	const used = process.cpuUsage(cpu);
	clearInterval(sampler);
	heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
	return {
		ms,
		cpuMs: (used.user + used.system) / 1000,
		rows,
		cases,
		maxRssMb: process.resourceUsage().maxRSS / 1024,
		heapPeakMb: heapPeak / 1024 / 1024,
	};
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
	const [, , mode, name, input] = process.argv;
	if (mode === '--contender') {
		process.stdout.write(JSON.stringify(await contender(name, input)));
		return;
	}
	console.log(
		`PMS Export benchmark: Node ${process.version}, ${os.cpus().length} cores, ${RUNS} runs per contender, medians [min-max]`,
	);
	for (const size of SIZES) await benchSize(size);
}

const spread = (values: number[], digits = 0) =>
	`${median(values).toFixed(digits)} [${Math.min(...values).toFixed(digits)}-${Math.max(...values).toFixed(digits)}]`;

async function benchSize(size: number): Promise<void> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chairside-bench-'));
	const file = path.join(dir, 'treatment-manager.csv');
	const { rows, bytes } = writeFile(file, size);
	console.log(`\n${rows.toLocaleString('en-US')} rows, ${(bytes / 1024 / 1024).toFixed(1)} MB`);
	const results: Record<string, Sample[]> = { 'csv-parse': [], 'PMS Export': [] };
	for (let run = 0; run < RUNS; run++) {
		for (const name of Object.keys(results)) {
			const out = execFileSync(process.execPath, [__filename, '--contender', name, file], {
				encoding: 'utf8',
				maxBuffer: 1 << 20,
			});
			results[name].push(JSON.parse(out) as Sample);
		}
	}
	console.log('contender    wall ms               rows/s    CPU ms                peak RSS MB       peak heap MB');
	for (const [name, samples] of Object.entries(results)) {
		const ms = samples.map((s) => s.ms);
		console.log(
			`${name.padEnd(12)} ${spread(ms).padEnd(21)} ${((rows / median(ms)) * 1000).toFixed(0).padStart(7)}   ${spread(samples.map((s) => s.cpuMs)).padEnd(21)} ${spread(samples.map((s) => s.maxRssMb)).padEnd(17)} ${spread(samples.map((s) => s.heapPeakMb))}`,
		);
	}
	const [raw, ours] = [results['csv-parse'], results['PMS Export']];
	const wall = median(raw.map((s) => s.ms)) / median(ours.map((s) => s.ms));
	const cpu = median(raw.map((s) => s.cpuMs)) / median(ours.map((s) => s.cpuMs));
	console.log(
		`ratio PMS Export / raw csv-parse rows/s: ${wall.toFixed(2)} by wall time, ${cpu.toFixed(2)} by CPU time (aim >= 0.50)`,
	);
	const cases = ours[0].cases;
	const extraMb = median(ours.map((s) => s.maxRssMb)) - median(raw.map((s) => s.maxRssMb));
	console.log(
		`PMS Export kept ${cases.toLocaleString('en-US')} cases: peak RSS ${extraMb.toFixed(0)} MB above raw csv-parse, ${((extraMb * 1024) / cases).toFixed(2)} KB per case (${((extraMb * 1024 * 1024) / rows).toFixed(0)} B per row)`,
	);
	fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
