/** The patient risk call list: each reason and its words, the churn score, VIPs, ranking, scale. */
import { DateTime } from 'luxon';
import type { ReadAppointment, ReadProcedure } from '../../../core/maturity/items';
import { patientRisk, RISK_WEIGHTS, type RiskInput } from '../../../core/maturity/risk';
import { apt, proc, shift, ZONE } from './pms-fixtures';

const NOW = DateTime.fromISO('2026-06-30T12:00', { zone: ZONE });
const TODAY = '2026-06-30';

/** `count` completed visits `every` days apart, the last `ago` days before today, each producing `fee`. */
function regular(patientId: string, count: number, every: number, ago: number, fee = 500): RiskInput {
	const dates = Array.from({ length: count }, (_, i) => shift(TODAY, -ago - (count - 1 - i) * every));
	return {
		appointments: dates.map((d) => apt(patientId, d, 'completed')),
		procedures: dates.map((d) => proc(patientId, d, fee)),
	};
}

function merge(...inputs: RiskInput[]): { appointments: ReadAppointment[]; procedures: ReadProcedure[] } {
	return { appointments: inputs.flatMap((i) => i.appointments), procedures: inputs.flatMap((i) => i.procedures) };
}

const only = (i: Partial<RiskInput>): RiskInput => ({ appointments: [], procedures: [], ...i });

