import { DateTime } from 'luxon';
import { phiMatcher, DEFAULT_CLINICAL_WORDS, smsSize } from '../../../core/guard';
import { render, fill, costRange, holds } from '../../../core/journey/copy';
import { settleMilestones } from '../../../core/journey/milestones';
import { preview } from '../../../core/journey/preview';
import { subjectOf } from '../../../core/journey/subject';
import { parseJourney } from '../../../core/journey/template';
import { TEMPLATES } from '../../../core/journey/templates';
import { CATEGORIES, LAYMAN } from '../../../core/model/category';
import { IMPLANT_MILESTONES, type ImplantMilestone } from '../../../core/model/clinical';
import { PRACTICE, crownCase } from './fixtures';
import { DEFAULT_SEND_POLICY } from '../../../core/practice/send-policy';

const phi = phiMatcher(DEFAULT_CLINICAL_WORDS);
const now = DateTime.fromISO('2026-03-03T09:00', { zone: 'America/Chicago' });

/** A subject for every journey kind, every category, small and large cases. */
function subjects() {
	const patient = (crownCase() as { patient: object }).patient;
	const out = [];
	for (const category of CATEGORIES) {
		for (const fee of [350, 1600, 3200, 12000])
			out.push(subjectOf(crownCase({ category, layman: LAYMAN[category], totalFee: fee, openFee: fee })));
	}
	out.push(subjectOf({ patientId: '501', type: 'Prophy', dueDate: '2026-04-01', patient }));
	out.push(subjectOf({ patient, lastVisit: '2024-11-02', monthsSinceVisit: 16 }));
	out.push(
		subjectOf({
			id: '77',
			patientId: '501',
			status: 'broken',
			start: '2026-03-02T14:00:00-06:00',
			provider: 'DOC1',
			patient,
		}),
	);
	for (const milestone of IMPLANT_MILESTONES)
		for (const units of [1, 4]) out.push(implantSubject(milestone, { units }));
	return out;
}

/** A completed implant milestone as the PMS node emits it (with Include Patient), settled for the implant journey. */
function implantSubject(milestone: ImplantMilestone, options: { units?: number; booked?: boolean; on?: string } = {}) {
	const patient = (crownCase() as { patient: object }).patient;
	const code = {
		extraction: 'D7140',
		graft: 'D7953',
		implant_placement: 'D6010',
		second_stage: 'D6011',
		abutment: 'D6057',
		final_crown: 'D6065',
	}[milestone];
	const items = Array.from({ length: options.units ?? 1 }, (_, i) => ({
		subject: subjectOf({
			id: `ev${i}`,
			patientId: '501',
			code,
			occurredOn: options.on ?? '2026-03-02',
			milestone,
			provider: 'DOC1',
			patient,
			nextAppointment: options.booked ? '2026-09-01T09:00:00-05:00' : null,
		}),
		item: i,
	}));
	return settleMilestones(items, TEMPLATES['implant-journey'])[0].subject;
}

