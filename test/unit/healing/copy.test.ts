import { healingReply, HEALING_COPY } from '../../../core/healing/copy';
import { HEALING_OUTCOMES } from '../../../core/healing/decide';
import { DEFAULT_QUESTIONNAIRE } from '../../../core/healing/questionnaire';
import { DEFAULT_CLINICAL_WORDS, phiMatcher, smsSize } from '../../../core/guard';
import { IMPLANT_MILESTONES, type ImplantMilestone } from '../../../core/model/clinical';

// A long practice name and a formatted phone: the longest copy still fits two segments.
const PRACTICE = { name: 'Riverside Family & Implant Dentistry PLLC', phone: '+1 (512) 555-0100' };
const DRUGS =
	/ibuprofen|advil|motrin|tylenol|acetaminophen|aspirin|antibiotic|amoxicillin|penicillin|opioid|hydrocodone|chlorhexidine|prescription/i;
const phi = phiMatcher(DEFAULT_CLINICAL_WORDS);
const milestones: Array<ImplantMilestone | null> = [...IMPLANT_MILESTONES, null];

const replies = milestones.flatMap((milestone) =>
	HEALING_OUTCOMES.flatMap((outcome) =>
		[3, 30].map((days) => ({ milestone, outcome, days, text: healingReply(outcome, milestone, days, PRACTICE) })),
	),
);

describe('healing copy', () => {
	test.each(replies.map((r) => [r.milestone ?? 'generic', r.outcome, r.days, r.text] as const))(
		'%s / %s / day %i is clean and short',
		(_m, _o, _d, text) => {
			expect(phi.find(text)).toBeNull();
			expect(text).not.toMatch(/D\s?-?\d{4}/i);
			expect(text).not.toMatch(/#\s?\d/);
			expect(text).not.toMatch(DRUGS);
			expect(text).not.toContain('{{');
			expect(text).toContain(PRACTICE.name);
			expect(text).toContain(PRACTICE.phone);
			expect(smsSize(text)).toMatchObject({ encoding: 'GSM-7' });
			expect(smsSize(text).segments).toBeLessThanOrEqual(2);
		},
	);

	test('the default questionnaire is clean too', () => {
		const texts = DEFAULT_QUESTIONNAIRE.questions.flatMap((q) => [q.label, ...('options' in q ? q.options : [])]);
		expect(phi.find(...texts)).toBeNull();
		expect(texts.join(' ')).not.toMatch(/D\d{4}|#\s?\d/);
		expect(texts.join(' ')).not.toMatch(DRUGS);
	});

	test('escalate: call now, urgent care, 911', () => {
		const text = healingReply('escalate', 'graft', 3, PRACTICE);
		expect(text).toContain(`please call us now at ${PRACTICE.phone}`);
		expect(text).toMatch(/urgent care/);
		expect(text).toMatch(/911/);
	});

	test('celebrate previews the next phase', () => {
		const celebrate = (m: ImplantMilestone) => healingReply('celebrate', m, 7, PRACTICE);
		expect(celebrate('graft')).toMatch(/implant, usually about 3-4 months/);
		expect(celebrate('implant_placement')).toMatch(/3-4 months/);
		expect(celebrate('abutment')).toMatch(/final crown, usually in about 1-2 weeks/);
		expect(celebrate('final_crown')).toMatch(/complete/);
	});

	test('reassure speaks of the first week until day 7, of later healing after', () => {
		for (const m of Object.keys(HEALING_COPY) as Array<keyof typeof HEALING_COPY>) {
			const milestone = m === 'generic' ? null : m;
			expect(healingReply('reassure', milestone, 7, PRACTICE)).toBe(
				healingReply('reassure', milestone, null, PRACTICE),
			);
			expect(healingReply('reassure', milestone, 8, PRACTICE)).not.toBe(
				healingReply('reassure', milestone, 7, PRACTICE),
			);
		}
	});

	test('a "$" in the practice name stays as written', () => {
		expect(healingReply('celebrate', null, 3, { name: "$mile & Co's", phone: '555' })).toMatch(/^\$mile & Co's: /);
	});
});
