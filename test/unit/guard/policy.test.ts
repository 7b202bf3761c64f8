import { DEFAULT_CLINICAL_WORDS, GuardPolicyError, policyFrom } from '../../../core/guard';

describe('policyFrom', () => {
	it('defaults: 08:00-20:00, email too, 1 a day, 3 a week, consent for follow-up and reactivation, 3 segments', () => {
		const p = policyFrom();
		expect(p.quietHours).toEqual({ start: 480, end: 1200 });
		expect(p.quietHoursForEmail).toBe(true);
		expect(p.maxPerDay).toBe(1);
		expect(p.maxPerWeek).toBe(3);
		expect(p.requireSmsConsentFor).toEqual(['treatment_follow_up', 'reactivation', 'review_request']);
		expect(p.maxSegments).toBe(3);
		expect(p.clinicalWords).toEqual(DEFAULT_CLINICAL_WORDS);
	});
	it('reads hours as numbers, half hours and HH:mm', () => {
		expect(policyFrom({ quietHoursStart: 8.5, quietHoursEnd: '19:45' }).quietHours).toEqual({ start: 510, end: 1185 });
		expect(policyFrom({ quietHoursStart: '9', quietHoursEnd: 21 }).quietHours).toEqual({ start: 540, end: 1260 });
	});
	it.each([
		[{ quietHoursStart: 7 }, 'Send Window Start 07:00 is earlier than 08:00'],
		[{ quietHoursStart: '07:59' }, 'Send Window Start 07:59 is earlier than 08:00'],
		[{ quietHoursEnd: 21.5 }, 'Send Window End 21:30 is later than 21:00'],
		[{ quietHoursEnd: '21:01' }, 'Send Window End 21:01 is later than 21:00'],
		[{ quietHoursStart: 12, quietHoursEnd: 12 }, 'Send Window End 12:00 must be after Send Window Start 12:00'],
		[{ quietHoursStart: 'noon' }, 'Send Window Start: use hours such as 8 or 8.5'],
		[{ quietHoursEnd: '20:75' }, 'Send Window End "20:75" is not a time of day'],
		[{ maxPerDay: 0 }, 'Max Messages per Day:'],
		[{ maxPerDay: 4 }, 'Max Messages per Day:'],
		[{ maxPerDay: 1.5 }, 'Max Messages per Day: must be a whole number'],
		[{ maxPerWeek: 0 }, 'Max Messages per Week:'],
		[{ maxSegments: 11 }, 'Max SMS Segments:'],
		[{ requireSmsConsentFor: ['marketing'] }, 'Purposes Needing SMS Consent:'],
	])('refuses %p', (options, message) => {
		let error: unknown;
		try {
			policyFrom(options as never);
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(GuardPolicyError);
		expect((error as Error).message).toContain(message);
	});
	it('names the setting on the error', () => {
		try {
			policyFrom({ quietHoursEnd: 22 });
		} catch (e) {
			expect((e as GuardPolicyError).setting).toBe('Send Window End');
		}
		expect.assertions(1);
	});
	it('refuses settings it does not know', () => {
		expect(() => policyFrom({ quietHours: 3 } as never)).toThrow(GuardPolicyError);
	});
	it('adds extra clinical words (comma separated) or replaces the list', () => {
		expect(policyFrom({ extraClinicalWords: ' Bruxism, ,TMJ ' }).clinicalWords).toEqual([
			...DEFAULT_CLINICAL_WORDS,
			'bruxism',
			'tmj',
		]);
		expect(policyFrom({ clinicalWords: ['abscess'], extraClinicalWords: ['tmj'] }).clinicalWords).toEqual([
			'abscess',
			'tmj',
		]);
	});
	it('is frozen: a node cannot loosen it after validation', () => {
		const p = policyFrom();
		expect(Object.isFrozen(p)).toBe(true);
		expect(Object.isFrozen(p.quietHours)).toBe(true);
	});
});
