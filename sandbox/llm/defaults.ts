/**
 * Fixed sandbox values for the OpenAI Chat Completions simulator: an API key shaped like a real
 * project key (not a secret), the models it lists, and the n8n credential that reaches it.
 */
import { CREDENTIAL_NAMES } from '../n8n/credential-names';

export const SANDBOX_LLM = {
	apiKey: 'sk-proj-chairsidesandbox0000000000000000000000000001',
	port: 30254,
	models: ['gpt-4.1-mini', 'gpt-4.1', 'gpt-4o-mini', 'gpt-4o'],
} as const;

/** The n8n "OpenAI" credential (type openAiApi, for import) whose Base URL is the simulator's /v1. */
export function openAiCredential(baseUrl: string, apiKey: string = SANDBOX_LLM.apiKey) {
	return {
		id: 'chairsidellmsbx1',
		name: CREDENTIAL_NAMES.openAiApi,
		type: 'openAiApi',
		data: { apiKey, organizationId: '', url: baseUrl, header: false },
	};
}

/**
 * The AI coordinator's chat-widget door in the sandbox: the header the widget's server sends
 * (n8n's Header Auth on the Webhook) and the secret it signs patient tokens with. Sandbox values,
 * public on purpose: a practice sets its own in the two credentials.
 */
export const SANDBOX_COORDINATOR_DOOR = {
	headerName: 'X-Chairside-Key',
	headerValue: 'sandbox-chat-widget-key-0123456789abcdef',
	tokenSecret: 'sandbox-patient-token-secret-0123456789abcdef0123',
	maxLifetimeMinutes: 60,
} as const;

export function coordinatorDoorCredentials(door: typeof SANDBOX_COORDINATOR_DOOR = SANDBOX_COORDINATOR_DOOR) {
	return [
		{
			id: 'chairsidecoordhdr',
			name: CREDENTIAL_NAMES.httpHeaderAuth,
			type: 'httpHeaderAuth',
			data: { name: door.headerName, value: door.headerValue },
		},
		{
			id: 'chairsidetokensbx',
			name: CREDENTIAL_NAMES.chairsidePatientTokenApi,
			type: 'chairsidePatientTokenApi',
			data: { secret: door.tokenSecret, maxLifetimeMinutes: door.maxLifetimeMinutes },
		},
	];
}
