/** The Chairside Unsubscribe Link credential: Patient Message signs links with it, the trigger verifies them. */
import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import { unsubscribeLink, UnsubscribeError } from '../../core/messaging/unsubscribe';

export const UNSUBSCRIBE_CREDENTIAL = 'chairsideUnsubscribeApi';

/** The link settings, checked once per run (a probe link), or null when the node has no such credential. */
export async function unsubscribeSettings(ctx: IExecuteFunctions): Promise<{ secret: string; webhookUrl: string } | null> {
	if (!ctx.getNode().credentials?.[UNSUBSCRIBE_CREDENTIAL]) return null;
	const settings = await ctx.getCredentials<{ secret: string; webhookUrl: string }>(UNSUBSCRIBE_CREDENTIAL);
	try {
		unsubscribeLink(settings.secret, settings.webhookUrl, 'probe', 'probe@example.invalid');
	} catch (error) {
		const message = error instanceof UnsubscribeError ? error.message : `Unsubscribe URL "${settings.webhookUrl}" is not a web address`;
		throw new NodeOperationError(ctx.getNode(), message, { description: 'Fix the Chairside Unsubscribe Link credential; nothing was sent.' });
	}
	return settings;
}
