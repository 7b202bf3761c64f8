/**
 * One run of the sending node, item by item: send-once and the guard in one atomic step against
 * the shared state (core/state), then the provider, and a MessageOutcome for every touch. Two runs
 * at the same instant, in one n8n or on two workers, claim each message once and count each
 * other's sends toward the caps.
 */
import { DateTime } from 'luxon';
import { checkTouch, type GuardVerdict } from '../guard/check';
import type { GuardPolicy } from '../guard/policy';
import { inboundMessageKey } from '../reply/deliveries';
import { facts, IN_FLIGHT_MINUTES, locks, type Claim, type SharedState, type StateView } from '../state/shared-state';
import type { EmailRequest, EmailSent } from './gmail';
import { blockedOutcome, deferredOutcome, providerOutcome, sentOutcome, verdictOutcome } from './outcome';
import { ProviderError } from './provider';
import type { MessageChannel, MessageOutcome, OutboundTouch } from './touch';
import { addressTag, unsubscribeLink } from './unsubscribe';
import { refusesNumber, type FindSmsRequest, type SmsFound, type SmsRequest, type SmsSent } from './twilio';

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
	state: SharedState;
	statusCallback?: string | null;
	/** Every email carries a one-click unsubscribe link to this webhook (core/messaging/unsubscribe.ts). */
	unsubscribe?: { secret: string; webhookUrl: string } | null;
	/**
	 * The real time, default the system clock: how long ago the state recorded an inbound message
	 * is a real wait, whatever the decision's "now" (a replay's Reference Time moves the decision,
	 * not the patient's wait).
	 */
	wallClock?: () => DateTime;
	/** How long a rate-limited message waits before the guard is asked again; default 15 min. */
	rateLimitPauseMinutes?: number;
}

const PROVIDER_NAMES: Record<MessageChannel, string> = { sms: 'Twilio', email: 'Gmail' };
// Look-ups compare Twilio's timestamps with "now" (the real time, or the simulated one the sandbox
// shares): allow for a clock difference, and never look further back than a few weeks.
const LOOKUP_SLACK = { minutes: 10 };
const LOOKBACK_LIMIT = { days: 35 };

/** Sends within the longest cap window (a week) and a day of slack for zones. */
const CAP_LOOKBACK = { days: 8 };

type Gate =
	| { kind: 'claimed'; verdict: Extract<GuardVerdict, { kind: 'pass' }>; guarded: OutboundTouch }
	| { kind: 'refused'; verdict: Exclude<GuardVerdict, { kind: 'pass' }> }
	| { kind: 'known'; claim: Claim }
	| { kind: 'number_refused'; code: string | null };

export class Dispatcher {
	private readonly keysThisRun = new Set<string>();
	private readonly broken: Partial<Record<MessageChannel, ProviderError>> = {};

	constructor(private readonly options: DispatchOptions) {}

	/**
	 * The outcome for one touch at `now`. Throws a ProviderError of kind 'configuration' (the
	 * credential or sender is wrong: every message would fail) and anything the state throws.
	 */
	async dispatch(touch: OutboundTouch, now: DateTime): Promise<MessageOutcome> {
		if (this.keysThisRun.has(touch.sendKey))
			return blockedOutcome(now, 'send_once', 'the same send-once key came twice in this run; sent at most once');
		this.keysThisRun.add(touch.sendKey);

		const channel = touch.channel === 'sms' ? this.options.sms : this.options.email;
		if (!channel) return blockedOutcome(now, 'provider', `no ${PROVIDER_NAMES[touch.channel]} credential on this node`);
		const broken = this.broken[touch.channel];
		if (broken)
			return blockedOutcome(now, 'provider', `not sent: ${broken.message} (earlier in this run)`, {
				providerCode: broken.code,
			});

		return this.act(touch, await this.gate(touch, now), now);
	}

	private act(touch: OutboundTouch, gate: Gate, now: DateTime): Promise<MessageOutcome> | MessageOutcome {
		if (gate.kind === 'refused') return verdictOutcome(gate.verdict, now);
		if (gate.kind === 'known') return this.settle(touch, gate.claim, now);
		if (gate.kind === 'number_refused') {
			return blockedOutcome(
				now,
				'provider',
				`Twilio refused this number earlier (${gate.code ?? 'refused'}); not sent until the number changes`,
				{ providerCode: gate.code },
			);
		}
		return this.send(gate.guarded, now, gate.verdict.segments);
	}

	/**
	 * Send-once and the guard as one step under the patient's lock: a message already claimed is
	 * not claimed again, and the caps count every send claimed by any run, so two runs cannot both
	 * take the patient's last send of the day.
	 */
	private gate(touch: OutboundTouch, now: DateTime): Promise<Gate> {
		return this.options.state.exclusive(locks.patient(touch.contact.patientId), async (view) => {
			const known = await view.get(touch.sendKey);
			return known ? { kind: 'known', claim: known } : this.admit(view, touch, now);
		});
	}

