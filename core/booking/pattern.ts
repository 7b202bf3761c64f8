/** Open Dental's Pattern: one character per 5 minutes, "/" for provider time at the ends, "X" between. */
export function patternFor(minutes: number): string {
	const n = Math.max(1, Math.round(minutes / 5));
	return n <= 2 ? '/'.repeat(n) : `/${'X'.repeat(n - 2)}/`;
}
