import { ChairsideGoogleCalendarOAuth2Api } from '../../../credentials/ChairsideGoogleCalendarOAuth2Api.credentials';
import { startCalendarSimulator } from '../../../sandbox/gcal';
import { calendarCredential, SANDBOX_CALENDAR } from '../../../sandbox/gcal/defaults';
import { call, token } from '../gmail-sim/helpers';

/** The credential's hidden token URL expression, worked out as n8n would for a given API Base URL. */
function tokenUrl(baseUrl: string): string {
	const field = new ChairsideGoogleCalendarOAuth2Api().properties.find((p) => p.name === 'accessTokenUrl');
	const expression = /^=\{\{(.*)\}\}$/s.exec(String(field?.default))?.[1] as string;
	return new Function('$self', `return ${expression}`)({ baseUrl }) as string;
}

describe('Google Calendar credential and the sandbox one', () => {
	it('asks n8n for OAuth2 with calendar.events and calendar.freebusy, offline, www.googleapis.com by default', () => {
		const credential = new ChairsideGoogleCalendarOAuth2Api();
		expect(credential).toMatchObject({
			name: 'chairsideGoogleCalendarOAuth2Api',
			extends: ['oAuth2Api'],
			displayName: 'Chairside Google Calendar OAuth2 API',
		});
		expect(credential.documentationUrl).toMatch(/#google-calendar$/);
		const defaults = Object.fromEntries(credential.properties.map((p) => [p.name, p.default]));
		expect(defaults).toMatchObject({
			scope: 'https://www.googleapis.com/auth/calendar.events https://www.googleapis.com/auth/calendar.freebusy',
			authQueryParameters: 'access_type=offline&prompt=consent',
			baseUrl: 'https://www.googleapis.com',
		});
	});

	it.each([
		['https://www.googleapis.com', 'https://oauth2.googleapis.com/token'],
		['https://www.googleapis.com/', 'https://oauth2.googleapis.com/token'],
		['', 'https://oauth2.googleapis.com/token'],
		['http://127.0.0.1:30253/', 'http://127.0.0.1:30253/token'],
	])('derives the token URL from API Base URL %j: %s', (base, expected) => {
		expect(tokenUrl(base)).toBe(expected);
	});

	it('the sandbox credential reaches the simulator: its stale token is refused, its refresh token works', async () => {
		const sim = await startCalendarSimulator({
			clientId: SANDBOX_CALENDAR.clientId,
			clientSecret: SANDBOX_CALENDAR.clientSecret,
		});
		try {
			const credential = calendarCredential(sim.url);
			expect(credential).toMatchObject({
				id: 'chairsidecalsbx',
				name: 'Google Calendar (sandbox)',
				type: 'chairsideGoogleCalendarOAuth2Api',
			});
			const { data } = credential;
			expect(data.accessTokenUrl).toBe(tokenUrl(data.baseUrl));
			const path = `/calendar/v3/calendars/${encodeURIComponent(SANDBOX_CALENDAR.calendarId)}/events`;
			expect((await call(sim, path, { token: data.oauthTokenData.access_token })).status).toBe(401);
			const form = {
				grant_type: 'refresh_token',
				client_id: data.clientId,
				client_secret: data.clientSecret,
				refresh_token: data.oauthTokenData.refresh_token,
			};
			const fresh = await token({ tokenUrl: data.accessTokenUrl }, form);
			const events = await call(sim, path, { token: fresh.body.access_token });
			expect(events.body).toMatchObject({
				summary: SANDBOX_CALENDAR.calendarName,
				timeZone: SANDBOX_CALENDAR.timeZone,
				items: [],
			});
		} finally {
			await sim.close();
		}
	});
});
