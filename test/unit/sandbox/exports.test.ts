import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { buildSync } from 'esbuild';
import { generatePractice } from '../../../sandbox/practice/generate';
import type { Practice } from '../../../sandbox/practice/types';
import { findUnscheduledTreatment } from '../../../sandbox/practice/unscheduled';
import { TruthBook, checkEmail, checkMobile, untypeCaps, type ExportTruth } from '../../../sandbox/exports/truth';
import { EXPORT_FILES, writeExports, type TruthFile } from '../../../sandbox/exports/write';
import {
	DENTRIX_HEADER,
	EAGLESOFT_HEADER,
	OPEN_DENTAL_HEADER,
	dentrixTreatmentManager,
	eaglesoftPlannedServices,
	openDentalTreatmentFinder,
	type ExportFile,
} from '../../../sandbox/exports/writers';

const options = { seed: 7, patients: 2_500, stage: 2 as const, today: '2026-11-23' };

/** Records keyed by their 1-based line (no generated value spans lines). */
function recordsByLine(text: string, delimiter: string, fromLine: number): Map<number, string[]> {
	const records: string[][] = parse(text, { delimiter, bom: true, from_line: fromLine, relax_quotes: false });
	return new Map(records.map((r, i) => [fromLine + i, r]));
}

function money(text: string): number {
	return Number(text.replace(/[$,]/g, ''));
}

interface Layout {
	name: string;
	write: (p: Practice) => ExportFile;
	delimiter: string;
	eol: string;
	headerLine: number;
	width: number;
	/** Column of the patient id, first name, last name, mobile, email, code, fee, planned date. */
	col: {
		id: number;
		first?: number;
		last?: number;
		name?: number;
		mobile: number;
		email: number;
		code: number;
		fee: number;
		date: number;
	};
	/** The planned date as yyyy-MM-dd. */
	isoDate: (text: string) => string;
	patientId: (patNum: number, chart: string) => string;
}

