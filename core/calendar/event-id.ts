/**
 * The Google Calendar event id of a booking: derived from the booking key, so a retried insert
 * carries the same id and Google answers 409 instead of adding the appointment twice. Google's
 * ids are base32hex (0-9, a-v), 5 to 1024 characters: sha256 gives 52 of them.
 */
import { createHash } from 'node:crypto';

const BASE32HEX = '0123456789abcdefghijklmnopqrstuv';

export function eventIdFor(bookingKey: string): string {
	if (!bookingKey.trim()) throw new Error('Booking Key is empty: it names the booking so a retry cannot book twice');
	const bytes = createHash('sha256').update(bookingKey, 'utf8').digest();
	let id = '';
	let bits = 0;
	let value = 0;
	for (const byte of bytes) {
		value = (value << 8) | byte;
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			id += BASE32HEX[(value >>> bits) & 31];
		}
		value &= (1 << bits) - 1;
	}
	return bits > 0 ? id + BASE32HEX[(value << (5 - bits)) & 31] : id;
}
