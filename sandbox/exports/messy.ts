/**
 * The generated Dentrix export as some practices really send it: names typed with their accents
 * (María, José, García), written by an older Windows PMS in Windows-1252, or already mangled once
 * by a program that read it the wrong way and saved it again. The truth is the plain export's, with
 * the accents on the names; which lines carry an accented name is given so a test can follow them.
 */
import type { Practice } from '../practice/types';
import { untypeCaps, type ExportTruth } from './truth';
import { dentrixTreatmentManager } from './writers';

const ACCENTS: Readonly<Record<string, string>> = {
	Maria: 'María',
	Jose: 'José',
	Sofia: 'Sofía',
	Lucia: 'Lucía',
	Tomas: 'Tomás',
	Hector: 'Héctor',
	Ramon: 'Ramón',
	Garcia: 'García',
	Rodriguez: 'Rodríguez',
	Martinez: 'Martínez',
	Hernandez: 'Hernández',
	Lopez: 'López',
	Gonzalez: 'González',
	Perez: 'Pérez',
	Sanchez: 'Sánchez',
	Ramirez: 'Ramírez',
	Diaz: 'Díaz',
	Gutierrez: 'Gutiérrez',
	Chavez: 'Chávez',
	Jimenez: 'Jiménez',
};
const WORD = new RegExp(`\\b(${Object.keys(ACCENTS).join('|')})\\b`, 'g');

/** The name as the practice typed it with its accents; names typed in capitals stay as they were. */
export function accented(name: string): string {
	return name.replace(WORD, (word) => ACCENTS[word]);
}

/**
 * How the file's bytes came to be:
 * - windows-1252: an older Windows PMS wrote it (é is one byte, 0xE9);
 * - utf-8: a newer one did;
 * - replaced: a Windows-1252 file opened as UTF-8 and saved again: every accented letter is U+FFFD;
 * - double-encoded: a UTF-8 file opened as Windows-1252 and saved again as UTF-8: é became "Ã©".
 */
export type MessyEncoding = 'windows-1252' | 'utf-8' | 'replaced' | 'double-encoded';

export interface MessyExport {
	bytes: Buffer;
	/** What a reader must find when the bytes are read right (for replaced and double-encoded: what the practice meant). */
	truth: ExportTruth;
	/** 1-based lines whose patient name carries an accent. */
	accentedLines: number[];
}

export function accentedDentrixExport(practice: Practice, encoding: MessyEncoding): MessyExport {
	const { text, truth } = dentrixTreatmentManager(practice);
	const accentedLines: number[] = [];
	// Only the Patient column ("Last, First", quoted, first on the line): emails and descriptions stay as they are.
	const lines = text.split('\r\n').map((line, i) =>
		line.replace(/^"([^"]*)"/, (cell, name: string) => {
			const typed = accented(name);
			if (typed === name) return cell;
			accentedLines.push(i + 1);
			return `"${typed}"`;
		}),
	);
	let written = lines.join('\r\n');
	if (encoding === 'replaced') written = written.replace(/[\u0080-\uffff]/g, '\uFFFD');
	if (encoding === 'double-encoded') written = Buffer.from(written, 'utf8').toString('latin1');
	const bytes = encoding === 'windows-1252' ? Buffer.from(written, 'latin1') : Buffer.from(written, 'utf8');
	const raw = new Map(practice.patients.map((p) => [p.chartNumber, p]));
	const cases = truth.cases.map((c) => {
		const patient = raw.get(c.patientId);
		return patient
			? { ...c, firstName: untypeCaps(accented(patient.FName)), lastName: untypeCaps(accented(patient.LName)) }
			: c;
	});
	return { bytes, truth: { ...truth, cases }, accentedLines };
}
