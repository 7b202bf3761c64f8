/** Addresses the providers will accept: E.164 mobiles that are real numbers, plain email addresses. */
import { isValidPhoneNumber } from 'libphonenumber-js';

const E164 = /^\+[1-9]\d{7,14}$/;
// One @, a dot in the domain, no spaces, no characters that would break a mail header.
const EMAIL = /^[^\s@,;<>"()[\]\\]+@[^\s@,;<>"()[\]\\]+\.[^\s@,;<>"()[\]\\]{2,}$/;

export function isE164Mobile(value: string | null | undefined): value is string {
	return typeof value === 'string' && E164.test(value) && isValidPhoneNumber(value);
}

export function isEmailAddress(value: string | null | undefined): value is string {
	return typeof value === 'string' && value.length <= 254 && EMAIL.test(value);
}