	/** Inside the patient's section: the state's facts, the caps, then the claim. */
	/**
	 * The go-live check's dry run: the same admission as a send at `at` (the state's facts, the caps
	 * counting `planned` sends this check already let through), with no claim and no send.
	 */
	async check(touch: OutboundTouch, at: DateTime, planned: readonly string[] = []): Promise<MessageOutcome> {
		if (!(touch.channel === 'sms' ? this.options.sms : this.options.email))
			return blockedOutcome(at, 'provider', `no ${PROVIDER_NAMES[touch.channel]} credential on this node`);
		const gate = await this.admit(
			this.options.state,
			{ ...touch, recentSends: [...touch.recentSends, ...planned] },
			at,
			false,
		);
		if (gate.kind === 'refused') return verdictOutcome(gate.verdict, at);
		if (gate.kind === 'number_refused')
			return blockedOutcome(at, 'provider', `Twilio refused this number earlier (${gate.code ?? 'refused'})`, {
				providerCode: gate.code,
			});
		return sentOutcome(at, null, gate.kind === 'claimed' ? gate.verdict.segments : null, 'passed', 'would be sent');
	}

	private async admit(view: StateView, touch: OutboundTouch, now: DateTime, claim = true): Promise<Gate> {
		const patientId = touch.contact.patientId;
		const mobile = touch.channel === 'sms' ? touch.contact.mobile : null;
		// The state's own facts, whatever the item says: an item can make a send stricter, never looser.
		if (mobile && (await view.get(facts.optedOutNumber(mobile))))
			return { kind: 'refused', verdict: { kind: 'block', rule: 'opt_out', reason: 'this number texted STOP' } };
		const email = touch.channel === 'email' ? touch.contact.email : null;
		if (email && (await view.get(facts.unsubscribedEmail(addressTag(email))))) {
			return {
				kind: 'refused',
				verdict: { kind: 'block', rule: 'opt_out', reason: 'this address unsubscribed by its link' },
			};
		}
		const refused = mobile ? await view.get(facts.refusedNumber(mobile)) : null;
		if (refused) return { kind: 'number_refused', code: refused.ref };
		const claimed = await view.sendsSince(patientId, now.minus(CAP_LOOKBACK).toUTC().toISO() as string);
		const answers = await answeredMessage(view, touch, now, this.options.wallClock?.() ?? DateTime.utc());
		const guarded = { ...touch, answers, recentSends: unionOfSends(touch.recentSends, claimed) };
		const verdict = checkTouch(guarded, this.options.policy, now);
		if (verdict.kind !== 'pass') return { kind: 'refused', verdict };
		if (claim) await view.claim({ key: touch.sendKey, kind: 'send', at: now.toUTC().toISO() as string, patientId });
		return { kind: 'claimed', verdict, guarded };
	}

