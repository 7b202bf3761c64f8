/**
 * One location's view of the state a group's locations share (one n8n, or one queue-mode database):
 * each location's PMS numbers its own patients, appointments and chairs, so patient 79 at Downtown
 * is not patient 79 at Uptown. Their claims, locks and caps are kept apart by the location's name
 * (the practice profile's Location, README "Several locations"). Facts about a phone number or an
 * email address (a STOP, a refused number, an unsubscribe) and inbound deliveries (Twilio's
 * MessageSid) are about the number, the address or the message, not a patient: every location sees them.
 */
import { inboundMessageKey } from '../reply/deliveries';
import { facts, type Claim, type NewClaim, type SharedState, type StateView } from './shared-state';

const SHARED = [
	facts.refusedNumber(''),
	facts.optedOutNumber(''),
	facts.unsubscribedEmail(''),
	inboundMessageKey('').trim(),
];

export function scopedState(state: SharedState, location: string): SharedState {
	if (!location) return state;
	const prefix = `location:${encodeURIComponent(location)}/`;
	const shared = (key: string) => SHARED.some((head) => key.startsWith(head));
	const inScope = (key: string) => (shared(key) ? key : prefix + key);
	const patient = (id: string | null) => (id === null ? null : prefix + id);
	const outOfScope = (claim: Claim | null): Claim | null =>
		claim && {
			...claim,
			key: claim.key.startsWith(prefix) ? claim.key.slice(prefix.length) : claim.key,
			patientId: claim.patientId?.startsWith(prefix) ? claim.patientId.slice(prefix.length) : claim.patientId,
		};
	const view = (inner: StateView): StateView => ({
		get: async (key) => outOfScope(await inner.get(inScope(key))),
		claim: async (claim: NewClaim) =>
			outOfScope(
				await inner.claim({
					...claim,
					key: inScope(claim.key),
					patientId: patient(claim.patientId),
				}),
			),
		finish: (key, ref) => inner.finish(inScope(key), ref),
		release: (key) => inner.release(inScope(key)),
		sendsSince: (patientId, since) => inner.sendsSince(prefix + patientId, since),
	});
	return {
		...view(state),
		exclusive: (locks, work) =>
			state.exclusive(
				(typeof locks === 'string' ? [locks] : locks).map((lock) => prefix + lock),
				(inner) => work(view(inner)),
			),
	};
}
