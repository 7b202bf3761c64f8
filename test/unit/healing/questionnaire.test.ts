import { DEFAULT_QUESTIONNAIRE, parseQuestionnaire, type Questionnaire } from '../../../core/healing/questionnaire';

/** The default questionnaire with one question replaced, as a practice would edit the JSON. */
function edited(change: (q: Questionnaire) => unknown): string {
	const copy = JSON.parse(JSON.stringify(DEFAULT_QUESTIONNAIRE)) as Questionnaire;
	change(copy);
	return JSON.stringify(copy);
}

describe('questionnaire', () => {
	test('the default, as the node holds it (JSON text), parses to itself', () => {
		expect(parseQuestionnaire(JSON.stringify(DEFAULT_QUESTIONNAIRE, null, 2))).toEqual(DEFAULT_QUESTIONNAIRE);
		expect(parseQuestionnaire(DEFAULT_QUESTIONNAIRE)).toEqual(DEFAULT_QUESTIONNAIRE);
	});

	test('the default covers comfort 1-5, pain 0-10, swelling, bleeding, fever and other red flags', () => {
		const kinds = Object.fromEntries(DEFAULT_QUESTIONNAIRE.questions.map((q) => [q.id, q.kind]));
		expect(kinds).toEqual({
			comfort: 'scale',
			pain: 'scale',
			swelling: 'choice',
			bleeding: 'yesno',
			fever: 'yesno',
			symptoms: 'multi',
			notes: 'text',
		});
		expect(DEFAULT_QUESTIONNAIRE.scoreQuestion).toBe('comfort');
	});

	test.each<[string, (q: Questionnaire) => unknown, string]>([
		[
			'a red flag that is no option',
			(q) => ((q.questions[2] as { redFlags: string[] }).redFlags = ['Much worse']),
			'Questionnaire: questions.2 (swelling).redFlags.0: "Much worse" is not one of the options',
		],
		[
			'an unknown kind',
			(q) => ((q.questions[1] as { kind: string }).kind = 'slider'),
			'Questionnaire: questions.1 (pain).kind: Invalid discriminator value',
		],
		[
			'a misspelt key',
			(q) => Object.assign(q.questions[0], { lable: 'x' }),
			"Questionnaire: questions.0 (comfort): Unrecognized key(s) in object: 'lable'",
		],
		[
			'a red-flag level outside the scale',
			(q) => ((q.questions[1] as { redFlagAtLeast: number }).redFlagAtLeast = 11),
			'Questionnaire: questions.1 (pain).redFlagAtLeast: must lie within 0-10',
		],
		[
			'min not below max',
			(q) => ((q.questions[1] as { min: number }).min = 10),
			'Questionnaire: questions.1 (pain).max: min 10 must be below max 10',
		],
		[
			'an id used twice',
			(q) => (q.questions[1].id = 'comfort'),
			'Questionnaire: questions.1 (comfort).id: id "comfort" is used twice',
		],
		[
			'a label used twice (case and punctuation aside)',
			(q) => (q.questions[4].label = "BLEEDING that won't stop with gentle pressure!"),
			'Questionnaire: questions.4 (fever).label: label is used twice',
		],
		['a bad id', (q) => (q.questions[6].id = 'Notes'), 'Questionnaire: questions.6 (Notes).id: lowercase letters'],
		[
			'two options that read the same',
			(q) => ((q.questions[2] as { options: string[] }).options = ['Better', 'better!', 'Worse']),
			'Questionnaire: questions.2 (swelling).options: two options read the same',
		],
		[
			'no score question',
			(q) => (q.scoreQuestion = 'overall'),
			'Questionnaire: scoreQuestion: no question has the id "overall"',
		],
		[
			'a score question that is not 1-5',
			(q) => (q.scoreQuestion = 'pain'),
			'Questionnaire: scoreQuestion: "pain" must be a 1-5 scale question',
		],
		['no questions', (q) => (q.questions = []), 'Questionnaire: questions: Array must contain at least 1 element(s)'],
	])('%s is refused with its path', (_, change, message) => {
		expect(() => parseQuestionnaire(edited(change))).toThrow(message);
	});

	test('text that is not JSON is refused', () => {
		expect(() => parseQuestionnaire('{ "scoreQuestion": ')).toThrow(/^Questionnaire is not valid JSON: /);
		expect(() => parseQuestionnaire('[]')).toThrow('Questionnaire: (root): Expected object, received array');
	});
});
