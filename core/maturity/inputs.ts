/**
 * The assessment's inputs as a node receives them: typed into a form, mapped from a sheet, or
 * computed by an expression, so "12%", 12 and 0.12 all arrive. Checked once here; every bad field
 * is named with its value in one error, so the user fixes them in one pass.
 */
import { z } from 'zod';
import { parseMoney } from '../normalize/money';
import {
	FOOTPRINT_TOOLS,
	type Footprint,
	type FootprintTool,
	type MetricId,
	type PracticeEconomics,
	type PracticeMetrics,
} from './types';

export class MaturityInputError extends Error {
	constructor(readonly problems: readonly string[]) {
		super(problems.join('; '));
		this.name = 'MaturityInputError';
	}
}

/** A reading of one raw value: what it means, or what is wrong with it. */
type Reading<T> = { ok: true; value: T } | { ok: false; problem: string };

/** The value as the user typed it: strings quoted, so "" and "12" read as text. */
function shown(value: unknown): string {
	return typeof value === 'string' || typeof value === 'object' ? JSON.stringify(value) : String(value);
}

const blank = (value: unknown) =>
	value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

const RATE_TEXT = /^(-?\d*\.?\d+)\s*(%?)$/;

/** 0.12, "0.12", "12%", "12 %", 12 and "12" are all 12%: a number above 1 can only be percent points. */
function readRate(raw: unknown): Reading<number> {
	const match = typeof raw === 'string' ? RATE_TEXT.exec(raw.trim()) : null;
	const number = typeof raw === 'number' ? raw : match ? Number(match[1]) : NaN;
	if (!Number.isFinite(number)) return { ok: false, problem: `${shown(raw)} is not a rate (give 0.12 or 12%)` };
	const rate = match?.[2] || number > 1 ? number / 100 : number;
	if (rate < 0) return { ok: false, problem: `${shown(raw)} is below 0%` };
	if (rate > 1) return { ok: false, problem: `${shown(raw)} is above 100%` };
	return { ok: true, value: rate };
}

/** A count or an amount: 6, "6", "16.5", "$1,250". */
function readAmount(raw: unknown): Reading<number> {
	const number = typeof raw === 'number' ? raw : typeof raw === 'string' ? parseMoney(raw) : null;
	if (number === null || !Number.isFinite(number)) return { ok: false, problem: `${shown(raw)} is not a number` };
	if (number < 0) return { ok: false, problem: `${shown(raw)} is below 0` };
	return { ok: true, value: number };
}

const YES = ['yes', 'true'];
const NO = ['no', 'false'];

/** A tool the practice has: true/false, "yes"/"no", "true"/"false"; not given means it has not. */
function readHas(raw: unknown): Reading<boolean> {
	if (typeof raw === 'boolean') return { ok: true, value: raw };
	const text = typeof raw === 'string' ? raw.trim().toLowerCase() : null;
	if (text !== null && YES.includes(text)) return { ok: true, value: true };
	if (text !== null && NO.includes(text)) return { ok: true, value: false };
	return { ok: false, problem: `${shown(raw)} is not yes or no` };
}

/** Blank is null ("not given"); anything else must read, or the issue carries the problem. */
function field<T>(read: (raw: unknown) => Reading<T>) {
	return z.unknown().transform((raw, ctx): T | null => {
		if (blank(raw)) return null;
		const reading = read(raw);
		if (reading.ok) return reading.value;
		ctx.addIssue({ code: z.ZodIssueCode.custom, message: reading.problem });
		return z.NEVER;
	});
}

const rate = field(readRate);
const amount = field(readAmount);
const has = field(readHas);

const metricsSchema = z.object({
	noShowRate: rate,
	recallReactivation: rate,
	unscheduledRecovery: rate,
	onlineBookingShare: rate,
	reviewsPerMonth: amount,
	frontDeskHours: amount,
} satisfies Record<MetricId, unknown>);

const footprintSchema = z.object(
	Object.fromEntries(FOOTPRINT_TOOLS.map((tool) => [tool, has])) as Record<FootprintTool, typeof has>,
);

const economicsSchema = z.object({
	averageAppointmentValue: amount,
	appointmentsPerWeek: amount,
	treatmentPresentedPerWeek: amount,
	lapsedPatients: amount,
	reactivatedPatientValue: amount,
	frontDeskHourlyCost: amount,
	phoneBookingMinutes: amount,
} satisfies Record<keyof PracticeEconomics, unknown>);

/** The fields given; throws one MaturityInputError naming every bad field ("noShowRate: ..."). */
function parseWith<K extends string, T>(
	schema: z.ZodType<Record<K, T | null>, z.ZodTypeDef, unknown>,
	raw: Record<string, unknown>,
): Partial<Record<K, T>> {
	const parsed = schema.safeParse(raw);
	if (!parsed.success)
		throw new MaturityInputError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
	// Blanks are left out, not set to null, so the node can spread them over its defaults.
	return Object.fromEntries(Object.entries(parsed.data).filter(([, value]) => value !== null)) as Partial<Record<K, T>>;
}

export function parseMetrics(raw: Record<string, unknown>): PracticeMetrics {
	return parseWith(metricsSchema, raw);
}

/** A tool not given is a tool the practice does not have. */
export function parseFootprint(raw: Record<string, unknown>): Footprint {
	const given = parseWith(footprintSchema, raw);
	return Object.fromEntries(FOOTPRINT_TOOLS.map((tool) => [tool, given[tool] ?? false])) as Record<
		FootprintTool,
		boolean
	>;
}

export function parseEconomics(raw: Record<string, unknown>): Partial<PracticeEconomics> {
	return parseWith(economicsSchema, raw);
}
