import type { INodeProperties } from 'n8n-workflow';

/**
 * The signing secret the Chairside link and token credentials share (HMAC-SHA256): a required
 * password field of at least 32 random characters. `consequence` tells the practice what changing
 * it does, which is what differs between them.
 */
export function signingSecretField(consequence: string): INodeProperties {
	return {
		displayName: 'Secret',
		name: 'secret',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		required: true,
		description: `At least 32 random characters (e.g. \`openssl rand -base64 48\`). ${consequence}`,
	};
}
