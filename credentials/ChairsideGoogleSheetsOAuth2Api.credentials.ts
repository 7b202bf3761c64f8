import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';
import { googleBaseUrlField, googleOAuth2Fields } from './google-oauth2';

const SHEETS_API = 'https://sheets.googleapis.com';

/**
 * Google Sheets for the weekly trend row. The spreadsheets scope reads and writes the sheets the
 * account can open; the narrower drive.file would only reach sheets this app created or was
 * handed through a picker, and an n8n credential has no picker.
 */
export class ChairsideGoogleSheetsOAuth2Api implements ICredentialType {
	name = 'chairsideGoogleSheetsOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Chairside Google Sheets OAuth2 API';

	icon: Icon = { light: 'file:chairside.svg', dark: 'file:chairside.dark.svg' };

	documentationUrl = 'https://github.com/chairside/n8n-nodes-chairside#google-sheets';

	properties: INodeProperties[] = [
		...googleOAuth2Fields(SHEETS_API, 'https://www.googleapis.com/auth/spreadsheets'),
		googleBaseUrlField(SHEETS_API, 'Google Sheets'),
	];
}
