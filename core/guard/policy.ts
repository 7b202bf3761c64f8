/**
 * The practice's guard settings, validated once. The send window and caps are the send policy
 * (core/practice/send-policy.ts), which keeps them inside the law; the rest (consent, clinical
 * words, SMS length, care replies) is the guard's own.
 */
import { z } from 'zod';
import { MESSAGE_PURPOSES, type MessagePurpose } from '../messaging/touch';
import { SMS_CONSENT_POLICIES, type SmsConsentPolicy } from '../practice/profile';
import {
	clockText,
	SEND_SETTING_NAMES,
	sendPolicy,
	SendPolicyError,
	type SendPolicy,
	type SendWindow,
} from '../practice/send-policy';
import { DEFAULT_CLINICAL_WORDS, phiMatcher, type PhiMatcher } from './phi';

export { clockText };

/**
 * Purposes outside the TCPA healthcare exemption, which covers appointment reminders, pre- and
 * post-op instructions and follow-up care but no marketing (47 CFR 64.1200(a)(9), as summarised in
 * the team's reference on US messaging rules): pushing a plan or financing, winning a patient back,
 * asking for a public review. By text they need the patient's consent on file.
 */
export const CONSENT_PURPOSES: MessagePurpose[] = ['treatment_follow_up', 'reactivation', 'review_request'];

export interface GuardPolicy {
	/** The send window in the patient's local time (minutes after midnight); a message may go out in [start, end). */
	readonly quietHours: SendWindow;
	readonly quietHoursForEmail: boolean;
	readonly maxPerDay: number;
	readonly maxPerWeek: number;
	/** Purposes outside the TCPA healthcare exemption: SMS needs consent 'yes'. */
	readonly requireSmsConsentFor: readonly MessagePurpose[];
	/** How the practice records text consent where the patient's source carries none ('unknown'). */
	readonly smsConsentWhenUnknown: SmsConsentPolicy;
	readonly clinicalWords: readonly string[];
	readonly maxSegments: number;
	/** A care reply skips the send window and caps only this long after the patient's message arrived. */
	readonly careReplyWindowMinutes: number;
	/** Compiled once from clinicalWords: the per-item check stays a few regex runs. */
	readonly phi: PhiMatcher;
}

/** What a node or a test passes; every field has a default. Hours are numbers (8, 8.5) or "HH:mm". */
export interface GuardOptions {
	/** The practice's send policy (its profile), already validated; replaces the four settings below. */
	send?: SendPolicy;
	quietHoursStart?: number | string;
	quietHoursEnd?: number | string;
	quietHoursForEmail?: boolean;
	maxPerDay?: number;
	maxPerWeek?: number;
	requireSmsConsentFor?: MessagePurpose[];
	/** From the practice profile, never from an item. */
	smsConsentWhenUnknown?: SmsConsentPolicy;
	/** Replaces the default list. */
	clinicalWords?: string[];
	/** Added to the list: an array or comma-separated text. */
	extraClinicalWords?: string[] | string;
	maxSegments?: number;
	careReplyWindowMinutes?: number;
}

export class GuardPolicyError extends Error {
	constructor(
		readonly setting: string,
		message: string,
	) {
		super(message);
		this.name = 'GuardPolicyError';
	}
}

/** Setting names as the Patient Message node shows them, so an error points at the field to fix. */
export const SETTING_NAMES: Record<keyof GuardOptions, string> = {
	send: 'Send Window',
	quietHoursStart: SEND_SETTING_NAMES.start,
	quietHoursEnd: SEND_SETTING_NAMES.end,
	quietHoursForEmail: 'Send Window for Email',
	maxPerDay: SEND_SETTING_NAMES.maxPerDay,
	maxPerWeek: SEND_SETTING_NAMES.maxPerWeek,
	smsConsentWhenUnknown: 'Text Consent When the Source Has None',
	requireSmsConsentFor: 'Purposes Needing SMS Consent',
	clinicalWords: 'Clinical Words',
	extraClinicalWords: 'Clinical Words',
	maxSegments: 'Max SMS Segments',
	careReplyWindowMinutes: 'Care Reply Window (Minutes)',
};