describe('patientRisk: reasons', () => {
	it('cadence drift: came every 12 weeks, now 16 weeks since the last visit', () => {
		const { list, patientsScored } = patientRisk(regular('B', 4, 84, 112), { now: NOW });
		expect(patientsScored).toBe(1);
		expect(list).toEqual([
			expect.objectContaining({
				rank: 1,
				patientId: 'B',
				lastVisit: '2026-03-10',
				usualIntervalWeeks: 12,
				weeksSinceVisit: 16,
				reasons: [
					{ reason: 'cadence_drift', text: 'came every 12 weeks, now 16 weeks since the last visit' },
					{ reason: 'no_future_visit', text: 'nothing booked' },
				],
				// 1 - (1 - 0.6 x 16/12/2) x (1 - 0.2)
				churnRisk: 0.52,
				atStake: 2000,
				spendLastYear: 2000,
				spendYearBefore: 0,
				missedLastYear: 0,
			}),
		]);
	});

	it('no drift with the next visit booked, under the threshold, or with too few visits', () => {
		const booked = merge(regular('B', 4, 84, 112), only({ appointments: [apt('B', '2026-07-20', 'scheduled')] }));
		expect(patientRisk(booked, { now: NOW }).list).toEqual([]);
		// 100 days over 84 is 1.19, under 1.25.
		expect(patientRisk(regular('B', 4, 84, 100), { now: NOW }).list).toEqual([]);
		expect(patientRisk(regular('B', 2, 84, 200), { now: NOW }).list).toEqual([]);
		expect(patientRisk(regular('B', 2, 84, 200), { now: NOW, minVisits: 2 }).list[0].reasons[0].reason).toBe(
			'cadence_drift',
		);
		expect(patientRisk(regular('B', 4, 84, 100), { now: NOW, driftThreshold: 1.1 }).list).toHaveLength(1);
	});

	it('a scheduled visit already past this morning is not a booking ahead', () => {
		const stale = merge(regular('B', 4, 84, 112), only({ appointments: [apt('B', `${TODAY} 08:00`, 'scheduled')] }));
		expect(patientRisk(stale, { now: NOW }).list[0].reasons.map((r) => r.reason)).toEqual([
			'cadence_drift',
			'no_future_visit',
		]);
	});

	it('uses completed procedure dates when the patient has no completed appointments', () => {
		const { procedures } = regular('P', 5, 56, 90, 200);
		const [risk] = patientRisk(only({ procedures }), { now: NOW }).list;
		expect(risk).toMatchObject({
			patientId: 'P',
			usualIntervalWeeks: 8,
			weeksSinceVisit: 12.9,
			displayName: null,
			mobile: null,
		});
		expect(risk.reasons[0].text).toBe('came every 8 weeks, now 13 weeks since the last visit');
	});

	it('the usual interval is the median gap, so one long absence does not stretch it', () => {
		// Gaps of 28, 28 and 200 days: usual 4 weeks (the mean would be 12), last visit 6 weeks ago.
		const dates = ['2025-09-05', '2025-10-03', '2025-10-31', '2026-05-19'];
		const [risk] = patientRisk(only({ appointments: dates.map((d) => apt('M', d, 'completed')) }), { now: NOW }).list;
		expect(risk).toMatchObject({ usualIntervalWeeks: 4, weeksSinceVisit: 6 });
		expect(risk.reasons[0].text).toBe('came every 4 weeks, now 6 weeks since the last visit');
	});

	it('shrinking spend, in dollars, strictly under the share', () => {
		const visits = ['2025-03-01', '2026-01-15'].map((d) => apt('S', d, 'completed'));
		const ahead = apt('S', '2026-08-01', 'scheduled');
		const input = (last: number) =>
			only({
				appointments: [...visits, ahead],
				procedures: [proc('S', '2025-03-01', 2400), proc('S', '2026-01-15', last)],
			});
		const [risk] = patientRisk(input(800), { now: NOW }).list;
		expect(risk.reasons).toEqual([
			{ reason: 'shrinking_spend', text: 'spent $800 in the last 12 months, down from $2,400 the 12 months before' },
		]);
		expect(risk.churnRisk).toBeCloseTo(RISK_WEIGHTS.shrinking_spend * (1 - 800 / 2400), 3);
		expect(risk.atStake).toBe(2400);
		expect(patientRisk(input(1440), { now: NOW }).list).toEqual([]);
		expect(patientRisk(input(1440), { now: NOW, shrinkThreshold: 0.7 }).list).toHaveLength(1);
	});

	it('missed appointments in the last 12 months, weighing more with each', () => {
		const base = [
			apt('M', '2026-04-01', 'completed'),
			apt('M', '2026-08-01', 'scheduled'),
			apt('M', '2025-06-01', 'broken'),
		];
		const once = patientRisk(only({ appointments: [...base, apt('M', '2026-05-01', 'broken')] }), { now: NOW }).list[0];
		const twice = patientRisk(
			only({ appointments: [...base, apt('M', '2026-05-01', 'broken'), apt('M', '2026-02-01', 'broken')] }),
			{ now: NOW },
		).list[0];
		expect(once.reasons).toEqual([
			{ reason: 'missed_appointments', text: 'missed 1 appointment in the last 12 months' },
		]);
		expect(twice.reasons).toEqual([
			{ reason: 'missed_appointments', text: 'missed 2 appointments in the last 12 months' },
		]);
		expect(once).toMatchObject({ missedLastYear: 1, churnRisk: 0.2 });
		expect(twice).toMatchObject({ missedLastYear: 2, churnRisk: 0.3 });
	});

	it('nothing booked alone is no churn signal; patients never seen are not scored', () => {
		const input = merge(regular('N', 3, 180, 30), only({ appointments: [apt('X', '2026-08-01', 'scheduled')] }));
		expect(patientRisk(input, { now: NOW })).toEqual({ list: [], vipThreshold: 1500, patientsScored: 1 });
	});
});

