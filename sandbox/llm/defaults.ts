/**
 * Fixed sandbox values for the OpenAI Chat Completions simulator: an API key shaped like a real
 * project key (not a secret), the models it lists, and the n8n credential that reaches it.
 */
export const SANDBOX_LLM = {
	apiKey: 'sk-proj-chairsidesandbox0000000000000000000000000001',
	port: 30254,
	models: ['gpt-4.1-mini', 'gpt-4.1', 'gpt-4o-mini', 'gpt-4o'],
} as const;

/** The n8n "OpenAI" credential (type openAiApi, for import) whose Base URL is the simulator's /v1. */
export function openAiCredential(baseUrl: string, apiKey: string = SANDBOX_LLM.apiKey) {
	return {
		id: 'chairsidellmsbx1',
		name: 'OpenAI (sandbox)',
		type: 'openAiApi',
		data: { apiKey, organizationId: '', url: baseUrl, header: false },
	};
}
