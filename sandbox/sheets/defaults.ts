/**
 * Fixed sandbox OAuth client and spreadsheet for the demo, shaped like Google's (a client id
 * ending in .apps.googleusercontent.com, a GOCSPX- secret, a 1// refresh token). Not secrets.
 */
import { googleCredential } from '../google/credential';
import { CREDENTIAL_NAMES } from '../n8n/credential-names';

export const SANDBOX_SHEETS = {
	clientId: '000000000000-chairsidesheets.apps.googleusercontent.com',
	clientSecret: 'GOCSPX-chairside-sheets-secret',
	refreshToken: '1//chairside-sheets-refresh-token',
	spreadsheetId: 'chairside-practice-trend',
	spreadsheetTitle: 'Chairside practice trend',
	sheet: 'Weekly',
	port: 30252,
} as const;

/** The n8n credential (for import) that reaches a Sheets simulator at `url`. */
export function sheetsCredential(url: string) {
	return {
		id: 'chairsidesheetsbx',
		name: CREDENTIAL_NAMES.chairsideGoogleSheetsOAuth2Api,
		type: 'chairsideGoogleSheetsOAuth2Api',
		data: googleCredential(SANDBOX_SHEETS, url),
	};
}
