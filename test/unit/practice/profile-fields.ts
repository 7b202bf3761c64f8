/** The Chairside Practice Profile credential as a stand-in n8n context returns it, for node tests. */
import type { PracticeProfileFields } from '../../../core/practice/profile';

export const PROFILE_FIELDS: PracticeProfileFields = {
	practiceName: 'Riverside Dental',
	phone: '(512) 555-0100',
	address: '100 Main St, Austin, TX 78701',
	timeZone: 'America/Chicago',
	businessHours: 'Mon-Fri 08:00-17:00',
	bookingLink: 'https://book.riverside.example/now',
	defaultProvider: 'your dentist',
	providerNames: 'DOC1=Dr. Rivera',
	sendWindowStart: '08:00',
	sendWindowEnd: '20:00',
	maxPerDay: 1,
	maxPerWeek: 3,
	smsConsentWhenUnknown: 'not_recorded',
	staffEmail: 'frontdesk@riverside.example',
};

/**
 * A context's getCredentials: the practice profile (PROFILE_FIELDS with the defined fields of
 * `profile` over it) and, for any other credential, what `others` gives.
 */
export function withProfile(
	profile: Partial<Record<keyof PracticeProfileFields, unknown>> = {},
	others: (name: string) => unknown = () => undefined,
) {
	const fields = {
		...PROFILE_FIELDS,
		...Object.fromEntries(Object.entries(profile).filter(([, v]) => v !== undefined)),
	};
	return async (name: string) => (name === 'chairsidePracticeApi' ? fields : others(name));
}
