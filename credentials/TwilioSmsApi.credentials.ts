import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

/**
 * Twilio for patient SMS. The Auth Token is also what verifies inbound webhooks
 * (X-Twilio-Signature), so the Patient Reply Trigger needs it even when sends use an API key.
 */
export class TwilioSmsApi implements ICredentialType {
	name = 'twilioSmsApi';

	displayName = 'Chairside Twilio SMS API';

	icon: Icon = { light: 'file:chairside.svg', dark: 'file:chairside.dark.svg' };

	documentationUrl = 'https://github.com/chairside/n8n-nodes-chairside#twilio';

	properties: INodeProperties[] = [
		{
			displayName: 'Account SID',
			name: 'accountSid',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'AC0123456789abcdef0123456789abcdef',
		},
		{
			displayName: 'Authenticate With',
			name: 'authType',
			type: 'options',
			options: [
				{ name: 'Auth Token', value: 'authToken' },
				{ name: 'API Key', value: 'apiKey' },
			],
			default: 'authToken',
		},
		{
			displayName: 'Auth Token',
			name: 'authToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				"The account's Auth Token. Needed to verify inbound webhooks (X-Twilio-Signature) even when messages are sent with an API key.",
		},
		{
			displayName: 'API Key SID',
			name: 'apiKeySid',
			type: 'string',
			default: '',
			placeholder: 'SK0123456789abcdef0123456789abcdef',
			displayOptions: { show: { authType: ['apiKey'] } },
		},
		{
			displayName: 'API Key Secret',
			name: 'apiKeySecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authType: ['apiKey'] } },
		},
		{
			displayName: 'Send From',
			name: 'sender',
			type: 'options',
			options: [
				{ name: 'Messaging Service', value: 'messagingService' },
				{ name: 'Phone Number', value: 'phoneNumber' },
			],
			default: 'messagingService',
			description: 'A Messaging Service (recommended: A2P 10DLC campaign, opt-out handling, number pool) or one number',
		},
		{
			displayName: 'Messaging Service SID',
			name: 'messagingServiceSid',
			type: 'string',
			default: '',
			placeholder: 'MG0123456789abcdef0123456789abcdef',
			displayOptions: { show: { sender: ['messagingService'] } },
		},
		{
			displayName: 'From Number',
			name: 'fromNumber',
			type: 'string',
			default: '',
			placeholder: '+15125550100',
			description: 'E.164 number registered for A2P 10DLC',
			displayOptions: { show: { sender: ['phoneNumber'] } },
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.twilio.com',
			description: 'Advanced: a Twilio-compatible provider or the Chairside sandbox. Leave as is for Twilio.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: {
				username: '={{ $credentials.authType === "apiKey" ? $credentials.apiKeySid : $credentials.accountSid }}',
				password: '={{ $credentials.authType === "apiKey" ? $credentials.apiKeySecret : $credentials.authToken }}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ ($credentials.baseUrl || "https://api.twilio.com").replace(/\\/+$/, "") }}',
			url: '={{ "/2010-04-01/Accounts/" + $credentials.accountSid + ".json" }}',
		},
		rules: [
			{
				type: 'responseCode',
				properties: { value: 401, message: 'Twilio refused the Account SID and token/key (401)' },
			},
		],
	};
}
