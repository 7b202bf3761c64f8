/**
 * An OutboundTouch checked at the edge: items arrive from Cadence Step, but also from a Code node
 * or a pasted pin, so every field the guard relies on is verified and a bad one is named.
 */
import { z } from 'zod';
import type { SmsConsent } from '../model/case';
import { MESSAGE_PURPOSES, type GuardRule, type OutboundTouch } from './touch';

const consent = z.enum(['yes', 'no', 'unknown']) satisfies z.ZodType<SmsConsent>;
const channel = z.enum(['sms', 'email']);
const instant = z
	.string()
	.datetime({ offset: true, message: 'must be an ISO instant with a zone, e.g. 2026-03-10T15:00:00Z' });

const contactSchema = z.object({
	patientId: z.string().min(1),
	firstName: z.string(),
	mobile: z.string().nullable(),
	email: z.string().nullable(),
	timezone: z.string(),
	smsConsent: consent,
	emailConsent: consent,
	preferredChannel: channel.nullable(),
	optedOut: z.object({ sms: z.boolean(), email: z.boolean() }),
});

export const touchSchema = z.object({
	kind: z.literal('chairside.touch'),
	sendKey: z.string().min(1).max(500),
	enrollment: z.string(),
	journey: z.string(),
	step: z.string(),
	channel,
	purpose: z.enum(MESSAGE_PURPOSES),
	contact: contactSchema,
	recentSends: z.array(instant),
	subject: z.string().nullable(),
	body: z.string().min(1, 'must not be empty'),
	html: z.string().nullable(),
	dueAt: instant,
	answers: z
		.object({ key: z.string().min(1), receivedAt: instant })
		.nullable()
		.optional(),
}) satisfies z.ZodType<OutboundTouch>;

export type TouchParse = { ok: true; touch: OutboundTouch } | { ok: false; field: string; problem: string };

/** The touch, or the first field that is wrong ("contact.mobile", "recentSends.2") and why. */
export function parseTouch(value: unknown): TouchParse {
	const result = touchSchema.safeParse(value);
	if (result.success) {
		if (result.data.channel === 'email' && !result.data.subject)
			return { ok: false, field: 'subject', problem: 'an email needs a subject' };
		return { ok: true, touch: result.data };
	}
	const issue = result.error.issues[0];
	return { ok: false, field: issue.path.join('.') || '(item)', problem: issue.message };
}

/**
 * The guard rule a malformed field belongs to, so a bad item still leaves with a rule the journal
 * understands (the contract has no "invalid input" rule).
 */
export function ruleForField(field: string): GuardRule {
	const top = field.split('.')[0];
	const sub = field.split('.')[1];
	if (top === 'sendKey') return 'send_once';
	if (top === 'recentSends') return 'frequency_cap';
	// A care reply's proof of the patient's message is what lifts the send window.
	if (top === 'dueAt' || top === 'answers') return 'quiet_hours';
	if (top === 'body' || top === 'subject' || top === 'html') return 'phi';
	if (top === 'contact') {
		if (sub === 'mobile' || sub === 'email') return 'e164';
		if (sub === 'timezone') return 'quiet_hours';
		if (sub === 'optedOut') return 'opt_out';
	}
	return 'consent';
}
