import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { parseExportSettings, SettingsError } from '../../core/pms-export/options';
import {
	base64Chunks,
	bufferChunks,
	ExportFileError,
	procedureLines,
	readExport,
	type ExportOptions,
	type ExportResult,
} from '../../core/pms-export/read';

const fixtures = path.join(__dirname, '..', 'fixtures');
const malformed = fs.readFileSync(path.join(fixtures, 'malformed-treatment-manager.csv'));
const expected = JSON.parse(fs.readFileSync(path.join(fixtures, 'malformed-treatment-manager.expected.json'), 'utf8'));

function options(overrides: Partial<ExportOptions> = {}): ExportOptions {
	return {
		preset: 'dentrixTreatmentManager',
		delimiter: 'auto',
		encoding: 'utf8',
		dateOrder: 'preset',
		decimal: '.',
		defaultRegion: 'US',
		timezone: expected.timezone,
		now: DateTime.fromISO(expected.now, { setZone: true }),
		...overrides,
	};
}

function read(text: string | Buffer, overrides: Partial<ExportOptions> = {}, chunkSize = 65536): Promise<ExportResult> {
	const buffer = typeof text === 'string' ? Buffer.from(text) : text;
	return readExport(bufferChunks(buffer, chunkSize), options(overrides));
}

/** Re-writes the fixture with another delimiter, quoting only what needs it. */
function withDelimiter(text: string, delimiter: string): string {
	let out = '';
	let inQuotes = false;
	for (const ch of text) {
		if (ch === '"') inQuotes = !inQuotes;
		out += ch === ',' && !inQuotes ? delimiter : ch;
	}
	return out;
}

function expectMatchesFixture(result: ExportResult) {
	expect(result.stats.dataRows).toBe(expected.dataRows);
	expect(result.stats.acceptedRows + result.stats.rejectedRows).toBe(result.stats.dataRows);
	expect(result.stats.headerLine).toBe(4);
	expect(
		result.cases.map((c) => ({
			caseId: c.caseId,
			firstName: c.patient.firstName,
			lastName: c.patient.lastName,
			mobile: c.patient.mobile,
			email: c.patient.email,
			lines: c.procedures.map((p) => p.line),
			codes: c.procedures.map((p) => p.code),
			totalFee: c.totalFee,
			category: c.category,
			status: c.status,
			presentedAt: c.presentedAt,
			ageDays: c.ageDays,
		})),
	).toEqual(expected.cases);
	expect(
		result.rejected.map((r) => ({
			row: r.row,
			field: r.field,
			reasonCode: r.reasonCode,
			reason: r.reasonCode === 'column_count' ? null : r.reason,
		})),
	).toEqual(expected.rejected);
	expect(
		result.warnings.map(({ row, rows, field, reasonCode, patientId }) => ({ row, rows, field, reasonCode, patientId })),
	).toEqual(expected.warnings);
}

