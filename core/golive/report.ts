/**
 * The go-live check's words: one row per planned message (who, what, when, and why not), the
 * webhook URL Twilio must call, how many patients can be texted, and the warnings that mean a
 * journey would stay silent. Pure: the node gathers the facts (the dry-run guard, the accounts).
 * Rows carry a first name and the journey's step in lay words, never the message or a last name.
 */
import { DateTime } from 'luxon';
import type { MessageOutcome } from '../messaging/touch';

export type RowStatus = 'would send' | 'front desk call' | 'held' | 'blocked' | 'not starting';

export interface GoLiveRow {
	firstName: string;
	journey: string;
	what: string;
	/** "text", "email" or "front desk call". */
	how: string;
	/** "Wed Mar 4, 10:00" in the patient's zone; null for a case that would not start. */
	when: string | null;
	at: string | null;
	status: RowStatus;
	/** The guard's reason (consent, opt-out, quiet hours, caps, missing contact) or why the case would not start. */
	why: string | null;
	rule: string | null;
}

export interface GoLiveCheck {
	check: string;
	/** true: fine; false: fix before going live; null: worth a look. */
	ok: boolean | null;
	detail: string;
	fix?: string;
}

const HOW = { sms: 'text', email: 'email' } as const;

export function whenText(at: string, zone: string): string {
	return DateTime.fromISO(at, { setZone: true }).setZone(zone).toFormat('ccc LLL d, HH:mm');
}

/** A planned message with the dry-run guard's outcome. */
export function messageRow(
	base: {
		firstName: string;
		journeyName: string;
		what: string;
		plannedAt: string;
		channel: 'sms' | 'email';
		zone: string;
	},
	outcome: MessageOutcome,
): GoLiveRow {
	const status: RowStatus =
		outcome.status === 'sent' ? 'would send' : outcome.status === 'deferred' ? 'held' : 'blocked';
	const later =
		outcome.status === 'deferred' && outcome.nextAllowedAt
			? `; it would go ${whenText(outcome.nextAllowedAt, base.zone)} instead`
			: '';
	return {
		firstName: base.firstName,
		journey: base.journeyName,
		what: base.what,
		how: HOW[base.channel],
		when: whenText(base.plannedAt, base.zone),
		at: base.plannedAt,
		status,
		why: status === 'would send' ? null : `${outcome.reason}${later}`,
		rule: status === 'would send' ? null : outcome.rule,
	};
}

export const CONSENT_POLICY_WORDS: Record<string, string> = {
	not_recorded:
		'text consent is not recorded for sources without it (a CSV export, NexHealth): those patients get no follow-up or reactivation texts',
	collected_at_intake:
		'the practice collects text consent at intake: patients whose source has none count as having agreed',
};

/**
 * Who can be texted for the journeys checked: per patient, the dry-run guard's verdict on a text
 * (consent, STOP, a mobile on file), whatever the send window or caps say.
 */
export function consentCoverage(
	verdicts: ReadonlyMap<string, MessageOutcome | 'no mobile'>,
	policy: string,
): GoLiveCheck {
	const total = verdicts.size;
	const reasons = new Map<string, number>();
	let textable = 0;
	for (const verdict of verdicts.values()) {
		if (
			verdict !== 'no mobile' &&
			(verdict.status !== 'blocked' || !['consent', 'opt_out', 'e164'].includes(verdict.rule))
		)
			textable++;
		else {
			const why = verdict === 'no mobile' ? 'no mobile number on file' : verdict.reason;
			reasons.set(why, (reasons.get(why) ?? 0) + 1);
		}
	}
	const notes = [...reasons].sort((a, b) => b[1] - a[1]).map(([why, n]) => `${n}: ${why}`);
	const detail = `${textable} of ${total} patients can be texted${notes.length ? ` (not: ${notes.join('; ')})` : ''}. Policy: ${CONSENT_POLICY_WORDS[policy] ?? policy}.`;
	if (total === 0) return { check: 'Text consent coverage', ok: null, detail: 'No patients in this check.' };
	return {
		check: 'Text consent coverage',
		ok: textable === 0 ? false : textable < total ? null : true,
		detail,
		...(textable === 0
			? {
					fix: 'If your practice collects text consent at intake, set "Text Consent When the Source Has None" in the Chairside Practice Profile; otherwise record consent in the PMS.',
				}
			: {}),
	};
}

/**
 * The URL Twilio must call for inbound texts: n8n's public webhook base (WEBHOOK_URL, else the URL
 * n8n builds from N8N_PROTOCOL, N8N_HOST and N8N_PORT) and the Patient Reply Trigger's path.
 */
