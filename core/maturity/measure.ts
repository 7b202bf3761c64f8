/**
 * The practice's KPIs measured from PMS data over a window of calendar days, with the counts behind
 * every rate. One pass over each list: dates are the practice's yyyy-MM-dd and appointment starts
 * its local "yyyy-MM-ddTHH:mm:ss" prefix, so comparisons are string comparisons, and luxon works
 * only on the handful of window edges.
 */
import type { DateTime } from 'luxon';
import type { PresentedPlan } from '../model/clinical';
import { cents } from '../normalize/money';
import { localKey, startKey, type ReadAppointment, type ReadProcedure, type Skipped } from './items';
import { METRIC_IDS, type MeasuredId, type MeasuredMetric, type Measurement, type PracticeEconomics } from './types';
import { LAPSED_MONTHS } from '../model/lapsed';

export interface MeasureInput {
	appointments: readonly ReadAppointment[];
	procedures: readonly ReadProcedure[];
	plans: readonly PresentedPlan[];
	skipped?: readonly Skipped[];
}

export interface MeasureOptions {
	/** In the practice's zone: the window ends on its date, and appointment starts carry its offset. */
	now: DateTime;
	windowDays?: number;
	lapsedMonths?: number;
	/** Bookings made online in the window, from the booking tool; the PMS does not know. */
	onlineBookings?: number | null;
	/** Reviews received in the window. */
	reviews?: number | null;
	/** Front-desk hours a week, as the practice reports them. */
	frontDeskHours?: number | null;
}

const DAYS_PER_MONTH = 30.4375;
/** Statuses that hold a slot on the books (not the unscheduled, ASAP or planned lists). */
const BOOKED = new Set(['scheduled', 'completed', 'broken']);

/** The window's edges as the strings the items are compared with. */
interface Window {
	from: string;
	to: string;
	nowKey: string;
	/** Last visits before this date, at the window's start, are lapsed. */
	lapseLine: string;
	/** The last 12 months are the dates after this one, up to `to`. */
	yearAgo: string;
}

/** A patient's visits as the window sees them; '' is "none". */
interface Visits {
	/** Last completed visit before the window (date). */
	lastBefore: string;
	/** Last completed visit in the window (local start). */
	lastInWindow: string;
	/** Latest appointment on the books, whenever (local start). */
	latestBooked: string;
}

export function measure(input: MeasureInput, options: MeasureOptions): Measurement {
	const windowDays = options.windowDays ?? 90;
	const lapsedMonths = options.lapsedMonths ?? LAPSED_MONTHS;
	if (!Number.isInteger(windowDays) || windowDays < 1)
		throw new RangeError(`windowDays must be a whole number of days from 1, got ${windowDays}`);
	if (!Number.isInteger(lapsedMonths) || lapsedMonths < 1)
		throw new RangeError(`lapsedMonths must be a whole number of months from 1, got ${lapsedMonths}`);
	const day = options.now.startOf('day');
	const first = day.minus({ days: windowDays - 1 });
	const w: Window = {
		from: first.toISODate() as string,
		to: day.toISODate() as string,
		nowKey: localKey(options.now),
		lapseLine: first.minus({ months: lapsedMonths }).toISODate() as string,
		yearAgo: day.minus({ years: 1 }).toISODate() as string,
	};
	const apts = appointmentCounts(input.appointments, w);
	const production = productionCounts(input.procedures, w, apts.yearPatients);
	const plans = planCounts(input.plans, w);

	const range = `from ${w.from} to ${w.to}`;
	const metrics: Record<MeasuredId, MeasuredMetric> = {
		noShowRate: rate(
			apts.brokenPast,
			apts.brokenPast + apts.completedPast,
			`Broken appointments over broken plus completed ones, of those that started ${range} before now.`,
		),
		unscheduledRecovery: rate(
			plans.accepted,
			plans.presented,
			`Treatment plans presented ${range} that are scheduled or completed, over all plans presented then.`,
		),
		treatmentAcceptance: rate(
			cents(plans.acceptedFee),
			cents(plans.presentedFee),
			`Fees of the scheduled or completed procedures over the fees of all procedures in the plans presented ${range}.`,
		),
		recallReactivation: rate(
			apts.reactivated,
			apts.lapsed,
			`Patients whose last completed visit was more than ${lapsedMonths} months before ${w.from}: the share with a completed visit ${range}.`,
		),
		rebookingRate: rate(
			apts.rebooked,
			apts.seen,
			`Patients with a completed visit ${range}: the share with an appointment booked after their last one (scheduled, completed or broken).`,
		),
		onlineBookingShare: given(
			options.onlineBookings,
			apts.booked,
			`Online bookings over the scheduled, completed and broken appointments starting ${range}.`,
		),
		reviewsPerMonth: given(
			options.reviews,
			windowDays / DAYS_PER_MONTH,
			`Reviews received ${range} over the window's ${windowDays} days in months of ${DAYS_PER_MONTH} days.`,
		),
		frontDeskHours: given(options.frontDeskHours, 1, 'Front-desk hours a week, as the practice reports them.'),
	};

	const weeks = windowDays / 7;
	const economics: Partial<PracticeEconomics> = {};
	// A figure the input cannot show is left to the practice's own numbers, never set to 0.
	if (input.appointments.length) {
		economics.appointmentsPerWeek = Math.round(((apts.completed + apts.broken) / weeks) * 10) / 10;
		economics.lapsedPatients = apts.lapsed;
	}
	if (input.procedures.length && apts.completed)
		economics.averageAppointmentValue = cents(production.window / apts.completed);
	if (input.plans.length) economics.treatmentPresentedPerWeek = cents(plans.presentedFee / weeks);
	if (input.procedures.length && apts.yearPatients.size)
		economics.reactivatedPatientValue = cents(production.year / apts.yearPatients.size);

	return {
		from: w.from,
		to: w.to,
		windowDays,
		metrics,
		practiceMetrics: Object.fromEntries(METRIC_IDS.map((id) => [id, metrics[id].value])),
		economics,
		read: {
			appointments: input.appointments.length,
			procedures: input.procedures.length,
			plans: input.plans.length,
			skipped: input.skipped?.length ?? 0,
		},
	};
}

