/**
 * What a metric costs and what one stage up brings back (docs/facts.md#leakage-economics: "multiply the gap
 * percentage by the typical case value"). Each metric states what a whole unit of it is worth -
 * a 100% rate, one hour - and the share of it lost now; the gap to the next benchmark prices the
 * recovery the same way.
 */
import { BENCHMARKS, formatValue } from './benchmarks';
import type { Dollars, MetricId, PracticeEconomics } from './types';

/** The stage benchmark's $185 visit and 80 a week, with a front-desk hour and a phone booking (Chairside's assumptions) to price staff time: docs/facts.md#leakage-economics. */
export const DEFAULT_ECONOMICS: Readonly<
	Pick<
		PracticeEconomics,
		'averageAppointmentValue' | 'appointmentsPerWeek' | 'frontDeskHourlyCost' | 'phoneBookingMinutes'
	>
> = {
	averageAppointmentValue: 185,
	appointmentsPerWeek: 80,
	frontDeskHourlyCost: 25,
	phoneBookingMinutes: 6,
};

/** For "give ..." when a number is missing. */
const ECONOMICS_NAMES: Readonly<Record<keyof PracticeEconomics, string>> = {
	averageAppointmentValue: 'the average appointment value',
	appointmentsPerWeek: 'appointments per week',
	treatmentPresentedPerWeek: 'dollars of treatment presented per week',
	lapsedPatients: 'the number of patients lapsed 12 months or more',
	reactivatedPatientValue: "a returning patient's yearly production",
	frontDeskHourlyCost: 'the loaded cost of a front-desk hour',
	phoneBookingMinutes: 'front-desk minutes per phone booking',
};

const WEEKS_A_YEAR = 52;
const cents = (amount: number) => Math.round(amount * 100) / 100;

export function weekly(perWeek: number): Dollars {
	return { week: cents(perWeek), month: cents((perWeek * WEEKS_A_YEAR) / 12), year: cents(perWeek * WEEKS_A_YEAR) };
}

export function sumDollars(list: readonly Dollars[]): Dollars {
	const total = (key: keyof Dollars) => cents(list.reduce((sum, d) => sum + d[key], 0));
	return { week: total('week'), month: total('month'), year: total('year') };
}

/** "$1,776", "$12.50" */
export function formatDollars(amount: number): string {
	const decimals = Number.isInteger(amount) ? 0 : 2;
	return `$${amount.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: 2 })}`;
}

interface DollarModel {
	needs: readonly (keyof PracticeEconomics)[];
	/** The horizon the formula is naturally stated over (recall value is a patient's year). */
	per: 'week' | 'year';
	/** Dollars over `per` that the whole of the metric is worth: a 100% rate, or one hour. */
	worth(e: PracticeEconomics): number;
	/** The formula in words, with the numbers; `value` is already formatted ("12%"). */
	words(value: string, e: PracticeEconomics): string;
}

// Reviews have none: their worth is real but not a number the practice can give.
const MODELS: Partial<Record<MetricId, DollarModel>> = {
	noShowRate: {
		needs: ['averageAppointmentValue', 'appointmentsPerWeek'],
		per: 'week',
		worth: (e) => e.averageAppointmentValue * e.appointmentsPerWeek,
		words: (v, e) =>
			`${v} no-show x ${formatDollars(e.averageAppointmentValue)} average appointment x ${e.appointmentsPerWeek} appointments a week`,
	},
	unscheduledRecovery: {
		needs: ['treatmentPresentedPerWeek'],
		per: 'week',
		worth: (e) => e.treatmentPresentedPerWeek,
		words: (v, e) =>
			`(100% - ${v} recovered) x ${formatDollars(e.treatmentPresentedPerWeek)} of treatment presented a week`,
	},
	recallReactivation: {
		needs: ['lapsedPatients', 'reactivatedPatientValue'],
		per: 'year',
		worth: (e) => e.lapsedPatients * e.reactivatedPatientValue,
		words: (v, e) =>
			`(100% - ${v} reactivated) x ${e.lapsedPatients} lapsed patients x ${formatDollars(e.reactivatedPatientValue)} a returning patient's year`,
	},
	onlineBookingShare: {
		needs: ['appointmentsPerWeek', 'phoneBookingMinutes', 'frontDeskHourlyCost'],
		per: 'week',
		// A booking not made online is made by phone, on front-desk time.
		worth: (e) => ((e.appointmentsPerWeek * e.phoneBookingMinutes) / 60) * e.frontDeskHourlyCost,
		words: (v, e) =>
			`(100% - ${v} booked online) x ${e.appointmentsPerWeek} appointments a week x ${e.phoneBookingMinutes} phone minutes each at ${formatDollars(e.frontDeskHourlyCost)} a front-desk hour`,
	},
	frontDeskHours: {
		needs: ['frontDeskHourlyCost'],
		per: 'week',
		worth: (e) => e.frontDeskHourlyCost,
		words: (v, e) => `${v} front-desk hours a week x ${formatDollars(e.frontDeskHourlyCost)} an hour`,
	},
};

export interface Priced {
	leakage: Dollars | null;
	recoverable: Dollars | null;
	method: string;
}

/** `nextTarget` null: Stage 5, nothing above to recover to. */
export function priceMetric(
	metric: MetricId,
	value: number,
	nextTarget: number | null,
	economics: Partial<PracticeEconomics>,
): Priced {
	const model = MODELS[metric];
	const { phrase, better } = BENCHMARKS[metric];
	if (!model)
		return { leakage: null, recoverable: null, method: `No dollar model for ${phrase}: it is scored, not priced.` };
	const missing = model.needs.filter((key) => !Number.isFinite(economics[key]));
	if (missing.length) {
		const give = missing.map((key) => `${ECONOMICS_NAMES[key]} (${key})`).join(' and ');
		return { leakage: null, recoverable: null, method: `Give ${give} to put dollars on ${phrase}.` };
	}
	const e = economics as PracticeEconomics;
	const perWeek = (share: number) => (share * model.worth(e)) / (model.per === 'year' ? WEEKS_A_YEAR : 1);
	// Lower-better: the value itself is lost (no-shows, hours). Higher-better: what it falls short of 100%.
	const leakage = weekly(perWeek(better === 'lower' ? value : 1 - value));
	const horizon = (d: Dollars) => `${formatDollars(d[model.per])} a ${model.per}`;
	const cost = `${model.words(formatValue(metric, value), e)} = ${horizon(leakage)}`;
	if (nextTarget === null)
		return { leakage, recoverable: null, method: `${cost}; already at Stage 5, no benchmark above to recover to.` };
	const recoverable = weekly(perWeek(Math.abs(value - nextTarget)));
	return {
		leakage,
		recoverable,
		method: `${cost}; reaching ${formatValue(metric, nextTarget)} brings back ${horizon(recoverable)}.`,
	};
}
