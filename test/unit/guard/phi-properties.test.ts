/**
 * Random safe messages (should-pass corpus lines run together) with a code or tooth number inserted
 * in a random notation must be blocked; the same messages without it must pass. The notations are
 * the ones offices paste, plus the disguises a copy-paste brings (full-width forms, zero-width
 * characters, a tag splitting the code in an email body).
 */
import fc from 'fast-check';
import { DEFAULT_CLINICAL_WORDS, phiMatcher } from '../../../core/guard';
import { corpus } from './corpus';

const phi = phiMatcher(DEFAULT_CLINICAL_WORDS);
const safe = corpus('should-pass').filter((line) => !line.includes('<'));

const digits = (min: number, max: number) => fc.integer({ min, max }).map(String);
const universal = fc.integer({ min: 1, max: 32 });
const fdi = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 8 })).map(([q, p]) => q * 10 + p);
const WORDS = [
	'one',
	'two',
	'three',
	'eight',
	'nine',
	'twelve',
	'fourteen',
	'nineteen',
	'twenty',
	'twenty-one',
	'thirty two',
	'thirty-one',
];

const cdt = fc
	.tuple(
		fc.constantFrom('D', 'd'),
		fc.constantFrom('', ' ', '-', '.'),
		digits(0, 9999).map((n) => n.padStart(4, '0')),
		fc.constantFrom('', '.0', '.00'),
	)
	.map(([d, sep, code, suffix]) => `${d}${sep}${code}${suffix}`);
const icd = fc
	.tuple(
		fc.constantFrom('K', 'M', 'S', 'C'),
		digits(0, 99).map((n) => n.padStart(2, '0')),
		fc.stringMatching(/^(?:[0-9]{1,4}|[0-9]XXA|[0-9]{2}XA|[0-9]{3}A)$/),
	)
	.map(([letter, category, sub]) => `${letter}${category}.${sub}`);
const toothWord = fc.constantFrom('tooth', 'Tooth', 'teeth', 'molar', 'premolar', 'wisdom tooth', 'incisor');
const tooth = fc.oneof(
	fc
		.tuple(toothWord, fc.constantFrom('#', '# ', ' ', ' #', ' no. ', ' number ', ' (', ' (#'), fc.oneof(universal, fdi))
		.map(([w, n, num]) => `${w}${n}${num}${n.includes('(') ? ')' : ''}`),
	fc.tuple(universal, fc.option(universal, { nil: undefined })).map(([a, b]) => `#${a}${b ? `-${b}` : ''}`),
	fc
		.tuple(toothWord, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 8 }))
		.map(([w, q, p]) => `${w} ${q}.${p}`),
	fc
		.tuple(fc.constantFrom('UR', 'UL', 'LR', 'LL'), fc.constantFrom('', ' ', '-'), fc.integer({ min: 1, max: 8 }))
		.map(([q, s, p]) => `${q}${s}${p}`),
	fc
		.tuple(
			fc.constantFrom('upper', 'lower', 'Upper', 'Lower'),
			fc.constantFrom('right', 'left'),
			fc.constantFrom('1', '6', '8', 'six', 'first molar', 'second premolar'),
		)
		.map((w) => w.join(' ')),
	fc.tuple(toothWord, fc.constantFrom(...WORDS)).map(([w, n]) => `${w} ${n}`),
);
const clinical = fc
	.tuple(fc.constantFrom(...DEFAULT_CLINICAL_WORDS), fc.constantFrom('', 's', 'ed', 'ing'))
	.map(([w, ending]) => {
		if (!ending || w.includes(' ')) return w;
		if (w.endsWith('e')) return `${w.slice(0, -1)}${ending === 's' ? 'es' : ending}`;
		if (/[^aeiou]y$/.test(w)) return ending === 's' ? `${w.slice(0, -1)}ies` : w;
		return w.endsWith('s') ? w : `${w}${ending}`;
	});

const FULL_WIDTH = (s: string) => s.replace(/[0-9A-Za-z#]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const ZERO_WIDTH = ['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD'];

/** A disguise a copy-paste can bring, and whether the message then goes out as HTML. */
const disguise = fc.oneof(
	fc.constant((s: string) => ({ text: s, html: false })),
	fc.constant((s: string) => ({ text: FULL_WIDTH(s), html: false })),
	fc.tuple(fc.constantFrom(...ZERO_WIDTH), fc.nat()).map(([zw, at]) => (s: string) => {
		const i = 1 + (at % Math.max(1, s.length - 1));
		return { text: `${s.slice(0, i)}${zw}${s.slice(i)}`, html: false };
	}),
	fc.tuple(fc.constantFrom('b', 'span', 'strong', 'em'), fc.nat()).map(([tag, at]) => (s: string) => {
		const i = 1 + (at % Math.max(1, s.length - 1));
		return { text: `${s.slice(0, i)}<${tag}>${s.slice(i)}</${tag}>`, html: true };
	}),
);

const message = fc.tuple(fc.array(fc.constantFrom(...safe), { minLength: 1, maxLength: 3 }), fc.nat());
const asHtml = (lines: string[]) => lines.map((l) => `<p>${l}</p>`).join('');

describe('PHI finder, random messages', () => {
	it('blocks a code, tooth number or clinical term in any notation, anywhere', () => {
		fc.assert(
			fc.property(message, fc.oneof(cdt, icd, tooth, clinical), disguise, ([lines, at], code, hide) => {
				const { text, html } = hide(code);
				const parts = [...lines];
				parts.splice(at % (lines.length + 1), 0, `Your plan: ${text}.`);
				expect(phi.find(html ? asHtml(parts) : parts.join(' '))).not.toBeNull();
			}),
			{ numRuns: 2000 },
		);
	});
	it('lets the same messages through without one', () => {
		fc.assert(
			fc.property(message, fc.boolean(), ([lines], html) => {
				expect(phi.find(html ? asHtml(lines) : lines.join(' '))).toBeNull();
			}),
			{ numRuns: 1000 },
		);
	});
});
