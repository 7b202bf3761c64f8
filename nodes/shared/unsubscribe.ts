/** The Chairside Unsubscribe Link credential: Patient Message signs links with it, the trigger verifies them. */
import {
	NodeOperationError,
	type ICredentialTestFunctions,
	type ICredentialsDecrypted,
	type IExecuteFunctions,
	type INodeCredentialTestResult,
} from 'n8n-workflow';
import { unsubscribeLink, UnsubscribeError } from '../../core/messaging/unsubscribe';

export const UNSUBSCRIBE_CREDENTIAL = 'chairsideUnsubscribeApi';

/** The link settings, checked once per run (a probe link), or null when the node has no such credential. */
export async function unsubscribeSettings(
	ctx: IExecuteFunctions,
): Promise<{ secret: string; webhookUrl: string } | null> {
	if (!ctx.getNode().credentials?.[UNSUBSCRIBE_CREDENTIAL]) return null;
	const settings = await ctx.getCredentials<{ secret: string; webhookUrl: string }>(UNSUBSCRIBE_CREDENTIAL);
	try {
		unsubscribeLink(settings.secret, settings.webhookUrl, 'probe', 'probe@example.invalid');
	} catch (error) {
		const message =
			error instanceof UnsubscribeError
				? error.message
				: `Unsubscribe URL "${settings.webhookUrl}" is not a web address`;
		throw new NodeOperationError(ctx.getNode(), message, {
			description: 'Fix the Chairside Unsubscribe Link credential; nothing was sent.',
		});
	}
	return settings;
}

/** The credential's Test: a long enough secret and a web address to link to. */
export async function unsubscribeLinkTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = (credential.data ?? {}) as { secret?: string; webhookUrl?: string };
	try {
		unsubscribeLink(String(data.secret ?? ''), String(data.webhookUrl ?? ''), 'probe', 'probe@example.invalid');
		return { status: 'OK', message: 'Links can be signed' };
	} catch (error) {
		return {
			status: 'Error',
			message:
				error instanceof UnsubscribeError
					? error.message
					: `Unsubscribe URL "${String(data.webhookUrl ?? '')}" is not a web address`,
		};
	}
}
