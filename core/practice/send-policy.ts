/**
 * The send policy: when a patient message may go out (the window, in minutes after local
 * midnight in the patient's zone) and how many (per local day, per rolling 7 days). One rule for
 * the journey engine (core/journey) and the guard (core/guard), set once in the practice profile.
 * The limits the law sets are here and nowhere else; docs/send-policy.md gives each one's source.
 */
import type { DateTime } from 'luxon';

/** TCPA (47 CFR 64.1200(c)(1)): no message before 08:00 in the recipient's local time. */
export const LEGAL_EARLIEST_MINUTE = 8 * 60;
/** TCPA: none at or after 21:00 (Florida 501.616 and Oklahoma: 20:00, which the default keeps). */
export const LEGAL_LATEST_MINUTE = 21 * 60;
/** Florida 501.616 and Oklahoma: at most 3 messages per 24 hours on one subject. */
export const LEGAL_MAX_PER_DAY = 3;
/** A week of the legal daily maximum; the healthcare exemption (47 CFR 64.1200(a)(9)) allows 3. */
export const MAX_PER_WEEK_LIMIT = 7 * LEGAL_MAX_PER_DAY;

export interface SendWindow {
	/** Minutes after local midnight; a message may go out in [start, end). */
	readonly start: number;
	readonly end: number;
}

export interface SendPolicy {
	readonly window: SendWindow;
	/** Messages per patient per local calendar day, across every journey. */
	readonly maxPerDay: number;
	/** Messages per patient over any 7 days, across every journey. */
	readonly maxPerWeek: number;
}

/**
 * 08:00-20:00, 1 a day, 3 a week: inside the law in every US state (Florida and Oklahoma end at
 * 20:00) and within the healthcare exemption's 1 a day and 3 a week.
 */
export const DEFAULT_SEND_POLICY: SendPolicy = Object.freeze({
	window: Object.freeze({ start: 8 * 60, end: 20 * 60 }),
	maxPerDay: 1,
	maxPerWeek: 3,
});

/** What a person sets: hours as numbers (8, 8.5) or "HH:mm"; an empty value takes the default. */
export interface SendPolicyInput {
	start?: number | string | null;
	end?: number | string | null;
	maxPerDay?: number | null;
	maxPerWeek?: number | null;
}

export type SendSetting = keyof SendPolicyInput;

/** The settings as the practice profile (and the guard's errors) name them. */
export const SEND_SETTING_NAMES: Record<SendSetting, string> = {
	start: 'Send Window Start',
	end: 'Send Window End',
	maxPerDay: 'Max Messages per Day',
	maxPerWeek: 'Max Messages per Week',
};

export class SendPolicyError extends Error {
	constructor(
		readonly setting: SendSetting,
		message: string,
	) {
		super(message);
		this.name = 'SendPolicyError';
	}
}

/** "HH:mm" for messages. */
export function clockText(minute: number): string {
	return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

function minuteOf(value: number | string, setting: SendSetting): number {
	const name = SEND_SETTING_NAMES[setting];
	let minute: number;
	if (typeof value === 'number') {
		if (!Number.isFinite(value))
			throw new SendPolicyError(setting, `${name}: use hours such as 8 or 8.5, or HH:mm such as 08:30`);
		minute = Math.round(value * 60);
	} else {
		const text = value.trim();
		if (!/^\d{1,2}(:\d{2})?$/.test(text))
			throw new SendPolicyError(setting, `${name}: use hours such as 8 or 8.5, or HH:mm such as 08:30`);
		const [h, m = '0'] = text.split(':');
		if (Number(m) > 59) throw new SendPolicyError(setting, `${name} "${value}" is not a time of day`);
		minute = Number(h) * 60 + Number(m);
	}
	if (minute < 0 || minute > 24 * 60) throw new SendPolicyError(setting, `${name} ${value} is not an hour of the day`);
	return minute;
}

function count(
	value: number | null | undefined,
	setting: 'maxPerDay' | 'maxPerWeek',
	max: number,
	fallback: number,
): number {
	if (value === null || value === undefined) return fallback;
	const name = SEND_SETTING_NAMES[setting];
	if (!Number.isInteger(value)) throw new SendPolicyError(setting, `${name}: must be a whole number`);
	if (value < 1 || value > max) throw new SendPolicyError(setting, `${name}: must be between 1 and ${max}`);
	return value;
}

const empty = (value: unknown) => value === null || value === undefined || (typeof value === 'string' && !value.trim());

/** The policy from what a person set, refused (naming the setting) when the law does not allow it. */
export function sendPolicy(input: SendPolicyInput = {}): SendPolicy {
	const start = empty(input.start)
		? DEFAULT_SEND_POLICY.window.start
		: minuteOf(input.start as number | string, 'start');
	const end = empty(input.end) ? DEFAULT_SEND_POLICY.window.end : minuteOf(input.end as number | string, 'end');
	if (start < LEGAL_EARLIEST_MINUTE) {
		throw new SendPolicyError(
			'start',
			`${SEND_SETTING_NAMES.start} ${clockText(start)} is earlier than ${clockText(LEGAL_EARLIEST_MINUTE)}: US rules (TCPA) allow no messages before 8:00 in the patient's local time`,
		);
	}
	if (end > LEGAL_LATEST_MINUTE) {
		throw new SendPolicyError(
			'end',
			`${SEND_SETTING_NAMES.end} ${clockText(end)} is later than ${clockText(LEGAL_LATEST_MINUTE)}: US rules (TCPA) allow no messages after 21:00 in the patient's local time`,
		);
	}
	if (end <= start)
		throw new SendPolicyError(
			'end',
			`${SEND_SETTING_NAMES.end} ${clockText(end)} must be after ${SEND_SETTING_NAMES.start} ${clockText(start)}`,
		);
	return Object.freeze({
		window: Object.freeze({ start, end }),
		maxPerDay: count(input.maxPerDay, 'maxPerDay', LEGAL_MAX_PER_DAY, DEFAULT_SEND_POLICY.maxPerDay),
		maxPerWeek: count(input.maxPerWeek, 'maxPerWeek', MAX_PER_WEEK_LIMIT, DEFAULT_SEND_POLICY.maxPerWeek),
	});
}

/** Milliseconds after local midnight, read from the wall clock (so 08:00 is 08:00 on a DST day too). */
function wallMs(local: DateTime): number {
	return ((local.hour * 60 + local.minute) * 60 + local.second) * 1000 + local.millisecond;
}

/** Whether a local time (a DateTime in the patient's zone) is inside the window. */
export function insideWindow(local: DateTime, window: SendWindow): boolean {
	const ms = wallMs(local);
	return ms >= window.start * 60_000 && ms < window.end * 60_000;
}

function atMinute(day: DateTime, minute: number): DateTime {
	// On a day whose wall clock skips that minute, luxon moves forward by the gap: still a valid instant.
	return day.set({ hour: Math.floor(minute / 60), minute: minute % 60, second: 0, millisecond: 0 });
}

/** The first instant at or after `local` inside the window, in local's zone. */
export function nextWindowOpening(local: DateTime, window: SendWindow): DateTime {
	if (insideWindow(local, window)) return local;
	const startToday = atMinute(local, window.start);
	if (local < startToday) return startToday;
	return atMinute(local.plus({ days: 1 }), window.start);
}

/** The window's opening on the local day `days` after `local`'s. */
export function windowOpeningAfter(local: DateTime, days: number, window: SendWindow): DateTime {
	return atMinute(local.startOf('day').plus({ days }), window.start);
}
