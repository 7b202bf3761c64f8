import { DateTime } from 'luxon';
import { ESCALATE_COPY } from '../../../core/healing/copy';
import { parsePracticeHours } from '../../../core/healing/hours';
import { redFlagList } from '../../../core/healing/questionnaire';
import { check, form, PRACTICE, ZONE } from './fixtures';

const IN_FOUR_HOURS = '2026-03-10T14:00:00.000-05:00';

describe('healing check: an SMS rating', () => {
	test.each<[string, string, string, number | null]>([
		['0', 'needs_review', 'out_of_range', 0],
		['1', 'escalate', 'score_1_2', 1],
		['2', 'escalate', 'score_1_2', 2],
		['3', 'reassure', 'score_3', 3],
		['4', 'celebrate', 'score_4_5', 4],
		['5', 'celebrate', 'score_4_5', 5],
		['6', 'needs_review', 'out_of_range', 6],
		['7/10', 'needs_review', 'out_of_range', 7],
		['8/10', 'needs_review', 'out_of_range', 8],
		["prob a 2, it's throbbing", 'escalate', 'score_1_2', 2],
		['4 but I have a fever', 'escalate', 'red_flag:fever', 4],
		['no fever, 4', 'celebrate', 'score_4_5', 4],
		['meh', 'needs_review', 'unparseable', null],
		['', 'needs_review', 'unparseable', null],
		['a 7 yesterday, a 4 today', 'needs_review', 'ambiguous', 4],
		['I have a fever', 'escalate', 'red_flag:fever', null],
		["8/10 and the bleeding won't stop", 'escalate', 'red_flag:heavy_bleeding', 8],
		['3, is this swelling normal?', 'needs_review', 'question', 3],
		['2? it really hurts', 'escalate', 'score_1_2', 2],
		['three', 'reassure', 'score_3', 3],
	])('%j -> %s (%s)', (text, outcome, rule, score) => {
		expect(check(text)).toMatchObject({ outcome, rule, score });
	});

	test('reply "2" on the day 3 check: escalate, due within the next 4 business hours, with the call-us message', () => {
		const decision = check('2');
		expect(decision).toEqual({
			outcome: 'escalate',
			score: 2,
			rule: 'score_1_2',
			reason: 'rated 2 of 5',
			dueAt: IN_FOUR_HOURS,
			reply: ESCALATE_COPY.replace('{{practiceName}}', PRACTICE.name).replace('{{practicePhone}}', PRACTICE.phone),
		});
		expect(decision.reply).toContain('please call us now at (512) 555-0100');
	});

	test('the due time follows the practice hours: Friday afternoon -> Monday', () => {
		const friday = DateTime.fromISO('2026-03-13T15:00', { zone: ZONE });
		const hours = parsePracticeHours('Mon-Thu 08:00-17:00, Fri 08:00-13:00', ZONE);
		expect(check('2', { now: friday, hours }).dueAt).toBe('2026-03-16T12:00:00.000-05:00');
		expect(check('meh', { now: friday, hours, escalateWithinHours: 2 }).dueAt).toBe('2026-03-16T10:00:00.000-05:00');
	});

	test('reassure and celebrate are due at no time; needs review is, with a neutral reply', () => {
		expect(check('3').dueAt).toBeNull();
		expect(check('5').dueAt).toBeNull();
		const review = check('meh');
		expect(review).toMatchObject({
			outcome: 'needs_review',
			dueAt: IN_FOUR_HOURS,
			reason: 'no 1-5 rating in the reply',
		});
		expect(review.reply).toContain('A member of our team will get back to you soon');
	});

	test('reasons say why without repeating the reply', () => {
		expect(check('4 but I have a fever').reason).toBe('mentions "fever"');
		expect(check('a 7 yesterday, a 4 today').reason).toBe('more than one rating in the reply');
		expect(check('7/10').reason).toBe('rating 7 is outside 1-5');
		expect(check('3, ok?').reason).toBe('rated 3 of 5 and asked a question');
	});

	test('red flags that count only later: numbness from day 1, worse swelling from day 4', () => {
		expect(check('4, lip still numb', { daysSince: 0 }).outcome).toBe('celebrate');
		expect(check('4, lip still numb', { daysSince: 3 }).rule).toBe('red_flag:numbness');
		expect(check('3, swelling is getting worse', { daysSince: 2 }).outcome).toBe('reassure');
		expect(check('3, swelling is getting worse', { daysSince: 5 }).rule).toBe('red_flag:worsening_swelling');
		expect(check('3, swelling is getting worse', { daysSince: null }).outcome).toBe('escalate');
	});

	test("a practice's extra red flags escalate", () => {
		expect(check('4, bad taste', { redFlags: redFlagList('bad taste') }).rule).toBe('red_flag:bad_taste');
		expect(check('4, bad taste').outcome).toBe('celebrate');
	});

	test('the reply follows the milestone and the day', () => {
		expect(check('5', { milestone: 'abutment' }).reply).toContain('1-2 weeks');
		expect(check('3', { milestone: 'implant_placement', daysSince: 3 }).reply).toContain('peak around day 2-3');
		expect(check('3', { milestone: 'implant_placement', daysSince: 30 }).reply).not.toContain('day 2-3');
		expect(check('5', { milestone: null }).reply).toContain('your next visit');
	});
});

