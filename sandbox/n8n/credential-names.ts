/**
 * The name n8n 2.41 proposes when a user creates a credential of each type, which is the name every
 * shipped workflow gives its references (README, "Importing workflows"): a practice that keeps the
 * proposed names gets each account picked on every node of every workflow it imports, because n8n
 * resolves a reference whose id it does not have by name and type (workflow-helpers.js,
 * replaceInvalidCredentials). The sandbox, the demo and the e2e harness create their credentials
 * under these names, with ids the workflows do not carry, so they go through that same path.
 * The rule is n8n's, not ours (test/unit/workflows/credential-names.test.ts checks this table
 * against each type's displayName): n8n-editor-ui's getNewCredentialName (workflows.store) drops
 * the words API, OAuth1, OAuth2 and MCP from the displayName and adds " account".
 */
export const CREDENTIAL_NAMES = {
	chairsidePracticeApi: 'Chairside Practice Profile account',
	openDentalApi: 'Open Dental account',
	nexHealthApi: 'NexHealth account',
	twilioSmsApi: 'Chairside Twilio SMS account',
	chairsideGmailOAuth2Api: 'Chairside Gmail account',
	chairsideGoogleSheetsOAuth2Api: 'Chairside Google Sheets account',
	chairsideGoogleCalendarOAuth2Api: 'Chairside Google Calendar account',
	chairsideTaskLinkApi: 'Chairside Task Links account',
	chairsideUnsubscribeApi: 'Chairside Unsubscribe Link account',
	chairsidePatientTokenApi: 'Chairside Patient Token account',
	chairsideQueueStateApi: 'Chairside Queue Mode State account',
	openAiApi: 'OpenAI account',
	httpHeaderAuth: 'Header Auth account',
};
