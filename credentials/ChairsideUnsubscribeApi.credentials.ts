import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';
import { signingSecretField } from './secret';

/**
 * The one-click unsubscribe link every email carries (core/messaging/unsubscribe.ts): the secret
 * that signs it and the Email Unsubscribe Trigger's production URL it points at. Patient Message
 * signs with it, the trigger verifies with it; a credential keeps the secret out of workflows.
 */
export class ChairsideUnsubscribeApi implements ICredentialType {
	name = 'chairsideUnsubscribeApi';

	displayName = 'Chairside Unsubscribe Link API';

	icon: Icon = { light: 'file:chairside.svg', dark: 'file:chairside.dark.svg' };

	documentationUrl = 'https://github.com/chairside/n8n-nodes-chairside#email-unsubscribe';

	properties: INodeProperties[] = [
		signingSecretField('Changing it breaks the links in emails already sent.'),
		{
			displayName: 'Unsubscribe URL',
			name: 'webhookUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://n8n.example-practice.com/webhook/chairside-unsubscribe',
			description: "The Email Unsubscribe Trigger's Production URL, as patients' mail apps can reach it",
		},
	];
}
