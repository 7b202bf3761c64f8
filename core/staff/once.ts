/**
 * A staff alert goes out once, whichever run gets there first: the alert's key is claimed in the
 * shared state (core/state/shared-state.ts) under its own lock before the message leaves, and
 * finished after; a second run at the same instant waits for the lock and finds the claim. A
 * delivery that failed is released, so the next run (or the next follow-up) tries again.
 */
import { locks, type SharedState } from '../state/shared-state';

export type Delivery = { status: 'sent'; ref: string | null } | { status: 'already' };

export async function deliverOnce(
	state: SharedState,
	key: string,
	at: string,
	patientId: string | null,
	send: () => Promise<string | null>,
): Promise<Delivery> {
	return state.exclusive(locks.key(key), async (view) => {
		if (await view.get(key)) return { status: 'already' as const };
		await view.claim({ key, kind: 'staff_alert', at, patientId });
		let ref: string | null;
		try {
			ref = await send();
		} catch (error) {
			await view.release(key);
			throw error;
		}
		await view.finish(key, ref);
		return { status: 'sent' as const, ref };
	});
}
