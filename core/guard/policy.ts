/**
 * The practice's guard settings, validated once. Quiet hours are the window in which a message may
 * go out, in the patient's local time; the limits the US rules set are enforced here, so no
 * setting can make the guard send what the law forbids.
 */
import { z } from 'zod';
import { MESSAGE_PURPOSES, type MessagePurpose } from '../messaging/touch';
import { DEFAULT_CLINICAL_WORDS, phiMatcher, type PhiMatcher } from './phi';

/** TCPA: nothing before 8:00 or after 21:00 recipient-local. Florida and Oklahoma: 8:00-20:00. */
export const EARLIEST_START_MINUTE = 8 * 60;
export const LATEST_END_MINUTE = 21 * 60;

export interface GuardPolicy {
	/** Minutes after local midnight; a message may go out in [start, end). */
	readonly quietHours: { readonly start: number; readonly end: number };
	readonly quietHoursForEmail: boolean;
	readonly maxPerDay: number;
	readonly maxPerWeek: number;
	/** Purposes outside the TCPA healthcare exemption: SMS needs consent 'yes'. */
	readonly requireSmsConsentFor: readonly MessagePurpose[];
	readonly clinicalWords: readonly string[];
	readonly maxSegments: number;
	/** A care reply skips the send window and caps only this long after the patient's message arrived. */
	readonly careReplyWindowMinutes: number;
	/** Compiled once from clinicalWords: the per-item check stays a few regex runs. */
	readonly phi: PhiMatcher;
}

/** What a node or a test passes; every field has a default. Hours are numbers (8, 8.5) or "HH:mm". */
export interface GuardOptions {
	quietHoursStart?: number | string;
	quietHoursEnd?: number | string;
	quietHoursForEmail?: boolean;
	maxPerDay?: number;
	maxPerWeek?: number;
	requireSmsConsentFor?: MessagePurpose[];
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
	quietHoursStart: 'Send Window Start',
	quietHoursEnd: 'Send Window End',
	quietHoursForEmail: 'Send Window for Email',
	maxPerDay: 'Max Messages per Day',
	maxPerWeek: 'Max Messages per Week',
	requireSmsConsentFor: 'Purposes Needing SMS Consent',
	clinicalWords: 'Clinical Words',
	extraClinicalWords: 'Clinical Words',
	maxSegments: 'Max SMS Segments',
	careReplyWindowMinutes: 'Care Reply Window (Minutes)',
};

const hourSetting = z.union([z.number().finite(), z.string().trim().regex(/^\d{1,2}(:\d{2})?$/, 'use hours such as 8 or 8.5, or HH:mm such as 08:30')]);

const schema = z
	.object({
		quietHoursStart: hourSetting.default(8),
		quietHoursEnd: hourSetting.default(20),
		quietHoursForEmail: z.boolean().default(true),
		// Florida and Oklahoma allow at most 3 messages per 24 hours on one subject.
		maxPerDay: z.number().int('must be a whole number').min(1).max(3).default(1),
		maxPerWeek: z.number().int('must be a whole number').min(1).max(21).default(3),
		requireSmsConsentFor: z.array(z.enum(MESSAGE_PURPOSES)).default(['treatment_follow_up', 'reactivation']),
		clinicalWords: z.array(z.string()).optional(),
		extraClinicalWords: z.union([z.array(z.string()), z.string()]).optional(),
		maxSegments: z.number().int('must be a whole number').min(1).max(10).default(3),
		// A day at most: beyond that the patient's message no longer makes a 03:00 text an answer.
		careReplyWindowMinutes: z.number().int('must be a whole number').min(1).max(24 * 60).default(60),
	})
	.strict();

export const DEFAULT_POLICY_OPTIONS: Readonly<Required<Omit<GuardOptions, 'clinicalWords' | 'extraClinicalWords'>>> = {
	quietHoursStart: 8,
	quietHoursEnd: 20,
	quietHoursForEmail: true,
	maxPerDay: 1,
	maxPerWeek: 3,
	requireSmsConsentFor: ['treatment_follow_up', 'reactivation'],
	maxSegments: 3,
	careReplyWindowMinutes: 60,
};

/** "HH:mm" for messages. */
export function clockText(minute: number): string {
	return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

function minuteOf(value: number | string, setting: string): number {
	let minute: number;
	if (typeof value === 'number') minute = Math.round(value * 60);
	else {
		const [h, m = '0'] = value.split(':');
		if (Number(m) > 59) throw new GuardPolicyError(setting, `${setting} "${value}" is not a time of day`);
		minute = Number(h) * 60 + Number(m);
	}
	if (minute < 0 || minute > 24 * 60) throw new GuardPolicyError(setting, `${setting} ${value} is not an hour of the day`);
	return minute;
}

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
	const start = minuteOf(o.quietHoursStart, SETTING_NAMES.quietHoursStart);
	const end = minuteOf(o.quietHoursEnd, SETTING_NAMES.quietHoursEnd);
	if (start < EARLIEST_START_MINUTE) {
		throw new GuardPolicyError(
			SETTING_NAMES.quietHoursStart,
			`${SETTING_NAMES.quietHoursStart} ${clockText(start)} is earlier than 08:00: US rules (TCPA) allow no messages before 8:00 in the patient's local time`,
		);
	}
	if (end > LATEST_END_MINUTE) {
		throw new GuardPolicyError(
			SETTING_NAMES.quietHoursEnd,
			`${SETTING_NAMES.quietHoursEnd} ${clockText(end)} is later than 21:00: US rules (TCPA) allow no messages after 21:00 in the patient's local time`,
		);
	}
	if (end <= start) {
		throw new GuardPolicyError(SETTING_NAMES.quietHoursEnd, `${SETTING_NAMES.quietHoursEnd} ${clockText(end)} must be after ${SETTING_NAMES.quietHoursStart} ${clockText(start)}`);
	}
	const words = [...(o.clinicalWords ? splitWords(o.clinicalWords) : DEFAULT_CLINICAL_WORDS), ...splitWords(o.extraClinicalWords)];
	const clinicalWords = [...new Set(words.map((w) => w.toLowerCase()))];
	return Object.freeze({
		quietHours: Object.freeze({ start, end }),
		quietHoursForEmail: o.quietHoursForEmail,
		maxPerDay: o.maxPerDay,
		maxPerWeek: o.maxPerWeek,
		requireSmsConsentFor: Object.freeze([...o.requireSmsConsentFor]),
		clinicalWords: Object.freeze(clinicalWords),
		maxSegments: o.maxSegments,
		careReplyWindowMinutes: o.careReplyWindowMinutes,
		phi: phiMatcher(clinicalWords),
	});
}
