/** What both Patient Message operations read once per run: the practice profile, its send policy and the Dispatcher. */
import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';
import type { DateTime } from 'luxon';
import { GuardPolicyError, policyFrom, type GuardPolicy } from '../../../core/guard';
import { Dispatcher } from '../../../core/messaging/dispatch';
import { PhoneNormalizer } from '../../../core/normalize/phone';
import type { PracticeProfile } from '../../../core/practice/profile';
import { referenceTime } from '../../shared/options';
import { readPracticeProfile } from '../../shared/practice';
import { sharedState } from '../../shared/state';
import { unsubscribeSettings } from '../../shared/unsubscribe';
import { emailChannel, smsChannel } from '../transport';

export interface MessageRun {
	practice: PracticeProfile;
	/** The guard, the channels and the send-once state: the guard then costs microseconds per item. */
	dispatcher: Dispatcher;
	messageFrom: 'cadence' | 'fields';
	/** The Reference Time; null when empty, and then each item is checked at its own moment. */
	fixedNow: DateTime | null;
	phones: PhoneNormalizer;
}

/**
 * The guard's policy: the send window, caps and text-consent rule are the practice profile's (the
 * same the journeys use), never an item's; the rest is this node's options.
 */
function policy(ctx: IExecuteFunctions, options: IDataObject, practice: PracticeProfile): GuardPolicy {
	try {
		return policyFrom({
			send: practice.send,
			smsConsentWhenUnknown: practice.smsConsentWhenUnknown,
			quietHoursForEmail: (options.quietHoursForEmail as boolean | undefined) ?? true,
			maxSegments: (options.maxSegments as number | undefined) ?? 3,
			careReplyWindowMinutes: (options.careReplyWindowMinutes as number | undefined) ?? 60,
			extraClinicalWords: typeof options.clinicalWords === 'string' ? options.clinicalWords : undefined,
		});
	} catch (error) {
		const description = error instanceof GuardPolicyError ? `Fix the "${error.setting}" option.` : undefined;
		throw new NodeOperationError(ctx.getNode(), error as Error, { description });
	}
}

export async function readRun(ctx: IExecuteFunctions): Promise<MessageRun> {
	const messageFrom = ctx.getNodeParameter('messageFrom', 0, 'cadence') as MessageRun['messageFrom'];
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const practice = await readPracticeProfile(ctx);
	const fixedNow = referenceTime(ctx.getNode(), options.now, practice.zone);
	const retry = {
		attempts: (options.retryAttempts as number | undefined) ?? 4,
		maxWaitMs: ((options.retryMaxSeconds as number | undefined) ?? 30) * 1000,
	};
	const dispatcher = new Dispatcher({
		policy: policy(ctx, options, practice),
		sms: await smsChannel(ctx, retry),
		email: await emailChannel(ctx, retry),
		state: await sharedState(ctx, 'send', practice.location),
		unsubscribe: await unsubscribeSettings(ctx),
		statusCallback:
			typeof options.statusCallback === 'string' && options.statusCallback.trim()
				? options.statusCallback.trim()
				: null,
	});
	return { practice, dispatcher, messageFrom, fixedNow, phones: new PhoneNormalizer('US') };
}
