/**
 * NexHealth webhook deliveries: a signature made by the simulator (sandbox/nexhealth signDelivery,
 * written from the reference) verifies; a changed body, an old timestamp or another key does not;
 * a retried delivery has the same key; an insertion names its outcome and the booking key.
 */
import { signDelivery } from '../../sandbox/nexhealth';
import {
	bookingKeyInNote,
	insertionKey,
	insertionOutcomeOf,
	parseDelivery,
	verifyDelivery,
} from '../../core/pms/nexhealth/webhook';
import { keyTag } from '../../core/booking/key';

const SECRET = 'a1b2c3d4e5f6a7b8c9d0';
const NOW = 1_800_000_000;
const body = JSON.stringify({
	resource_type: 'Appointment',
	event_name: 'appointment_insertion.complete',
	event_time: '2026-11-23T14:00:00Z',
	delivery_errors: null,
	data: {
		appointment: {
			id: 77,
			patient_id: 5,
			start_time: '2026-11-30T15:00:00Z',
			note: `Booked by text ${keyTag('0123456789abcdef')}`,
		},
	},
});

it('accepts what the documented scheme signs, and nothing else', () => {
	const timestamp = String(NOW);
	const signature = signDelivery(SECRET, timestamp, body);
	expect(verifyDelivery({ secretKey: SECRET, timestamp, signature, rawBody: body, nowSeconds: NOW + 10 })).toEqual({
		ok: true,
	});
	expect(
		verifyDelivery({ secretKey: SECRET, timestamp, signature, rawBody: body.replace('77', '78'), nowSeconds: NOW }).ok,
	).toBe(false);
	expect(verifyDelivery({ secretKey: 'other', timestamp, signature, rawBody: body, nowSeconds: NOW }).ok).toBe(false);
	expect(verifyDelivery({ secretKey: SECRET, timestamp, signature, rawBody: body, nowSeconds: NOW + 3600 }).ok).toBe(
		false,
	);
	expect(
		verifyDelivery({ secretKey: SECRET, timestamp: undefined, signature, rawBody: body, nowSeconds: NOW }).ok,
	).toBe(false);
	expect(verifyDelivery({ secretKey: '', timestamp, signature, rawBody: body, nowSeconds: NOW }).ok).toBe(false);
});

it('reads the event: retries share a key; the outcome and booking key are found', () => {
	const event = parseDelivery(body);
	expect(event).toMatchObject({ resourceType: 'Appointment', eventName: 'appointment_insertion.complete' });
	expect(parseDelivery(body).key).toBe(event.key);
	expect(event.appointment?.id).toBe(77);
	expect(insertionOutcomeOf(event.eventName)).toBe('complete');
	expect(insertionOutcomeOf('appointment_insertion.failed')).toBe('failed');
	expect(insertionOutcomeOf('appointment_created')).toBeNull();
	expect(bookingKeyInNote(event.appointment?.note)).toBe('0123456789abcdef');
	expect(insertionKey('77', 'complete')).not.toBe(insertionKey('77', 'failed'));
	expect(() => parseDelivery('not json')).toThrow(/not JSON/);
});
