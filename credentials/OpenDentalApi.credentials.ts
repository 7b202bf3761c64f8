import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

export class OpenDentalApi implements ICredentialType {
	name = 'openDentalApi';

	displayName = 'Open Dental API';

	icon: Icon = { light: 'file:chairside.svg', dark: 'file:chairside.dark.svg' };

	documentationUrl = 'https://github.com/chairside/n8n-nodes-chairside#open-dental';

	properties: INodeProperties[] = [
		{
			displayName: 'Connection',
			name: 'connection',
			type: 'options',
			options: [
				{ name: 'Remote (Api.opendental.com, via the eConnector)', value: 'remote' },
				{ name: 'Local API (Open Dental Workstation, Port 30222)', value: 'local' },
				{ name: 'API Service (Database Server, Port 30223)', value: 'service' },
				{ name: 'Custom Base URL', value: 'custom' },
			],
			default: 'remote',
		},
		{
			displayName: 'Server Host',
			name: 'host',
			type: 'string',
			default: 'localhost',
			placeholder: 'opendental-server.local',
			description: 'Host name or address of the machine running Open Dental or the API Service',
			displayOptions: { show: { connection: ['local', 'service'] } },
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://api.opendental.com/api/v1',
			description: 'Everything before /patients, /appointments... For example a test server or a proxy.',
			displayOptions: { show: { connection: ['custom'] } },
		},
		{
			displayName: 'Developer Key',
			name: 'developerKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Customer Key',
			name: 'customerKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: "The practice's key, enabled in Open Dental under Setup > Advanced Setup > API",
		},
		{
			displayName: 'Read-Only Key',
			name: 'readOnly',
			type: 'boolean',
			default: false,
			description:
				'Whether the customer key is read-only. Remote allows read-only keys one request every 5 seconds instead of every second.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=ODFHIR {{$credentials.developerKey}}/{{$credentials.customerKey}}',
				// "All API requests require application/json" (docs/open-dental.md), GETs included.
				'Content-Type': 'application/json',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ $credentials.connection === "custom" ? $credentials.baseUrl.replace(/\\/+$/, "") : $credentials.connection === "local" ? "http://" + $credentials.host + ":30222/api/v1" : $credentials.connection === "service" ? "http://" + $credentials.host + ":30223/api/v1" : "https://api.opendental.com/api/v1" }}',
			url: '/providers',
			qs: { Limit: 1 },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Open Dental refused the keys (401): check the developer key, the customer key, and that the customer key is enabled for this office',
				},
			},
		],
	};
}
