/** "Last, First M" (Dentrix style) or "First Last" into parts; the caller decides if a part is missing. */
export function splitPatientName(raw: string): { firstName: string; lastName: string } {
	const text = raw.trim().replace(/\s+/g, ' ');
	const comma = text.indexOf(',');
	if (comma >= 0) {
		const lastName = text.slice(0, comma).trim();
		const given = text.slice(comma + 1).trim();
		// Drop a trailing middle initial ("Maria T." -> "Maria"), keep double first names.
		const firstName = given.replace(/\s+[A-Z]\.?$/, '');
		return { firstName, lastName };
	}
	const space = text.lastIndexOf(' ');
	if (space < 0) return { firstName: text, lastName: '' };
	return { firstName: text.slice(0, space), lastName: text.slice(space + 1) };
}

/** "MARIA" -> "Maria" for exports that shout; mixed case is left as the practice typed it. */
export function tidyName(raw: string): string {
	const text = raw.trim().replace(/\s+/g, ' ');
	if (text !== text.toUpperCase() || !/[A-Z]/.test(text)) return text;
	return text.toLowerCase().replace(/(^|[\s'-])([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase());
}
