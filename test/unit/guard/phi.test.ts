import { DEFAULT_CLINICAL_WORDS, htmlText, phiMatcher } from '../../../core/guard';
import { LAYMAN } from '../../../core/model/category';

const phi = phiMatcher(DEFAULT_CLINICAL_WORDS);

describe('PHI finder', () => {
	it.each(['D2740', 'd6010', 'D 2740', 'D-2740', '(D2950)', 'codes D2740, D2950'])(
		'finds the procedure code in %p',
		(text) => {
			expect(phi.find(text)).toBe('procedure_code');
		},
	);
	it.each([
		'tooth #14',
		'Tooth 3',
		'teeth 8 and 9',
		'teeth #8-9',
		'tooth no. 19',
		'tooth number 30',
		'#30',
		'# 2',
		'(#32)',
		'tooth A',
		'tooth #K',
		'teeth T',
	])('finds the tooth in %p', (text) => {
		expect(phi.find(text)).toBe('tooth_number');
	});
	it.each([
		'periodontitis',
		'Periodontal disease',
		'gingivitis',
		'an ABSCESS',
		'abscesses',
		'caries',
		'tooth decay',
		'a cavity',
		'cavities',
		'infection',
		'bone loss',
		'diagnosed',
	])('finds the clinical term in %p', (text) => {
		expect(phi.find(text)).toBe('clinical_word');
	});
	it.each([
		...Object.values(LAYMAN).map(
			(layman) => `Hi Maria, it's time to book ${layman} at Bright Smiles. Reply STOP to opt out.`,
		),
		'Your crown, implant, cleaning, filling, bridge or denture visit',
		'Call us at (312) 555-0134 or book at https://brightsmiles.example/book?ref=abc123',
		'We have 2 openings on 3/12 at 10:30am. Suite D, 1200 Main St.',
		'Brush your teeth 2 times a day',
		'Your teeth are in good hands',
		'Dr. Lee at 1200 Main St #4, Springfield',
		'Fees from $1,500; financing from $99/month',
		'We are #1 in Springfield',
		'Ideas for your tooth-friendly snacks',
		'ID 123456',
		"It's been 12 months since your last check-up",
		'See you on Dec 14',
		'After your visit: mild soreness is normal for a day or two; call us if anything feels off',
	])('leaves %p alone', (text) => {
		expect(phi.find(text)).toBeNull();
	});
	it.each(['K02.9', 'K05.10', 'M27.61', 'S02.5XXA', 'ICD-10 K029', 'dx: K02'])(
		'finds the diagnosis code in %p',
		(text) => {
			expect(phi.find(text)).toBe('diagnosis_code');
		},
	);
	it.each([
		['tooth 36', 'tooth_number'],
		['teeth 46 and 47', 'tooth_number'],
		['tooth 1.6', 'tooth_number'],
		['UR6', 'tooth_number'],
		['upper right 6', 'tooth_number'],
		['tooth fourteen', 'tooth_number'],
		['molar (14)', 'tooth_number'],
		['D2740.0', 'procedure_code'],
		['D\u200B2740', 'procedure_code'],
		['Ｄ２７４０', 'procedure_code'],
		['D<b>27</b>40', 'procedure_code'],
		['fractured', 'clinical_word'],
		['decaying', 'clinical_word'],
		['peri implantitis', 'clinical_word'],
		['failed implants', 'clinical_word'],
		['cancer', 'clinical_word'],
	])('finds %p in its other notations and word forms', (text, kind) => {
		expect(phi.find(text)).toBe(kind);
	});
	it.each([
		'36',
		'Tooth 39',
		'tooth 50',
		'teeth 2 shades whiter',
		'teeth 10:30',
		'LLC 7',
		'Q1 2027',
		'Your visit on 1.6.',
	])('needs a tooth word or notation, and a real tooth, in %p', (text) => {
		expect(phi.find(text)).toBeNull();
	});
	it('reads HTML as a reader sees it: inline tags join, block tags separate', () => {
		expect(phi.find('<p>Hi</p><p>Maria</p>')).toBeNull();
		expect(phi.find('<p>We saw an <em>abs</em>cess</p>')).toBe('clinical_word');
	});
	it('never trips on the layman words Chairside writes', () => {
		for (const layman of Object.values(LAYMAN)) expect(phi.find(layman)).toBeNull();
	});
	it('checks every text given and skips nulls', () => {
		expect(phi.find(null, undefined, 'fine', 'tooth #3')).toBe('tooth_number');
		expect(phi.find(null, '')).toBeNull();
	});
	it('is empty-list safe', () => {
		expect(phiMatcher([]).find('abscess')).toBeNull();
		expect(phiMatcher([]).find('D2740')).toBe('procedure_code');
	});
});

describe('htmlText', () => {
	it('drops markup, styles and entities, keeps links and alt texts', () => {
		const html =
			'<html><head><style>p{color:#141414}</style></head><body><p style="color:#30a">Hi&nbsp;Maria &#39;s &amp; &#x41;</p><!-- D2740 --><a href="https://x.test/D2750">book</a><img alt="tooth #3" src="x.png"></body></html>';
		const text = htmlText(html);
		expect(text).not.toContain('<');
		expect(text).toContain("Hi Maria 's & A");
		expect(htmlText('<p>Hi</p><p>Maria</p>')).toMatch(/Hi\s+Maria/);
		expect(htmlText('D<b>27</b><span>40</span>')).toBe('D2740');
		expect(text).toContain('https://x.test/D2750');
		expect(text).toContain('tooth #3');
		expect(text).not.toContain('D2740');
		expect(phi.find(htmlText('<p>It&#39;s time &#10; &#13; &#32;</p><div style="color:#1a1a1a">x</div>'))).toBeNull();
	});
});
