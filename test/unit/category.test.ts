import { caseCategory, categoryOf, LAYMAN } from '../../core/model/category';

describe('categoryOf', () => {
	it.each([
		['D2740', 'crown'],
		['D2750', 'crown'],
		['D2950', 'crown'],
		['D2391', 'restorative'],
		['D2140', 'restorative'],
		['D2962', 'ortho_cosmetic'],
		['D3330', 'endo'],
		['D4341', 'perio'],
		['D4910', 'perio'],
		['D5110', 'denture'],
		['D6010', 'implant'],
		['D6057', 'implant'],
		['D6065', 'implant'],
		['D6240', 'bridge'],
		['D6750', 'bridge'],
		['D7140', 'oral_surgery'],
		['D7953', 'oral_surgery'],
		['D8090', 'ortho_cosmetic'],
		['D9972', 'ortho_cosmetic'],
		['D1110', 'hygiene'],
		['D0120', 'diagnostic'],
		['d2740', 'crown'],
	])('%s is %s', (code, category) => {
		expect(categoryOf(code, null)).toBe(category);
	});

	it('falls back to the description when the export has no code', () => {
		expect(categoryOf(null, 'Crown - porcelain/ceramic')).toBe('crown');
		expect(categoryOf('', 'Implant body, endosteal')).toBe('implant');
		expect(categoryOf('BOTOX', 'Botox 20 units')).toBe('other');
		expect(categoryOf('X123', null)).toBe('other');
	});
});

describe('caseCategory', () => {
	it('is the category carrying the most fee', () => {
		expect(
			caseCategory([
				{ category: 'diagnostic', fee: 80 },
				{ category: 'crown', fee: 1250 },
				{ category: 'crown', fee: 300 },
				{ category: 'restorative', fee: 900 },
			]),
		).toBe('crown');
		expect(
			caseCategory([
				{ category: 'restorative', fee: 200 },
				{ category: 'restorative', fee: 200 },
				{ category: 'crown', fee: 350 },
			]),
		).toBe('restorative');
	});
	it('breaks ties by the category a coordinator names first', () => {
		expect(
			caseCategory([
				{ category: 'crown', fee: 1000 },
				{ category: 'implant', fee: 1000 },
			]),
		).toBe('implant');
	});
	it('ignores credits when weighing', () => {
		expect(
			caseCategory([
				{ category: 'crown', fee: 100 },
				{ category: 'perio', fee: -500 },
			]),
		).toBe('crown');
	});
	it('never gives patients codes or tooth numbers', () => {
		for (const words of Object.values(LAYMAN)) {
			expect(words).not.toMatch(/D\d{4}|#\d|tooth/i);
			expect(words).toMatch(/^your /);
		}
	});
});
