import { ChairsideGoogleSheetsOAuth2Api } from '../../../credentials/ChairsideGoogleSheetsOAuth2Api.credentials';
import { startSheetsSimulator } from '../../../sandbox/sheets';
import { SANDBOX_SHEETS, sheetsCredential } from '../../../sandbox/sheets/defaults';
import { call, token } from '../gmail-sim/helpers';

/** The credential's hidden token URL expression, worked out as n8n would for a given API Base URL. */
function tokenUrl(baseUrl: string): string {
	const field = new ChairsideGoogleSheetsOAuth2Api().properties.find((p) => p.name === 'accessTokenUrl');
	const expression = /^=\{\{(.*)\}\}$/s.exec(String(field?.default))?.[1] as string;
	return new Function('$self', `return ${expression}`)({ baseUrl }) as string;
}

describe('Google Sheets credential and the sandbox one', () => {
	it('asks n8n for OAuth2 with the spreadsheets scope, offline access and Sheets as the default API', () => {
		const credential = new ChairsideGoogleSheetsOAuth2Api();
		expect(credential).toMatchObject({
			name: 'chairsideGoogleSheetsOAuth2Api',
			extends: ['oAuth2Api'],
			displayName: 'Chairside Google Sheets OAuth2 API',
		});
		expect(credential.documentationUrl).toMatch(/#google-sheets$/);
		const defaults = Object.fromEntries(credential.properties.map((p) => [p.name, p.default]));
		expect(defaults).toMatchObject({
			scope: 'https://www.googleapis.com/auth/spreadsheets',
			authQueryParameters: 'access_type=offline&prompt=consent',
			baseUrl: 'https://sheets.googleapis.com',
		});
	});

	it.each([
		['https://sheets.googleapis.com', 'https://oauth2.googleapis.com/token'],
		['https://sheets.googleapis.com/', 'https://oauth2.googleapis.com/token'],
		['', 'https://oauth2.googleapis.com/token'],
		['http://127.0.0.1:30252/', 'http://127.0.0.1:30252/token'],
	])('derives the token URL from API Base URL %j: %s', (base, expected) => {
		expect(tokenUrl(base)).toBe(expected);
	});

	it('the sandbox credential reaches the simulator: its stale token is refused, its refresh token works', async () => {
		const sim = await startSheetsSimulator({
			clientId: SANDBOX_SHEETS.clientId,
			clientSecret: SANDBOX_SHEETS.clientSecret,
		});
		try {
			const credential = sheetsCredential(sim.url);
			expect(credential).toMatchObject({
				id: 'chairsidesheetsbx',
				name: 'Google Sheets (sandbox)',
				type: 'chairsideGoogleSheetsOAuth2Api',
			});
			const { data } = credential;
			expect(data.accessTokenUrl).toBe(tokenUrl(data.baseUrl));
			const path = `/v4/spreadsheets/${SANDBOX_SHEETS.spreadsheetId}`;
			expect((await call(sim, path, { token: data.oauthTokenData.access_token })).status).toBe(401);
			const form = {
				grant_type: 'refresh_token',
				client_id: data.clientId,
				client_secret: data.clientSecret,
				refresh_token: data.oauthTokenData.refresh_token,
			};
			const fresh = await token({ tokenUrl: data.accessTokenUrl }, form);
			const book = await call(sim, path, { token: fresh.body.access_token });
			expect(book.body.sheets[0].properties.title).toBe(SANDBOX_SHEETS.sheet);
		} finally {
			await sim.close();
		}
	});
});
