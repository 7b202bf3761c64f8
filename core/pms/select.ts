/**
 * The filters a PMS read applies after the rows are in, the same on every backend: which unscheduled
 * cases a query keeps, which completed procedures a family list keeps.
 */
import type { DateTime } from 'luxon';
import type { TreatmentCase } from '../model/case';
import type { Category } from '../model/category';
import type { ClinicalEvent, ImplantMilestone } from '../model/clinical';
import type { UnscheduledQuery } from './reader';

/** Every unscheduled case, whatever its value, category, provider, clinic or age (PMS Trigger's poll). */
export function everyUnscheduled(now: DateTime): UnscheduledQuery {
	return { now, minAgeHours: 0, minValue: 0, maxValue: null, categories: [], provider: null, clinic: null };
}

/**
 * Whether the query keeps a case. Open Dental's Treatment Finder keeps patients whose planned fees add
 * up to more than zero (docs/facts.md#treatment-follow-up-timing); NexHealth's reader uses its meaning.
 */
export function keepsCase(query: UnscheduledQuery, item: TreatmentCase): boolean {
	const minAgeDays = query.minAgeHours / 24;
	if (item.totalFee <= 0) return false;
	if (item.totalFee < query.minValue || (query.maxValue !== null && item.totalFee > query.maxValue)) return false;
	if (query.categories.length && !query.categories.includes(item.category)) return false;
	if (query.provider && item.provider !== query.provider) return false;
	if (query.clinic && item.patient.clinic !== query.clinic) return false;
	return !(minAgeDays > 0 && (item.ageDays === null || item.ageDays < minAgeDays));
}

/** Every procedure when no family is asked for; else its category or implant milestone must be one. */
export function inFamilies(event: ClinicalEvent, families: ReadonlyArray<Category | ImplantMilestone>): boolean {
	return !families.length || families.some((f) => f === event.category || f === event.milestone);
}