describe('healing check: a form submission', () => {
	test.each([1, 2, 3, 4, 5])('comfort %i scores as the SMS reply "%i" does', (score) => {
		expect(
			check(
				form({ comfort: score, pain: 2, swelling: 'Better', bleeding: 'No', fever: 'No', symptoms: ['None of these'] }),
			),
		).toEqual(check(String(score)));
	});

	test.each<[string, Record<string, unknown>, string, string]>([
		['pain 8 of 10', { pain: 8 }, 'form:pain', '"Pain right now (0 = none, 10 = worst)": 8'],
		['pain 10 of 10', { pain: 10 }, 'form:pain', '"Pain right now (0 = none, 10 = worst)": 10'],
		[
			'bleeding that will not stop',
			{ bleeding: 'Yes' },
			'form:bleeding',
			'"Bleeding that won\'t stop with gentle pressure": yes',
		],
		['fever', { fever: 'Yes' }, 'form:fever', '"Fever or chills": yes'],
		['pus', { symptoms: ['Pus or discharge'] }, 'form:symptoms', '"Any of these?": Pus or discharge'],
		['fever in the notes', { notes: 'I think I have a fever' }, 'red_flag:fever', 'mentions "fever"'],
	])('%s escalates whatever the score', (_, answers, rule, reason) => {
		expect(check(form({ comfort: 5, ...answers }))).toMatchObject({
			outcome: 'escalate',
			rule,
			reason,
			score: 5,
			dueAt: IN_FOUR_HOURS,
		});
	});

	test('below the red-flag answers nothing escalates', () => {
		const fine = {
			comfort: 4,
			pain: 7,
			swelling: 'Same',
			bleeding: 'No',
			fever: 'No',
			symptoms: ['None of these'],
			notes: 'no fever, not bleeding much',
		};
		expect(check(form(fine))).toMatchObject({ outcome: 'celebrate', rule: 'score_4_5' });
	});

	test('every red flag is named, the first decides', () => {
		expect(
			check(
				form({ comfort: 4, pain: 9, fever: 'Yes', symptoms: ['Trouble swallowing or breathing', 'Pus or discharge'] }),
			),
		).toMatchObject({
			rule: 'form:pain',
			reason:
				'"Pain right now (0 = none, 10 = worst)": 9; "Fever or chills": yes; "Any of these?": Trouble swallowing or breathing, Pus or discharge',
		});
	});

	test('swelling getting worse counts from day 4 (an unknown day counts)', () => {
		expect(check(form({ comfort: 3, swelling: 'Worse' }), { daysSince: 3 }).outcome).toBe('reassure');
		expect(check(form({ comfort: 3, swelling: 'Worse' }), { daysSince: 4 }).rule).toBe('form:swelling');
		expect(check(form({ comfort: 3, swelling: 'Worse' }), { daysSince: null }).rule).toBe('form:swelling');
	});

	test('an answer that cannot be read goes to review, unless a red flag escalates', () => {
		expect(check(form({ pain: 3 }))).toMatchObject({
			outcome: 'needs_review',
			rule: 'unparseable',
			score: null,
			reason: 'no answer to "Overall comfort today (1 = very uncomfortable, 5 = great)"',
		});
		expect(check(form({ comfort: 7 }))).toMatchObject({ outcome: 'needs_review', rule: 'invalid_answer', score: null });
		expect(check(form({ comfort: 4, swelling: 'Huge' }))).toMatchObject({
			outcome: 'needs_review',
			rule: 'invalid_answer',
			score: 4,
			reason: '"Swelling compared with yesterday" is not one of Better, Same, Worse',
		});
		expect(check(form({ comfort: 4, swelling: 'Huge', fever: 'Yes' })).rule).toBe('form:fever');
	});

	test('a question in the notes goes to a person', () => {
		expect(check(form({ comfort: 4, notes: 'can I eat normally yet?' }))).toMatchObject({
			outcome: 'needs_review',
			rule: 'question',
		});
		expect(check(form({ comfort: 1, notes: 'is this normal?' })).rule).toBe('score_1_2');
	});
});
