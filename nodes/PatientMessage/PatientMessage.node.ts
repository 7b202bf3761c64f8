import {
	NodeApiError,
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type JsonObject,
} from 'n8n-workflow';
import { DateTime } from 'luxon';
import { GuardPolicyError, policyFrom, type GuardPolicy } from '../../core/guard';
import { Dispatcher } from '../../core/messaging/dispatch';
import { unsubscribeLinkTest, unsubscribeSettings } from '../shared/unsubscribe';
import { blockedOutcome } from '../../core/messaging/outcome';
import { ProviderError } from '../../core/messaging/provider';
import type { MessageOutcome, OutboundTouch } from '../../core/messaging/touch';
import { parseTouch, ruleForField } from '../../core/messaging/touch-schema';
import { PhoneNormalizer } from '../../core/normalize/phone';
import type { PracticeProfile } from '../../core/practice/profile';
import { referenceTime } from '../shared/options';
import { practiceProfileTest, readPracticeProfile } from '../shared/practice';
import { outputsByOperation } from '../shared/router';
import { CHECK_OUTPUTS, goLiveCheck } from './check';
import { properties } from './description';
import { readTouch } from './items';
import { queueStateTest, sharedState } from '../shared/state';
import { emailChannel, GMAIL, smsChannel, TWILIO } from './transport';

const OUTPUT = { sent: 0, deferred: 1, blocked: 2 } as const;

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

export class PatientMessage implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Patient Message',
		name: 'patientMessage',
		icon: { light: 'file:patientMessage.svg', dark: 'file:patientMessage.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle:
			'={{ $parameter["operation"] === "check" ? "Check only, sends nothing" : $parameter["messageFrom"] === "fields" ? ($parameter["channel"] === "email" ? "Send an email" : "Send a text") : "Send journey messages" }}',
		description:
			'Send a patient SMS (Twilio) or email (Gmail) through the Chairside guard: consent, opt-out, quiet hours, frequency caps, PHI, send-once',
		defaults: { name: 'Patient Message' },
		inputs: [NodeConnectionTypes.Main],
		outputs: outputsByOperation({ send: ['Sent', 'Deferred', 'Blocked'], check: CHECK_OUTPUTS }),
		usableAsTool: true,
		credentials: [
			{ name: 'chairsidePracticeApi', required: true, testedBy: 'practiceProfileTest' },
			{ name: TWILIO, required: false, displayName: 'Twilio (Texts)' },
			{ name: GMAIL, required: false, displayName: 'Gmail (Emails)' },
			{
				name: 'chairsideUnsubscribeApi',
				required: false,
				displayName: 'Unsubscribe Link (Emails)',
				testedBy: 'unsubscribeLinkTest',
			},
			{
				name: 'chairsideQueueStateApi',
				required: false,
				testedBy: 'queueStateTest',
				displayName: 'Shared State (Queue Mode)',
			},
		],
		properties,
	};

	methods = { credentialTest: { queueStateTest, practiceProfileTest, unsubscribeLinkTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[][] = [[], [], []];
		const node = this.getNode();
		// Everything that is not per item is read once: the guard then costs microseconds per item.
		const messageFrom = this.getNodeParameter('messageFrom', 0, 'cadence') as 'cadence' | 'fields';
		const options = this.getNodeParameter('options', 0, {}) as IDataObject;
		// Empty: each item is checked at its own moment (below).
		const practice = await readPracticeProfile(this);
		const fixedNow = referenceTime(node, options.now, practice.zone);
		const retry = {
			attempts: (options.retryAttempts as number | undefined) ?? 4,
			maxWaitMs: ((options.retryMaxSeconds as number | undefined) ?? 30) * 1000,
		};
		const dispatcher = new Dispatcher({
			policy: policy(this, options, practice),
			sms: await smsChannel(this, retry),
			email: await emailChannel(this, retry),
			state: await sharedState(this, 'send'),
			unsubscribe: await unsubscribeSettings(this),
			statusCallback:
				typeof options.statusCallback === 'string' && options.statusCallback.trim()
					? options.statusCallback.trim()
					: null,
		});
		// The go-live check: the same guard in a dry run, sending nothing (./check.ts).
		if (this.getNodeParameter('operation', 0, 'send') === 'check') return goLiveCheck(this, dispatcher, practice);
		const phones = new PhoneNormalizer('US');

		for (let i = 0; i < items.length; i++) {
			// Without a Reference Time each item is checked at its own moment: a long run can cross 20:00.
			const now = fixedNow ?? DateTime.utc();
			const json = items[i].json;
			let touch: OutboundTouch;
			try {
				const parsed = parseTouch(messageFrom === 'fields' ? readTouch(this, i, now, phones, practice.zone) : json);
				if (!parsed.ok) {
					const failure = new NodeOperationError(node, `Item ${i}: ${parsed.field} ${parsed.problem}`, {
						itemIndex: i,
						description:
							messageFrom === 'cadence'
								? 'Patient Message expects the touches Cadence Step outputs (kind "chairside.touch").'
								: undefined,
					});
					if (!this.continueOnFail()) throw failure;
					const outcome = blockedOutcome(
						now,
						ruleForField(parsed.field),
						`not a valid touch: ${parsed.field} ${parsed.problem}`,
					);
					out[OUTPUT.blocked].push({
						json: { ...json, error: failure.message, outcome: outcome as unknown as IDataObject },
						pairedItem: { item: i },
					});
					continue;
				}
				touch = parsed.touch;
			} catch (error) {
				const failure =
					error instanceof NodeOperationError ? error : new NodeOperationError(node, error as Error, { itemIndex: i });
				if (!this.continueOnFail()) throw failure;
				const outcome = blockedOutcome(now, 'consent', `not a valid touch: ${failure.message}`);
				out[OUTPUT.blocked].push({
					json: { ...json, error: failure.message, outcome: outcome as unknown as IDataObject },
					pairedItem: { item: i },
				});
				continue;
			}

			let outcome: MessageOutcome;
			try {
				outcome = await dispatcher.dispatch(touch, now);
			} catch (error) {
				if (!(error instanceof ProviderError)) throw new NodeOperationError(node, error as Error, { itemIndex: i });
				// Credentials or sender settings: every message would fail the same way.
				const failure = new NodeApiError(
					node,
					{ message: error.message, httpCode: String(error.httpStatus) } as JsonObject,
					{
						itemIndex: i,
						message: error.message,
						httpCode: error.httpStatus ? String(error.httpStatus) : undefined,
						description: `${error.provider === 'twilio' ? 'Twilio' : 'Gmail'} refused the request (send key ${touch.sendKey}). Check the credential.`,
					},
				);
				if (!this.continueOnFail()) throw failure;
				outcome = blockedOutcome(now, 'provider', error.message, { providerCode: error.code });
			}
			const base = messageFrom === 'fields' ? { ...json, ...touch } : json;
			out[OUTPUT[outcome.status]].push({
				json: { ...base, outcome: outcome as unknown as IDataObject },
				pairedItem: { item: i },
			});
		}
		return out;
	}
}