const hourSetting = z.union([z.number(), z.string()]);
const count = z.number();

// The window and caps are checked by sendPolicy (the law's limits live there); the rest here.
const schema = z
	.object({
		send: z.custom<SendPolicy>((v) => typeof v === 'object' && v !== null && 'window' in v).optional(),
		quietHoursStart: hourSetting.optional(),
		quietHoursEnd: hourSetting.optional(),
		quietHoursForEmail: z.boolean().default(true),
		maxPerDay: count.optional(),
		maxPerWeek: count.optional(),
		requireSmsConsentFor: z.array(z.enum(MESSAGE_PURPOSES)).default(CONSENT_PURPOSES),
		smsConsentWhenUnknown: z.enum(SMS_CONSENT_POLICIES).default('not_recorded'),
		clinicalWords: z.array(z.string()).optional(),
		extraClinicalWords: z.union([z.array(z.string()), z.string()]).optional(),
		maxSegments: z.number().int('must be a whole number').min(1).max(10).default(3),
		// A day at most: beyond that the patient's message no longer makes a 03:00 text an answer.
		careReplyWindowMinutes: z
			.number()
			.int('must be a whole number')
			.min(1)
			.max(24 * 60)
			.default(60),
	})
	.strict();

const SEND_OPTION = {
	start: 'quietHoursStart',
	end: 'quietHoursEnd',
	maxPerDay: 'maxPerDay',
	maxPerWeek: 'maxPerWeek',
} as const;

function splitWords(value: string[] | string | undefined): string[] {
	const list = typeof value === 'string' ? value.split(',') : (value ?? []);
	return list.map((w) => w.trim()).filter((w) => w.length > 0);
}

/** Validates the options and builds the policy; throws GuardPolicyError naming the setting. */
export function policyFrom(options: GuardOptions = {}): GuardPolicy {
	const parsed = schema.safeParse(options);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const key = String(issue.path[0] ?? '') as keyof GuardOptions;
		const setting = SETTING_NAMES[key] ?? key ?? 'options';
		throw new GuardPolicyError(setting, `${setting}: ${issue.message}`);
	}
	const o = parsed.data;
	let send: SendPolicy;
	try {
		// A policy handed in is checked against the law again: no object can loosen the guard.
		const given = o.send;
		send = sendPolicy(
			given
				? {
						start: clockText(given.window.start),
						end: clockText(given.window.end),
						maxPerDay: given.maxPerDay,
						maxPerWeek: given.maxPerWeek,
					}
				: { start: o.quietHoursStart, end: o.quietHoursEnd, maxPerDay: o.maxPerDay, maxPerWeek: o.maxPerWeek },
		);
	} catch (error) {
		if (error instanceof SendPolicyError)
			throw new GuardPolicyError(SETTING_NAMES[SEND_OPTION[error.setting]], error.message);
		throw error;
	}
	const words = [
		...(o.clinicalWords ? splitWords(o.clinicalWords) : DEFAULT_CLINICAL_WORDS),
		...splitWords(o.extraClinicalWords),
	];
	const clinicalWords = [...new Set(words.map((w) => w.toLowerCase()))];
	return Object.freeze({
		quietHours: send.window,
		quietHoursForEmail: o.quietHoursForEmail,
		maxPerDay: send.maxPerDay,
		maxPerWeek: send.maxPerWeek,
		requireSmsConsentFor: Object.freeze([...o.requireSmsConsentFor]),
		smsConsentWhenUnknown: o.smsConsentWhenUnknown,
		clinicalWords: Object.freeze(clinicalWords),
		maxSegments: o.maxSegments,
		careReplyWindowMinutes: o.careReplyWindowMinutes,
		phi: phiMatcher(clinicalWords),
	});
}
