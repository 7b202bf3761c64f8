/**
 * Fixed sandbox OAuth client and calendar for the demo, shaped like Google's (a client id ending
 * in .apps.googleusercontent.com, a GOCSPX- secret, a 1// refresh token, a group calendar id).
 * Not secrets.
 */
import { googleCredential } from '../google/credential';
import { CREDENTIAL_NAMES } from '../n8n/credential-names';

export const SANDBOX_CALENDAR = {
	clientId: '000000000000-chairsidecalendar.apps.googleusercontent.com',
	clientSecret: 'GOCSPX-chairside-calendar-secret',
	refreshToken: '1//chairside-calendar-refresh-token',
	calendarId: 'chairside-medspa@group.calendar.google.com',
	calendarName: 'Chairside Medspa',
	timeZone: 'America/Chicago',
	port: 30253,
} as const;

/** The n8n credential (for import) that reaches a Calendar simulator at `url`. */
export function calendarCredential(url: string) {
	return {
		id: 'chairsidecalsbx',
		name: CREDENTIAL_NAMES.chairsideGoogleCalendarOAuth2Api,
		type: 'chairsideGoogleCalendarOAuth2Api',
		data: googleCredential(SANDBOX_CALENDAR, url),
	};
}
