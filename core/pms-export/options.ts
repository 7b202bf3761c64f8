import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import { isCountryCode } from '../normalize/phone';
import type { ExportOptions } from './read';
import { EXPORT_FIELDS, PRESET_IDS } from './presets';

/**
 * The settings a user gives, as they arrive from a form or a node (strings, blanks for defaults),
 * checked once and turned into ExportOptions. Problems name the setting, never a patient.
 */
const settingsSchema = z.object({
	preset: z.enum(PRESET_IDS),
	columnMap: z.record(z.enum(EXPORT_FIELDS), z.string()).default({}),
	delimiter: z.enum(['auto', ',', ';', '\t']).default('auto'),
	encoding: z.enum(['utf8', 'latin1']).default('utf8'),
	dateOrder: z.enum(['preset', 'MDY', 'DMY']).default('preset'),
	decimal: z.enum(['.', ',']).default('.'),
	defaultRegion: z
		.string()
		.default('US')
		.transform((s) => s.trim().toUpperCase() || 'US')
		.refine(isCountryCode, { message: 'is not a two-letter country code libphonenumber knows (e.g. US, CA)' }),
	timezone: z
		.string()
		.trim()
		.refine((zone) => IANAZone.isValidZone(zone), { message: 'is not an IANA time zone (e.g. America/Chicago)' }),
	// A string from the form, or a DateTime from an expression like {{ $now }}: n8n's own luxon
	// copy, not ours, so it is read through toISO() rather than instanceof.
	now: z
		.union([
			z.string(),
			z.custom<{ toISO(): string | null }>((v) => typeof (v as { toISO?: unknown })?.toISO === 'function'),
		])
		.optional()
		.transform((value, ctx) => {
			if (value === undefined || value === '') return DateTime.now();
			const parsed = DateTime.fromISO(typeof value === 'string' ? value : String(value.toISO()), { setZone: true });
			if (!parsed.isValid) {
				ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'is not a date and time (ISO 8601)' });
				return z.NEVER;
			}
			return parsed;
		}),
	headerSearchLines: z.number().int().min(1).max(1000).default(20),
});

export type ExportSettings = z.input<typeof settingsSchema>;

export class SettingsError extends Error {
	constructor(
		readonly setting: string,
		message: string,
	) {
		super(`${setting} ${message}`);
		this.name = 'SettingsError';
	}
}

export function parseExportSettings(settings: ExportSettings): ExportOptions {
	const parsed = settingsSchema.safeParse(settings);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw new SettingsError(issue.path.join('.') || 'settings', issue.message);
	}
	const { columnMap, ...rest } = parsed.data;
	return { ...rest, columnMap: columnMap as ExportOptions['columnMap'] };
}
