/** MessageOutcome values, built in one place so every path fills every field the same way. */
import type { DateTime } from 'luxon';
import type { GuardVerdict } from '../guard/check';
import type { ProviderError } from './provider';
import type { MessageOutcome } from './touch';

const iso = (at: DateTime) => at.toISO() as string;

const EMPTY: Omit<MessageOutcome, 'status' | 'rule' | 'reason' | 'at'> = {
	providerId: null,
	nextAllowedAt: null,
	optOut: false,
	providerCode: null,
	segments: null,
};

export function sentOutcome(
	at: DateTime,
	providerId: string | null,
	segments: number | null,
	rule: MessageOutcome['rule'] = 'passed',
	reason = 'sent',
): MessageOutcome {
	return { ...EMPTY, status: 'sent', rule, reason, at: iso(at), providerId, segments };
}

export function blockedOutcome(
	at: DateTime,
	rule: MessageOutcome['rule'],
	reason: string,
	extra: Partial<MessageOutcome> = {},
): MessageOutcome {
	return { ...EMPTY, ...extra, status: 'blocked', rule, reason, at: iso(at) };
}

export function deferredOutcome(
	at: DateTime,
	rule: MessageOutcome['rule'],
	reason: string,
	nextAllowedAt: DateTime,
	extra: Partial<MessageOutcome> = {},
): MessageOutcome {
	return { ...EMPTY, ...extra, status: 'deferred', rule, reason, at: iso(at), nextAllowedAt: iso(nextAllowedAt) };
}

/** A guard verdict that is not a pass, as an outcome. */
export function verdictOutcome(verdict: Exclude<GuardVerdict, { kind: 'pass' }>, at: DateTime): MessageOutcome {
	return verdict.kind === 'defer'
		? deferredOutcome(at, verdict.rule, verdict.reason, verdict.nextAllowedAt)
		: blockedOutcome(at, verdict.rule, verdict.reason);
}

/**
 * A provider's refusal. Rate limits after the retries are deferred to `retryAt` (the caller picks
 * an instant the guard allows); everything else is blocked, an opt-out flagged for every journey.
 */
export function providerOutcome(
	error: ProviderError,
	at: DateTime,
	retryAt: DateTime | null,
	segments: number | null = null,
): MessageOutcome {
	const extra: Partial<MessageOutcome> = { providerCode: error.code, segments, optOut: error.kind === 'opt_out' };
	if (error.kind === 'rate_limited' && retryAt)
		return deferredOutcome(at, 'provider', `${error.message}; try again later`, retryAt, extra);
	const reason =
		error.kind === 'unavailable'
			? `${error.message} after ${error.attempts} attempt(s); the provider may have sent it, so it is not sent again automatically`
			: error.message;
	return blockedOutcome(at, 'provider', reason, extra);
}