describe('readExport on a messy Dentrix Treatment Manager export', () => {
	it('finds every good case and names every bad row', async () => {
		expectMatchesFixture(await read(malformed));
	});

	it('keeps multi-line descriptions, credits and the next appointment', async () => {
		const { cases } = await read(malformed);
		const garcia = cases[0];
		expect(garcia.procedures[1].description).toBe('Crown - porcelain/ceramic\r\n(patient prefers afternoons)');
		expect(garcia.procedures[1].tooth).toBe('30');
		expect(garcia.layman).toBe('your crown');
		expect(garcia.patient.timezone).toBe('America/Chicago');
		expect(garcia.contactability).toEqual({ sms: true, email: true, channels: ['sms', 'email'], reachable: true });
		const obrien = cases[1];
		expect(obrien.procedures[1]).toMatchObject({ code: null, fee: -120, category: 'other' });
		const wilson = cases[5];
		expect(wilson.nextAppointment).toBe('2026-12-02');
		expect(wilson.procedures.map((p) => p.status)).toEqual(['scheduled', 'unscheduled']);
		const chen = cases[6];
		expect(chen.contactability).toEqual({ sms: false, email: false, channels: [], reachable: false });
	});

	it("gives each rejected row its raw values under the export's own headers", async () => {
		const { rejected } = await read(malformed);
		const fee = rejected.find((r) => r.field === 'fee')!;
		expect(fee.raw).toMatchObject({ Patient: 'Nguyen, Thanh', 'Chart #': 'NG0003', Fee: 'TBD' });
		expect(fee.problems).toEqual([{ field: 'fee', code: 'invalid_value', reason: 'fee "TBD" is not an amount' }]);
	});

	it('never puts a phone number or email in a reason', async () => {
		const { rejected } = await read(malformed);
		for (const r of rejected) expect(r.reason).not.toMatch(/555|@/);
	});

	it.each([
		['semicolons', ';'],
		['tabs', '\t'],
	])('reads the same file written with %s', async (_name, delimiter) => {
		const result = await read(withDelimiter(malformed.toString('utf8'), delimiter));
		expect(result.stats.delimiter).toBe(delimiter);
		expectMatchesFixture(result);
	});

	it('reads it with LF line endings and without the byte-order mark', async () => {
		const text = malformed
			.toString('utf8')
			.replace(/^\ufeff/, '')
			.replace(/\r\n/g, '\n');
		const result = await read(text);
		expect(result.cases[0].procedures[1].description).toBe('Crown - porcelain/ceramic\n(patient prefers afternoons)');
		expect(result.rejected.map((r) => r.row)).toEqual(expected.rejected.map((r: { row: number }) => r.row));
	});

	it.each([1, 7, 64, 1000])('gives the same answer when the stream arrives in %d-byte chunks', async (size) => {
		expectMatchesFixture(await read(malformed, {}, size));
	});

	it('reads a file held as base64 (n8n in-memory binary mode) slice by slice', async () => {
		const result = await readExport(base64Chunks(malformed.toString('base64'), 1000), options());
		expectMatchesFixture(result);
	});

	it('reads Latin-1 files when told to', async () => {
		const text = malformed.toString('utf8').replace('Garcia, Maria', 'Garc\u00eda, Mar\u00eda');
		const result = await read(Buffer.from(text.replace(/^\ufeff/, ''), 'latin1'), { encoding: 'latin1' });
		expect(result.cases[0].patient).toMatchObject({ firstName: 'Mar\u00eda', lastName: 'Garc\u00eda' });
	});

	it('can emit one item per accepted procedure line instead', async () => {
		const lines = procedureLines((await read(malformed)).cases);
		expect(lines.map((l) => l.line)).toEqual([5, 6, 9, 10, 13, 14, 17, 19, 21, 22]);
		expect(lines[2]).toMatchObject({ caseId: 'export-OB0002-2026-03-09', code: 'D4341', caseStatus: 'unscheduled' });
	});

	it('ages cases against the "now" it is given, in the practice zone', async () => {
		const later = await read(malformed, { now: DateTime.fromISO('2027-01-01T05:00:00Z') });
		// 05:00 UTC on 1 January is still 31 December in Chicago.
		expect(later.cases[6].ageDays).toBe(41);
		expect(later.cases[5].status).toBe('unscheduled');
	});
});

describe('other presets', () => {
	it('reads an Eaglesoft planned-services export', async () => {
		const text =
			'Patient ID,Last Name,First Name,Cell Phone,E-Mail,Provider ID,Date Planned,Service Code,Description,Tooth,Surface,Fee,Status,Next Appointment\r\n' +
			'1042,Nguyen,Thanh,312-555-0101,thanh@example.com,DR1,3/7/26,D2740,Crown - porcelain/ceramic,14,,1250.00,Planned,\r\n' +
			'1042,Nguyen,Thanh,312-555-0101,thanh@example.com,DR1,3/7/26,D2950,Core buildup,14,,310.00,Planned,\r\n' +
			'1043,Smith,Jo,,,DR1,3/8/26,D2391,Resin one surface,19,O,185.00,Completed,\r\n';
		const { cases, rejected } = await read(text, { preset: 'eaglesoftPlannedServices' });
		expect(rejected).toEqual([]);
		expect(cases.map((c) => [c.caseId, c.totalFee, c.category, c.status])).toEqual([
			['export-1042-2026-03-07', 1560, 'crown', 'unscheduled'],
			['export-1043-2026-03-08', 185, 'restorative', 'completed'],
		]);
	});

	it('reads an Open Dental Treatment Finder export (tabs, ISO dates, ProcStatus)', async () => {
		const text =
			'\ufeffPatNum\tLName\tFName\tWirelessPhone\tEmail\tClinicAbbr\tProvAbbr\tDateTP\tProcCode\tDescript\tToothNum\tSurf\tProcFee\tProcStatus\n' +
			'17\tGarcia\tMaria\t(312)555-0134\tmaria@example.com\tDTWN\tDOC1\t2026-03-07\tD6010\tImplant\t8\t\t2300.00\tTP\n' +
			'17\tGarcia\tMaria\t(312)555-0134\tmaria@example.com\tDTWN\tDOC1\t2026-03-07\tD6057\tCustom abutment\t8\t\t900.00\t1\n';
		const { cases, rejected } = await read(text, { preset: 'openDentalTreatmentFinder' });
		expect(rejected).toEqual([]);
		expect(cases).toHaveLength(1);
		expect(cases[0]).toMatchObject({
			caseId: 'export-17-2026-03-07',
			totalFee: 3200,
			category: 'implant',
			layman: 'your implant treatment',
			patient: { id: '17', firstName: 'Maria', mobile: '+13125550134', clinic: 'DTWN', provider: 'DOC1' },
		});
	});

	it('maps the columns a user names in the Generic preset', async () => {
		const text =
			'Acct;Client;Cell;Treatment;Price;When\nA-1;Maria Garcia;(312) 555-0134;Botox 20 units;"1.200,00";07.03.2026\n';
		const { cases, rejected } = await read(text, {
			preset: 'generic',
			decimal: ',',
			dateOrder: 'DMY',
			columnMap: {
				patientId: 'Acct',
				patientName: 'Client',
				mobile: 'Cell',
				description: 'Treatment',
				fee: 'Price',
				plannedDate: 'When',
			},
		});
		expect(rejected).toEqual([]);
		expect(cases[0]).toMatchObject({ caseId: 'export-A-1-2026-03-07', totalFee: 1200, category: 'other' });
		expect(cases[0].patient).toMatchObject({ firstName: 'Maria', lastName: 'Garcia' });
	});

	it('says which mapped column is not in the file', async () => {
		await expect(read('a,b\n1,2\n', { preset: 'generic', columnMap: { fee: 'Price' } })).rejects.toThrow(
			/"Price" \(mapped to fee\)/,
		);
	});
});

