/**
 * Open Dental versions and the API features that depend on them. Each "since" is the "Added in
 * version" of the parameter on its page (docs/open-dental.md has the table).
 */
export type OdVersion = readonly [number, number, number];

/** "24.3.36.0" or "24.3.36" -> [24, 3, 36]; null when it is not a version. */
export function parseVersion(text: string): OdVersion | null {
	const m = /^\s*(\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
	return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : null;
}

export function atLeast(version: OdVersion | null, since: string): boolean {
	if (!version) return false;
	const wanted = parseVersion(since) as OdVersion;
	for (let i = 0; i < 3; i++) if (version[i] !== wanted[i]) return version[i] > wanted[i];
	return true;
}

export const FEATURES = {
	/** apiappointments.html: GET /appointments AptStatus "Added in version 22.4.28". */
	appointmentStatusFilter: '22.4.28',
	/** apiappointments.html: GET /appointments Op "Added in version 23.2.27". */
	appointmentOpFilter: '23.2.27',
	/** apiprocedurelogs.html: GET /procedurelogs ProcStatus "Added in version 25.2.21". */
	procedureStatusFilter: '25.2.21',
} as const;

/**
 * The oldest Open Dental Chairside supports: GET /treatplans is "Version Added: 22.4.16"
 * (apitreatplans.html), the newest route the reader cannot do without. Older filters are optional:
 * every row is re-checked whatever the server filtered.
 */
export const MINIMUM_VERSION = '22.4.16';