describe('shipped journeys', () => {
	it('are the seven the product promises, each valid against the schema', () => {
		expect(Object.keys(TEMPLATES).sort()).toEqual([
			'appointment-reminder',
			'hygiene-recall',
			'implant-journey',
			'lapsed-reactivation',
			'no-show-recovery',
			'review-request',
			'treatment-follow-up',
		]);
		for (const journey of Object.values(TEMPLATES))
			expect(parseJourney(JSON.parse(JSON.stringify(journey)))).toEqual(journey);
	});

	it('never put a code, tooth number or clinical word in any step of any journey, for any case', () => {
		for (const journey of Object.values(TEMPLATES)) {
			for (const subject of subjects()) {
				for (const step of journey.steps) {
					const copy =
						step.channel === 'staff_task'
							? { subject: null, body: fill(step.body, subject, PRACTICE), html: null }
							: render(step, subject, PRACTICE);
					expect([journey.id, step.id, phi.find(copy.subject, copy.body, copy.html)]).toEqual([
						journey.id,
						step.id,
						null,
					]);
					// No placeholder left unfilled.
					expect(`${copy.subject ?? ''}${copy.body}`).not.toMatch(/\{\{|\}\}/);
				}
			}
		}
	});

	it('name the practice, the first name, a layman treatment and the booking link in every patient message; texts fit 3 segments', () => {
		for (const journey of Object.values(TEMPLATES)) {
			for (const subject of subjects().filter((s) => holds(journey.entry, s))) {
				for (const step of journey.steps.filter((s) => s.channel !== 'staff_task')) {
					const { body } = render(step, subject, PRACTICE);
					expect(body).toContain(PRACTICE.name);
					expect(body).toContain(subject.patient.firstName);
					// Implant care notes (what to expect, the healing check) are not sales: only its booking prompts link to booking.
					const care = journey.purpose === 'implant_care' && !/booking|reminder|what-comes-next/.test(step.id);
					// A reminder is about a visit already booked; a review request links to the review page instead.
					const noBooking = journey.purpose === 'appointment' || journey.purpose === 'review_request';
					if (!care && !noBooking && !(step.id === 'day-7-what-comes-next' && subject.milestone === 'final_crown'))
						expect(body).toContain(PRACTICE.bookingLink);
					if (step.channel === 'sms') {
						expect(smsSize(body).segments).toBeLessThanOrEqual(3);
						expect(body).toMatch(/Reply STOP to opt out/);
					} else expect(body).toContain(PRACTICE.address);
				}
			}
		}
	});

	it('the day 3 email carries financing wording only from $1,500 and always the cost range', () => {
		const step = TEMPLATES['treatment-follow-up'].steps.find((s) => s.id === 'day-3-email')!;
		const at = (fee: number) => render(step, subjectOf(crownCase({ totalFee: fee, openFee: fee })), PRACTICE).body;
		expect(at(1499)).not.toMatch(/payment options/);
		expect(at(1500)).toMatch(/payment options/);
		expect(at(1499)).toContain(costRange(1499));
		expect(costRange(3200)).toBe('$2,850 - $3,550');
	});

	it('the staff call task is planned only from $3,000', () => {
		const plan = (fee: number) =>
			preview(
				TEMPLATES['treatment-follow-up'],
				subjectOf(crownCase({ totalFee: fee, openFee: fee })),
				PRACTICE,
				DEFAULT_SEND_POLICY.window,
				now,
			);
		expect(plan(2999).touches.find((t) => t.step === 'day-12-call')).toMatchObject({
			included: false,
			why: 'condition not met',
		});
		expect(plan(3000).touches.find((t) => t.step === 'day-12-call')).toMatchObject({
			included: true,
			at: '2026-03-15T10:00:00.000-05:00',
		});
	});

	it('hygiene recall: 4 weeks before due, then every 6 weeks, at most 4, ending 6 months past due', () => {
		const patient = (crownCase() as { patient: object }).patient;
		const plan = preview(
			TEMPLATES['hygiene-recall'],
			subjectOf({ patientId: '501', type: 'Prophy', dueDate: '2026-06-01', patient }),
			PRACTICE,
			DEFAULT_SEND_POLICY.window,
			now,
		);
		expect(plan.touches.map((t) => t.at?.slice(0, 10))).toEqual([
			'2026-05-04',
			'2026-06-15',
			'2026-07-27',
			'2026-09-07',
		]);
		expect(plan.endsAt.slice(0, 10)).toBe('2026-12-01');
	});
});