/** Appointment counts in the window, and per patient what reactivation and rebooking need. */
function appointmentCounts(appointments: readonly ReadAppointment[], w: Window) {
	const counts = {
		booked: 0,
		completed: 0,
		broken: 0,
		completedPast: 0,
		brokenPast: 0,
		lapsed: 0,
		reactivated: 0,
		seen: 0,
		rebooked: 0,
		yearPatients: new Set<string>(),
	};
	const visits = new Map<string, Visits>();
	for (const apt of appointments) {
		if (!BOOKED.has(apt.status)) continue;
		const date = apt.start.slice(0, 10);
		const key = startKey(apt.start);
		let v = visits.get(apt.patientId);
		if (!v) visits.set(apt.patientId, (v = { lastBefore: '', lastInWindow: '', latestBooked: '' }));
		if (key > v.latestBooked) v.latestBooked = key;
		const inWindow = date >= w.from && date <= w.to;
		if (inWindow) counts.booked++;
		if (apt.status === 'broken' && inWindow) {
			counts.broken++;
			if (key < w.nowKey) counts.brokenPast++;
		}
		if (apt.status !== 'completed') continue;
		if (date > w.yearAgo && date <= w.to) counts.yearPatients.add(apt.patientId);
		if (date < w.from) {
			if (date > v.lastBefore) v.lastBefore = date;
		} else if (inWindow) {
			counts.completed++;
			if (key < w.nowKey) counts.completedPast++;
			if (key > v.lastInWindow) v.lastInWindow = key;
		}
	}
	for (const v of visits.values()) {
		if (v.lastBefore && v.lastBefore < w.lapseLine) {
			counts.lapsed++;
			if (v.lastInWindow) counts.reactivated++;
		}
		if (v.lastInWindow) {
			counts.seen++;
			if (v.latestBooked > v.lastInWindow) counts.rebooked++;
		}
	}
	return counts;
}

/** Completed procedure fees in the window and in the last 12 months; adds the year's patients. */
function productionCounts(procedures: readonly ReadProcedure[], w: Window, yearPatients: Set<string>) {
	const production = { window: 0, year: 0 };
	for (const proc of procedures) {
		const date = proc.occurredOn;
		if (date >= w.from && date <= w.to) production.window += proc.fee;
		if (date > w.yearAgo && date <= w.to) {
			production.year += proc.fee;
			yearPatients.add(proc.patientId);
		}
	}
	return production;
}

function planCounts(plans: readonly PresentedPlan[], w: Window) {
	const counts = { presented: 0, accepted: 0, presentedFee: 0, acceptedFee: 0 };
	for (const plan of plans) {
		if (plan.presentedOn < w.from || plan.presentedOn > w.to) continue;
		counts.presented++;
		counts.presentedFee += plan.fee;
		counts.acceptedFee += plan.acceptedFee;
		if (plan.status === 'scheduled' || plan.status === 'completed') counts.accepted++;
	}
	return counts;
}

function rate(numerator: number, denominator: number, definition: string): MeasuredMetric {
	return { value: denominator > 0 ? numerator / denominator : null, numerator, denominator, definition };
}

/** A count the practice supplies over one the data shows; null (not measured) when not supplied. */
function given(count: number | null | undefined, denominator: number, definition: string): MeasuredMetric {
	if (count === null || count === undefined) return { value: null, numerator: 0, denominator: 0, definition };
	return rate(count, denominator, definition);
}
