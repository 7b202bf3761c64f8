/**
 * PMS Export on messy exports of the synthetic practice (sandbox/exports): invalid contact values,
 * home phones, a file under the wrong preset, and names in the wrong encoding.
 */
import { DateTime } from 'luxon';
import { windows1252ToUtf8 } from '../../core/pms-export/encoding';
import {
	bufferChunks,
	ExportFileError,
	readExport,
	type ExportOptions,
	type ExportResult,
} from '../../core/pms-export/read';
import { accentedDentrixExport } from '../../sandbox/exports/messy';
import {
	dentrixTreatmentManager,
	eaglesoftPlannedServices,
	openDentalTreatmentFinder,
} from '../../sandbox/exports/writers';
import type { ExportTruth } from '../../sandbox/exports/truth';
import { generatePractice } from '../../sandbox/practice/generate';
import type { Practice } from '../../sandbox/practice/types';

const NOW = DateTime.fromISO('2026-11-23T12:00:00-06:00', { setZone: true });

function options(overrides: Partial<ExportOptions> = {}): ExportOptions {
	return {
		preset: 'dentrixTreatmentManager',
		delimiter: 'auto',
		encoding: 'utf8',
		dateOrder: 'preset',
		decimal: '.',
		defaultRegion: 'US',
		timezone: 'America/Chicago',
		now: NOW,
		...overrides,
	};
}

function read(bytes: string | Buffer, overrides: Partial<ExportOptions> = {}, chunk = 65536): Promise<ExportResult> {
	return readExport(bufferChunks(typeof bytes === 'string' ? Buffer.from(bytes) : bytes, chunk), options(overrides));
}

/** The result in the truth's terms. */
function asTruth(result: ExportResult) {
	return {
		cases: result.cases.map((c) => ({
			patientId: c.patient.id,
			firstName: c.patient.firstName,
			lastName: c.patient.lastName,
			mobile: c.patient.mobile,
			...('homePhone' in c.patient && { homePhone: c.patient.homePhone }),
			email: c.patient.email,
			procedureCodes: c.procedures.map((p) => p.code as string).sort(),
			totalFee: c.totalFee,
			presentedAt: c.presentedAt,
			procedureLines: c.procedures.map((p) => p.line),
		})),
		rejected: result.rejected.map(({ row, field, reasonCode }) => ({ row, field, reasonCode })),
		warnings: result.warnings
			.filter((w) => w.field !== 'file')
			.map(({ row, rows, field, reasonCode, patientId }) => ({ row, rows, field, reasonCode, patientId })),
	};
}

function expectTruth(result: ExportResult, truth: ExportTruth) {
	expect(asTruth(result)).toEqual({ cases: truth.cases, rejected: truth.rejected, warnings: truth.warnings });
	expect(result.stats.acceptedRows + result.stats.rejectedRows).toBe(truth.dataRows);
}

let practice: Practice;
beforeAll(() => {
	practice = generatePractice({ seed: 7, patients: 2_500, stage: 2, today: '2026-11-23' });
});

describe('an invalid mobile or email costs that channel, not the patient', () => {
	it('keeps every patient of the generated exports, without the bad value, and warns once per patient and field', async () => {
		const fields = new Set<string>();
		for (const [write, preset] of [
			[dentrixTreatmentManager, 'dentrixTreatmentManager'],
			[eaglesoftPlannedServices, 'eaglesoftPlannedServices'],
			[openDentalTreatmentFinder, 'openDentalTreatmentFinder'],
		] as const) {
			const { text, truth } = write(practice);
			for (const w of truth.warnings) fields.add(w.field);
			expectTruth(await read(text, { preset }), truth);
		}
		expect([...fields].sort()).toEqual(['email', 'mobile']);
	});

	it('an email-only patient with a bad mobile is still reachable by email, and the warning names row and field without the value', async () => {
		const text =
			'Chart #,Patient,Mobile Phone,Email,Fee\r\nA1,"Lee, Tom",555-01,tom@example.com,100\r\nA1,"Lee, Tom",555-01,tom@example.com,50\r\nB2,"Kim, Jo",(312) 555-0134,jo@,200\r\n';
		const result = await read(text);
		expect(result.rejected).toEqual([]);
		expect(
			result.cases.map((c) => [c.patient.id, c.patient.mobile, c.patient.email, c.contactability.channels]),
		).toEqual([
			['A1', null, 'tom@example.com', ['email']],
			['B2', '+13125550134', null, ['sms']],
		]);
		expect(result.warnings).toEqual([
			expect.objectContaining({
				row: 2,
				rows: [2, 3],
				field: 'mobile',
				reasonCode: 'contact_dropped',
				patientId: 'A1',
			}),
			expect.objectContaining({ row: 4, rows: [4], field: 'email', reasonCode: 'contact_dropped', patientId: 'B2' }),
		]);
		for (const w of result.warnings) expect(w.reason).not.toMatch(/555|@/);
	});

	it('a row rejected for another reason names the bad contact value too, after the reason that cost the row', async () => {
		const result = await read('Chart #,Patient,Mobile Phone,Fee\nA1,"Lee, Tom",555-01,TBD\n');
		expect(result.rejected[0]).toMatchObject({
			field: 'fee',
			reason: 'fee "TBD" is not an amount; mobile is not a valid phone number',
		});
		expect(result.warnings).toEqual([]);
	});
});

