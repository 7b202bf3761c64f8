/**
 * Runs the Open Dental simulator for the demo until Ctrl+C:
 *   cli --port 30222 --seed 42 --patients 500 --stage 3 [--today 2026-11-23] [--mode remote|local]
 *       [--throttle off|readWrite|readOnly] [--developer-key K] [--customer-key K]
 * Prints the base URL and the Authorization header to configure the Open Dental credential with.
 */
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { generatePractice } from '../practice/generate';
import type { Stage } from '../practice/types';
import { startOpenDentalSimulator } from './index';
import { closeOnSignal, runCli } from '../cli-run';

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string', default: '30222' },
			seed: { type: 'string', default: '42' },
			patients: { type: 'string', default: '500' },
			stage: { type: 'string', default: '3' },
			today: { type: 'string' },
			mode: { type: 'string', default: 'remote' },
			throttle: { type: 'string', default: 'off' },
			'developer-key': { type: 'string', default: 'sandbox-developer-key' },
			'customer-key': { type: 'string', default: 'sandbox-customer-key' },
		},
		strict: true,
	});
	if (values.mode !== 'remote' && values.mode !== 'local')
		throw new Error(`--mode must be remote or local, got "${values.mode}"`);
	if (values.throttle !== 'off' && values.throttle !== 'readWrite' && values.throttle !== 'readOnly') {
		throw new Error(`--throttle must be off, readWrite or readOnly, got "${values.throttle}"`);
	}
	const practice = generatePractice({
		seed: Number(values.seed),
		patients: Number(values.patients),
		stage: Number(values.stage) as Stage,
		today: values.today ?? (DateTime.now().toISODate() as string),
	});
	const simulator = await startOpenDentalSimulator({
		practice,
		developerKey: values['developer-key'],
		customerKey: values['customer-key'],
		mode: values.mode,
		throttle: values.throttle,
		port: Number(values.port),
	});
	console.log(`Open Dental simulator: ${simulator.url}`);
	console.log(`Developer key: ${values['developer-key']}`);
	console.log(`Customer key:  ${values['customer-key']}`);
	console.log(`Header: Authorization: ODFHIR ${values['developer-key']}/${values['customer-key']}`);
	console.log(`Practice: ${practice.patients.length} patients, today ${practice.options.today}. Ctrl+C stops.`);
	closeOnSignal(() => simulator.close());
}

runCli(main);
