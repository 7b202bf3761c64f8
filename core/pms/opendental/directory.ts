/**
 * Providers, clinics and operatories by number, and the office's Open Dental version: what turns a
 * row's numbers into names staff recognise and decides which filters may be sent. They change
 * rarely (a new hire, a new chair, an upgrade), yet reading them costs four requests, and Remote
 * allows one a second. PMS Trigger builds a new reader every poll, so it keeps them in the
 * workflow's static data (`SavedDirectory`, plain JSON) and reads them again after
 * DIRECTORY_REFRESH_HOURS, or at once when a changed row names a number they do not know.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { OdVersion } from './version';

export interface Directory {
	providers: Map<number, string>;
	clinics: Map<number, string>;
	operatories: Map<number, string>;
}

/** How long a saved directory is used before it is read again (a renamed provider shows within it). */
export const DIRECTORY_REFRESH_HOURS = 12;

const pairs = z.array(z.tuple([z.number(), z.string()]));
const savedDirectory = z.object({
	/** ISO instant of the read. */
	readAt: z.string(),
	/** null: the office's version could not be read (every version-gated filter counts as missing). */
	version: z.tuple([z.number(), z.number(), z.number()]).nullable(),
	/** null: not read yet (a quiet poll needs only the version; the names wait for a row to name). */
	names: z.object({ providers: pairs, clinics: pairs, operatories: pairs }).nullable(),
});
export type SavedDirectory = z.infer<typeof savedDirectory>;

/**
 * The saved directory when it is younger than DIRECTORY_REFRESH_HOURS at `now`; null when there is
 * none, it is older, it is dated in the future (a clock moved back), or it is not one (static data
 * written by an older version of the node).
 */
export function freshDirectory(saved: unknown, now: DateTime): SavedDirectory | null {
	const parsed = savedDirectory.safeParse(saved);
	if (!parsed.success) return null;
	const age = now.diff(DateTime.fromISO(parsed.data.readAt), 'hours').hours;
	return age >= 0 && age < DIRECTORY_REFRESH_HOURS ? parsed.data : null;
}

export function saveDirectory(
	directory: Directory | null,
	version: OdVersion | null,
	readAt: DateTime,
): SavedDirectory {
	return {
		readAt: readAt.toUTC().toISO() as string,
		version: version ? [version[0], version[1], version[2]] : null,
		names: directory && {
			providers: [...directory.providers],
			clinics: [...directory.clinics],
			operatories: [...directory.operatories],
		},
	};
}

export function directoryOf(names: NonNullable<SavedDirectory['names']>): Directory {
	return {
		providers: new Map(names.providers),
		clinics: new Map(names.clinics),
		operatories: new Map(names.operatories),
	};
}

/** Whether the directory names every provider, clinic and operatory number given (0 and absent mean none). */
export function knowsAll(
	directory: Directory,
	numbers: {
		providers?: Iterable<number | undefined>;
		clinics?: Iterable<number | undefined>;
		operatories?: Iterable<number | undefined>;
	},
): boolean {
	const known = (map: Map<number, string>, list: Iterable<number | undefined> = []) =>
		[...list].every((n) => !n || map.has(n));
	return (
		known(directory.providers, numbers.providers) &&
		known(directory.clinics, numbers.clinics) &&
		known(directory.operatories, numbers.operatories)
	);
}
