import { EXPORT_FIELDS, normalizeHeader, type ExportField, type ExportPreset } from './presets';

export type ColumnIndex = Partial<Record<ExportField, number>>;

export type HeaderMatch = { ok: true; columns: ColumnIndex } | { ok: false; missing: string[] };

/** Fields a row cannot do without; names may come as one column or two. */
function missingRequired(columns: ColumnIndex): string[] {
	const missing: string[] = [];
	if (columns.patientId === undefined) missing.push('patient id');
	if (columns.fee === undefined) missing.push('fee');
	if (columns.patientName === undefined && columns.firstName === undefined) missing.push('patient name');
	return missing;
}

/**
 * Finds which column holds which field. Explicit mappings (the Generic preset's UI) win and must
 * exist; every other field takes the first of the preset's header names present, each column once.
 */
export function matchHeader(
	record: string[],
	preset: ExportPreset,
	explicit: Partial<Record<ExportField, string>>,
): HeaderMatch {
	const positions = new Map<string, number>();
	record.forEach((cell, i) => {
		const key = normalizeHeader(cell);
		if (key && !positions.has(key)) positions.set(key, i);
	});
	const columns: ColumnIndex = {};
	const taken = new Set<number>();
	const unknownExplicit: string[] = [];
	for (const field of EXPORT_FIELDS) {
		const named = explicit[field]?.trim();
		if (!named) continue;
		const index = positions.get(normalizeHeader(named));
		if (index === undefined) unknownExplicit.push(`"${named}" (mapped to ${field})`);
		else {
			columns[field] = index;
			taken.add(index);
		}
	}
	if (unknownExplicit.length) return { ok: false, missing: unknownExplicit };
	for (const field of EXPORT_FIELDS) {
		if (columns[field] !== undefined) continue;
		for (const alias of preset.columns[field] ?? []) {
			const index = positions.get(alias);
			if (index !== undefined && !taken.has(index)) {
				columns[field] = index;
				taken.add(index);
				break;
			}
		}
	}
	const missing = missingRequired(columns);
	return missing.length ? { ok: false, missing } : { ok: true, columns };
}
