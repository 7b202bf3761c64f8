import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

/** docs.nexhealth.com/docs/getting-started: the API's base URL. */
export const NEXHEALTH_BASE_URL = 'https://nexhealth.info';
/** docs.nexhealth.com/v2.2.2/reference/versioning: the current major (alias v20240412). */
const VERSION = 'v3.0.0';

/**
 * NexHealth Synchronizer (Dentrix, Eaglesoft, Open Dental and other EHRs). The API key is exchanged
 * for a bearer token at POST /authenticates (docs.nexhealth.com/v3.1.0/reference/authentication-1);
 * the token (1 hour in production) is kept in a hidden expirable field, n8n's own way of renewing a
 * session: n8n calls preAuthentication when it is empty or a request answers 401, and the Chairside
 * nodes empty it five minutes before it expires.
 */
export class NexHealthApi implements ICredentialType {
	name = 'nexHealthApi';

	displayName = 'NexHealth API';

	icon: Icon = { light: 'file:chairside.svg', dark: 'file:chairside.dark.svg' };

	documentationUrl = 'https://github.com/chairside/n8n-nodes-chairside#nexhealth-dentrix-eaglesoft';

	properties: INodeProperties[] = [
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: "Your NexHealth API key (sandbox or production), from NexHealth's developer portal",
		},
		{
			displayName: 'Subdomain',
			name: 'subdomain',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'riverside-dental',
			description: "The practice's institution subdomain in NexHealth",
		},
		{
			displayName: 'Location ID',
			name: 'locationId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '123',
			description: 'The NexHealth location this credential reads and books for (one credential per location)',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: NEXHEALTH_BASE_URL,
			description: 'Leave as is, unless you point at a test server',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const base = String(credentials.baseUrl || NEXHEALTH_BASE_URL).replace(/\/+$/, '');
		const answer = (await this.helpers.httpRequest({
			method: 'POST',
			url: `${base}/authenticates`,
			// The raw key, no "Bearer" (authentication-1).
			headers: { Authorization: String(credentials.apiKey), 'Nex-Api-Version': VERSION },
			json: true,
		})) as { data?: { token?: string } };
		return { sessionToken: answer.data?.token ?? '' };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.sessionToken}}',
				'Nex-Api-Version': VERSION,
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ ($credentials.baseUrl || "https://nexhealth.info").replace(/\\/+$/, "") }}',
			url: '/operatories',
			qs: { subdomain: '={{ $credentials.subdomain }}', location_id: '={{ $credentials.locationId }}', per_page: 1 },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'NexHealth refused the API key (401): check the key, and that it is a sandbox key for the sandbox',
				},
			},
			{
				type: 'responseCode',
				properties: { value: 403, message: 'The key has no access to this subdomain (403): check the Subdomain' },
			},
			{
				type: 'responseCode',
				properties: { value: 404, message: 'NexHealth does not know this location (404): check the Location ID' },
			},
		],
	};
}
