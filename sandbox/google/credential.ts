/** The data of an n8n Chairside Google credential pointed at a simulator (n8n encrypts it on import). */
export function googleCredential(
	client: { clientId: string; clientSecret: string; refreshToken: string },
	url: string,
) {
	return {
		clientId: client.clientId,
		clientSecret: client.clientSecret,
		accessTokenUrl: `${url}/token`,
		baseUrl: url,
		// A stale access token: the API answers 401 and n8n refreshes it with the refresh token, as in production.
		oauthTokenData: {
			access_token: 'ya29.sandbox-expired',
			refresh_token: client.refreshToken,
			token_type: 'Bearer',
			expires_in: 3599,
		},
	};
}
