/**
 * The practice profile: the facts every Chairside node needs about one practice location, entered
 * once (n8n credential "Chairside Practice Profile") and read by every node, so a workflow carries
 * no zone, name, send window or staff contact of its own. Parsed once per run; an error names the
 * profile field to fix.
 */
import { IANAZone } from 'luxon';
import { parsePracticeHours, type PracticeHours } from '../healing/hours';
import { sendPolicy, SendPolicyError, type SendPolicy } from './send-policy';

/** How the practice records text-message consent for patients whose source (an export, NexHealth) carries none. */
export const SMS_CONSENT_POLICIES = ['not_recorded', 'collected_at_intake'] as const;
export type SmsConsentPolicy = (typeof SMS_CONSENT_POLICIES)[number];

export interface StaffContacts {
	/** The front desk's shared inbox: staff tasks and booking notices. */
	email: string;
	/** A Slack incoming-webhook URL (https://hooks.slack.com/services/...); empty when the practice has no Slack. */
	slackWebhookUrl: string;
	/** The front desk's mobile, E.164, for urgent hand-offs by text. */
	mobile: string;
	/** Who hears about a task nobody closed in time: the office manager or the treatment coordinator. */
	escalationEmail: string;
}

export interface PracticeProfile {
	name: string;
	/** Which location of a group this profile is ("Downtown"); empty for a single-location practice. */
	location: string;
	phone: string;
	/** Physical postal address: CAN-SPAM wants it in every email. */
	address: string;
	/** IANA zone of the practice: PMS times carry no zone, and times a person types are in this one. */
	zone: string;
	hours: PracticeHours;
	bookingLink: string;
	/** Where a review request points (Google, Yelp, the practice's own page); empty: no review requests. */
	reviewLink: string;
	/** Provider display names by the PMS's provider abbreviation ("DOC1" -> "Dr. Rivera"). */
	providerNames: Record<string, string>;
	/** Used when the PMS names no provider or the abbreviation is not mapped. */
	defaultProvider: string;
	/** The practice's send window and caps, checked against the law (core/practice/send-policy.ts). */
	send: SendPolicy;
	smsConsentWhenUnknown: SmsConsentPolicy;
	staff: StaffContacts;
}

/** The credential's fields as n8n stores them. */
export interface PracticeProfileFields {
	practiceName?: string;
	location?: string;
	phone?: string;
	address?: string;
	timeZone?: string;
	businessHours?: string;
	closedDates?: string;
	bookingLink?: string;
	reviewLink?: string;
	defaultProvider?: string;
	providerNames?: string;
	sendWindowStart?: string;
	sendWindowEnd?: string;
	maxPerDay?: number;
	maxPerWeek?: number;
	smsConsentWhenUnknown?: string;
	staffEmail?: string;
	staffSlackWebhookUrl?: string;
	staffMobile?: string;
	escalationEmail?: string;
}

/** Field labels as the credential shows them, so an error points at the field to fix. */
export const PROFILE_FIELD_NAMES: Record<keyof PracticeProfileFields, string> = {
	practiceName: 'Practice Name',
	location: 'Location',
	phone: 'Practice Phone',
	address: 'Practice Address',
	timeZone: 'Time Zone',
	businessHours: 'Business Hours',
	closedDates: 'Closed Dates',
	bookingLink: 'Booking Link',
	reviewLink: 'Review Link',
	defaultProvider: 'Default Provider Name',
	providerNames: 'Provider Names',
	sendWindowStart: 'Send Window Start',
	sendWindowEnd: 'Send Window End',
	maxPerDay: 'Max Messages per Day',
	maxPerWeek: 'Max Messages per Week',
	smsConsentWhenUnknown: 'Text Consent When the Source Has None',
	staffEmail: 'Front Desk Email',
	staffSlackWebhookUrl: 'Front Desk Slack Webhook URL',
	staffMobile: 'Front Desk Mobile',
	escalationEmail: 'Escalation Email',
};

export class PracticeProfileError extends Error {
	constructor(
		readonly field: keyof PracticeProfileFields,
		message: string,
	) {
		super(`Chairside Practice Profile, ${PROFILE_FIELD_NAMES[field]}: ${message}`);
		this.name = 'PracticeProfileError';
	}
}

export const DEFAULT_BUSINESS_HOURS = 'Mon-Fri 08:00-17:00';