	private async send(touch: OutboundTouch, now: DateTime, segments: number | null): Promise<MessageOutcome> {
		try {
			const outcome =
				touch.channel === 'sms' ? await this.sendSms(touch, now, segments) : await this.sendEmail(touch, now);
			await this.options.state.finish(touch.sendKey, outcome.providerId);
			return outcome;
		} catch (error) {
			if (!(error instanceof ProviderError)) throw error;
			// Only an ambiguous failure keeps the claim: the message may be out there.
			if (!error.mayHaveSent) await this.options.state.release(touch.sendKey);
			if (refusesNumber(error) && touch.contact.mobile)
				await this.remember(facts.refusedNumber(touch.contact.mobile), error.code, now);
			if (error.kind === 'opt_out' && touch.contact.mobile)
				await this.remember(facts.optedOutNumber(touch.contact.mobile), error.code, now);
			if (error.kind === 'configuration') {
				this.broken[touch.channel] = error;
				throw error;
			}
			return providerOutcome(error, now, error.kind === 'rate_limited' ? this.retryAt(touch, now) : null, segments);
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
		const to = touch.contact.email as string;
		const u = this.options.unsubscribe;
		const link = u ? unsubscribeLink(u.secret, u.webhookUrl, touch.contact.patientId, to) : null;
		const sent = await (this.options.email as EmailChannel).send({
			to,
			subject: touch.subject ?? '',
			text: link ? `${touch.body}\n\nUnsubscribe with one click: ${link}` : touch.body,
			html:
				link && touch.html !== null
					? `${touch.html}\n<p style="color:#667085;font-size:12px"><a href="${link.replace(/&/g, '&amp;')}">Unsubscribe</a></p>`
					: touch.html,
			listUnsubscribe: link,
			sendKey: touch.sendKey,
			date: now,
		});
		return sentOutcome(now, sent.id, null);
	}

	/** A fact every journey reads before its next text (a number refused, or opted out at Twilio). */
	private async remember(key: string, code: string | null, now: DateTime): Promise<void> {
		if (
			(await this.options.state.claim({ key, kind: 'fact', at: now.toUTC().toISO() as string, patientId: null })) ===
			null
		)
			await this.options.state.finish(key, code);
	}

	/**
	 * The message was claimed before: sent (done), being sent by another run right now, or
	 * interrupted (the claim outlived its run). An interrupted text is looked up at Twilio and
	 * the claim records which way it went; one Twilio never saw is sent now, by one run only.
	 */
	private async settle(touch: OutboundTouch, claim: Claim, now: DateTime): Promise<MessageOutcome> {
		if (claim.state === 'done') return sentOutcome(now, claim.ref, null, 'send_once', 'already sent earlier');
		if (inFlight(claim, now)) {
			return deferredOutcome(
				now,
				'send_once',
				'another run is sending this message right now',
				now.plus({ minutes: IN_FLIGHT_MINUTES }),
			);
		}
		if (touch.channel !== 'sms' || !this.options.sms)
			return blockedOutcome(
				now,
				'send_once',
				'an earlier attempt was interrupted and could not be checked; not re-sent',
			);
		// The earlier attempt came after the step was due (a day of slack), and not long ago.
		const due = DateTime.fromISO(touch.dueAt, { setZone: true });
		const from = DateTime.min(due.isValid ? due : now, now).minus({ days: 1 });
		const since = DateTime.max(from, now.minus(LOOKBACK_LIMIT));
		let found: SmsFound | null;
		try {
			found = await this.options.sms.find({ to: touch.contact.mobile as string, body: touch.body, since });
		} catch (error) {
			if (!(error instanceof ProviderError)) throw error;
			return blockedOutcome(
				now,
				'send_once',
				`an earlier attempt was interrupted and Twilio could not be asked whether it went out (${error.message}); not re-sent`,
			);
		}
		if (found) {
			await this.options.state.finish(touch.sendKey, found.sid);
			return sentOutcome(now, found.sid, found.segments, 'send_once', 'already sent earlier');
		}
		// Twilio never got it: take the claim over (one run does; the others see it in flight) and send.
		// The same admission as a first send: the facts (a STOP since) and the caps hold here too.
		const taken = await this.options.state.exclusive(locks.patient(touch.contact.patientId), async (view) => {
			const current = await view.get(touch.sendKey);
			if (!current || current.state === 'done' || inFlight(current, now)) return null;
			await view.release(touch.sendKey);
			return this.admit(view, touch, now);
		});
		if (!taken)
			return deferredOutcome(
				now,
				'send_once',
				'another run is sending this message right now',
				now.plus({ minutes: IN_FLIGHT_MINUTES }),
			);
		return this.act(touch, taken, now);
	}

	/** A rate-limited message goes again after a pause, at an instant the guard allows. */
	private retryAt(touch: OutboundTouch, now: DateTime): DateTime | null {
		const later = now.plus({ minutes: this.options.rateLimitPauseMinutes ?? 15 });
		const verdict = checkTouch(touch, this.options.policy, later);
		if (verdict.kind === 'pass') return later;
		return verdict.kind === 'defer' ? verdict.nextAllowedAt : null;
	}
}

/**
 * The inbound message a care reply answers, as the state recorded it: the Patient Reply Trigger
 * claimed it when it arrived, and that claim's time is the arrival. An item names the message but
 * cannot vouch for it, so a message the state never received, or one without a recorded time,
 * lifts nothing (the send window and caps hold). The wait since the arrival is real time (`wall`),
 * placed on the decision's clock (`now`), so a replay judges the same wait the patient had.
 */
async function answeredMessage(
	view: StateView,
	touch: OutboundTouch,
	now: DateTime,
	wall: DateTime,
): Promise<OutboundTouch['answers']> {
	if (touch.purpose !== 'care_reply' || !touch.answers?.key) return null;
	const delivered = await view.get(inboundMessageKey(touch.answers.key));
	const arrived = delivered?.at ? DateTime.fromISO(delivered.at) : null;
	if (!arrived?.isValid) return null;
	return { key: touch.answers.key, receivedAt: now.minus(wall.diff(arrived)).toUTC().toISO() as string };
}

/** A claim younger than the in-flight window, at the claim's own clock (the decision's "now"). */
function inFlight(claim: Claim, now: DateTime): boolean {
	if (!claim.at) return false;
	const at = DateTime.fromISO(claim.at);
	return at.isValid && now.diff(at, 'minutes').minutes < IN_FLIGHT_MINUTES;
}

/**
 * The sends the item knows of (the journal) and those the shared state claimed, each send once:
 * the same send is in both at the same instant, so per instant the larger count is the truth.
 */
export function unionOfSends(fromItem: readonly string[], claimed: readonly string[]): string[] {
	const count = (list: readonly string[]) => {
		const counts = new Map<number, { at: string; n: number }>();
		for (const at of list) {
			const ms = DateTime.fromISO(at, { setZone: true }).toMillis();
			if (Number.isNaN(ms)) continue;
			const seen = counts.get(ms);
			counts.set(ms, { at: seen?.at ?? at, n: (seen?.n ?? 0) + 1 });
		}
		return counts;
	};
	const union = count(fromItem);
	for (const [ms, { at, n }] of count(claimed)) {
		const mine = union.get(ms);
		if (!mine || mine.n < n) union.set(ms, { at: mine?.at ?? at, n });
	}
	return [...union.values()].flatMap(({ at, n }) => Array.from({ length: n }, () => at));
}