describe('the home phone', () => {
	it('is kept for call lists and never becomes the number that is texted', async () => {
		const { text, truth } = dentrixTreatmentManager(practice);
		const result = await read(text);
		const withHome = result.cases.filter((c) => c.patient.homePhone);
		expect(withHome.length).toBeGreaterThan(20);
		expect(withHome.length).toBe(truth.cases.filter((c) => c.homePhone).length);
		for (const c of withHome) {
			expect(c.patient.homePhone).not.toBe(c.patient.mobile);
			expect(c.contactability.sms).toBe(Boolean(c.patient.mobile));
		}
	});

	it('a column called just "Phone" is a home phone: no text goes to it', async () => {
		const result = await read('Chart #,Patient,Phone,Fee\nA1,"Lee, Tom",(312) 555-0134,100\n');
		expect(result.cases[0].patient).toMatchObject({ mobile: null, homePhone: '+13125550134' });
		expect(result.cases[0].contactability).toEqual({ sms: false, email: false, channels: [], reachable: false });
	});

	it('is absent from sources without one (no new field on Eaglesoft cases)', async () => {
		const { text } = eaglesoftPlannedServices(practice);
		const result = await read(text, { preset: 'eaglesoftPlannedServices' });
		expect(result.cases.every((c) => !('homePhone' in c.patient))).toBe(true);
	});
});

describe('a file that is another PMS’s export', () => {
	it.each([
		['dentrixTreatmentManager', 'eaglesoftPlannedServices', 'Dentrix Treatment Manager', /"Chart #"/],
		['dentrixTreatmentManager', 'openDentalTreatmentFinder', 'Dentrix Treatment Manager', /"Mobile Phone"/],
		['eaglesoftPlannedServices', 'dentrixTreatmentManager', 'Eaglesoft Planned Services', /"Service Code"/],
		['openDentalTreatmentFinder', 'eaglesoftPlannedServices', 'Open Dental Treatment Finder', /"PatNum"/],
	] as const)(
		'a %s file read as %s is refused, naming the format it looks like',
		async (file, chosen, label, column) => {
			const writers = { dentrixTreatmentManager, eaglesoftPlannedServices, openDentalTreatmentFinder };
			const error = await read(writers[file](practice).text, { preset: chosen }).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(ExportFileError);
			expect((error as ExportFileError).message).toMatch(new RegExp(`^This file looks like a ${label} export, not `));
			expect((error as ExportFileError).message).toMatch(column);
			expect((error as ExportFileError).description).toContain(`Choose "${label}"`);
		},
	);

	it('case ids do not depend on the preset: the Generic preset mapped onto the same file gives the same ids', async () => {
		const { text } = dentrixTreatmentManager(practice);
		const dentrix = await read(text);
		const generic = await read(text, {
			preset: 'generic',
			columnMap: {
				patientId: 'Chart #',
				patientName: 'Patient',
				mobile: 'Mobile Phone',
				plannedDate: 'Date',
				nextAppointment: 'Next Appt',
			},
		});
		expect(generic.cases.map((c) => c.caseId)).toEqual(dentrix.cases.map((c) => c.caseId));
		expect(dentrix.cases[0].caseId).toMatch(/^export-/);
	});

	it('a custom report with a few of a PMS’s column names is still read under the preset chosen', async () => {
		const result = await read('Patient ID,Patient,Fee\n1042,"Lee, Tom",100\n');
		expect(result.cases.map((c) => c.caseId)).toEqual(['export-1042-undated']);
	});
});

