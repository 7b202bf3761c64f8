/**
 * PMS Export speed and memory against raw csv-parse, on the same 100,000-row Dentrix export.
 *   npm run bench            (builds, then runs .build/bench/pms-export.bench.js)
 * Each contender runs in its own Node process (peak memory is per process), three times; the
 * median is reported. Raw csv-parse only splits fields; PMS Export also normalises every row
 * (money, dates, E.164 phones), validates, de-duplicates and groups cases.
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

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const RUNS = 3;
/** Treatment Manager's title block is three lines; the header is the fourth. */
const HEADER_LINE = 4;

interface Sample {
	ms: number;
	rows: number;
	maxRssMb: number;
	heapPeakMb: number;
}

/** A Treatment Manager export of at least ROWS data lines: the practice's lines, repeated under new chart numbers. */
function writeFile(target: string): { rows: number; bytes: number } {
	const practice = generatePractice({ seed: 11, patients: 50_000, stage: 3, today: '2026-11-23' });
	const { text } = dentrixTreatmentManager(practice);
	const lines = text.split('\r\n');
	const header = HEADER_LINE - 1;
	if (!lines[header].startsWith('Patient,Chart #')) throw new Error('the Treatment Manager header moved: update HEADER_LINE');
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
	let rows = 0;
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
	}
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	clearInterval(sampler);
	heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
	return { ms, rows, maxRssMb: process.resourceUsage().maxRSS / 1024, heapPeakMb: heapPeak / 1024 / 1024 };
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
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chairside-bench-'));
	const file = path.join(dir, 'treatment-manager.csv');
	const { rows, bytes } = writeFile(file);
	console.log(`PMS Export benchmark: ${rows.toLocaleString('en-US')} rows, ${(bytes / 1024 / 1024).toFixed(1)} MB, Node ${process.version}, ${os.cpus().length} cores`);
	const results: Record<string, Sample[]> = { 'csv-parse': [], 'PMS Export': [] };
	for (let run = 0; run < RUNS; run++) {
		for (const name of Object.keys(results)) {
			const out = execFileSync(process.execPath, [__filename, '--contender', name, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
			results[name].push(JSON.parse(out) as Sample);
		}
	}
	const summary = Object.fromEntries(
		Object.entries(results).map(([name, samples]) => {
			const ms = median(samples.map((s) => s.ms));
			return [name, { ms, rowsPerSec: (samples[0].rows / ms) * 1000, maxRssMb: median(samples.map((s) => s.maxRssMb)), heapPeakMb: median(samples.map((s) => s.heapPeakMb)) }];
		}),
	);
	console.log('contender    median ms    rows/s     peak RSS MB   peak heap MB');
	for (const [name, s] of Object.entries(summary)) {
		console.log(`${name.padEnd(12)} ${s.ms.toFixed(0).padStart(9)} ${s.rowsPerSec.toFixed(0).padStart(10)} ${s.maxRssMb.toFixed(0).padStart(13)} ${s.heapPeakMb.toFixed(0).padStart(14)}`);
	}
	const ratio = summary['PMS Export'].rowsPerSec / summary['csv-parse'].rowsPerSec;
	console.log(`ratio PMS Export / raw csv-parse rows/s: ${ratio.toFixed(2)} (aim >= 0.50)`);
	console.log(`file ${(bytes / 1024 / 1024).toFixed(1)} MB; PMS Export peak heap ${summary['PMS Export'].heapPeakMb.toFixed(0)} MB`);
	fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