describe('implant journey', () => {
	const journey = TEMPLATES['implant-journey'];
	const window = DEFAULT_SEND_POLICY.window;
	const planned = (subject: ReturnType<typeof implantSubject>) =>
		preview(journey, subject, PRACTICE, window, now)
			.touches.filter((t) => t.included)
			.map((t) => `${t.step}@${t.at?.slice(0, 10)}`);

	it('after a graft: 72-hour note, day 3 check, day 7 next steps, day 30, day 45 prompt, then three reminders a week apart from the 90-day window and a call task', () => {
		expect(planned(implantSubject('graft'))).toEqual([
			'day-0-what-to-expect@2026-03-02',
			'day-3-healing-check@2026-03-05',
			'day-7-what-comes-next@2026-03-09',
			'day-30-progress@2026-04-01',
			'day-45-booking-prompt@2026-04-16',
			'window-reminder-1@2026-05-31',
			'window-reminder-2@2026-06-07',
			'window-reminder-3@2026-06-14',
			'window-staff-call@2026-06-21',
		]);
	});

	it('anything booked ahead drops the booking prompts and the reminders, never the care notes', () => {
		expect(planned(implantSubject('graft', { booked: true }))).toEqual([
			'day-0-what-to-expect@2026-03-02',
			'day-3-healing-check@2026-03-05',
			'day-7-what-comes-next@2026-03-09',
			'day-30-progress@2026-04-01',
		]);
	});

	it('the abutment window opens after a week; the final crown has no next phase and no prompts', () => {
		expect(planned(implantSubject('abutment'))).toContain('window-reminder-1@2026-03-09');
		const crown = preview(journey, implantSubject('final_crown'), PRACTICE, window, now);
		expect(crown.touches.filter((t) => t.included).map((t) => t.step)).toEqual([
			'day-0-what-to-expect',
			'day-3-healing-check',
			'day-7-what-comes-next',
			'day-30-progress',
		]);
		expect(crown.touches.find((t) => t.step === 'window-reminder-1')).toMatchObject({
			included: false,
			why: 'no next phase after this milestone',
		});
		expect(crown.touches.find((t) => t.step === 'day-7-what-comes-next')?.body).toMatch(
			/last step of your implant treatment/,
		);
	});

	it('says what comes next and when, in words; several implants placed at once are a full-arch plan', () => {
		const single = implantSubject('implant_placement');
		const arch = implantSubject('implant_placement', { units: 4 });
		expect([single.scope, arch.scope]).toEqual(['single', 'full_arch']);
		const step = journey.steps.find((s) => s.id === 'day-7-what-comes-next')!;
		expect(render(step, single, PRACTICE).body).toMatch(
			/What comes next: your abutment visit, usually in about 3-4 months from your implant placement/,
		);
		expect(render(step, single, PRACTICE).body).not.toMatch(/several implants/);
		expect(render(step, arch, PRACTICE).body).toMatch(/several implants/);
	});

	it("only a patient's latest milestone stays open; the visit's procedures are one subject", () => {
		const patient = (crownCase() as { patient: object }).patient;
		const event = (id: string, milestone: ImplantMilestone, occurredOn: string) => ({
			subject: subjectOf({ id, patientId: '501', code: 'D6010', occurredOn, milestone, provider: null, patient }),
			item: 0,
		});
		const settled = settleMilestones(
			[
				event('a', 'graft', '2026-01-05'),
				event('b', 'implant_placement', '2026-04-20'),
				event('c', 'implant_placement', '2026-04-20'),
			],
			journey,
		);
		expect(settled.map((s) => [s.subject.milestone, s.subject.state, s.subject.units])).toEqual([
			['graft', 'superseded', 1],
			['implant_placement', 'open', 2],
		]);
	});

	it('a phase-window step outside a milestone journey is refused by name', () => {
		const bad = JSON.parse(JSON.stringify(TEMPLATES['treatment-follow-up']));
		bad.steps[1].from = 'phase_window';
		expect(() => parseJourney(bad)).toThrow('steps.1.from: only a milestone journey has a phase window to count from');
	});
});

describe('the journey schema refuses mistakes by name', () => {
	const base = () => JSON.parse(JSON.stringify(TEMPLATES['treatment-follow-up']));
	it.each([
		[
			'an unknown placeholder',
			(j: { steps: Array<Record<string, unknown>> }) => (j.steps[0].body = 'Hi {{firstname}}'),
			'steps.0.body: unknown placeholder {{firstname}}',
		],
		[
			'an email without a subject',
			(j: { steps: Array<Record<string, unknown>> }) => delete j.steps[1].subject,
			'steps.1.subject: an email step needs a subject',
		],
		[
			'steps out of order',
			(j: { steps: Array<Record<string, unknown>> }) => (j.steps[1].day = 0),
			'steps.1.day: steps must be in day order',
		],
		[
			'a duplicate step id',
			(j: { steps: Array<Record<string, unknown>> }) => (j.steps[1].id = 'day-1-text'),
			'steps.1.id: step id "day-1-text" is used twice',
		],
		[
			'an unknown channel',
			(j: { steps: Array<Record<string, unknown>> }) => (j.steps[0].channel = 'fax'),
			'steps.0.channel',
		],
		[
			'an unknown category',
			(j: { steps: Array<Record<string, unknown>> }) => (j.steps[3].when = { categories: ['teeth'] }),
			'steps.3.when.categories.0',
		],
		['a send time outside the clock', (j: Record<string, unknown>) => (j.sendAt = '25:00'), 'sendAt: a 24-hour time'],
	])('%s', (_, change, message) => {
		const journey = base();
		change(journey);
		expect(() => parseJourney(journey, 'Journey Definition')).toThrow(message);
	});
});
