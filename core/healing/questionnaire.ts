/**
 * The healing check-in as data a practice can edit: the questions a form asks, which answers are
 * red flags, and the phrases that are red flags in a free-text reply. A schema checks an edited
 * questionnaire so a typo is refused with its path instead of silently never escalating.
 * Kinds: scale (min-max, redFlagAtLeast), choice and multi (options, redFlags), yesno
 * (redFlagWhen), text (read for the red-flag phrases); any may set flagFromDay.
 *
 * Default red-flag answers, and why:
 * - pain 8-10 of 10: "severe" on the numeric scale; post-op pain of that level is beyond what the
 *   usual aftercare controls, so someone calls whatever the overall score says.
 * - swelling "Worse" from day 4: swelling normally peaks on day 2-3 and then fades, so getting
 *   worse later is the classic warning sign; earlier it is what we expect (an unknown day counts).
 * - bleeding that will not stop with pressure, fever or chills, and any listed symptom but "None".
 */
import { z } from 'zod';

/** The overall score is 1-5 because the outcomes are bands of it (1-2, 3, 4-5). */
export const SCORE_MIN = 1;
export const SCORE_MAX = 5;

const common = {
	id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'lowercase letters, digits and underscores, starting with a letter'),
	/** What the form shows; the Form Trigger outputs it as the answer's key. */
	label: z.string().trim().min(1),
	/** Red-flag answers count only from this many days after the milestone (an unknown day counts). */
	flagFromDay: z.number().int().min(0).optional(),
};
const options = z.array(z.string().trim().min(1)).min(2);

const scaleSchema = z
	.object({
		...common,
		kind: z.literal('scale'),
		min: z.number().int(),
		max: z.number().int(),
		redFlagAtLeast: z.number().int().optional(),
	})
	.strict();
const choiceSchema = z
	.object({ ...common, kind: z.literal('choice'), options, redFlags: z.array(z.string()).default([]) })
	.strict();
const yesnoSchema = z
	.object({ ...common, kind: z.literal('yesno'), redFlagWhen: z.enum(['yes', 'no']).optional() })
	.strict();
const multiSchema = z
	.object({ ...common, kind: z.literal('multi'), options, redFlags: z.array(z.string()).default([]) })
	.strict();
/** Free text, read for the red-flag phrases like an SMS reply. */
const textSchema = z.object({ ...common, kind: z.literal('text') }).strict();

export const questionSchema = z.discriminatedUnion('kind', [
	scaleSchema,
	choiceSchema,
	yesnoSchema,
	multiSchema,
	textSchema,
]);
export type Question = z.infer<typeof questionSchema>;

/** How form answers are matched to questions and options: without case, spaces or punctuation. */
export const answerKey = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

export const questionnaireSchema = z
	.object({
		/** The id of the 1-5 overall comfort question that decides the outcome. */
		scoreQuestion: z.string(),
		questions: z.array(questionSchema).min(1),
	})
	.strict()
	.superRefine((q, ctx) => {
		// Form answers are keyed by label or id, compared without case and punctuation: each must name one question.
		const taken = new Set<string>();
		q.questions.forEach((question, i) => {
			const issue = (message: string, ...path: Array<string | number>) =>
				ctx.addIssue({ code: 'custom', path: ['questions', i, ...path], message });
			if (taken.has(answerKey(question.id))) issue(`id "${question.id}" is used twice`, 'id');
			if (taken.has(answerKey(question.label))) issue('label is used twice', 'label');
			taken.add(answerKey(question.id)).add(answerKey(question.label));
			if (question.kind === 'scale') {
				if (question.min >= question.max) issue(`min ${question.min} must be below max ${question.max}`, 'max');
				const flag = question.redFlagAtLeast;
				if (flag !== undefined && (flag < question.min || flag > question.max))
					issue(`must lie within ${question.min}-${question.max}`, 'redFlagAtLeast');
			}
			if (question.kind === 'choice' || question.kind === 'multi') {
				const known = new Set(question.options.map(answerKey));
				if (known.size < question.options.length) issue('two options read the same', 'options');
				question.redFlags.forEach(
					(flag, f) => known.has(answerKey(flag)) || issue(`"${flag}" is not one of the options`, 'redFlags', f),
				);
			}
		});
		const score = q.questions.find((question) => question.id === q.scoreQuestion);
		if (!score)
			ctx.addIssue({ code: 'custom', path: ['scoreQuestion'], message: `no question has the id "${q.scoreQuestion}"` });
		else if (score.kind !== 'scale' || score.min !== SCORE_MIN || score.max !== SCORE_MAX) {
			ctx.addIssue({
				code: 'custom',
				path: ['scoreQuestion'],
				message: `"${q.scoreQuestion}" must be a ${SCORE_MIN}-${SCORE_MAX} scale question`,
			});
		}
	});
export type Questionnaire = z.infer<typeof questionnaireSchema>;

/** A questionnaire from the node's JSON (text or parsed), or an error naming the path ("questions.2 (swelling).redFlags.0: ..."). */
export function parseQuestionnaire(json: unknown): Questionnaire {
	let input = json;
	if (typeof json === 'string') {
		try {
			input = JSON.parse(json);
		} catch (error) {
			throw new Error(`Questionnaire is not valid JSON: ${(error as Error).message}`);
		}
	}
	const parsed = questionnaireSchema.safeParse(input);
	if (parsed.success) return parsed.data;
	const issue = parsed.error.issues[0];
	const [first, index] = issue.path;
	const id =
		first === 'questions' && typeof index === 'number'
			? (input as { questions?: Array<{ id?: unknown }> }).questions?.[index]?.id
			: undefined;
	const path = issue.path
		.map((part, i) => (i === 1 && typeof id === 'string' ? `${part} (${id})` : String(part)))
		.join('.');
	throw new Error(`Questionnaire: ${path || '(root)'}: ${issue.message}`);
}

