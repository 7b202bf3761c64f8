import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';
import { googleBaseUrlField, googleOAuth2Fields } from './google-oauth2';

const CALENDAR_API = 'https://www.googleapis.com';

/**
 * Google Calendar for booking where no PMS API is: calendar.events books and cancels, and
 * calendar.freebusy finds openings (calendar.events alone cannot read free/busy). Narrower than
 * the whole calendar scope: it cannot change calendars or their sharing.
 */
export class ChairsideGoogleCalendarOAuth2Api implements ICredentialType {
	name = 'chairsideGoogleCalendarOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Chairside Google Calendar OAuth2 API';

	icon: Icon = { light: 'file:chairside.svg', dark: 'file:chairside.dark.svg' };

	documentationUrl = 'https://github.com/chairside/n8n-nodes-chairside#google-calendar';

	properties: INodeProperties[] = [
		...googleOAuth2Fields(
			CALENDAR_API,
			'https://www.googleapis.com/auth/calendar.events https://www.googleapis.com/auth/calendar.freebusy',
		),
		googleBaseUrlField(CALENDAR_API, 'Google Calendar'),
	];
}
