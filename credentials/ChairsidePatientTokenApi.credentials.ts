import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';
import { signingSecretField } from './secret';

/**
 * The secret the practice's server signs chat-widget patient tokens with (HMAC-SHA256). n8n holds
 * it as a credential, not a workflow parameter, so it is encrypted at rest and never exported with
 * the workflow.
 */
export class ChairsidePatientTokenApi implements ICredentialType {
	name = 'chairsidePatientTokenApi';

	displayName = 'Chairside Patient Token API';

	icon: Icon = { light: 'file:chairside.svg', dark: 'file:chairside.dark.svg' };

	documentationUrl = 'https://github.com/chairside/n8n-nodes-chairside#treatment-coordinator-and-the-ai-coordinator';

	properties: INodeProperties[] = [
		signingSecretField('The same secret is set on the server that signs tokens for logged-in patients.'),
		{
			displayName: 'Max Token Lifetime (Minutes)',
			name: 'maxLifetimeMinutes',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 60,
			description: 'A token that claims to be valid for longer is refused, even when its signature is right',
		},
	];
}
