/**
 * Properties of the guard's clock rules over zones with and without DST (half-hour and 45-minute
 * offsets too), instants clustered around DST changes, random send histories and random policies.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { checkTouch, policyFrom, type GuardPolicy, type GuardVerdict } from '../../../core/guard';
import type { MessageChannel } from '../../../core/messaging/touch';
import { touch } from './fixtures';

const ZONES = [
	'America/Phoenix',
	'Pacific/Honolulu',
	'America/New_York',
	'America/Chicago',
	'America/Los_Angeles',
	'America/Anchorage',
	'Europe/London',
	'Australia/Sydney',
	'Australia/Lord_Howe',
	'Asia/Kathmandu',
	'America/St_Johns',
];

// Days clocks change somewhere in ZONES, plus ordinary days.
const DST_DAYS = [
	'2026-03-08',
	'2026-11-01',
	'2026-03-29',
	'2026-10-25',
	'2026-04-05',
	'2026-10-04',
	'2025-03-09',
	'2025-11-02',
	'2027-03-14',
];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const zoneArb = fc.constantFrom(...ZONES);
const instantArb = fc.oneof(
	// Anywhere in three years.
	fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 11, 31) }),
	// Within two days of a DST change, to the second.
	fc
		.tuple(fc.constantFrom(...DST_DAYS), fc.integer({ min: -2 * DAY, max: 2 * DAY }))
		.map(([day, offset]) => Date.parse(`${day}T00:00:00Z`) + Math.floor(offset / 1000) * 1000),
);
const policyArb = fc
	.record({
		start: fc.integer({ min: 32, max: 80 }).map((q) => q * 15), // 08:00 .. 20:00 in quarter hours
		length: fc.integer({ min: 1, max: 52 }).map((q) => q * 15),
		maxPerDay: fc.integer({ min: 1, max: 3 }),
		maxPerWeek: fc.integer({ min: 1, max: 7 }),
		quietHoursForEmail: fc.boolean(),
	})
	.map(({ start, length, maxPerDay, maxPerWeek, quietHoursForEmail }) => {
		const end = Math.min(start + length, 21 * 60);
		const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
		return policyFrom({
			quietHoursStart: hhmm(start),
			quietHoursEnd: hhmm(end > start ? end : start + 15),
			maxPerDay,
			maxPerWeek,
			quietHoursForEmail,
		});
	});
// Sends from 9 days before "now" to a day after it (a replayed or skewed history).
const sendsArb = fc.array(fc.integer({ min: -9 * DAY, max: DAY }), { maxLength: 8 });
const channelArb = fc.constantFrom<MessageChannel>('sms', 'email');

function run(zone: string, channel: MessageChannel, sends: string[], policy: GuardPolicy, at: DateTime): GuardVerdict {
	return checkTouch(touch({ channel, subject: 'Hello', recentSends: sends, contact: { timezone: zone } }), policy, at);
}

function inWindow(at: DateTime, zone: string, policy: GuardPolicy): boolean {
	const local = at.setZone(zone);
	const minute = local.hour * 60 + local.minute + local.second / 60 + local.millisecond / 60_000;
	return minute >= policy.quietHours.start && minute < policy.quietHours.end;
}

function windowApplies(channel: MessageChannel, policy: GuardPolicy): boolean {
	return channel === 'sms' || policy.quietHoursForEmail;
}

const iso = (ms: number) => DateTime.fromMillis(ms, { zone: 'utc' }).toISO() as string;
const RUNS = { numRuns: 400 };

describe('guard properties', () => {
	it("a pass is never outside the send window in the patient's zone", () => {
		fc.assert(
			fc.property(zoneArb, instantArb, sendsArb, policyArb, channelArb, (zone, ms, offsets, policy, channel) => {
				const at = DateTime.fromMillis(ms, { zone: 'utc' });
				const v = run(
					zone,
					channel,
					offsets.map((o) => iso(ms + o)),
					policy,
					at,
				);
				if (v.kind === 'pass' && windowApplies(channel, policy)) expect(inWindow(at, zone, policy)).toBe(true);
			}),
			RUNS,
		);
	});

	it("a deferral's nextAllowedAt is inside the window and within the caps, and nothing earlier is", () => {
		const seen = { quiet_hours: 0, frequency_cap: 0 };
		fc.assert(
			fc.property(zoneArb, instantArb, sendsArb, policyArb, channelArb, (zone, ms, offsets, policy, channel) => {
				const sends = offsets.map((o) => iso(ms + o));
				const at = DateTime.fromMillis(ms, { zone: 'utc' });
				const v = run(zone, channel, sends, policy, at);
				if (v.kind !== 'defer') return;
				seen[v.rule as keyof typeof seen]++;
				const next = v.nextAllowedAt;
				expect(next.toMillis()).toBeGreaterThan(at.toMillis());
				if (windowApplies(channel, policy)) expect(inWindow(next, zone, policy)).toBe(true);
				// Re-checking at that instant passes: no other rule applies to this touch.
				expect(run(zone, channel, sends, policy, next)).toEqual({
					kind: 'pass',
					segments: channel === 'sms' ? 1 : null,
				});
				// And it is the first such instant (to the second).
				const before = next.minus({ seconds: 1 });
				if (before.toMillis() >= at.toMillis()) expect(run(zone, channel, sends, policy, before).kind).toBe('defer');
			}),
			RUNS,
		);
		// The generators reach both kinds of deferral often.
		expect(seen.quiet_hours).toBeGreaterThan(50);
		expect(seen.frequency_cap).toBeGreaterThan(20);
	});

	it('passes never exceed the caps, however often the guard is asked', () => {
		fc.assert(
			fc.property(
				zoneArb,
				instantArb,
				fc.array(fc.integer({ min: -8 * DAY, max: -1 }), { maxLength: 5 }),
				policyArb,
				channelArb,
				fc.array(fc.integer({ min: 0, max: 20 * HOUR }), { minLength: 1, maxLength: 40 }),
				(zone, ms, history, policy, channel, gaps) => {
					const sends = history.map((o) => ms + o);
					const passes: number[] = [];
					let t = ms;
					for (const gap of gaps) {
						t += gap;
						const v = run(zone, channel, sends.map(iso), policy, DateTime.fromMillis(t, { zone: 'utc' }));
						if (v.kind === 'pass') {
							sends.push(t);
							passes.push(t);
						}
					}
					const day = (x: number) => DateTime.fromMillis(x, { zone }).toISODate();
					for (const p of passes) {
						expect(sends.filter((s) => s <= p && day(s) === day(p)).length).toBeLessThanOrEqual(policy.maxPerDay);
						expect(sends.filter((s) => s <= p && s > p - 7 * DAY).length).toBeLessThanOrEqual(policy.maxPerWeek);
					}
				},
			),
			{ numRuns: 150 },
		);
	});

	it('an opted-out channel never passes', () => {
		fc.assert(
			fc.property(
				zoneArb,
				instantArb,
				sendsArb,
				policyArb,
				channelArb,
				fc.boolean(),
				(zone, ms, offsets, policy, channel, otherOut) => {
					const optedOut = channel === 'sms' ? { sms: true, email: otherOut } : { sms: otherOut, email: true };
					const t = touch({
						channel,
						subject: 'Hi',
						recentSends: offsets.map((o) => iso(ms + o)),
						contact: { timezone: zone, optedOut },
					});
					const v = checkTouch(t, policy, DateTime.fromMillis(ms, { zone: 'utc' }));
					expect(v.kind).toBe('block');
				},
			),
			RUNS,
		);
	});

	it('07:59:59 defers, 08:00 passes, 19:59:59 passes, 20:00 defers, on any day in any zone', () => {
		const policy = policyFrom();
		fc.assert(
			fc.property(
				zoneArb,
				fc.oneof(
					fc.constantFrom(...DST_DAYS),
					fc
						.integer({ min: 0, max: 1000 })
						.map((d) => DateTime.fromISO('2025-01-01').plus({ days: d }).toISODate() as string),
				),
				(zone, day) => {
					const at = (time: string) => DateTime.fromISO(`${day}T${time}`, { zone });
					expect(run(zone, 'sms', [], policy, at('07:59:59')).kind).toBe('defer');
					expect(run(zone, 'sms', [], policy, at('08:00:00')).kind).toBe('pass');
					expect(run(zone, 'sms', [], policy, at('19:59:59')).kind).toBe('pass');
					expect(run(zone, 'sms', [], policy, at('20:00:00')).kind).toBe('defer');
					const early = run(zone, 'sms', [], policy, at('07:59:59'));
					expect(early.kind === 'defer' && early.nextAllowedAt.equals(at('08:00:00'))).toBe(true);
				},
			),
			RUNS,
		);
	});
});