const LAYOUTS: Layout[] = [
	{
		name: 'Dentrix Treatment Manager',
		write: dentrixTreatmentManager,
		delimiter: ',',
		eol: '\r\n',
		headerLine: 4,
		width: 17,
		col: { id: 1, name: 0, mobile: 3, email: 4, code: 8, fee: 12, date: 7 },
		isoDate: (t) => `${t.slice(6)}-${t.slice(0, 2)}-${t.slice(3, 5)}`,
		patientId: (_n, chart) => chart,
	},
	{
		name: 'Eaglesoft planned services',
		write: eaglesoftPlannedServices,
		delimiter: ',',
		eol: '\r\n',
		headerLine: 1,
		width: 14,
		col: { id: 0, last: 1, first: 2, mobile: 3, email: 4, code: 7, fee: 11, date: 6 },
		isoDate: (t) => {
			const [m, d, y] = t.split('/');
			return `20${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
		},
		patientId: (n) => String(n),
	},
	{
		name: 'Open Dental Treatment Finder',
		write: openDentalTreatmentFinder,
		delimiter: '\t',
		eol: '\n',
		headerLine: 1,
		width: 14,
		col: { id: 0, last: 1, first: 2, mobile: 3, email: 4, code: 8, fee: 12, date: 7 },
		isoDate: (t) => t,
		patientId: (n) => String(n),
	},
];

describe('PMS export writers', () => {
	let practice: Practice;
	beforeAll(() => {
		practice = generatePractice(options);
	});

	it('write the report preambles and headers exactly', () => {
		const dentrix = dentrixTreatmentManager(practice).text.split('\r\n');
		expect(dentrix.slice(0, 4)).toEqual([
			'Treatment Manager Report',
			'Printed: 11/23/2026 8:00 AM',
			'',
			'Patient,Chart #,Home Phone,Mobile Phone,Email,Prov,Status,Date,Code,Description,Tooth,Surf,Fee,Ins Est,Pat Est,Last Visit,Next Appt',
		]);
		expect(eaglesoftPlannedServices(practice).text.split('\r\n')[0]).toBe(
			'Patient ID,Last Name,First Name,Cell Phone,E-Mail,Provider ID,Date Planned,Service Code,Description,Tooth,Surface,Fee,Status,Next Appointment',
		);
		const od = openDentalTreatmentFinder(practice).text;
		expect(od.split('\n')[0]).toBe(
			'\uFEFFPatNum\tLName\tFName\tWirelessPhone\tEmail\tClinicAbbr\tProvAbbr\tDateTP\tProcCode\tDescript\tToothNum\tSurf\tProcFee\tProcStatus',
		);
		expect([DENTRIX_HEADER.length, EAGLESOFT_HEADER.length, OPEN_DENTAL_HEADER.length]).toEqual([17, 14, 14]);
	});

	it('are deterministic and follow the seed', () => {
		const other = generatePractice({ ...options, seed: 8 });
		for (const { write } of LAYOUTS) {
			expect(write(generatePractice(options))).toEqual(write(practice));
			expect(write(other).text).not.toBe(write(practice).text);
		}
	});

	it.each(LAYOUTS)('$name: uses its own line endings throughout', ({ write, eol }) => {
		const { text } = write(practice);
		expect(text.endsWith(eol)).toBe(true);
		if (eol === '\r\n') expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
		else expect(text).not.toContain('\r');
	});

	it.each(LAYOUTS)('$name: every line parses to the header width', ({ write, delimiter, headerLine, width }) => {
		const { text, truth } = write(practice);
		const records = recordsByLine(text, delimiter, headerLine);
		expect([...records.values()].filter((r) => r.length !== width)).toEqual([]);
		expect(records.size - 1).toBe(truth.dataRows);
		expect(truth.dataRows).toBeGreaterThan(100);
	});

	it.each(LAYOUTS)('$name: the truth accounts for every data line once', ({ write, delimiter, headerLine }) => {
		const { text, truth } = write(practice);
		const records = recordsByLine(text, delimiter, headerLine);
		const claimed = [...truth.cases.flatMap((c) => c.procedureLines), ...truth.rejected.map((r) => r.row)].sort(
			(a, b) => a - b,
		);
		expect(claimed).toEqual([...records.keys()].filter((line) => line > headerLine));
	});

	it.each(LAYOUTS)('$name: each case points at its own patient’s lines and adds them up', (layout) => {
		const { text, truth } = layout.write(practice);
		const records = recordsByLine(text, layout.delimiter, layout.headerLine);
		const { col } = layout;
		const patients = new Map(practice.patients.map((p) => [layout.patientId(p.PatNum, p.chartNumber), p]));
		for (const c of truth.cases) {
			const lines = c.procedureLines.map((n) => records.get(n) as string[]);
			expect(lines.map((r) => r[col.id])).toEqual(lines.map(() => c.patientId));
			expect(c.procedureLines).toEqual(c.procedureLines.map((_, i) => c.procedureLines[0] + i));
			expect(lines.map((r) => r[col.code]).sort()).toEqual(c.procedureCodes);
			expect(c.totalFee).toBeCloseTo(
				lines.reduce((s, r) => s + money(r[col.fee]), 0),
				2,
			);
			expect(c.presentedAt).toBe(lines.map((r) => layout.isoDate(r[col.date])).sort()[0]);
			const [first, last] =
				col.name === undefined
					? [lines[0][col.first as number], lines[0][col.last as number]]
					: lines[0][col.name].split(', ').reverse();
			expect([c.firstName, c.lastName]).toEqual([untypeCaps(first), untypeCaps(last)]);
			const patient = patients.get(c.patientId);
			// An invalid value is left out (and warned about); a valid one comes out normalised.
			expect(c.mobile).toBe(
				checkMobile(patient?.WirelessPhone ?? '').ok && patient?.WirelessPhone
					? `+1${patient.WirelessPhone.replace(/\D/g, '').slice(-10)}`
					: null,
			);
			expect(c.email).toBe(checkEmail(patient?.Email ?? '').ok && patient?.Email ? patient.Email.toLowerCase() : null);
		}
		expect(truth.cases.length).toBeGreaterThan(100);
	});

	it.each(LAYOUTS)(
		'$name: keeps a patient with an invalid mobile or email, without it, and warns once per field naming every line',
		(layout) => {
			const { text, truth } = layout.write(practice);
			const records = recordsByLine(text, layout.delimiter, layout.headerLine);
			const byField = (field: string) => truth.warnings.filter((w) => w.field === field);
			const cases = new Map(truth.cases.map((c) => [c.patientId, c]));
			for (const [field, col, check] of [
				['mobile', layout.col.mobile, checkMobile],
				['email', layout.col.email, checkEmail],
			] as const) {
				expect(byField(field).length).toBeGreaterThan(0);
				for (const w of byField(field)) {
					expect(w).toMatchObject({ reasonCode: 'contact_dropped', row: w.rows[0] });
					for (const row of w.rows) expect(check((records.get(row) as string[])[col]).ok).toBe(false);
					const kept = cases.get(w.patientId);
					expect(kept?.procedureLines).toEqual(w.rows);
					expect(kept?.[field]).toBeNull();
				}
			}
			expect(truth.rejected.every((r) => r.field === 'row')).toBe(true);
		},
	);

	it('Dentrix: the home phone is kept for calls, apart from the mobile', () => {
		const { truth } = dentrixTreatmentManager(practice);
		const withHome = truth.cases.filter((c) => c.homePhone);
		expect(withHome.length).toBeGreaterThan(10);
		for (const c of withHome) expect(c.homePhone).toMatch(/^\+1\d{10}$/);
		expect(eaglesoftPlannedServices(practice).truth.cases.every((c) => !('homePhone' in c))).toBe(true);
	});

	it('agree with the practice truth on which patients have unscheduled treatment', () => {
		const truths: ExportTruth[] = LAYOUTS.map((l) => l.write(practice).truth);
		for (const t of truths)
			expect(t.cases.reduce((n, c) => n + c.procedureLines.length, 0)).toBe(practice.truth.unscheduledProcedures);
		expect(
			truths[1].cases.map((c) => Number(c.patientId)).every((n) => practice.truth.unscheduledPatNums.includes(n)),
		).toBe(true);
		expect(truths[1].cases.map((c) => c.totalFee)).toEqual(truths[0].cases.map((c) => c.totalFee));
		expect(truths[2].cases).toEqual(truths[1].cases);
	});

	it('Dentrix: money quoted with $ and thousands, names quoted, and a Total line rejected as a summary', () => {
		const { text, truth } = dentrixTreatmentManager(practice);
		const lines = text.split('\r\n').slice(0, -1);
		const fees = recordsByLine(text, ',', 5);
		const last = lines.length;
		expect(lines[last - 1]).toMatch(/^Total,{12}"\$[\d,]+\.\d\d",{4}$/);
		const sum = [...fees.entries()].filter(([n]) => n < last).reduce((s, [, r]) => s + money(r[12]), 0);
		expect(money((fees.get(last) as string[])[12])).toBeCloseTo(sum, 2);
		expect(truth.rejected.at(-1)).toEqual({ row: last, field: 'row', reasonCode: 'summary_row' });
		for (const line of lines.slice(4, -1))
			expect(line).toMatch(/^"[^"]+, [^"]+",.*"\$\d{1,3}(,\d{3})*\.\d\d","\$[\d,]+\.\d\d","\$[\d,]+\.\d\d",/);
		expect(text).toContain('"$1,');
		for (const record of [...fees.values()].slice(0, -1)) {
			expect(['Proposed', 'Accepted', 'Pre-Auth', 'Follow-up Made', 'Preferred']).toContain(record[6]);
			expect(money(record[13]) + money(record[14])).toBeCloseTo(money(record[12]), 2);
		}
	});

	it('title-case names typed in capitals and keep the rest as typed', () => {
		expect(untypeCaps('MARIA')).toBe('Maria');
		expect(untypeCaps("O'BRIEN")).toBe("O'Brien");
		expect(untypeCaps('SMITH-JONES')).toBe('Smith-Jones');
		expect(untypeCaps('MARY ANN')).toBe('Mary Ann');
		expect(untypeCaps('McDonald')).toBe('McDonald');
		const truth = eaglesoftPlannedServices(practice).truth;
		const shouting = practice.patients.filter(
			(p) => p.LName === p.LName.toUpperCase() && truth.cases.some((c) => c.patientId === String(p.PatNum)),
		);
		expect(shouting.length).toBeGreaterThan(0);
		for (const p of shouting) {
			const c = truth.cases.find((x) => x.patientId === String(p.PatNum));
			expect(c?.lastName).not.toBe(p.LName);
			expect(c?.lastName.toUpperCase()).toBe(p.LName);
		}
	});

	it('keep every patient, warn once per invalid field, and say nothing for blank contact fields', () => {
		const [entry] = findUnscheduledTreatment(practice);
		const book = new TruthBook();
		const as = (WirelessPhone: string, Email: string) => ({
			...entry,
			patient: { ...entry.patient, WirelessPhone, Email },
		});
		book.patient(as('n/a', 'maria@'), 'A', [5, 6]);
		book.patient(as('(312) 555-0134', 'maria@'), 'B', [7]);
		book.patient(as('', ''), 'C', [8]);
		book.summary(9);
		const truth = book.done(5);
		expect(truth.rejected).toEqual([{ row: 9, field: 'row', reasonCode: 'summary_row' }]);
		expect(truth.warnings).toEqual([
			{ row: 5, rows: [5, 6], field: 'mobile', reasonCode: 'contact_dropped', patientId: 'A' },
			{ row: 5, rows: [5, 6], field: 'email', reasonCode: 'contact_dropped', patientId: 'A' },
			{ row: 7, rows: [7], field: 'email', reasonCode: 'contact_dropped', patientId: 'B' },
		]);
		expect(truth.cases.map((c) => [c.patientId, c.mobile, c.email, c.procedureLines])).toEqual([
			['A', null, null, [5, 6]],
			['B', '+13125550134', null, [7]],
			['C', null, null, [8]],
		]);
	});

	it('read contact fields with rules of their own', () => {
		for (const typed of [
			'(312) 555-0134',
			'312-555-0134',
			'3125550134',
			'312.555.0134',
			'+1 312 555 0134',
			'1-312-555-0134',
		]) {
			expect(checkMobile(typed)).toEqual({ ok: true, value: '+13125550134' });
		}
		expect(checkMobile('  ')).toEqual({ ok: true, value: null });
		for (const typed of ['555-0134', '(312) 555-01', 'n/a', '312-555', '(123) 555-0134'])
			expect(checkMobile(typed).ok).toBe(false);
		expect(checkEmail('Maria.Garcia@Example.com')).toEqual({ ok: true, value: 'maria.garcia@example.com' });
		expect(checkEmail('')).toEqual({ ok: true, value: null });
		for (const typed of ['maria.garcia@', 'maria garcia@example.com', 'maria@@example.com', 'maria.example.com'])
			expect(checkEmail(typed).ok).toBe(false);
	});
});

describe('writeExports and the CLI', () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chairside-exports-'));
	afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

	it('writes the three files and truth.json', () => {
		const practice = generatePractice({ ...options, patients: 300 });
		const written = writeExports(practice, path.join(dir, 'api'));
		expect(written.map((f) => path.basename(f))).toEqual([...Object.values(EXPORT_FILES), 'truth.json']);
		const truth = JSON.parse(fs.readFileSync(path.join(dir, 'api', 'truth.json'), 'utf8')) as TruthFile;
		expect(truth.options).toEqual(practice.options);
		expect(truth.exports.dentrixTreatmentManager.truth).toEqual(dentrixTreatmentManager(practice).truth);
		expect(fs.readFileSync(path.join(dir, 'api', EXPORT_FILES.openDentalTreatmentFinder), 'utf8')).toBe(
			openDentalTreatmentFinder(practice).text,
		);
	});

	it('the CLI writes the same files for the same options', () => {
		const bundle = path.join(dir, 'cli.js');
		buildSync({
			entryPoints: [path.join(__dirname, '../../../sandbox/exports/cli.ts')],
			bundle: true,
			platform: 'node',
			outfile: bundle,
			logLevel: 'silent',
		});
		const out = path.join(dir, 'cli');
		const args = ['--seed', '7', '--patients', '300', '--stage', '2', '--today', '2026-11-23', '--out', out];
		execFileSync(process.execPath, [bundle, ...args]);
		const practice = generatePractice({ ...options, patients: 300 });
		expect(fs.readFileSync(path.join(out, EXPORT_FILES.dentrixTreatmentManager), 'utf8')).toBe(
			dentrixTreatmentManager(practice).text,
		);
		expect(() => execFileSync(process.execPath, [bundle, '--out', out], { stdio: 'pipe' })).toThrow(/usage/);
	});
});
