import type { IExecuteFunctions } from 'n8n-workflow';
import { DEFAULT_MAX_LIFETIME_MINUTES, verifyPatientToken } from '../../../core/coordinator';
import { coordinatorOperation, showFor, textParameter, type TokenSecret } from './common';

const show = showFor('verifyToken');

/**
 * The chat widget's door: the patient is the one the practice's server signed for, never a number
 * the browser sent. A refused token throws (no item goes on), so nothing after it, the model
 * included, runs for an unidentified caller.
 */
export const verifyToken = coordinatorOperation({
	readsTokenSecret: true,
	description: [
		{
			displayName: 'Patient Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: "={{ $json.headers['x-chairside-patient-token'] }}",
			description:
				'The token the chat widget got from the practice server for the logged-in patient: v1.&lt;patient ID&gt;.&lt;expiry&gt;.&lt;HMAC-SHA256&gt;. Refused when the signature does not verify or it has expired.',
			displayOptions: show,
		},
		{
			displayName: 'Message',
			name: 'message',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '={{ $json.body.message }}',
			description:
				"The patient's words, passed on with the verified patient so the rest of the workflow reads one item whichever door the message came through",
			displayOptions: show,
		},
	],
	execute(ctx: IExecuteFunctions, i: number, run) {
		const { secret, maxLifetimeMinutes } = run.tokenSecret as TokenSecret;
		const patient = verifyPatientToken(textParameter(ctx, 'token', i), secret, new Date(), maxLifetimeMinutes);
		return { ...patient, message: textParameter(ctx, 'message', i), channel: 'chat' };
	},
	// An unidentified caller never goes on as an error item: the model must not see it.
	onError: () => null,
});

/** The credential's fields as the token check reads them (a run, and the credential's Test). */
export function tokenSecretOf(data: { secret?: unknown; maxLifetimeMinutes?: unknown }): TokenSecret {
	return {
		secret: String(data.secret ?? ''),
		maxLifetimeMinutes:
			Number(data.maxLifetimeMinutes) > 0 ? Number(data.maxLifetimeMinutes) : DEFAULT_MAX_LIFETIME_MINUTES,
	};
}

/** Read once per run: its absence refuses the run before any item is looked at. */
export async function readTokenSecret(ctx: IExecuteFunctions): Promise<TokenSecret> {
	return tokenSecretOf(await ctx.getCredentials('chairsidePatientTokenApi'));
}
