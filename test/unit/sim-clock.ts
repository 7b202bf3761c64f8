/** The simulators' test clock: a fixed start the test moves by hand, so dates on records are exact. */
import { DateTime } from 'luxon';

export const START = DateTime.fromISO('2026-11-23T14:00:00Z', { zone: 'utc' });

export class Clock {
	current = START;
	now = (): DateTime => this.current;
	advance(minutes: number): DateTime {
		this.current = this.current.plus({ minutes });
		return this.current;
	}
}
