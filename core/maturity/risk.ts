/**
 * The call list: patients drifting away, worth most first (docs/facts.md#practice-intelligence: "a
 * Botox patient who was rebooking every 12 weeks is now at 16", shrinking spend, missed
 * appointments, "Call these 12 patients"). The items are grouped by patient in one pass; dates
 * are compared as strings and turned into day numbers by hand, so 50,000 patients take a blink.
 */
import type { DateTime } from 'luxon';
import { dayNumber } from '../normalize/date';
import { cents } from '../normalize/money';
import { localKey, startKey, type PatientContact, type ReadAppointment, type ReadProcedure } from './items';
import type { PatientRisk, RiskReason } from './types';

export interface RiskInput {
	appointments: readonly ReadAppointment[];
	procedures: readonly ReadProcedure[];
}

export interface RiskOptions {
	/** In the practice's zone, like the appointment starts. */
	now: DateTime;
	limit?: number;
	/** Visits needed before a patient has a usual interval. */
	minVisits?: number;
	/** Weeks since the last visit over the usual interval that counts as drifting. */
	driftThreshold?: number;
	/** Last year's production under this share of the year before's counts as shrinking. */
	shrinkThreshold?: number;
}

export interface RiskList {
	list: PatientRisk[];
	/** Last-24-months production from which a patient is VIP: the top 10% of those with any; 0 when nobody produced. */
	vipThreshold: number;
	/** Patients with at least one visit. */
	patientsScored: number;
}

/**
 * How much each signal weighs; churnRisk is 1 - the product of (1 - weight x strength), so each
 * signal adds to the others without the sum passing 1. Strengths, 0..1: drift, weeks-since over
 * usual halved (twice the usual interval is full strength); shrinking, the share of spend lost;
 * missed, 1 - 1/2^missed (one 0.5, two 0.75); no future visit, 1.
 */
export const RISK_WEIGHTS: Readonly<Record<RiskReason, number>> = {
	cadence_drift: 0.6,
	shrinking_spend: 0.5,
	missed_appointments: 0.4,
	no_future_visit: 0.2,
};

const VIP_SHARE = 0.1;

/** One patient, gathered from every item in one pass. */
interface Chart {
	patientId: string;
	/** Dates of completed appointments. */
	visits: string[];
	/** Dates of completed procedures: the visits of a patient whose appointments were not read. */
	procedureDays: string[];
	missed: number;
	booked: boolean;
	spendLastYear: number;
	spendYearBefore: number;
	contact: PatientContact | undefined;
}

interface Scored {
	chart: Chart;
	lastVisit: string;
	usualDays: number | null;
	daysSince: number;
	churnRisk: number;
	/** What losing the patient costs: a year's production, the better of the last two. */
	atStake: number;
	/** churnRisk x atStake: the order of the list. */
	priority: number;
	vip: boolean;
	reasons: RiskReason[];
}

