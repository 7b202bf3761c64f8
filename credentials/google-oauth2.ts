import type { INodeProperties } from 'n8n-workflow';

/**
 * What the Chairside Google credentials share: n8n runs the OAuth2 flow against Google, keeps the
 * tokens and refreshes them. The token URL follows the API Base URL: Google's own for Google,
 * "<base>/token" for the Chairside sandbox. It is a hidden expression because n8n drops stored
 * values of hidden OAuth endpoint fields.
 */
export function googleOAuth2Fields(apiUrl: string, scope: string): INodeProperties[] {
	return [
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
			default: `={{ (($self["baseUrl"] || "${apiUrl}").replace(/\\/+$/, "") === "${apiUrl}") ? "https://oauth2.googleapis.com/token" : $self["baseUrl"].replace(/\\/+$/, "") + "/token" }}`,
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: scope,
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
	];
}

/** The advanced API Base URL the token URL above follows; `product` as in "Leave as is for Gmail". */
export function googleBaseUrlField(apiUrl: string, product: string): INodeProperties {
	return {
		displayName: 'API Base URL',
		name: 'baseUrl',
		type: 'string',
		default: apiUrl,
		description: `Advanced: the Chairside sandbox or a ${product}-compatible test server (its token endpoint is <base>/token). Leave as is for ${product}.`,
	};
}
