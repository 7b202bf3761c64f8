/** The "Fields Below" mode: one touch from the node's per-item fields. */
import type { IExecuteFunctions } from 'n8n-workflow';
import type { DateTime } from 'luxon';
import type { MessageChannel, MessagePurpose } from '../../core/messaging/touch';
import { touchFromFields } from '../../core/messaging/touch-from-fields';
import type { SmsConsent } from '../../core/model/case';
import type { PhoneNormalizer } from '../../core/normalize/phone';

export function readTouch(
	ctx: IExecuteFunctions,
	i: number,
	now: DateTime,
	phones: PhoneNormalizer,
	practiceZone: string,
): Record<string, unknown> {
	const text = (name: string) => String(ctx.getNodeParameter(name, i, '') ?? '');
	const channel = ctx.getNodeParameter('channel', i) as MessageChannel;
	return touchFromFields(
		{
			channel,
			to: text('to'),
			patientId: text('patientId'),
			firstName: text('firstName'),
			timezone: text('timezone').trim() || practiceZone,
			sendKey: text('sendKey'),
			subject: channel === 'email' ? text('subject') : '',
			body: text('body'),
			purpose: ctx.getNodeParameter('purpose', i) as MessagePurpose,
			smsConsent: ctx.getNodeParameter('smsConsent', i) as SmsConsent,
			recentSends: ctx.getNodeParameter('recentSends', i, ''),
			answersKey: text('answersKey'),
			answersReceivedAt: ctx.getNodeParameter('answersReceivedAt', i, ''),
		},
		now,
		phones,
	);
}