describe('names in the wrong encoding', () => {
	it('a Windows-1252 file read as UTF-8 is detected and decoded right, and Warnings says so', async () => {
		const messy = accentedDentrixExport(practice, 'windows-1252');
		expect(messy.accentedLines.length).toBeGreaterThan(20);
		const result = await read(messy.bytes);
		expectTruth(result, messy.truth);
		expect(result.cases.some((c) => /[áéíóú]/.test(c.patient.firstName + c.patient.lastName))).toBe(true);
		expect(result.stats.encoding).toBe('windows-1252');
		const [note] = result.warnings;
		expect(note).toMatchObject({ field: 'file', reasonCode: 'encoding', row: messy.accentedLines[0] });
		expect(note.reason).toMatch(/not UTF-8.*Windows-1252/);
	});

	it('told it is Latin-1, the same file reads the same without a warning', async () => {
		const messy = accentedDentrixExport(practice, 'windows-1252');
		const result = await read(messy.bytes, { encoding: 'latin1' });
		expectTruth(result, messy.truth);
		expect(result.warnings.filter((w) => w.field === 'file')).toEqual([]);
	});

	it('a UTF-8 file set to Latin-1 is read as UTF-8, and Warnings says to change the setting', async () => {
		const messy = accentedDentrixExport(practice, 'utf-8');
		const result = await read(messy.bytes, { encoding: 'latin1' });
		expectTruth(result, messy.truth);
		expect(result.stats.encoding).toBe('utf-8');
		expect(result.warnings[0]).toMatchObject({ field: 'file', reasonCode: 'encoding', row: null });
		expect(result.warnings[0].reason).toMatch(/Set File Encoding to UTF-8/);
	});

	it.each([1, 2, 3, 5, 4096])(
		'gives the same answer when the bytes arrive %d at a time (letters cut in two)',
		async (size) => {
			for (const encoding of ['windows-1252', 'utf-8'] as const) {
				const messy = accentedDentrixExport(
					generatePractice({ seed: 5, patients: 150, stage: 2, today: '2026-11-23' }),
					encoding,
				);
				expectTruth(await read(messy.bytes, {}, size), messy.truth);
			}
		},
	);

	it.each(['replaced', 'double-encoded'] as const)(
		'%s names (mangled before we got the file) are rejected, naming the encoding, never sent',
		async (encoding) => {
			const messy = accentedDentrixExport(practice, encoding);
			const result = await read(messy.bytes);
			const bad = result.rejected.filter((r) => r.reasonCode === 'mis_decoded');
			expect(bad.map((r) => r.row)).toEqual(messy.accentedLines);
			for (const r of bad) {
				expect(r.field).toBe('patientName');
				expect(r.reason).toMatch(
					encoding === 'replaced' ? /U\+FFFD.*Windows-1252/ : /double-encoded.*UTF-8 read as Windows-1252/,
				);
			}
			for (const c of result.cases) expect(c.patient.firstName + c.patient.lastName).not.toMatch(/\uFFFD|Ã/);
			expect(result.cases.length).toBe(messy.truth.cases.length - new Set(bad.map((r) => r.raw['Chart #'])).size);
		},
	);

	it('a UTF-8 file with one Windows-1252 byte further down: the letter is lost, the row rejected, the file named as mixed', async () => {
		const text = 'Chart #,Patient,Fee\nA1,"García, María",100\n';
		const bytes = Buffer.concat([Buffer.from(text), Buffer.from('B2,"Pérez, José",200\nC3,"Lee, Tom",50\n', 'latin1')]);
		const result = await read(bytes);
		expect(result.cases.map((c) => [c.patient.id, c.patient.firstName])).toEqual([
			['A1', 'María'],
			['C3', 'Tom'],
		]);
		expect(result.rejected).toEqual([
			expect.objectContaining({ row: 3, field: 'patientName', reasonCode: 'mis_decoded' }),
		]);
		expect(result.warnings[0]).toMatchObject({ field: 'file', reasonCode: 'encoding', row: 3 });
		expect(result.warnings[0].reason).toMatch(/UTF-8 but line 3/);
	});

	it('decodes Windows-1252 punctuation Latin-1 lacks', () => {
		expect(windows1252ToUtf8(Buffer.from([0x80, 0x20, 0x93, 0x4f, 0x94, 0x20, 0xe9, 0x81])).toString('utf8')).toBe(
			'\u20AC \u201CO\u201D \u00E9\u0081',
		);
	});
});
