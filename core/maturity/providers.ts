/**
 * The provider view (docs/facts.md#practice-intelligence): each provider's compensation from payroll
 * over their production from the PMS, for the same period. Healthy is 35-50%; above 50% the
 * practice overpays for the production, below 30% it risks losing the provider.
 */
import { cents } from '../normalize/money';
import type { ReadProcedure } from './items';

export interface PayrollRow {
	/** As payroll names the provider: the PMS abbreviation, or a name mapped to it. */
	provider: string;
	compensation: number;
}

export const PAY_STATUSES = ['healthy', 'overpaid', 'under_range', 'retention_risk', 'no_production'] as const;
export type PayStatus = (typeof PAY_STATUSES)[number];

export interface ProviderPay {
	provider: string;
	production: number;
	compensation: number;
	/** compensation / production; null without production. */
	ratio: number | null;
	status: PayStatus;
	/** Compensation above (+) or below (-) the 40% midpoint of the healthy range, in dollars. */
	overMidpoint: number | null;
	text: string;
}

const HEALTHY = { low: 0.35, high: 0.5, midpoint: 0.4, retentionRisk: 0.3 } as const;

function statusOf(ratio: number | null): PayStatus {
	if (ratio === null) return 'no_production';
	if (ratio > HEALTHY.high) return 'overpaid';
	if (ratio < HEALTHY.retentionRisk) return 'retention_risk';
	if (ratio < HEALTHY.low) return 'under_range';
	return 'healthy';
}

const dollars = (n: number) => `$${Math.round(Math.abs(n)).toLocaleString('en-US')}`;

function wording(p: Omit<ProviderPay, 'text'>): string {
	if (p.ratio === null) return `${p.provider}: ${dollars(p.compensation)} paid, no production recorded in the period`;
	const pct = `${(p.ratio * 100).toFixed(1)}%`;
	const gap =
		p.overMidpoint === null
			? ''
			: `; at 40% it would be ${dollars(p.overMidpoint)} ${p.overMidpoint >= 0 ? 'less' : 'more'}`;
	const verdict = {
		healthy: 'inside 35-50%',
		overpaid: 'above 50%',
		under_range: 'below 35%',
		retention_risk: 'below 30%: retention risk',
		no_production: '',
	}[p.status];
	return `${p.provider}: ${dollars(p.compensation)} on ${dollars(p.production)} production = ${pct}, ${verdict}${gap}`;
}

/**
 * Production per provider from completed procedures dated from..to (yyyy-MM-dd, inclusive), set
 * against payroll; `names` maps payroll's names to PMS abbreviations ("Dr. Rivera" -> "DOC1").
 */
export function providerPay(
	procedures: readonly ReadProcedure[],
	payroll: readonly PayrollRow[],
	range: { from: string; to: string },
	names: Record<string, string> = {},
): ProviderPay[] {
	const production = new Map<string, number>();
	for (const p of procedures) {
		if (!p.provider || p.occurredOn < range.from || p.occurredOn > range.to) continue;
		production.set(p.provider, (production.get(p.provider) ?? 0) + p.fee);
	}
	const paid = new Map<string, number>();
	for (const row of payroll) {
		const provider = names[row.provider.trim()] ?? row.provider.trim();
		paid.set(provider, (paid.get(provider) ?? 0) + row.compensation);
	}
	return [...paid.entries()]
		.map(([provider, compensation]) => {
			const made = cents(production.get(provider) ?? 0);
			const ratio = made > 0 ? compensation / made : null;
			const base = {
				provider,
				production: made,
				compensation: cents(compensation),
				ratio,
				status: statusOf(ratio),
				overMidpoint: ratio === null ? null : cents(compensation - HEALTHY.midpoint * made),
			};
			return { ...base, text: wording(base) };
		})
		.sort(
			(a, b) => Math.abs(b.overMidpoint ?? 0) - Math.abs(a.overMidpoint ?? 0) || a.provider.localeCompare(b.provider),
		);
}
