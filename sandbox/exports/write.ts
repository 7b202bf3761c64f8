import fs from 'node:fs';
import path from 'node:path';
import type { Practice } from '../practice/types';
import type { ExportTruth } from './truth';
import {
	dentrixTreatmentManager,
	eaglesoftPlannedServices,
	openDentalTreatmentFinder,
	type ExportFile,
} from './writers';

export const EXPORT_FILES = {
	dentrixTreatmentManager: 'dentrix-treatment-manager.csv',
	eaglesoftPlannedServices: 'eaglesoft-planned-services.csv',
	openDentalTreatmentFinder: 'opendental-treatment-finder.txt',
} as const;

type ExportName = keyof typeof EXPORT_FILES;

const WRITERS: Record<ExportName, (practice: Practice) => ExportFile> = {
	dentrixTreatmentManager,
	eaglesoftPlannedServices,
	openDentalTreatmentFinder,
};

/** What truth.json holds: the practice it came from and, per file, what a parser must read. */
export interface TruthFile {
	options: Practice['options'];
	practice: Practice['truth'];
	exports: Record<ExportName, { file: string; truth: ExportTruth }>;
}

/** Writes the three exports and truth.json into `dir` (created if missing); returns the paths written. */
export function writeExports(practice: Practice, dir: string): string[] {
	fs.mkdirSync(dir, { recursive: true });
	const written: string[] = [];
	const files = {} as TruthFile['exports'];
	for (const name of Object.keys(EXPORT_FILES) as ExportName[]) {
		const file = EXPORT_FILES[name];
		const { text, truth } = WRITERS[name](practice);
		const target = path.join(dir, file);
		fs.writeFileSync(target, text, 'utf8');
		written.push(target);
		files[name] = { file, truth };
	}
	const truthFile: TruthFile = { options: practice.options, practice: practice.truth, exports: files };
	const target = path.join(dir, 'truth.json');
	fs.writeFileSync(target, `${JSON.stringify(truthFile, null, '\t')}\n`, 'utf8');
	written.push(target);
	return written;
}
