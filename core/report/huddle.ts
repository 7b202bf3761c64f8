/**
 * The morning huddle list (workflows/daily-unscheduled-treatment.json): one row per unscheduled
 * treatment case as PMS > Treatment > Get Unscheduled emits it, in the columns the front desk reads,
 * every text cell made safe to open in a spreadsheet (./cells.ts). Names and providers come from the
 * PMS as typed there, so any of them can start like a formula; categories read as lay names.
 */
import { CATEGORY_NAMES, type Category } from '../model/category';
import { safeCell, textCell, type Cell } from './cells';

/** The columns, in the order the CSV gets them. */
export type HuddleRow = Record<
	'Patient' | 'Chart' | 'Mobile' | 'Treatment' | 'Value' | 'Days Waiting' | 'Provider' | 'Can Text',
	Cell
>;

const record = (value: unknown): Record<string, unknown> =>
	value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
const text = (value: unknown): string => (value === null || value === undefined ? '' : String(value));
const number = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

export function huddleRow(item: Record<string, unknown>): HuddleRow {
	const patient = record(item.patient);
	return {
		Patient: safeCell([text(patient.firstName), text(patient.lastName)].filter(Boolean).join(' ')),
		Chart: safeCell(text(patient.id)),
		Mobile: patient.mobile ? textCell(text(patient.mobile)) : '',
		// The category's lay name; a category the model does not know (another PMS's) stays as typed.
		Treatment: safeCell(CATEGORY_NAMES[text(item.category) as Category] ?? text(item.category)),
		Value: number(item.totalFee),
		'Days Waiting': number(item.ageDays),
		Provider: safeCell(text(item.provider)),
		'Can Text': record(item.contactability).sms === true,
	};
}
