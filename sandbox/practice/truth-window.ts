/**
 * The windowed KPIs straight from the generator's Open Dental-shaped rows, for tests to hold the
 * whole read-and-measure path (simulator, reader, PMS node, Measure) against: the same
 * definitions as core/maturity/measure.ts, worked out on AptDateTime, ProcStatus and TPStatus
 * without any of that path's code.
 */
import { Calendar } from './schedule';
import type { Practice, ProcedureLog, TreatPlan } from './types';

export const WINDOW_METRICS = [
	'noShowRate',
	'unscheduledRecovery',
	'treatmentAcceptance',
	'recallReactivation',
	'rebookingRate',
] as const;
export type WindowMetric = (typeof WINDOW_METRICS)[number];

export interface Ratio {
	numerator: number;
	denominator: number;
	/** null when the denominator is 0. */
	value: number | null;
}

export interface WindowTruth {
	/** yyyy-MM-dd, inclusive. */
	from: string;
	to: string;
	metrics: Record<WindowMetric, Ratio>;
}

export interface PlanTruth {
	plan: TreatPlan;
	/** The plan's procedures that are still treatment, in the plan's order. */
	procNums: number[];
	status: 'open' | 'scheduled' | 'completed' | 'declined';
	feeCents: number;
	acceptedCents: number;
}

export interface WindowOptions {
	/** The practice's "now" on its wall clock, "yyyy-MM-dd HH:mm:ss": the window ends on its date. */
	now: string;
	windowDays: number;
	lapsedMonths: number;
}

/** A patient's appointments as the window sees them; '' is "none". */
interface Visits {
	lastBefore: string;
	lastInWindow: string;
	latestBooked: string;
}

export function windowTruth(
	practice: Pick<Practice, 'appointments' | 'procedures' | 'treatPlans'>,
	options: WindowOptions,
): WindowTruth {
	const calendar = new Calendar(options.now.slice(0, 10));
	const to = calendar.iso(0);
	const from = calendar.iso(1 - options.windowDays);
	const lapseLine = calendar.plusMonths(1 - options.windowDays, -options.lapsedMonths);

	let broken = 0;
	let attended = 0;
	const patients = new Map<number, Visits>();
	for (const apt of practice.appointments) {
		if (apt.AptStatus !== 'Scheduled' && apt.AptStatus !== 'Complete' && apt.AptStatus !== 'Broken') continue;
		const date = apt.AptDateTime.slice(0, 10);
		const inWindow = date >= from && date <= to;
		if (inWindow && apt.AptDateTime < options.now) {
			if (apt.AptStatus === 'Broken') broken++;
			if (apt.AptStatus === 'Complete') attended++;
		}
		const p = patients.get(apt.PatNum) ?? { lastBefore: '', lastInWindow: '', latestBooked: '' };
		patients.set(apt.PatNum, p);
		if (apt.AptDateTime > p.latestBooked) p.latestBooked = apt.AptDateTime;
		if (apt.AptStatus !== 'Complete') continue;
		if (date < from && date > p.lastBefore) p.lastBefore = date;
		if (inWindow && apt.AptDateTime > p.lastInWindow) p.lastInWindow = apt.AptDateTime;
	}
	const lapsed = [...patients.values()].filter((p) => p.lastBefore && p.lastBefore < lapseLine);
	const seen = [...patients.values()].filter((p) => p.lastInWindow);

	const plans = presentedPlansTruth(practice, from, to);
	const accepted = plans.filter((p) => p.status === 'scheduled' || p.status === 'completed').length;
	// In whole cents, so the totals are exact.
	const presentedCents = plans.reduce((sum, p) => sum + p.feeCents, 0);
	const acceptedCents = plans.reduce((sum, p) => sum + p.acceptedCents, 0);

	return {
		from,
		to,
		metrics: {
			noShowRate: ratio(broken, broken + attended),
			unscheduledRecovery: ratio(accepted, plans.length),
			treatmentAcceptance: ratio(acceptedCents / 100, presentedCents / 100),
			recallReactivation: ratio(lapsed.filter((p) => p.lastInWindow).length, lapsed.length),
			rebookingRate: ratio(seen.filter((p) => p.latestBooked > p.lastInWindow).length, seen.length),
		},
	};
}

/**
 * Plans dated from `from` to `to`, by TPStatus and the live procedures: Inactive is declined;
 * Saved, or every procedure complete, is completed; any procedure complete or on an appointment
 * is scheduled; else open. Accepted fees are those of complete or booked procedures.
 */
export function presentedPlansTruth(
	practice: Pick<Practice, 'procedures' | 'treatPlans'>,
	from: string,
	to: string,
): PlanTruth[] {
	const byNum = new Map<number, ProcedureLog>(practice.procedures.map((p) => [p.ProcNum, p]));
	const plans: PlanTruth[] = [];
	for (const plan of practice.treatPlans) {
		if (plan.DateTP < from || plan.DateTP > to) continue;
		// A Saved plan keeps frozen copies; on a live one, deleted, referred and existing-work rows no longer count.
		const procs = plan.procNums
			.map((n) => byNum.get(n))
			.filter(
				(p): p is ProcedureLog => !!p && (plan.TPStatus === 'Saved' || ['TP', 'TPi', 'C'].includes(p.ProcStatus)),
			);
		if (!procs.length) continue;
		const taken = procs.filter((p) => p.ProcStatus === 'C' || p.AptNum > 0);
		const done = procs.every((p) => p.ProcStatus === 'C');
		const feeCents = sumCents(procs);
		const status: PlanTruth['status'] =
			plan.TPStatus === 'Inactive'
				? 'declined'
				: plan.TPStatus === 'Saved' || done
					? 'completed'
					: taken.length
						? 'scheduled'
						: 'open';
		const acceptedCents = status === 'declined' ? 0 : plan.TPStatus === 'Saved' ? feeCents : sumCents(taken);
		plans.push({ plan, procNums: procs.map((p) => p.ProcNum), status, feeCents, acceptedCents });
	}
	return plans;
}

function sumCents(procs: ProcedureLog[]): number {
	return procs.reduce((sum, p) => sum + Math.round(p.ProcFee * 100), 0);
}

function ratio(numerator: number, denominator: number): Ratio {
	return { numerator, denominator, value: denominator > 0 ? numerator / denominator : null };
}