describe('files that cannot be read at all', () => {
	it('names the columns it could not find', async () => {
		const error = await read('Name,Phone\nMaria,312\n').catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ExportFileError);
		expect((error as ExportFileError).message).toMatch(/Dentrix Treatment Manager.*patient id, fee/);
	});

	it('rejects a row shifted by a stray quote and keeps reading', async () => {
		const text = 'Chart #,Patient,Fee\nA1,"Garcia, Maria",100\nA2,"Lee"x, Tom",200\nA3,"Kim, Jo",300\n';
		const result = await read(text);
		expect(result.cases.map((c) => c.patient.id)).toEqual(['A1', 'A3']);
		expect(result.rejected).toEqual([expect.objectContaining({ row: 3, reasonCode: 'column_count', field: 'row' })]);
		expect(result.stats.dataRows).toBe(3);
	});

	it('fails the file when a quote is never closed, naming the line', async () => {
		const error = await read('Chart #,Patient,Fee\nA1,"Garcia, Maria,100\nA2,Lee,200\n').catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ExportFileError);
		expect((error as ExportFileError).message).toMatch(/quote/i);
	});

	it('handles an empty file and a header-only file', async () => {
		await expect(read('')).rejects.toBeInstanceOf(ExportFileError);
		const headerOnly = await read('Chart #,Patient,Fee\r\n');
		expect(headerOnly.cases).toEqual([]);
		expect(headerOnly.stats.dataRows).toBe(0);
	});
});

describe('parseExportSettings', () => {
	it('fills defaults and reads "now" from ISO text or a DateTime-like', () => {
		const parsed = parseExportSettings({
			preset: 'generic',
			timezone: 'America/Denver',
			now: '2026-03-08T09:00:00-06:00',
		});
		expect(parsed).toMatchObject({
			delimiter: 'auto',
			encoding: 'utf8',
			defaultRegion: 'US',
			decimal: '.',
			dateOrder: 'preset',
		});
		expect(parsed.now.toISO()).toBe('2026-03-08T09:00:00.000-06:00');
		const fromObject = parseExportSettings({
			preset: 'generic',
			timezone: 'UTC',
			now: { toISO: () => '2026-01-01T00:00:00.000Z' },
		});
		expect(fromObject.now.toMillis()).toBe(Date.UTC(2026, 0, 1));
	});

	it.each([
		[{ timezone: 'Mars/Olympus' }, /^timezone is not an IANA time zone/],
		[{ defaultRegion: 'ZZ' }, /^defaultRegion is not a two-letter country code/],
		[{ now: 'last tuesday' }, /^now is not a date and time/],
		[{ preset: 'dentrix' }, /^preset /],
	])('names the bad setting %p', (bad, message) => {
		const settings = { preset: 'generic', timezone: 'UTC', ...bad } as Parameters<typeof parseExportSettings>[0];
		expect(() => parseExportSettings(settings)).toThrow(SettingsError);
		expect(() => parseExportSettings(settings)).toThrow(message);
	});
});