/** "DOC1=Dr. Rivera, HYG1=Sam" -> { DOC1: 'Dr. Rivera', HYG1: 'Sam' }. */
export function parseProviderNames(text: string): Record<string, string> {
	const names: Record<string, string> = {};
	for (const pair of text.split(',')) {
		const [abbr, ...rest] = pair.split('=');
		if (abbr?.trim() && rest.length) names[abbr.trim()] = rest.join('=').trim();
	}
	return names;
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

function link(fields: PracticeProfileFields, field: 'bookingLink' | 'reviewLink' | 'staffSlackWebhookUrl'): string {
	const value = text(fields[field]);
	if (value && !/^https?:\/\/\S+$/i.test(value))
		throw new PracticeProfileError(field, `"${value}" is not a web address (https://...)`);
	return value;
}

/**
 * The profile from the credential's fields. Only the facts every message needs are required here
 * (name, phone, time zone); each node checks what its own operation needs (a review request needs
 * a Review Link) and says which field is missing. The send window and caps are checked against
 * the law here (core/practice/send-policy.ts): the journeys and the guard read the same policy.
 */
export function parsePracticeProfile(fields: PracticeProfileFields): PracticeProfile {
	const name = text(fields.practiceName);
	if (!name) throw new PracticeProfileError('practiceName', 'is empty: every message names the practice');
	const phone = text(fields.phone);
	if (!phone) throw new PracticeProfileError('phone', 'is empty: every message says how to reach the practice');
	const zone = text(fields.timeZone);
	if (!IANAZone.isValidZone(zone))
		throw new PracticeProfileError('timeZone', `"${zone}" is not an IANA time zone (e.g. America/Chicago)`);
	let hours: PracticeHours;
	try {
		hours = parsePracticeHours(text(fields.businessHours) || DEFAULT_BUSINESS_HOURS, zone, text(fields.closedDates));
	} catch (error) {
		const message = (error as Error).message;
		throw new PracticeProfileError(
			message.startsWith('Closed Dates') ? 'closedDates' : 'businessHours',
			message.replace(/^(Practice Hours|Closed Dates):?\s*/, ''),
		);
	}
	const consent = text(fields.smsConsentWhenUnknown) || 'not_recorded';
	if (!(SMS_CONSENT_POLICIES as readonly string[]).includes(consent)) {
		throw new PracticeProfileError(
			'smsConsentWhenUnknown',
			`"${consent}" is not one of ${SMS_CONSENT_POLICIES.join(', ')}`,
		);
	}
	let send: SendPolicy;
	try {
		send = sendPolicy({
			start: text(fields.sendWindowStart),
			end: text(fields.sendWindowEnd),
			maxPerDay: fields.maxPerDay,
			maxPerWeek: fields.maxPerWeek,
		});
	} catch (error) {
		if (!(error instanceof SendPolicyError)) throw error;
		const field = (
			{ start: 'sendWindowStart', end: 'sendWindowEnd', maxPerDay: 'maxPerDay', maxPerWeek: 'maxPerWeek' } as const
		)[error.setting];
		throw new PracticeProfileError(
			field,
			error.message.replace(/^(Send Window (Start|End)|Max Messages per (Day|Week)):?\s*/, ''),
		);
	}
	const staffMobile = text(fields.staffMobile);
	if (staffMobile && !/^\+[1-9]\d{7,14}$/.test(staffMobile.replace(/[\s().-]/g, ''))) {
		throw new PracticeProfileError(
			'staffMobile',
			`"${staffMobile}" is not a phone number in international form (+15555550123)`,
		);
	}
	for (const field of ['staffEmail', 'escalationEmail'] as const) {
		const value = text(fields[field]);
		if (value && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value))
			throw new PracticeProfileError(field, `"${value}" is not an email address`);
	}
	return {
		name,
		location: text(fields.location),
		phone,
		address: text(fields.address),
		zone,
		hours,
		bookingLink: link(fields, 'bookingLink'),
		reviewLink: link(fields, 'reviewLink'),
		providerNames: parseProviderNames(text(fields.providerNames)),
		defaultProvider: text(fields.defaultProvider) || 'your dentist',
		send,
		smsConsentWhenUnknown: consent as SmsConsentPolicy,
		staff: {
			email: text(fields.staffEmail),
			slackWebhookUrl: link(fields, 'staffSlackWebhookUrl'),
			mobile: staffMobile.replace(/[\s().-]/g, ''),
			escalationEmail: text(fields.escalationEmail),
		},
	};
}
