/**
 * One run of the sending node, item by item: the guard, then send-once, then the provider, and a
 * MessageOutcome for every touch. State lives only as long as the run (keys seen, what went out
 * to whom), so two journeys due the same tick for one patient still meet the day cap.
 */
import { DateTime } from 'luxon';
import { checkTouch } from '../guard/check';
import type { GuardPolicy } from '../guard/policy';
import { sendDoneKey, sendOnceKey } from '../guard/send-once';
import type { EmailRequest, EmailSent } from './gmail';
import type { SendLedger } from './ledger';
import { blockedOutcome, providerOutcome, sentOutcome, verdictOutcome } from './outcome';
import { ProviderError } from './provider';
import type { MessageChannel, MessageOutcome, OutboundTouch } from './touch';
import type { FindSmsRequest, SmsFound, SmsRequest, SmsSent } from './twilio';

export interface SmsChannel {
	send(request: SmsRequest): Promise<SmsSent>;
	find(request: FindSmsRequest): Promise<SmsFound | null>;
}

export interface EmailChannel {
	send(request: EmailRequest): Promise<EmailSent>;
}

export interface DispatchOptions {
	policy: GuardPolicy;
	/** null: the node has no credential for that channel. */
	sms: SmsChannel | null;
	email: EmailChannel | null;
	ledger: SendLedger;
	statusCallback?: string | null;
	/** How long a rate-limited message waits before the guard is asked again; default 15 min. */
	rateLimitPauseMinutes?: number;
}

const PROVIDER_NAMES: Record<MessageChannel, string> = { sms: 'Twilio', email: 'Gmail' };
// Look-ups compare Twilio's timestamps with "now" (the real time, or the simulated one the sandbox
// shares): allow for a clock difference, and never look further back than a few weeks.
const LOOKUP_SLACK = { minutes: 10 };
const LOOKBACK_LIMIT = { days: 35 };

export class Dispatcher {
	private readonly keysThisRun = new Set<string>();
	private readonly sentThisRun = new Map<string, string[]>();
	private readonly broken: Partial<Record<MessageChannel, ProviderError>> = {};

	constructor(private readonly options: DispatchOptions) {}

	/**
	 * The outcome for one touch at `now`. Throws a ProviderError of kind 'configuration' (the
	 * credential or sender is wrong: every message would fail) and anything the ledger throws.
	 */
	async dispatch(touch: OutboundTouch, now: DateTime): Promise<MessageOutcome> {
		if (this.keysThisRun.has(touch.sendKey)) return blockedOutcome(now, 'send_once', 'the same send-once key came twice in this run; sent at most once');
		this.keysThisRun.add(touch.sendKey);

		const channel = touch.channel === 'sms' ? this.options.sms : this.options.email;
		if (!channel) return blockedOutcome(now, 'provider', `no ${PROVIDER_NAMES[touch.channel]} credential on this node`);
		const broken = this.broken[touch.channel];
		if (broken) return blockedOutcome(now, 'provider', `not sent: ${broken.message} (earlier in this run)`, { providerCode: broken.code });

		const earlier = this.sentThisRun.get(touch.contact.patientId) ?? [];
		const guarded = earlier.length ? { ...touch, recentSends: [...touch.recentSends, ...earlier] } : touch;
		const verdict = checkTouch(guarded, this.options.policy, now);
		if (verdict.kind !== 'pass') return verdictOutcome(verdict, now);

		// Record the intent before the provider call: a crash after it leaves a key, never a second message.
		const intent = sendOnceKey(touch);
		if ((await this.options.ledger.claim(intent)) === 'seen') return this.reconcile(touch, now);

		try {
			const outcome = touch.channel === 'sms' ? await this.sendSms(touch, now, verdict.segments) : await this.sendEmail(touch, now);
			this.sentThisRun.set(touch.contact.patientId, [...earlier, now.toISO() as string]);
			// The intent already stops a second send; the done key only sharpens a later run's reason.
			await this.options.ledger.claim(sendDoneKey(touch)).catch(() => undefined);
			return outcome;
		} catch (error) {
			if (!(error instanceof ProviderError)) throw error;
			// Only an ambiguous failure keeps the intent: the message may be out there.
			if (!error.mayHaveSent) await this.options.ledger.release(intent);
			if (error.kind === 'configuration') {
				this.broken[touch.channel] = error;
				throw error;
			}
			return providerOutcome(error, now, error.kind === 'rate_limited' ? this.retryAt(guarded, now) : null, verdict.segments);
		}
	}

	private async sendSms(touch: OutboundTouch, now: DateTime, segments: number | null): Promise<MessageOutcome> {
		const sent = await (this.options.sms as SmsChannel).send({
			to: touch.contact.mobile as string,
			body: touch.body,
			statusCallback: this.options.statusCallback ?? null,
			since: now.minus(LOOKUP_SLACK),
		});
		return sentOutcome(now, sent.sid, sent.segments ?? segments);
	}

	private async sendEmail(touch: OutboundTouch, now: DateTime): Promise<MessageOutcome> {
		const sent = await (this.options.email as EmailChannel).send({
			to: touch.contact.email as string,
			subject: touch.subject ?? '',
			text: touch.body,
			html: touch.html,
			sendKey: touch.sendKey,
			date: now,
		});
		return sentOutcome(now, sent.id, null);
	}

	/** The key was recorded by an earlier run: it finished (done key), or it was interrupted. */
	private async reconcile(touch: OutboundTouch, now: DateTime): Promise<MessageOutcome> {
		const done = await this.options.ledger.has(sendDoneKey(touch));
		let found: SmsFound | null = null;
		if (touch.channel === 'sms' && this.options.sms) {
			// The earlier attempt came after the step was due (a day of slack), and not long ago.
			const due = DateTime.fromISO(touch.dueAt, { setZone: true });
			const from = DateTime.min(due.isValid ? due : now, now).minus({ days: 1 });
			const since = DateTime.max(from, now.minus(LOOKBACK_LIMIT));
			try {
				found = await this.options.sms.find({ to: touch.contact.mobile as string, body: touch.body, since });
			} catch (error) {
				if (!(error instanceof ProviderError)) throw error;
				if (!done) return blockedOutcome(now, 'send_once', `an earlier attempt was interrupted and Twilio could not be asked whether it went out (${error.message}); not re-sent`);
			}
		}
		if (found) return sentOutcome(now, found.sid, found.segments, 'send_once', 'already sent earlier');
		if (done) return sentOutcome(now, null, null, 'send_once', 'already sent earlier');
		return blockedOutcome(now, 'send_once', 'an earlier attempt was interrupted; not re-sent');
	}

	/** A rate-limited message goes again after a pause, at an instant the guard allows. */
	private retryAt(touch: OutboundTouch, now: DateTime): DateTime | null {
		const later = now.plus({ minutes: this.options.rateLimitPauseMinutes ?? 15 });
		const verdict = checkTouch(touch, this.options.policy, later);
		if (verdict.kind === 'pass') return later;
		return verdict.kind === 'defer' ? verdict.nextAllowedAt : null;
	}
}
