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
 * A context's getCredentials: the practice profile (PROFILE_FIELDS with `profile` over it) and,
 * for any other credential, what `others` gives.
 */
export function withProfile(profile: Partial<PracticeProfileFields> = {}, others: (name: string) => unknown = () => undefined) {
	return async (name: string) => (name === 'chairsidePracticeApi' ? { ...PROFILE_FIELDS, ...profile } : others(name));
}
