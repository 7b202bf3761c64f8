import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * Where Chairside claims every side effect when n8n runs in queue mode: the PostgreSQL database
 * queue mode already uses (README "Scaling out"). Without it, the claims live in the n8n process,
 * which is right for a single instance and wrong for workers.
 */
export class ChairsideQueueStateApi implements ICredentialType {
	name = 'chairsideQueueStateApi';

	displayName = 'Chairside Queue Mode State API';

	icon: Icon = { light: 'file:chairside.svg', dark: 'file:chairside.dark.svg' };

	documentationUrl = 'https://github.com/chairside/n8n-nodes-chairside#scaling-out';

	properties: INodeProperties[] = [
		{
			displayName:
				'Use only when n8n runs in queue mode (main + workers). Every Chairside node that sends, books, writes a chart note or receives replies must use the same one.',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{ displayName: 'Host', name: 'host', type: 'string', default: 'localhost', required: true },
		{ displayName: 'Port', name: 'port', type: 'number', default: 5432 },
		{ displayName: 'Database', name: 'database', type: 'string', default: 'n8n', required: true },
		{ displayName: 'User', name: 'user', type: 'string', default: 'n8n', required: true },
		{ displayName: 'Password', name: 'password', type: 'string', typeOptions: { password: true }, default: '' },
		{
			displayName: 'SSL',
			name: 'ssl',
			type: 'boolean',
			default: false,
			description: 'Whether to connect with TLS (certificate verified)',
		},
		{
			displayName: 'Table',
			name: 'table',
			type: 'string',
			default: 'chairside_claims',
			description: 'Created on first use. Letters, digits and underscores.',
		},
	];
}
