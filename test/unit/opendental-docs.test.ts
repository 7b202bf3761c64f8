/**
 * Contract tests from Open Dental's pages (test/fixtures/opendental-docs): the client parses each
 * documented example the way Open Dental means it, and the simulator answers in the same shapes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
	odDate,
	procedureRecord,
	recallListRecord,
	slotRecord,
	treatPlanRecord,
	appointmentRecord,
} from '../../core/pms/opendental/records';
import { cutGaps } from '../../core/booking/slots';
import { call, start, type Row } from './opendental-sim/helpers';

type Fixture = {
	fields: Record<string, string>;
	example: Row;
	examples?: Row[];
	slots?: { fields: Record<string, string>; example: Row };
};
const fixture = (name: string): Fixture =>
	JSON.parse(readFileSync(join(__dirname, '../fixtures/opendental-docs', name), 'utf8')) as Fixture;

/** The JSON type a field table names: "number", "string ...". */
const typeOf = (description: string) => description.split(/[\s:(]/)[0];

describe("the client reads Open Dental's documented examples", () => {
	it('Recall List: M/d/yyyy dates, numbers as text, ClinicNum', () => {
		const row = recallListRecord.parse(fixture('recalls-list.json').example);
		expect(odDate(row.DueDate)).toBe('2022-03-16');
		expect(odDate(row.LastRemind ?? '')).toBe('2022-02-09');
		expect(row.NumRemind).toBe(2);
		expect(row.ClinicNum).toBe(0);
	});

	it('dates: yyyy-MM-dd, with a time, M/d/yyyy; blanks and 0001-01-01 are none', () => {
		expect([
			odDate('2022-03-16'),
			odDate('2022-03-16 08:30:00'),
			odDate('3/6/2022'),
			odDate('12/31/2021'),
			odDate(''),
			odDate('0001-01-01'),
			odDate('13/45/2022'),
		]).toEqual(['2022-03-16', '2022-03-16', '2022-03-06', '2021-12-31', null, null, null]);
	});

	it('procedurelogs: fee and AptNum as text, a status the client checks itself', () => {
		const row = procedureRecord.parse(fixture('procedurelogs.json').example);
		expect(row).toMatchObject({ ProcFee: 255, AptNum: 0, ProcStatus: 'D' });
	});

	it('treatplans: an Active plan has no DateTP, a Saved one has', () => {
		const [active, saved] = (fixture('treatplans.json').examples as Row[]).map((r) => treatPlanRecord.parse(r));
		expect(odDate(active.DateTP)).toBeNull();
		expect(odDate(active.SecDateEntry ?? '')).toBe('2022-06-30');
		expect(odDate(saved.DateTP)).toBe('2022-07-01');
	});

	it('appointments and slots: an UnschedList row, and a whole gap cut into bookable times', () => {
		const doc = fixture('appointments.json');
		expect(appointmentRecord.parse(doc.example).AptStatus).toBe('UnschedList');
		const gap = slotRecord.parse(doc.slots?.example);
		const times = cutGaps([{ start: gap.DateTimeStart, end: gap.DateTimeEnd, providerId: '1', operatoryId: '3' }], 60);
		expect(times[0]).toMatchObject({ start: '2020-07-31 08:00:00', end: '2020-07-31 09:00:00' });
		expect(times[times.length - 1]).toMatchObject({ start: '2020-07-31 11:00:00', end: '2020-07-31 12:00:00' });
	});
});

describe('the simulator answers in the documented shapes', () => {
	const cases: Array<[string, string, (f: Fixture) => Record<string, string>]> = [
		['recalls-list.json', '/recalls/List?IncludeReminded=true', (f) => f.fields],
		['procedurelogs.json', '/procedurelogs', (f) => f.fields],
		['treatplans.json', '/treatplans', (f) => f.fields],
		['appointments.json', '/appointments', (f) => f.fields],
		[
			'appointments.json',
			'/appointments/Slots?lengthMinutes=30&dateStart=2026-11-24&dateEnd=2026-11-24',
			(f) => f.slots?.fields ?? {},
		],
	];
	it.each(cases)('%s: %s', async (name, path, fieldsOf) => {
		const { sim } = await start();
		try {
			const rows = (await call<Row[]>(sim, path)).body;
			expect(rows.length).toBeGreaterThan(0);
			const fields = fieldsOf(fixture(name));
			for (const [field, description] of Object.entries(fields)) {
				const documented = typeOf(description);
				// "AptNum" is text on the list page and a number on the single page: either is documented.
				const types = new Set(rows.map((r) => typeof r[field]));
				if (description.includes(' on the single example')) continue;
				expect({ field, types: [...types] }).toEqual({ field, types: [documented] });
			}
			if (name === 'recalls-list.json') {
				const dated = rows.filter((r) => r.DueDate);
				expect(dated.every((r) => /^\d{1,2}\/\d{1,2}\/\d{4}$/.test(String(r.DueDate)))).toBe(true);
			}
			if (name === 'treatplans.json')
				expect(rows.filter((r) => r.TPStatus !== 'Saved').every((r) => r.DateTP === '0001-01-01')).toBe(true);
		} finally {
			await sim.close();
		}
	});
});