describe('patientRisk: ranking', () => {
	/** A patient with one missed visit, nothing booked, production `last` this year and `before` the year before. */
	function missed(
		patientId: string,
		last: number,
		before: number,
		contact?: { firstName: string; lastName: string; mobile: string | null },
	): RiskInput {
		return only({
			appointments: [apt(patientId, '2026-01-10', 'completed', contact), apt(patientId, '2026-05-01', 'broken')],
			procedures: [proc(patientId, '2026-01-10', last), proc(patientId, '2025-01-10', before)],
		});
	}

	it('by churn risk x a year at stake, VIPs first on ties, with first name and last initial', () => {
		const fillers = Array.from({ length: 8 }, (_, i) => missed(`f${i}`, 100 + i, 100 + i));
		const input = merge(
			...fillers,
			missed('a1', 1000, 0, { firstName: 'Nadia', lastName: 'brooks', mobile: '+13125550101' }),
			missed('z1', 1000, 1000, { firstName: 'Maria', lastName: 'Garcia', mobile: null }),
		);
		const result = patientRisk(input, { now: NOW, limit: 3 });
		// Ten producing patients: the top one (z1, $2,000 over 24 months) is the VIP.
		expect(result.vipThreshold).toBe(2000);
		expect(result.patientsScored).toBe(10);
		expect(result.list.map((r) => [r.rank, r.patientId, r.vip, r.displayName, r.mobile])).toEqual([
			[1, 'z1', true, 'Maria G.', null],
			[2, 'a1', false, 'Nadia B.', '+13125550101'],
			[3, 'f7', false, null, null],
		]);
		expect(result.list[0].atStake).toBe(1000);
	});

	it('keeps to the limit, and ranks a big patient at lower risk above a small one at higher risk', () => {
		const small = merge(regular('s', 4, 84, 200, 50), only({ appointments: [apt('s', '2026-05-01', 'broken')] }));
		const big = missed('b', 5000, 0);
		const { list } = patientRisk(merge(small, big), { now: NOW, limit: 1 });
		expect(list.map((r) => r.patientId)).toEqual(['b']);
	});

	it('makes an empty list of no items, and refuses a limit or visit count it cannot use', () => {
		expect(patientRisk(only({}), { now: NOW })).toEqual({ list: [], vipThreshold: 0, patientsScored: 0 });
		expect(() => patientRisk(only({}), { now: NOW, limit: 0 })).toThrow(/limit/);
		expect(() => patientRisk(only({}), { now: NOW, minVisits: 1 })).toThrow(/minVisits/);
	});

	it('has no VIPs when nobody produced anything', () => {
		const result = patientRisk(
			only({ appointments: [apt('1', '2025-01-10', 'completed'), apt('1', '2026-05-01', 'broken')] }),
			{ now: NOW },
		);
		expect(result.vipThreshold).toBe(0);
		expect(result.list[0]).toMatchObject({ vip: false, atStake: 0 });
	});
});

describe('patientRisk: scale', () => {
	// Speed is measured by `npm run bench` (against n8n's Code node), not asserted here.
	it('scores 50,000 patients from 600,000+ items and keeps the 12 at most risk', () => {
		const appointments: ReadAppointment[] = [];
		const procedures: ReadProcedure[] = [];
		const base = Date.UTC(2023, 6, 1);
		for (let p = 1; p <= 50_000; p++) {
			const every = 60 + (p % 120);
			for (let v = 0; v < 7; v++) {
				const date = new Date(base + ((p % 50) + v * every) * 86_400_000).toISOString().slice(0, 10);
				appointments.push({
					id: `a${p}.${v}`,
					patientId: String(p),
					status: v === 3 ? 'broken' : 'completed',
					start: `${date}T09:00:00.000-05:00`,
				});
				if (v !== 3)
					procedures.push({ id: `p${p}.${v}`, patientId: String(p), occurredOn: date, fee: 100 + (p % 7) * 50 });
			}
			if (p % 3 === 0)
				appointments.push({
					id: `s${p}`,
					patientId: String(p),
					status: 'scheduled',
					start: '2026-08-01T09:00:00.000-05:00',
				});
		}
		const result = patientRisk({ appointments, procedures }, { now: NOW });
		expect(result.patientsScored).toBe(50_000);
		expect(result.list).toHaveLength(12);
		expect(result.list.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
	});
});
