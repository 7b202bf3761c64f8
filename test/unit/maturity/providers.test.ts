import { providerPay } from '../../../core/maturity/providers';

const proc = (provider: string, fee: number, occurredOn = '2026-10-15') => ({
	id: `${provider}-${fee}-${occurredOn}`,
	patientId: '1',
	occurredOn,
	fee,
	provider,
});
const range = { from: '2026-10-01', to: '2026-10-31' };

describe('providerPay', () => {
	it("the seed's example: $40,000 production at 52% is $4,800 a month over the 40% midpoint", () => {
		const [row] = providerPay(
			[proc('DOC1', 25_000), proc('DOC1', 15_000)],
			[{ provider: 'DOC1', compensation: 20_800 }],
			range,
		);
		expect(row).toMatchObject({
			provider: 'DOC1',
			production: 40_000,
			compensation: 20_800,
			status: 'overpaid',
			overMidpoint: 4_800,
		});
		expect(row.ratio).toBeCloseTo(0.52, 10);
		expect(row.text).toBe('DOC1: $20,800 on $40,000 production = 52.0%, above 50%; at 40% it would be $4,800 less');
	});

	it('flags each band: 50% exactly is healthy, 35% healthy, 34% under range, 29% retention risk, no production', () => {
		const procs = ['A', 'B', 'C', 'D'].map((p) => proc(p, 10_000));
		const pay = providerPay(
			procs,
			[
				{ provider: 'A', compensation: 5_000 },
				{ provider: 'B', compensation: 3_500 },
				{ provider: 'C', compensation: 3_400 },
				{ provider: 'D', compensation: 2_900 },
				{ provider: 'E', compensation: 1_000 },
			],
			range,
		);
		expect(Object.fromEntries(pay.map((p) => [p.provider, p.status]))).toEqual({
			A: 'healthy',
			B: 'healthy',
			C: 'under_range',
			D: 'retention_risk',
			E: 'no_production',
		});
		expect(pay.find((p) => p.provider === 'E')).toMatchObject({ ratio: null, overMidpoint: null });
	});

	it('counts production inside the period only, and maps payroll names to PMS abbreviations', () => {
		const procs = [proc('DOC1', 10_000), proc('DOC1', 99_000, '2026-09-30'), proc('DOC1', 5_000, '2026-10-31')];
		const [row] = providerPay(
			procs,
			[
				{ provider: 'Dr. Rivera', compensation: 6_000 },
				{ provider: 'Dr. Rivera ', compensation: 0 },
			],
			range,
			{ 'Dr. Rivera': 'DOC1' },
		);
		expect(row).toMatchObject({ provider: 'DOC1', production: 15_000, compensation: 6_000, status: 'healthy' });
	});
});
