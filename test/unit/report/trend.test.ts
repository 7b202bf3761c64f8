import { METRIC_IDS } from '../../../core/maturity/types';
import { TREND_HEADER, trendRow, type WeeklyReportInput } from '../../../core/report/weekly';
import { ASSESSMENT, INPUT, METRICS } from './fixtures';

const cell = (r: ReturnType<typeof trendRow>, column: string) => r.row[r.header.indexOf(column)];

describe('trend row', () => {
	it('has a stable header, one cell per column', () => {
		const r = trendRow(INPUT);
		expect(r.header).toEqual([
			'week',
			'stage',
			'stageName',
			'noShowRate',
			'recallReactivation',
			'unscheduledRecovery',
			'onlineBookingShare',
			'reviewsPerMonth',
			'frontDeskHours',
			'leakagePerWeek',
			'recoverablePerWeek',
			'lowestMetric',
			'nextMoveMetric',
			'nextMoveTarget',
			'callListPatients',
			'callListAtStake',
		]);
		expect(r.row).toHaveLength(r.header.length);
		expect(trendRow({ ...INPUT, risks: [], measurement: null }).header).toEqual(r.header);
	});

	it('is the week in numbers: rates as fractions to 4 places, unscored empty, whole dollars', () => {
		expect(trendRow(INPUT).row).toEqual([
			'2026-11-23',
			3,
			'Tooled',
			0.12,
			0.213,
			0.548,
			0.381,
			9.33,
			null,
			4732,
			1879,
			'noShowRate',
			'noShowRate',
			0.09,
			12,
			33490,
		]);
	});

	it('rounds a measured rate to four places and keeps unscored metrics empty', () => {
		const input: WeeklyReportInput = {
			...INPUT,
			assessment: {
				...ASSESSMENT,
				metrics: [{ ...METRICS[0], value: 0.123456 }],
				leakage: { week: 1775.6, month: 0, year: 0 },
			},
		};
		const r = trendRow(input);
		expect(cell(r, 'noShowRate')).toBe(0.1235);
		expect(METRIC_IDS.filter((m) => m !== 'noShowRate').map((m) => cell(r, m))).toEqual([null, null, null, null, null]);
		expect(cell(r, 'leakagePerWeek')).toBe(1776);
	});

	it('with no next move and no one to call, the move cells are empty and the call list is zero', () => {
		const r = trendRow({ ...INPUT, risks: [], assessment: { ...ASSESSMENT, nextMove: null, lowest: null } });
		expect([
			cell(r, 'lowestMetric'),
			cell(r, 'nextMoveMetric'),
			cell(r, 'nextMoveTarget'),
			cell(r, 'callListPatients'),
			cell(r, 'callListAtStake'),
		]).toEqual([null, null, null, 0, 0]);
	});

	it('the header constant is what the row uses', () => {
		expect(trendRow(INPUT).header).toEqual([...TREND_HEADER]);
	});
});