export const DEFAULT_QUESTIONNAIRE: Questionnaire = {
	scoreQuestion: 'comfort',
	questions: [
		{
			id: 'comfort',
			label: 'Overall comfort today (1 = very uncomfortable, 5 = great)',
			kind: 'scale',
			min: 1,
			max: 5,
		},
		{ id: 'pain', label: 'Pain right now (0 = none, 10 = worst)', kind: 'scale', min: 0, max: 10, redFlagAtLeast: 8 },
		{
			id: 'swelling',
			label: 'Swelling compared with yesterday',
			kind: 'choice',
			options: ['Better', 'Same', 'Worse'],
			redFlags: ['Worse'],
			flagFromDay: 4,
		},
		{ id: 'bleeding', label: "Bleeding that won't stop with gentle pressure", kind: 'yesno', redFlagWhen: 'yes' },
		{ id: 'fever', label: 'Fever or chills', kind: 'yesno', redFlagWhen: 'yes' },
		{
			id: 'symptoms',
			label: 'Any of these?',
			kind: 'multi',
			options: [
				'Pus or discharge',
				'Numbness that has lasted more than a day',
				'Swelling spreading to the eye, cheek or neck',
				'Trouble swallowing or breathing',
				'None of these',
			],
			redFlags: [
				'Pus or discharge',
				'Numbness that has lasted more than a day',
				'Swelling spreading to the eye, cheek or neck',
				'Trouble swallowing or breathing',
			],
		},
		{ id: 'notes', label: 'Anything else you would like us to know?', kind: 'text' },
	],
};

/** A red flag in free text: any of its phrases escalates, as rule "red_flag:<flag>". */
export interface RedFlag {
	flag: string;
	phrases: readonly string[];
	/** Counts only from this many days after the milestone (an unknown day counts). */
	fromDay?: number;
}

/**
 * Phrases as patients text them. Plain "bleeding", "swelling" or "sore" are not here: some of each
 * is normal in the first days, and the score says how bad it is. Apostrophes are optional.
 */
export const DEFAULT_RED_FLAGS: readonly RedFlag[] = [
	{ flag: 'fever', phrases: ['fever', 'feverish', 'chills', 'high temp'] },
	{
		flag: 'heavy_bleeding',
		phrases: [
			'heavy bleeding',
			'bleeding heavily',
			'bleeding a lot',
			'lots of blood',
			'a lot of blood',
			'so much blood',
			'uncontrolled bleeding',
			"won't stop bleeding",
			"bleeding won't stop",
			"bleeding that won't stop",
			"bleeding hasn't stopped",
			"can't stop the bleeding",
			'keeps bleeding',
		],
	},
	{ flag: 'pus', phrases: ['pus', 'puss', 'discharge'] },
	// Numbness wears off within hours; past the first day it needs a look.
	{ flag: 'numbness', phrases: ['numb', 'numbness', 'tingling', "can't feel", 'no feeling'], fromDay: 1 },
	{
		flag: 'spreading_swelling',
		phrases: [
			'spreading swelling',
			'swelling spreading',
			'swelling is spreading',
			'swelling has spread',
			'swollen neck',
			'neck is swollen',
			'swollen eye',
			'eye is swollen',
		],
	},
	// Swelling and pain peak on day 2-3; getting worse after that is a warning sign.
	{
		flag: 'worsening_swelling',
		phrases: [
			'swelling getting worse',
			'swelling is getting worse',
			'swelling is worse',
			'swelling worse',
			'more swollen',
		],
		fromDay: 4,
	},
	{
		flag: 'worsening_pain',
		phrases: ['pain getting worse', 'pain is getting worse', 'pain is worse', 'pain worse', 'hurts more'],
		fromDay: 4,
	},
	{ flag: 'severe_pain', phrases: ['severe pain', 'unbearable', 'excruciating', 'worst pain', "can't sleep"] },
	{
		flag: 'breathing_swallowing',
		phrases: [
			'trouble breathing',
			'hard to breathe',
			"can't breathe",
			'short of breath',
			'trouble swallowing',
			'hard to swallow',
			"can't swallow",
		],
	},
	{ flag: 'allergic_reaction', phrases: ['allergic reaction', 'rash', 'hives'] },
	{
		flag: 'loose_implant',
		phrases: ['implant is loose', 'implant feels loose', 'loose implant', 'implant came out', 'implant fell out'],
	},
];

/** The defaults plus a practice's extra phrases (comma or line separated), each its own flag. */
export function redFlagList(extra: string): RedFlag[] {
	const phrases = extra
		.split(/[,\n]/)
		.map((phrase) => phrase.trim().toLowerCase())
		.filter((phrase) => phrase !== '');
	return [
		...DEFAULT_RED_FLAGS,
		...[...new Set(phrases)].map((phrase) => ({
			flag: phrase.replace(/'/g, '').replace(/[^\p{L}\p{N}]+/gu, '_'),
			phrases: [phrase],
		})),
	];
}
