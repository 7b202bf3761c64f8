/**
 * The Chairside Google Calendar and Google Sheets credentials (one OAuth2 shape, credentials/google-oauth2.ts)
 * and the sandbox's ones: what each asks n8n for, the token URL each derives from its API Base URL, and
 * that the sandbox credential reaches its simulator (a stale token refused, the refresh token works).
 */
import type { ICredentialType } from 'n8n-workflow';
import { ChairsideGoogleCalendarOAuth2Api } from '../../../credentials/ChairsideGoogleCalendarOAuth2Api.credentials';
import { ChairsideGoogleSheetsOAuth2Api } from '../../../credentials/ChairsideGoogleSheetsOAuth2Api.credentials';
import { startCalendarSimulator } from '../../../sandbox/gcal';
import { calendarCredential, SANDBOX_CALENDAR } from '../../../sandbox/gcal/defaults';
import { startSheetsSimulator } from '../../../sandbox/sheets';
import { SANDBOX_SHEETS, sheetsCredential } from '../../../sandbox/sheets/defaults';
import { call, token } from '../gmail-sim/helpers';

interface Case {
	credential: () => ICredentialType;
	name: string;
	displayName: string;
	anchor: string;
	scope: string;
	baseUrl: string;
	/** The simulator with the sandbox's OAuth client. */
	start: () => Promise<{ url: string; close: () => Promise<void> }>;
	/** The sandbox credential for a simulator at `url`, and its id and name. */
	sandbox: (url: string) => ReturnType<typeof calendarCredential>;
	ref: { id: string; name: string };
	/** A read the API answers with a valid token, and what it must say. */
	path: string;
	expectRead: (body: Record<string, unknown>) => void;
}

const CASES: Array<[string, Case]> = [
	[
		'Google Calendar',
		{
			credential: () => new ChairsideGoogleCalendarOAuth2Api(),
			name: 'chairsideGoogleCalendarOAuth2Api',
			displayName: 'Chairside Google Calendar OAuth2 API',
			anchor: '#google-calendar',
			scope: 'https://www.googleapis.com/auth/calendar.events https://www.googleapis.com/auth/calendar.freebusy',
			baseUrl: 'https://www.googleapis.com',
			start: () =>
				startCalendarSimulator({ clientId: SANDBOX_CALENDAR.clientId, clientSecret: SANDBOX_CALENDAR.clientSecret }),
			sandbox: calendarCredential,
			ref: { id: 'chairsidecalsbx', name: 'Chairside Google Calendar account' },
			path: `/calendar/v3/calendars/${encodeURIComponent(SANDBOX_CALENDAR.calendarId)}/events`,
			expectRead: (body) =>
				expect(body).toMatchObject({
					summary: SANDBOX_CALENDAR.calendarName,
					timeZone: SANDBOX_CALENDAR.timeZone,
					items: [],
				}),
		},
	],
	[
		'Google Sheets',
		{
			credential: () => new ChairsideGoogleSheetsOAuth2Api(),
			name: 'chairsideGoogleSheetsOAuth2Api',
			displayName: 'Chairside Google Sheets OAuth2 API',
			anchor: '#google-sheets',
			scope: 'https://www.googleapis.com/auth/spreadsheets',
			baseUrl: 'https://sheets.googleapis.com',
			start: () =>
				startSheetsSimulator({ clientId: SANDBOX_SHEETS.clientId, clientSecret: SANDBOX_SHEETS.clientSecret }),
			sandbox: sheetsCredential,
			ref: { id: 'chairsidesheetsbx', name: 'Chairside Google Sheets account' },
			path: `/v4/spreadsheets/${SANDBOX_SHEETS.spreadsheetId}`,
			expectRead: (body) =>
				expect((body as { sheets: Array<{ properties: { title: string } }> }).sheets[0].properties.title).toBe(
					SANDBOX_SHEETS.sheet,
				),
		},
	],
];

describe.each(CASES)('%s credential and the sandbox one', (_what, c) => {
	/** The credential's hidden token URL expression, worked out as n8n would for a given API Base URL. */
	function tokenUrl(baseUrl: string): string {
		const field = c.credential().properties.find((p) => p.name === 'accessTokenUrl');
		const expression = /^=\{\{(.*)\}\}$/s.exec(String(field?.default))?.[1] as string;
		return new Function('$self', `return ${expression}`)({ baseUrl }) as string;
	}

	it('asks n8n for OAuth2 with its scopes, offline, its Google API by default', () => {
		const credential = c.credential();
		expect(credential).toMatchObject({ name: c.name, extends: ['oAuth2Api'], displayName: c.displayName });
		expect(credential.documentationUrl).toMatch(new RegExp(`${c.anchor}$`));
		const defaults = Object.fromEntries(credential.properties.map((p) => [p.name, p.default]));
		expect(defaults).toMatchObject({
			scope: c.scope,
			authQueryParameters: 'access_type=offline&prompt=consent',
			baseUrl: c.baseUrl,
		});
	});

	it('derives the token URL from the API Base URL: Google for Google, the sandbox for the sandbox', () => {
		for (const base of [c.baseUrl, `${c.baseUrl}/`, ''])
			expect([base, tokenUrl(base)]).toEqual([base, 'https://oauth2.googleapis.com/token']);
		expect(tokenUrl('http://127.0.0.1:30253/')).toBe('http://127.0.0.1:30253/token');
	});

	it('the sandbox credential reaches the simulator: its stale token is refused, its refresh token works', async () => {
		const sim = await c.start();
		try {
			const credential = c.sandbox(sim.url);
			expect(credential).toMatchObject({ ...c.ref, type: c.name });
			const { data } = credential;
			expect(data.accessTokenUrl).toBe(tokenUrl(data.baseUrl));
			expect((await call(sim, c.path, { token: data.oauthTokenData.access_token })).status).toBe(401);
			const form = {
				grant_type: 'refresh_token',
				client_id: data.clientId,
				client_secret: data.clientSecret,
				refresh_token: data.oauthTokenData.refresh_token,
			};
			const fresh = await token({ tokenUrl: data.accessTokenUrl }, form);
			c.expectRead((await call(sim, c.path, { token: fresh.body.access_token })).body);
		} finally {
			await sim.close();
		}
	});
});
