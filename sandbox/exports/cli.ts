/**
 * Writes the synthetic practice's exports and their truth to a folder:
 *   cli --seed 42 --patients 500 --stage 3 --today 2026-11-23 --out <dir>
 * Run it bundled, e.g. `npx esbuild sandbox/exports/cli.ts --bundle --platform=node --outfile=/tmp/cli.js`.
 */
import { parseArgs } from 'node:util';
import { generatePractice } from '../practice/generate';
import type { Stage } from '../practice/types';
import { writeExports } from './write';

function main(): void {
	const { values } = parseArgs({
		options: {
			seed: { type: 'string', default: '42' },
			patients: { type: 'string', default: '500' },
			stage: { type: 'string', default: '3' },
			today: { type: 'string' },
			out: { type: 'string' },
		},
		strict: true,
	});
	if (!values.today || !values.out)
		throw new Error('usage: --seed 42 --patients 500 --stage 3 --today 2026-11-23 --out <dir>');
	const practice = generatePractice({
		seed: Number(values.seed),
		patients: Number(values.patients),
		stage: Number(values.stage) as Stage,
		today: values.today,
	});
	for (const file of writeExports(practice, values.out)) console.log(file);
}

try {
	main();
} catch (error) {
	console.error((error as Error).message);
	process.exitCode = 1;
}
