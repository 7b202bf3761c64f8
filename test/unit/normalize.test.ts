import { DateReader } from '../../core/normalize/date';
import { normalizeEmail } from '../../core/normalize/email';
import { parseMoney } from '../../core/normalize/money';
import { splitPatientName, tidyName } from '../../core/normalize/name';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { isCountryCode, PhoneNormalizer } from '../../core/normalize/phone';

describe('parseMoney', () => {
	it.each([
		['$1,234.50', 1234.5],
		['1234.5', 1234.5],
		['1250', 1250],
		['(120.00)', -120],
		['-120', -120],
		['$-120.00', -120],
		['120.00-', -120],
		['USD 99', 99],
		['$ 1,250.00', 1250],
		['0', 0],
		['$0.00', 0],
		['1 234.50', 1234.5],
	])('reads %s as %d', (text, amount) => {
		expect(parseMoney(text)).toBe(amount);
	});

	it.each(['', '12x', 'N/A', '1,23.00', '12.345', '$', '--5', '1.2.3', '12,50'])('refuses %p', (text) => {
		expect(parseMoney(text)).toBeNull();
	});

	it('reads a decimal comma when the practice exports that way', () => {
		expect(parseMoney('1.234,50', ',')).toBe(1234.5);
		expect(parseMoney('(12,5)', ',')).toBe(-12.5);
		expect(parseMoney('1,234.50', ',')).toBeNull();
	});
});

describe('DateReader', () => {
	const us = new DateReader('MDY', 2026);
	const eu = new DateReader('DMY', 2026);

	it.each([
		['03/07/2026', '2026-03-07'],
		['3/7/26', '2026-03-07'],
		['2026-03-07', '2026-03-07'],
		['2026/3/7', '2026-03-07'],
		['03-07-2026', '2026-03-07'],
		['3/7/2026 2:30 PM', '2026-03-07'],
		['2026-03-07 14:30:00', '2026-03-07'],
		['12/31/97', '1997-12-31'],
	])('reads %s (month first) as %s', (text, iso) => {
		expect(us.read(text)?.date).toBe(iso);
	});

	it('reads day-first dates when told to', () => {
		expect(eu.read('03/07/2026')?.date).toBe('2026-07-03');
		expect(eu.read('2026-03-07')?.date).toBe('2026-03-07');
	});

	it.each(['13/01/2026', '02/30/2026', '2026-02-29', 'yesterday', '3/7', '', '3/7/2026 13:00 PM'])(
		'refuses %p',
		(text) => {
			expect(us.read(text)).toBeNull();
		},
	);

	it('keeps the time of day, and refuses impossible times', () => {
		expect(us.read('3/7/2026 2:30 PM')).toEqual({ date: '2026-03-07', time: '14:30:00' });
		expect(us.read('12/1/2026 12:05 am')).toEqual({ date: '2026-12-01', time: '00:05:00' });
		expect(us.read('2026-03-07')).toEqual({ date: '2026-03-07', time: null });
		expect(us.read('2026-03-07 24:00')).toBeNull();
	});

	it('keeps the calendar day on DST change days (no zone arithmetic)', () => {
		// 8 March 2026 (US spring forward) and 1 November 2026 (fall back): still those days.
		expect(us.read('03/08/2026 2:30 AM')?.date).toBe('2026-03-08');
		expect(us.read('11/01/2026 1:30 AM')?.date).toBe('2026-11-01');
	});
});

