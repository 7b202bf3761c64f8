import { assess } from '../../../core/maturity/assess';
import { MaturityInputError, parseEconomics, parseFootprint, parseMetrics } from '../../../core/maturity/inputs';
import { DEFAULT_ECONOMICS } from '../../../core/maturity/leakage';

function problemsOf(parse: () => unknown): readonly string[] {
	try {
		parse();
	} catch (error) {
		expect(error).toBeInstanceOf(MaturityInputError);
		return (error as MaturityInputError).problems;
	}
	throw new Error('expected a MaturityInputError');
}

describe('parseMetrics', () => {
	it.each([0.12, '0.12', '12%', '12 %', ' 12% ', 12, '12'])('reads %p as 12%', (raw) => {
		expect(parseMetrics({ noShowRate: raw })).toEqual({ noShowRate: 0.12 });
	});

	it('reads a number up to 1 as a fraction and above 1 as percent points', () => {
		expect(parseMetrics({ recallReactivation: 1, unscheduledRecovery: 100, onlineBookingShare: '0.5%' })).toEqual({
			recallReactivation: 1,
			unscheduledRecovery: 1,
			onlineBookingShare: 0.005,
		});
		expect(parseMetrics({ onlineBookingShare: 0, noShowRate: '0%' })).toEqual({ onlineBookingShare: 0, noShowRate: 0 });
	});

	it('reads counts as numbers or text', () => {
		expect(parseMetrics({ reviewsPerMonth: '6', frontDeskHours: 16.5 })).toEqual({
			reviewsPerMonth: 6,
			frontDeskHours: 16.5,
		});
	});

	it('leaves blanks out and ignores fields it does not know', () => {
		expect(
			parseMetrics({
				noShowRate: '',
				recallReactivation: null,
				unscheduledRecovery: undefined,
				onlineBookingShare: '  ',
				reviewsPerMonth: 4,
				practice: 'Smile Co',
			}),
		).toEqual({
			reviewsPerMonth: 4,
		});
	});

	it.each([
		[{ noShowRate: 'abc' }, 'noShowRate: "abc" is not a rate (give 0.12 or 12%)'],
		[{ noShowRate: true }, 'noShowRate: true is not a rate (give 0.12 or 12%)'],
		[{ noShowRate: Number.NaN }, 'noShowRate: NaN is not a rate (give 0.12 or 12%)'],
		[{ noShowRate: '12%%' }, 'noShowRate: "12%%" is not a rate (give 0.12 or 12%)'],
		[{ noShowRate: -0.05 }, 'noShowRate: -0.05 is below 0%'],
		[{ recallReactivation: '-5%' }, 'recallReactivation: "-5%" is below 0%'],
		[{ unscheduledRecovery: '150%' }, 'unscheduledRecovery: "150%" is above 100%'],
		[{ onlineBookingShare: 101 }, 'onlineBookingShare: 101 is above 100%'],
		[{ reviewsPerMonth: 'many' }, 'reviewsPerMonth: "many" is not a number'],
		[{ frontDeskHours: -3 }, 'frontDeskHours: -3 is below 0'],
		[{ frontDeskHours: [16] }, 'frontDeskHours: [16] is not a number'],
	])('refuses %p', (raw, problem) => {
		expect(problemsOf(() => parseMetrics(raw))).toEqual([problem]);
	});

	it('lists every bad field in one error', () => {
		const problems = problemsOf(() =>
			parseMetrics({ noShowRate: 'abc', recallReactivation: 0.14, reviewsPerMonth: -1, frontDeskHours: 'lots' }),
		);
		expect(problems).toEqual([
			'noShowRate: "abc" is not a rate (give 0.12 or 12%)',
			'reviewsPerMonth: -1 is below 0',
			'frontDeskHours: "lots" is not a number',
		]);
		expect(() => parseMetrics({ noShowRate: 'abc', frontDeskHours: 'lots' })).toThrow(
			'noShowRate: "abc" is not a rate (give 0.12 or 12%); frontDeskHours: "lots" is not a number',
		);
	});
});

describe('parseFootprint', () => {
	it('reads booleans and yes/no/true/false text, any case; a tool not given is not there', () => {
		expect(
			parseFootprint({
				pms: true,
				smsRecall: 'yes',
				emailProvider: ' No ',
				portal: 'TRUE',
				reviewsTool: 'false',
				orchestration: '',
			}),
		).toEqual({
			pms: true,
			smsRecall: true,
			emailProvider: false,
			portal: true,
			reviewsTool: false,
			orchestration: false,
			predictiveScoring: false,
		});
	});

	it('names every field that is not yes or no', () => {
		expect(problemsOf(() => parseFootprint({ pms: 1, portal: 'maybe' }))).toEqual([
			'pms: 1 is not yes or no',
			'portal: "maybe" is not yes or no',
		]);
	});
});

describe('parseEconomics', () => {
	it('reads numbers and amounts as typed, leaving blanks out so defaults show through', () => {
		const economics = parseEconomics({
			averageAppointmentValue: '$210',
			treatmentPresentedPerWeek: '12,500',
			lapsedPatients: 300,
			appointmentsPerWeek: '',
			frontDeskHourlyCost: null,
		});
		expect(economics).toEqual({ averageAppointmentValue: 210, treatmentPresentedPerWeek: 12500, lapsedPatients: 300 });
		expect({ ...DEFAULT_ECONOMICS, ...economics }).toMatchObject({
			averageAppointmentValue: 210,
			appointmentsPerWeek: 80,
			frontDeskHourlyCost: 25,
		});
	});

	it('names every bad number', () => {
		expect(
			problemsOf(() =>
				parseEconomics({ averageAppointmentValue: 'a lot', lapsedPatients: -20, phoneBookingMinutes: '6' }),
			),
		).toEqual(['averageAppointmentValue: "a lot" is not a number', 'lapsedPatients: -20 is below 0']);
	});
});

it('feeds the assessment: form text in, the seed example out', () => {
	const a = assess(parseMetrics({ noShowRate: '12%' }), parseFootprint({ pms: 'yes', smsRecall: 'yes' }), {
		...DEFAULT_ECONOMICS,
		...parseEconomics({}),
	});
	expect(a.stage).toBe(2);
	expect(a.leakage.week).toBe(1776);
	expect(a.nextMove?.text).toBe('Take no-show rate from 12% to 9% in 90 days: about $444 a week back.');
});
