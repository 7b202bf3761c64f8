import { DateTime } from 'luxon';
import { buildMime } from '../../../core/messaging/mime';
import {
	addressTag,
	unsubscribeLink,
	unsubscribeToken,
	verifyUnsubscribeToken,
} from '../../../core/messaging/unsubscribe';

const SECRET = 'x'.repeat(40);
const URL_BASE = 'https://n8n.example-practice.com/webhook/chairside-unsubscribe';

describe('one-click unsubscribe links', () => {
	it('name the patient and the address without showing the address', () => {
		const link = unsubscribeLink(SECRET, URL_BASE, '1042', 'Maria.Lopez@Example.com');
		expect(link.startsWith(`${URL_BASE}?u=v1.1042.`)).toBe(true);
		expect(link.toLowerCase()).not.toContain('maria');
		const token = new URL(link).searchParams.get('u');
		expect(verifyUnsubscribeToken(token, SECRET)).toEqual({
			patientId: '1042',
			addressTag: addressTag('maria.lopez@example.com '),
		});
	});

	it('the address decides, not its case or spaces: one tag for one mailbox', () => {
		expect(addressTag(' MARIA@example.com')).toBe(addressTag('maria@example.com'));
		expect(addressTag('maria@example.com')).not.toBe(addressTag('mario@example.com'));
	});

	it.each([
		['another secret', (t: string) => t, 'y'.repeat(40)],
		['a changed patient id', (t: string) => t.replace('.1042.', '.1043.'), SECRET],
		[
			'a changed address tag',
			(t: string) =>
				t.replace(/\.([^.]{22})\./, (_m, tag: string) => `.${tag.slice(0, 21)}${tag.endsWith('A') ? 'B' : 'A'}.`),
			SECRET,
		],
		['a cut signature', (t: string) => t.slice(0, -1), SECRET],
		['no token', () => '', SECRET],
	])('refuses %s', (_name, change, secret) => {
		const token = change(unsubscribeToken(SECRET, '1042', 'maria@example.com'));
		expect(() => verifyUnsubscribeToken(token, secret)).toThrow(/unsubscribe link/);
	});

	it('refuses a short secret before signing anything', () => {
		expect(() => unsubscribeToken('short', '1042', 'maria@example.com')).toThrow(/shorter than 32/);
	});

	it('the email carries the RFC 8058 headers', () => {
		const mime = buildMime({
			from: 'front@riverside.example',
			to: 'maria@example.com',
			subject: 'Hello',
			text: 'Hi',
			html: null,
			messageId: '<a@b>',
			date: DateTime.fromISO('2026-03-10T15:00:00Z'),
			listUnsubscribe: `${URL_BASE}?u=v1.1042.tag.sig`,
		});
		expect(mime).toContain(`List-Unsubscribe: <${URL_BASE}?u=v1.1042.tag.sig>\r\n`);
		expect(mime).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n');
	});
});