export function webhookCheck(webhookBase: string, webhookId: string): GoLiveCheck {
	const base = webhookBase.endsWith('/') ? webhookBase : `${webhookBase}/`;
	const url = `${base}webhook/${webhookId}/twilio-sms`;
	let host = '';
	let https = false;
	try {
		const parsed = new URL(url);
		host = parsed.hostname;
		https = parsed.protocol === 'https:';
	} catch {
		return {
			check: 'Inbound text webhook',
			ok: false,
			detail: `n8n's public URL "${webhookBase}" is not a URL`,
			fix: 'Set WEBHOOK_URL to the https address Twilio can reach.',
		};
	}
	const local = /^(localhost|127\.|0\.0\.0\.0|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|\[?::1\]?$)/.test(host);
	if (local) {
		return {
			check: 'Inbound text webhook',
			ok: false,
			detail: `Twilio must call ${url} (method POST), but ${host} is only reachable from this network: inbound texts, STOP included, would never arrive.`,
			fix: "Set n8n's WEBHOOK_URL to the public https address (behind a reverse proxy also N8N_PROXY_HOPS=1), restart n8n, run this check again and paste the URL it shows into Twilio (Messaging Service > Integration > Incoming Messages, or the number's 'A message comes in').",
		};
	}
	return {
		check: 'Inbound text webhook',
		ok: https ? true : null,
		detail: `In Twilio, set the incoming-message webhook to ${url} (method POST). Twilio signs this exact URL; any other (http/https, host, port, an added query) gets 403.`,
		...(https ? {} : { fix: 'Use https: set WEBHOOK_URL to the https address of your proxy.' }),
	};
}

/**
 * Why a journey would stay silent: no cases came from the PMS, or every planned message is held or
 * blocked (with the most common reasons, so the practice knows what to fix).
 */
export function silenceWarnings(
	rows: readonly GoLiveRow[],
	journeysWithoutCases: readonly string[],
	days: number,
): GoLiveCheck[] {
	const warnings: GoLiveCheck[] = journeysWithoutCases.map((journey) => ({
		check: 'Silent journey',
		ok: false,
		detail: `${journey}: no cases came from the PMS, so nothing would be sent.`,
		fix: "Check the PMS credential and the PMS node's filters (minimum age and value, months, date range), and that the PMS has such patients.",
	}));
	for (const journey of new Set(rows.map((r) => r.journey))) {
		const mine = rows.filter((r) => r.journey === journey);
		const sending = mine.filter((r) => r.status === 'would send').length;
		const stopped = mine.filter((r) => r.status === 'blocked' || r.status === 'held' || r.status === 'not starting');
		const reasons = new Map<string, number>();
		for (const r of stopped) reasons.set(r.why ?? r.status, (reasons.get(r.why ?? r.status) ?? 0) + 1);
		const top = [...reasons]
			.sort((a, b) => b[1] - a[1])
			.slice(0, 3)
			.map(([why, n]) => `${n} x ${why}`);
		const because = top.length ? ` Most common reasons: ${top.join('; ')}.` : '';
		if (sending === 0)
			warnings.push({
				check: 'Silent journey',
				ok: false,
				detail: `${journey}: nothing would be sent in the next ${days} days.${because}`,
			});
		else if (stopped.length > sending)
			warnings.push({
				check: 'Mostly blocked',
				ok: null,
				detail: `${journey}: ${stopped.length} planned messages are held or blocked, ${sending} would go out.${because}`,
			});
	}
	return warnings;
}

export function summary(rows: readonly GoLiveRow[], days: number): GoLiveCheck {
	const count = (s: RowStatus) => rows.filter((r) => r.status === s).length;
	return {
		check: 'Summary',
		ok: count('would send') > 0,
		detail: `Next ${days} days: ${count('would send')} messages would go out, ${count('front desk call')} front desk calls, ${count('held')} held (send window or caps), ${count('blocked')} blocked, ${count('not starting')} cases would not start. Nothing was sent.`,
	};
}

/** The PMS answered the connection check (PMS > Connection > Check). */
export function pmsCheck(c: {
	system: string;
	version: string | null;
	minimumVersion: string | null;
	supported: boolean | null;
}): GoLiveCheck {
	const version = c.version ? `version ${c.version}` : 'its version could not be read';
	if (c.supported === false) {
		return {
			check: c.system,
			ok: false,
			detail: `Answers with this credential, but ${version} is older than ${c.minimumVersion}, the oldest Chairside supports.`,
			fix: `Update ${c.system}.`,
		};
	}
	const needs = c.minimumVersion ? ` (Chairside needs ${c.minimumVersion} or later)` : '';
	return {
		check: c.system,
		ok: c.supported === null ? null : true,
		detail: `Answers with this credential; ${version}${needs}.`,
	};
}
