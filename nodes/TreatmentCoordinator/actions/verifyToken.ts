import type { IExecuteFunctions } from 'n8n-workflow';
import { verifyPatientToken } from '../../../core/coordinator';
import { showFor, textParameter, type CoordinatorOperation } from './common';

const show = showFor('verifyToken');

/**
 * The chat widget's door: the patient is the one the practice's server signed for, never a number
 * the browser sent. A refused token throws (no item goes on), so nothing after it, the model
 * included, runs for an unidentified caller.
 */
export const verifyToken: CoordinatorOperation = {
	writes: 'secret',
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
	execute(ctx: IExecuteFunctions, i: number, { secret, maxLifetimeMinutes }) {
		const patient = verifyPatientToken(textParameter(ctx, 'token', i), secret, new Date(), maxLifetimeMinutes);
		return { ...patient, message: textParameter(ctx, 'message', i), channel: 'chat' };
	},
};