describe('PhoneNormalizer', () => {
	const phones = new PhoneNormalizer('US');
	it.each([
		['(312) 555-0134', '+13125550134'],
		['312-555-0134', '+13125550134'],
		['3125550134', '+13125550134'],
		['+1 312 555 0134', '+13125550134'],
		['1 (312) 555-0134', '+13125550134'],
	])('normalises %s', (text, e164) => {
		expect(phones.normalize(text)).toEqual({ ok: true, e164 });
	});
	it.each(['555-0134', '(312) 555-01', 'n/a', '12345', '000-000-0000'])('refuses %p', (text) => {
		expect(phones.normalize(text).ok).toBe(false);
	});
	it('uses the default region for national numbers', () => {
		expect(new PhoneNormalizer('CA').normalize('(604) 555-0123')).toEqual({ ok: true, e164: '+16045550123' });
		expect(new PhoneNormalizer('DE').normalize('030 901820')).toEqual({ ok: true, e164: '+4930901820' });
	});
	it('gives the answer libphonenumber gives, number by number, while asking it once per area code and exchange', () => {
		// A seeded generator: the same numbers on every run. Area codes and exchanges from 000 to 999
		// (invalid ones too), the last four digits at random, in the ways people type them.
		let seed = 12345;
		const next = (n: number) => {
			seed = (seed * 1103515245 + 12345) % 2 ** 31;
			return seed % n;
		};
		const digits = (n: number) => Array.from({ length: n }, () => next(10)).join('');
		const formats = [
			(a: string, e: string, l: string) => `(${a}) ${e}-${l}`,
			(a: string, e: string, l: string) => `${a}-${e}-${l}`,
			(a: string, e: string, l: string) => `${a}.${e}.${l}`,
			(a: string, e: string, l: string) => `${a}${e}${l}`,
			(a: string, e: string, l: string) => `+1 ${a} ${e} ${l}`,
			(a: string, e: string, l: string) => `1-${a}-${e}-${l}`,
		];
		for (const region of ['US', 'CA'] as const) {
			const fast = new PhoneNormalizer(region);
			let checked = 0;
			for (let i = 0; i < 3000; i++) {
				const area = i < 1000 ? String(i).padStart(3, '0') : digits(3);
				// Several numbers per exchange, so a verdict that depended on the last four digits would show.
				const exchange = String((i * 7) % 1000).padStart(3, '0');
				for (let k = 0; k < 3; k++) {
					const text = formats[next(formats.length)](area, exchange, digits(4));
					const parsed = parsePhoneNumberFromString(text, region);
					const expected = parsed && parsed.isValid() ? { ok: true, e164: parsed.number } : { ok: false };
					expect([text, fast.normalize(text)]).toEqual([text, expected]);
					checked += expected.ok ? 1 : 0;
				}
			}
			expect(checked).toBeGreaterThan(1000);
		}
	});
	it('knows country codes', () => {
		expect(isCountryCode('US')).toBe(true);
		expect(isCountryCode('XX')).toBe(false);
	});
});

describe('names and emails', () => {
	it('splits "Last, First M." and "First Last"', () => {
		expect(splitPatientName('Garcia, Maria T.')).toEqual({ firstName: 'Maria', lastName: 'Garcia' });
		expect(splitPatientName('Smith-Jones,  Anna Lee')).toEqual({ firstName: 'Anna Lee', lastName: 'Smith-Jones' });
		expect(splitPatientName('Maria Garcia')).toEqual({ firstName: 'Maria', lastName: 'Garcia' });
		expect(splitPatientName('Cher')).toEqual({ firstName: 'Cher', lastName: '' });
	});
	it('title-cases shouted names only', () => {
		expect(tidyName("O'BRIEN")).toBe("O'Brien");
		expect(tidyName('SMITH-JONES')).toBe('Smith-Jones');
		expect(tidyName('McDonald')).toBe('McDonald');
		expect(tidyName('  maria  ')).toBe('maria');
	});
	it('accepts plain addresses and refuses broken ones', () => {
		expect(normalizeEmail(' Maria.Garcia@Example.com ')).toBe('maria.garcia@example.com');
		for (const bad of ['maria.garcia@', 'maria garcia@example.com', 'maria@example', '@example.com', 'a@b.c']) {
			expect(normalizeEmail(bad)).toBeNull();
		}
	});
});
