/**
 * Every text Chairside ships for a patient or a chart passes the PHI finder: a new template or
 * copy change that trips it is either a real leak or a corpus case (test/fixtures/phi-corpus) to
 * add. The texts are gathered from where the copy lives, not listed, so new copy is covered.
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { DEFAULT_COPY } from '../../../core/booking/conversation';
import { DEFAULT_CLINICAL_WORDS, phiMatcher } from '../../../core/guard';
import { healingReply, HEALING_COPY } from '../../../core/healing/copy';
import { HEALING_OUTCOMES } from '../../../core/healing/decide';
import { DEFAULT_QUESTIONNAIRE } from '../../../core/healing/questionnaire';
import { render } from '../../../core/journey/copy';
import { touchChartNote } from '../../../core/journey/engine';
import { subjectOf } from '../../../core/journey/subject';
import { TEMPLATES } from '../../../core/journey/templates';
import { CATEGORIES, LAYMAN } from '../../../core/model/category';
import { IMPLANT_MILESTONES } from '../../../core/model/clinical';
import { PRACTICE, crownCase } from '../journey/fixtures';

const phi = phiMatcher(DEFAULT_CLINICAL_WORDS);

/** Every string in a JSON value (a template's copy, name and description alike). */
function strings(value: unknown): string[] {
	if (typeof value === 'string') return [value];
	if (Array.isArray(value)) return value.flatMap(strings);
	if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
	return [];
}

const templatesDir = join(__dirname, '../../../templates');
const rawTemplates = readdirSync(templatesDir)
	.filter((f) => f.endsWith('.json'))
	.flatMap((f) => strings(JSON.parse(readFileSync(join(templatesDir, f), 'utf8'))));

const subjects = CATEGORIES.flatMap((category) =>
	[350, 3200].map((fee) => subjectOf(crownCase({ category, layman: LAYMAN[category], totalFee: fee, openFee: fee }))),
);
const rendered = Object.values(TEMPLATES).flatMap((journey) =>
	journey.steps.flatMap((step) =>
		subjects.flatMap((subject) =>
			Object.values(render(step, subject, PRACTICE)).filter((t): t is string => typeof t === 'string'),
		),
	),
);
const chartNotes = Object.values(TEMPLATES).flatMap((journey) =>
	journey.steps.flatMap((step) => (['sms', 'email'] as const).map((channel) => touchChartNote(journey, step, channel))),
);

const contact = { name: 'Riverside Family & Implant Dentistry PLLC', phone: '+1 (512) 555-0100' };
const healing = [
	...Object.values(HEALING_COPY).flatMap((copy) => Object.values(copy)),
	...[...IMPLANT_MILESTONES, null].flatMap((milestone) =>
		HEALING_OUTCOMES.flatMap((outcome) => [3, 30].map((days) => healingReply(outcome, milestone, days, contact))),
	),
	...DEFAULT_QUESTIONNAIRE.questions.flatMap((q) => [q.label, ...('options' in q ? q.options : [])]),
];

const options = 'Tue, Mar 3 at 10:30 AM (reply 1) or Wed, Mar 4 at 2:45 PM (reply 2)';
const booking = Object.values(DEFAULT_COPY).flatMap((copy) => [
	copy,
	copy
		.replace('{{options}}', options)
		.replace('{{replyWith}}', '1 or 2')
		.replace('{{when}}', 'Tue, Mar 3 at 10:30 AM')
		.replace('{{practiceName}}', PRACTICE.name)
		.replace('{{practicePhone}}', PRACTICE.phone),
]);

const shipped: Array<[string, string]> = [
	...rawTemplates.map((t) => ['templates/*.json', t] as [string, string]),
	...rendered.map((t) => ['rendered journey step', t] as [string, string]),
	...chartNotes.map((t) => ['chart note', t] as [string, string]),
	...healing.map((t) => ['healing copy', t] as [string, string]),
	...booking.map((t) => ['booking copy', t] as [string, string]),
	...Object.values(LAYMAN).map((t) => ['layman word', t] as [string, string]),
];

describe('shipped copy passes the PHI finder', () => {
	it('covers every kind of copy', () => {
		const kinds = new Set(shipped.map(([kind]) => kind));
		expect(kinds.size).toBe(6);
		expect(shipped.length).toBeGreaterThan(500);
	});
	it('has no false blocks', () => {
		expect(shipped.filter(([, text]) => phi.find(text) !== null)).toEqual([]);
	});
});
