import { DEFAULT_RED_FLAGS, redFlagList } from '../../../core/healing/questionnaire';
import { countsOnDay, findRedFlags } from '../../../core/healing/redflags';

const flags = (text: string, daysSince: number | null = 3, list = DEFAULT_RED_FLAGS) =>
	findRedFlags(text, list, daysSince).map((f) => f.flag);

describe('red flags in free text', () => {
	test.each([
		['I have a fever', 'fever'],
		['Fever last night', 'fever'],
		['4 but I have a fever', 'fever'],
		['feeling feverish and achy', 'fever'],
		['had chills all night', 'fever'],
		['not great, I have a fever', 'fever'],
		['no pain and a fever', 'fever'],
		["fever isn't gone", 'fever'],
		['the fevers keep coming back', 'fever'],
		['heavy bleeding since this morning', 'heavy_bleeding'],
		["bleeding won't stop", 'heavy_bleeding'],
		['bleeding wont stop', 'heavy_bleeding'],
		["the bleeding hasn't stopped", 'heavy_bleeding'],
		['it keeps bleeding', 'heavy_bleeding'],
		["there's pus coming out", 'pus'],
		['still numb on my lip', 'numbness'],
		['my swelling is spreading to my neck', 'spreading_swelling'],
		['the swelling is getting worse', 'worsening_swelling'],
		['trouble swallowing', 'breathing_swallowing'],
		['pain is unbearable', 'severe_pain'],
		['I think my implant is loose', 'loose_implant'],
	])('%s -> %s', (text, flag) => {
		expect(flags(text, null)).toEqual([flag]);
	});

	test.each([
		'no fever',
		'No fever!',
		"I don't have a fever",
		'I don’t have a fever',
		'dont have fever',
		'without a fever',
		'never had a fever',
		'no signs of fever',
		'not bleeding much',
		'not bleeding a lot',
		'no heavy bleeding',
		'no pus or fever',
		'no swelling, pus or fever',
		'no fever, 4',
		"fever's gone",
		'the fever went away',
		'the fever broke',
		'fever-free since Sunday',
		'fever: no',
		"prob a 2, it's throbbing",
		'a little bleeding when I brush',
		'bit swollen, bit sore',
	])('%s -> none', (text) => {
		expect(flags(text, null)).toEqual([]);
	});

	test('a doubtful negation is not trusted: it flags', () => {
		expect(flags("I don't think I have a fever, maybe I do")).toEqual(['fever']);
	});

	test('one entry per flag, in the order of the list', () => {
		expect(flags('pus and a fever, fever and heavy bleeding')).toEqual(['fever', 'heavy_bleeding', 'pus']);
	});

	test('the phrase found is the listed one', () => {
		expect(findRedFlags("bleeding won't stop", DEFAULT_RED_FLAGS, 3)).toEqual([
			{ flag: 'heavy_bleeding', phrase: "bleeding won't stop" },
		]);
	});

	test('numbness counts from day 1, worsening swelling and pain from day 4; an unknown day counts', () => {
		expect(flags('still numb', 0)).toEqual([]);
		expect(flags('still numb', 1)).toEqual(['numbness']);
		expect(flags('swelling is getting worse', 3)).toEqual([]);
		expect(flags('swelling is getting worse', 4)).toEqual(['worsening_swelling']);
		expect(flags('pain is getting worse', 2)).toEqual([]);
		expect(flags('pain is getting worse', null)).toEqual(['worsening_pain']);
		expect(countsOnDay(undefined, 0)).toBe(true);
	});

	test("a practice's extra phrases are flags of their own, negatable like the rest", () => {
		const list = redFlagList("bad taste, Jaw locked\ncan't open my mouth, bad taste,  ");
		expect(list.slice(DEFAULT_RED_FLAGS.length)).toEqual([
			{ flag: 'bad_taste', phrases: ['bad taste'] },
			{ flag: 'jaw_locked', phrases: ['jaw locked'] },
			{ flag: 'cant_open_my_mouth', phrases: ["can't open my mouth"] },
		]);
		expect(flags('4, a bad taste', 3, list)).toEqual(['bad_taste']);
		expect(flags('4, no bad taste', 3, list)).toEqual([]);
		expect(redFlagList('')).toEqual(DEFAULT_RED_FLAGS);
	});
});
