/**
 * Fixed sandbox OAuth client and mailbox for the demo, shaped like Google's (a client id ending
 * in .apps.googleusercontent.com, a GOCSPX- secret, a 1// refresh token). Not secrets.
 */
export const SANDBOX_GMAIL = {
	clientId: '000000000000-chairsidesandbox.apps.googleusercontent.com',
	clientSecret: 'GOCSPX-chairside-sandbox-secret',
	refreshToken: '1//chairside-sandbox-refresh-token',
	// The sandbox practice is Riverside Dental: its emails come from its own domain.
	sender: 'frontdesk@riverside-dental.example',
	port: 30251,
} as const;
