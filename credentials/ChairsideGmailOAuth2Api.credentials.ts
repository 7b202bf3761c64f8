import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';
import { googleBaseUrlField, googleOAuth2Fields } from './google-oauth2';

const GMAIL_API = 'https://gmail.googleapis.com';

/**
 * Gmail for patient email, with the narrowest scope that can send (gmail.send: it cannot read the
 * mailbox). OAuth2 and the API Base URL as every Chairside Google credential has them.
 */
export class ChairsideGmailOAuth2Api implements ICredentialType {
	name = 'chairsideGmailOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Chairside Gmail OAuth2 API';

	icon: Icon = { light: 'file:chairside.svg', dark: 'file:chairside.dark.svg' };

	documentationUrl = 'https://github.com/chairside/n8n-nodes-chairside#gmail';

	properties: INodeProperties[] = [
		...googleOAuth2Fields(GMAIL_API, 'https://www.googleapis.com/auth/gmail.send'),
		{
			displayName: 'Sender Address',
			name: 'sender',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'Bright Smiles <frontdesk@brightsmiles.com>',
			description:
				'The From of every patient email: the connected Gmail or Google Workspace address, optionally with the practice name',
		},
		googleBaseUrlField(GMAIL_API, 'Gmail'),
	];
}