export function patientRisk(input: RiskInput, options: RiskOptions): RiskList {
	const limit = options.limit ?? 12;
	const minVisits = options.minVisits ?? 3;
	if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a whole number from 1, got ${limit}`);
	// Two visits make the first interval.
	if (!Number.isInteger(minVisits) || minVisits < 2)
		throw new RangeError(`minVisits must be a whole number from 2, got ${minVisits}`);
	const driftThreshold = options.driftThreshold ?? 1.25;
	const shrinkThreshold = options.shrinkThreshold ?? 0.6;
	const day = options.now.startOf('day');
	const today = day.toISODate() as string;
	const yearAgo = day.minus({ years: 1 }).toISODate() as string;
	const twoYearsAgo = day.minus({ years: 2 }).toISODate() as string;
	const nowKey = localKey(options.now);

	const charts = new Map<string, Chart>();
	const chartOf = (patientId: string): Chart => {
		let chart = charts.get(patientId);
		if (!chart) {
			chart = {
				patientId,
				visits: [],
				procedureDays: [],
				missed: 0,
				booked: false,
				spendLastYear: 0,
				spendYearBefore: 0,
				contact: undefined,
			};
			charts.set(patientId, chart);
		}
		return chart;
	};
	for (const apt of input.appointments) {
		const chart = chartOf(apt.patientId);
		if (apt.patient) chart.contact = apt.patient;
		const date = apt.start.slice(0, 10);
		if (apt.status === 'completed' && date <= today) chart.visits.push(date);
		else if (apt.status === 'broken' && date > yearAgo && date <= today) chart.missed++;
		else if (apt.status === 'scheduled' && startKey(apt.start) > nowKey) chart.booked = true;
	}
	for (const proc of input.procedures) {
		const date = proc.occurredOn;
		if (date > today) continue;
		const chart = chartOf(proc.patientId);
		chart.procedureDays.push(date);
		if (date > yearAgo) chart.spendLastYear += proc.fee;
		else if (date > twoYearsAgo) chart.spendYearBefore += proc.fee;
	}

	const todayNumber = dayNumber(today);
	const scored: Scored[] = [];
	for (const chart of charts.values()) {
		const visits = distinctSorted(chart.visits.length ? chart.visits : chart.procedureDays);
		if (!visits.length) continue;
		scored.push(score(chart, visits, todayNumber, { minVisits, driftThreshold, shrinkThreshold }));
	}

	const vipThreshold = topShareFloor(
		scored.map((s) => s.chart.spendLastYear + s.chart.spendYearBefore),
		VIP_SHARE,
	);
	for (const s of scored) s.vip = vipThreshold > 0 && s.chart.spendLastYear + s.chart.spendYearBefore >= vipThreshold;

	// Nothing booked is the normal state between visits for many patients: on its own it is no signal.
	const atRisk = scored.filter((s) => s.reasons.some((r) => r !== 'no_future_visit'));
	atRisk.sort(
		(a, b) =>
			b.priority - a.priority ||
			Number(b.vip) - Number(a.vip) ||
			b.churnRisk - a.churnRisk ||
			byId(a.chart.patientId, b.chart.patientId),
	);
	return {
		list: atRisk.slice(0, limit).map((s, i) => toRisk(s, i + 1)),
		vipThreshold: cents(vipThreshold),
		patientsScored: scored.length,
	};
}

function score(
	chart: Chart,
	visits: string[],
	todayNumber: number,
	o: { minVisits: number; driftThreshold: number; shrinkThreshold: number },
): Scored {
	const lastVisit = visits[visits.length - 1];
	const daysSince = todayNumber - dayNumber(lastVisit);
	const usualDays = visits.length >= o.minVisits ? median(gaps(visits)) : null;
	const drift = usualDays ? daysSince / usualDays : null;
	const reasons: RiskReason[] = [];
	const strengths: number[] = [];
	const add = (reason: RiskReason, strength: number) => {
		reasons.push(reason);
		strengths.push(RISK_WEIGHTS[reason] * strength);
	};
	// Someone with the next visit booked is not drifting, however long since the last one.
	if (drift !== null && !chart.booked && drift >= o.driftThreshold) add('cadence_drift', Math.min(1, drift / 2));
	if (chart.spendYearBefore > 0 && chart.spendLastYear < o.shrinkThreshold * chart.spendYearBefore)
		add('shrinking_spend', 1 - chart.spendLastYear / chart.spendYearBefore);
	if (chart.missed > 0) add('missed_appointments', 1 - 0.5 ** chart.missed);
	if (!chart.booked) add('no_future_visit', 1);
	const churnRisk = 1 - strengths.reduce((keep, s) => keep * (1 - s), 1);
	const atStake = Math.max(chart.spendLastYear, chart.spendYearBefore);
	return {
		chart,
		lastVisit,
		usualDays,
		daysSince,
		churnRisk,
		atStake,
		priority: churnRisk * atStake,
		vip: false,
		reasons,
	};
}

function toRisk(s: Scored, rank: number): PatientRisk {
	const { chart } = s;
	const usualWeeks = s.usualDays === null ? null : s.usualDays / 7;
	const weeksSince = s.daysSince / 7;
	const texts: Record<RiskReason, () => string> = {
		cadence_drift: () =>
			`came every ${weeks(usualWeeks as number)} weeks, now ${weeks(weeksSince)} weeks since the last visit`,
		shrinking_spend: () =>
			`spent ${dollars(chart.spendLastYear)} in the last 12 months, down from ${dollars(chart.spendYearBefore)} the 12 months before`,
		missed_appointments: () =>
			`missed ${chart.missed} appointment${chart.missed === 1 ? '' : 's'} in the last 12 months`,
		no_future_visit: () => 'nothing booked',
	};
	return {
		rank,
		patientId: chart.patientId,
		displayName: chart.contact ? displayName(chart.contact) : null,
		mobile: chart.contact?.mobile ?? null,
		churnRisk: Math.round(s.churnRisk * 1000) / 1000,
		vip: s.vip,
		reasons: s.reasons.map((reason) => ({ reason, text: texts[reason]() })),
		atStake: cents(s.atStake),
		lastVisit: s.lastVisit,
		usualIntervalWeeks: usualWeeks === null ? null : Math.round(usualWeeks * 10) / 10,
		weeksSinceVisit: Math.round(weeksSince * 10) / 10,
		missedLastYear: chart.missed,
		spendLastYear: cents(chart.spendLastYear),
		spendYearBefore: cents(chart.spendYearBefore),
	};
}

/** PatNums in number order without localeCompare, which a sort of 50,000 ties would feel. */
function byId(a: string, b: string): number {
	return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** "Maria G.": the call list goes to the owner's inbox, so never the full name. */
function displayName(contact: PatientContact): string | null {
	const first = contact.firstName.trim();
	const initial = contact.lastName.trim().charAt(0).toUpperCase();
	return [first, initial && `${initial}.`].filter(Boolean).join(' ') || null;
}

/** The value from which a patient is in the top `share` (at least one patient); 0 when none has any. */
function topShareFloor(values: number[], share: number): number {
	const positive = Float64Array.from(values.filter((v) => v > 0)).sort();
	if (!positive.length) return 0;
	return positive[positive.length - Math.ceil(positive.length * share)];
}

function distinctSorted(dates: string[]): string[] {
	dates.sort();
	return dates.filter((d, i) => i === 0 || d !== dates[i - 1]);
}

function gaps(visits: string[]): number[] {
	const days = visits.map(dayNumber);
	return days.slice(1).map((d, i) => d - days[i]);
}

function median(values: number[]): number {
	const sorted = Float64Array.from(values).sort();
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Whole weeks, or one decimal under two weeks where rounding would say 0 or 1. */
function weeks(n: number): string {
	return n >= 2 ? String(Math.round(n)) : n.toFixed(1);
}

function dollars(n: number): string {
	return `$${Math.round(n).toLocaleString('en-US')}`;
}
