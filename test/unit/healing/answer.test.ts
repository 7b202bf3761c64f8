import {
	isFormSubmission,
	parseDaysSince,
	parseMilestone,
	readAnswer,
	type FormAnswer,
	type HealingAnswer,
} from '../../../core/healing/answer';
import { DEFAULT_QUESTIONNAIRE } from '../../../core/healing/questionnaire';
import { form, formItem, sms } from './fixtures';

describe('reading an SMS reply', () => {
	test.each<[string, number | null, boolean]>([
		['2', 2, false],
		["prob a 2, it's throbbing", 2, false],
		['7/10', 7, false],
		['a 7 yesterday, a 4 today', 4, true],
		['meh', null, false],
		['', null, false],
	])('%j -> score %p', (text, score, ambiguous) => {
		expect(sms(text)).toEqual({ kind: 'sms', text, score, ambiguous });
	});

	test('a number from an expression is text too; a missing text is a wiring mistake', () => {
		expect(readAnswer({}, 3, 'sms', DEFAULT_QUESTIONNAIRE)).toMatchObject({ kind: 'sms', text: '3', score: 3 });
		expect(() => readAnswer({}, undefined, 'sms', DEFAULT_QUESTIONNAIRE)).toThrow('Reply Text is not text');
	});

	test('auto-detect reads a reply item as SMS and a Form Trigger item as a form', () => {
		expect(readAnswer({ kind: 'chairside.reply', body: '4' }, '4', 'auto', DEFAULT_QUESTIONNAIRE).kind).toBe('sms');
		expect(readAnswer(formItem({ comfort: 4 }), undefined, 'auto', DEFAULT_QUESTIONNAIRE).kind).toBe('form');
		expect(isFormSubmission({ submittedAt: '2026-03-10T10:00:00Z' })).toBe(false);
	});
});

describe('reading a Form Trigger submission', () => {
	const answered = (answers: Record<string, FormAnswer>): HealingAnswer => ({ kind: 'form', answers });

	test('each kind of answer, unanswered ones left out', () => {
		expect(
			form({
				comfort: 4,
				pain: 2,
				swelling: 'better',
				bleeding: 'No',
				fever: false,
				symptoms: ['None of these'],
				notes: 'all good',
			}),
		).toEqual({
			kind: 'form',
			answers: {
				comfort: { kind: 'scale', value: 4 },
				pain: { kind: 'scale', value: 2 },
				swelling: { kind: 'choice', value: 'Better' },
				bleeding: { kind: 'yesno', value: false },
				fever: { kind: 'yesno', value: false },
				symptoms: { kind: 'multi', value: ['None of these'] },
				notes: { kind: 'text', value: 'all good' },
			},
		});
		expect(form({ comfort: 3 })).toEqual({ kind: 'form', answers: { comfort: { kind: 'scale', value: 3 } } });
	});

	test('dropdowns, radios and checkboxes as the Form Trigger sends them', () => {
		expect(form({ comfort: '3 - okay', bleeding: ['Yes'], swelling: ['Worse'], symptoms: 'Pus or discharge' })).toEqual(
			answered({
				comfort: { kind: 'scale', value: 3 },
				bleeding: { kind: 'yesno', value: true },
				swelling: { kind: 'choice', value: 'Worse' },
				symptoms: { kind: 'multi', value: ['Pus or discharge'] },
			}),
		);
	});

	test('answers that fit no option or range are kept as invalid, never guessed', () => {
		expect(form({ comfort: 7, pain: 'lots', swelling: 'Huge', fever: 'maybe', symptoms: ['Rash'] })).toEqual(
			answered({
				comfort: { kind: 'invalid', problem: '7 is outside 1-5' },
				pain: { kind: 'invalid', problem: 'is not a whole number' },
				swelling: { kind: 'invalid', problem: 'is not one of Better, Same, Worse' },
				fever: { kind: 'invalid', problem: 'is not yes or no' },
				symptoms: { kind: 'invalid', problem: expect.stringContaining('holds an answer that is not one of') },
			}),
		);
		expect(form({ comfort: 2.5, notes: { text: 'x' } })).toEqual(
			answered({
				comfort: { kind: 'invalid', problem: 'is not a whole number' },
				notes: { kind: 'invalid', problem: 'is not text' },
			}),
		);
	});

	test("fields named by id (the Form Trigger's Field Name) match too", () => {
		const answer = readAnswer(
			{ comfort: 5, Fever: 'no', submittedAt: 'x', formMode: 'test' },
			undefined,
			'auto',
			DEFAULT_QUESTIONNAIRE,
		);
		expect(answer).toEqual({
			kind: 'form',
			answers: { comfort: { kind: 'scale', value: 5 }, fever: { kind: 'yesno', value: false } },
		});
	});

	test('a form with none of the questions is a setup mistake', () => {
		expect(() =>
			readAnswer({ Name: 'x', submittedAt: 'x', formMode: 'test' }, undefined, 'form', DEFAULT_QUESTIONNAIRE),
		).toThrow(
			'The form submission has none of the questionnaire\'s questions: name the form fields like the questionnaire, e.g. "Overall comfort today (1 = very uncomfortable, 5 = great)" (or "comfort")',
		);
	});
});

describe('milestone and days since', () => {
	test.each([
		['implant_placement', 'implant_placement'],
		['Abutment', 'abutment'],
		['D6010', 'implant_placement'],
		['d6057', 'abutment'],
		['D7953', 'graft'],
		['', null],
		['  ', null],
		[undefined, null],
		[null, null],
	])('%p -> %p', (value, milestone) => {
		expect(parseMilestone(value)).toBe(milestone);
	});

	test('anything else is refused', () => {
		expect(() => parseMilestone('crown')).toThrow(
			'Milestone "crown" is not one of extraction, graft, implant_placement, second_stage, abutment, final_crown or an implant procedure code',
		);
		expect(() => parseMilestone('D2740')).toThrow('Milestone "d2740"');
	});

	test.each([
		[3, 3],
		['3', 3],
		[' 12 ', 12],
		[3.7, 3],
		['0', 0],
		['', null],
		[undefined, null],
		[null, null],
	])('days %p -> %p', (value, days) => {
		expect(parseDaysSince(value)).toBe(days);
	});

	test.each([-1, 'three', '3 days', Number.NaN])('days %p is refused', (value) => {
		expect(() => parseDaysSince(value)).toThrow('is not a number of days');
	});
});
