/**
 * When a message may go out: the send window in the patient's own zone and the frequency caps
 * (per patient-local calendar day, per rolling 7 days). All wall-clock arithmetic goes through
 * luxon in the patient's zone, so DST days, half-hour zones and zones without DST come out right.
 */
import { DateTime, IANAZone } from 'luxon';
import { insideWindow, nextWindowOpening } from '../practice/send-policy';
import type { GuardPolicy } from './policy';

// Luxon builds an Intl formatter to test a zone name (about 50 us): every zone is tested once.
const zoneValidity = new Map<string, boolean>();

export function isZone(name: unknown): name is string {
	if (typeof name !== 'string') return false;
	let valid = zoneValidity.get(name);
	if (valid === undefined) {
		valid = IANAZone.isValidZone(name);
		if (zoneValidity.size < 1000) zoneValidity.set(name, valid);
	}
	return valid;
}

/** yyyy-MM-dd of an instant on the zone's wall clock, without building a DateTime. */
function localDay(ms: number, zone: IANAZone): string {
	return new Date(ms + zone.offset(ms) * 60_000).toISOString().slice(0, 10);
}

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
// Each step of the search moves forward by at least a day or past a send; a week of sends is small.
const MAX_STEPS = 1000;

/** Recent sends, prepared once per check: instants ascending and their local calendar days. */
export class SendHistory {
	readonly instants: number[];
	private readonly days: string[];

	constructor(recentSends: readonly string[], zone: string) {
		// ISO instants with a zone (the schema insists), so Date.parse reads them exactly and fast.
		// Unreadable ones are left out; the node validates them before they get here.
		this.instants = recentSends
			.map((iso) => Date.parse(iso))
			.filter((ms) => Number.isFinite(ms))
			.sort((a, b) => a - b);
		const z = IANAZone.create(zone);
		this.days = this.instants.map((ms) => localDay(ms, z));
	}

	/** Sends on the same local calendar day as `local` (a DateTime in the patient's zone). */
	onDay(local: DateTime): number {
		if (!this.days.length) return 0;
		const day = local.toISODate();
		let n = 0;
		for (const d of this.days) if (d === day) n++;
		return n;
	}

	/**
	 * Sends in the 7 days up to `at`, and any dated after it (a replay or a clock skew): counting
	 * those too keeps the cap safe and makes the count only ever fall as time moves on.
	 */
	inWeekTo(at: DateTime): number {
		if (!this.instants.length) return 0;
		const from = at.toMillis() - WEEK_MS;
		let n = 0;
		for (const ms of this.instants) if (ms > from) n++;
		return n;
	}

	/** The first instant after which only `keep` of the sends counted at `at` are still counted. */
	weekRoomAt(at: DateTime, keep: number): number {
		const from = at.toMillis() - WEEK_MS;
		const counted = this.instants.filter((ms) => ms > from);
		const drop = counted.length - keep;
		return counted[drop - 1] + WEEK_MS;
	}
}

export type TimingBlock = 'window' | 'day_cap' | 'week_cap';

/** Which time rule stops a send at `local`, or null when it may go now. */
export function timingBlock(
	local: DateTime,
	policy: GuardPolicy,
	windowApplies: boolean,
	history: SendHistory,
): TimingBlock | null {
	if (windowApplies && !insideWindow(local, policy.quietHours)) return 'window';
	if (history.onDay(local) >= policy.maxPerDay) return 'day_cap';
	if (history.inWeekTo(local) >= policy.maxPerWeek) return 'week_cap';
	return null;
}

/**
 * The first instant at or after `from` that is inside the window (when it applies) and that both
 * caps allow. Every step moves forward: to the window's next opening, the next local day, or the
 * moment the oldest counted send leaves the rolling week.
 */
export function nextAllowed(
	from: DateTime,
	policy: GuardPolicy,
	windowApplies: boolean,
	history: SendHistory,
): DateTime {
	let t = from;
	for (let step = 0; step < MAX_STEPS; step++) {
		if (windowApplies) t = nextWindowOpening(t, policy.quietHours);
		if (history.onDay(t) >= policy.maxPerDay) {
			t = t.plus({ days: 1 }).startOf('day');
			continue;
		}
		if (history.inWeekTo(t) >= policy.maxPerWeek) {
			t = DateTime.fromMillis(history.weekRoomAt(t, policy.maxPerWeek - 1), { zone: t.zone });
			continue;
		}
		return t;
	}
	throw new Error('No allowed send time found within the search limit');
}
