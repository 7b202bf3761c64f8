import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * Gmail for patient email, with the narrowest scope that can send (gmail.send: it cannot read the
 * mailbox). n8n runs the OAuth2 flow, keeps the tokens and refreshes them. The token URL follows
 * the API Base URL: Google's own for Google, "<base>/token" for the Chairside sandbox. It is a
 * hidden expression because n8n drops stored values of hidden OAuth endpoint fields.
 */
export class ChairsideGmailOAuth2Api implements ICredentialType {
	name = 'chairsideGmailOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Chairside Gmail OAuth2 API';

	icon: Icon = { light: 'file:chairside.svg', dark: 'file:chairside.dark.svg' };

	documentationUrl = 'https://github.com/chairside/n8n-nodes-chairside#gmail';

	properties: INodeProperties[] = [
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'authorizationCode',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: 'https://accounts.google.com/o/oauth2/v2/auth',
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default:
				'={{ (($self["baseUrl"] || "https://gmail.googleapis.com").replace(/\\/+$/, "") === "https://gmail.googleapis.com") ? "https://oauth2.googleapis.com/token" : $self["baseUrl"].replace(/\\/+$/, "") + "/token" }}',
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: 'https://www.googleapis.com/auth/gmail.send',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: 'access_type=offline&prompt=consent',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
		{
			displayName: 'Sender Address',
			name: 'sender',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'Bright Smiles <frontdesk@brightsmiles.com>',
			description: 'The From of every patient email: the connected Gmail or Google Workspace address, optionally with the practice name',
		},
		{
			displayName: 'API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://gmail.googleapis.com',
			description: 'Advanced: the Chairside sandbox or a Gmail-compatible test server (its token endpoint is <base>/token). Leave as is for Gmail.',
		},
	];
}
