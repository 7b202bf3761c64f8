// Deliberately plain: one @, a dot in the domain, no spaces. Real validation is the mailbox answering.
const EMAIL = /^[^\s@,;<>]+@[^\s@,;<>]+\.[^\s@,;<>]{2,}$/;

export function normalizeEmail(raw: string): string | null {
	const email = raw.trim().toLowerCase();
	return EMAIL.test(email) ? email : null;
}
