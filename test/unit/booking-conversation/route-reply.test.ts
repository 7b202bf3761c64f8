/** routeReply: where a patient's reply goes, read against the journal alone. */
import { DateTime } from 'luxon';
import { routeReply, type Route } from '../../../core/booking/conversation';
import { JournalIndex, row, type JournalRow } from '../../../core/journey/journal';
import { enrollment, MOBILE, NOW, offerRow, OPTIONS, PATIENT, reply, SETTINGS, ZONE } from './fixtures';

const STRANGER = '+15125550999';
const newest = enrollment('case-90', '2026-11-10T16:00:00.000Z', 'paused');
const base: JournalRow[] = [
	enrollment('case-77', '2026-11-01T16:00:00.000Z'),
	newest,
	// Newer still, but stopped: a booking has nothing of it to stop.
	enrollment('case-95', '2026-11-20T16:00:00.000Z', 'stopped'),
	enrollment('recall-501', '2026-11-21T16:00:00.000Z', 'finished', 'hygiene-recall'),
];
const journal = (...extra: JournalRow[]) => new JournalIndex([...base, ...extra]);
const yes = (over = {}) => reply('YES', { intent: 'book', matched: 'yes', needsHuman: false, ...over });
const two = (over = {}) => reply('2', { intent: 'healing_score', matched: '2', score: 2, needsHuman: false, ...over });
const route = (r = two(), j = journal(offerRow()), now: DateTime = NOW, settings = SETTINGS): Route =>
	routeReply(r, j, now, settings);
const bookItem = (r: Route) => {
	if (r.type !== 'book') throw new Error(`expected book, got ${JSON.stringify(r)}`);
	return r.item;
};

describe('routeReply: duplicates and opt-outs', () => {
	it('a MessageSid already in the journal is a duplicate, whatever it says', () => {
		const seen = row({ key: 'reply/SM-reply-1', kind: 'reply', patientId: PATIENT, mobile: MOBILE, status: 'book' });
		expect(route(yes(), journal(seen))).toEqual({ type: 'duplicate' });
		expect(route(two(), journal(seen, offerRow()))).toEqual({ type: 'duplicate' });
		expect(route(yes({ messageSid: 'SM-other' }), journal(seen)).type).toBe('offer');
	});

	it('STOP is opted_out with the patient, or null for a number the journal does not know', () => {
		const stop = (from: string) => reply('STOP', { intent: 'opt_out', matched: 'stop', needsHuman: false, from });
		expect(route(stop(MOBILE), journal(offerRow()))).toEqual({ type: 'opted_out', patientId: PATIENT });
		expect(route(stop(STRANGER), journal(offerRow()))).toEqual({ type: 'opted_out', patientId: null });
	});
});

describe('routeReply: wants to book', () => {
	it('an unknown number saying YES goes to the usual handling', () => {
		expect(route(yes({ from: STRANGER }), journal())).toEqual({ type: 'other', patientId: null });
	});

	it('YES from a patient: an offer "asked", carrying the newest active or paused enrollment and no opt-out', () => {
		const r = route(yes(), journal());
		expect(r).toEqual({
			type: 'offer',
			item: {
				kind: 'chairside.booking',
				patientId: PATIENT,
				mobile: MOBILE,
				replySid: 'SM-reply-1',
				replyReceivedAt: NOW.toUTC().toISO(),
				enrollmentRow: newest,
				optedOut: false,
				stage: 'offer',
				why: 'asked',
			},
		});
	});

	it('the opt-out on the journal travels with the conversation (Patient Message then refuses to text)', () => {
		const optedOut = row({
			key: `patient/${PATIENT}`,
			kind: 'patient',
			patientId: PATIENT,
			mobile: MOBILE,
			status: 'opted_out',
			channel: 'sms',
		});
		const r = route(yes(), journal(optedOut));
		expect(r.type === 'offer' && r.item.optedOut).toBe(true);
		const emailOnly = row({
			key: `patient/${PATIENT}`,
			kind: 'patient',
			patientId: PATIENT,
			mobile: MOBILE,
			status: 'opted_out',
			channel: 'email',
		});
		const e = route(yes(), journal(emailOnly));
		expect(e.type === 'offer' && e.item.optedOut).toBe(false);
	});

	it('a patient with no open enrollment still gets openings (enrollmentRow null)', () => {
		const only = new JournalIndex([enrollment('case-95', '2026-11-20T16:00:00.000Z', 'stopped')]);
		const r = route(yes(), only);
		expect(r).toMatchObject({ type: 'offer', item: { enrollmentRow: null, why: 'asked' } });
	});

	it('YES that needs a person (a call request, timing words) is not answered with openings', () => {
		expect(route(yes({ needsHuman: true }), journal())).toEqual({ type: 'other', patientId: PATIENT });
		expect(route(reply('maybe later', { intent: 'timing', needsHuman: true }), journal())).toEqual({
			type: 'other',
			patientId: PATIENT,
		});
	});

	it('YES while an offer is open makes a fresh offer rather than guessing a pick', () => {
		expect(route(yes(), journal(offerRow()))).toMatchObject({ type: 'offer', item: { why: 'asked' } });
	});
});

describe('routeReply: picking an offered opening', () => {
	it('"2" inside the offer\'s validity books option 2', () => {
		expect(route()).toEqual({
			type: 'book',
			item: {
				kind: 'chairside.booking',
				patientId: PATIENT,
				mobile: MOBILE,
				replySid: 'SM-reply-1',
				replyReceivedAt: NOW.toUTC().toISO(),
				enrollmentRow: newest,
				optedOut: false,
				stage: 'book',
				offerKey: `offer/${PATIENT}`,
				bookingKey: expect.any(String),
				lengthMinutes: 60,
				option: 2,
				start: OPTIONS[1].start,
				end: OPTIONS[1].end,
				providerId: 'DOC2',
				operatoryId: 'OP2',
			},
		});
		expect(bookItem(route(reply('1', { intent: 'healing_score' })))).toMatchObject({
			option: 1,
			lengthMinutes: 45,
			providerId: 'DOC1',
			start: OPTIONS[0].start,
		});
	});

	it('whatever the reply trigger called it: "the second one" (other, needs a person) books too', () => {
		expect(bookItem(route(reply('the second one', { intent: 'other', needsHuman: true }))).option).toBe(2);
	});

	it('the booking key is stable for the same offer and option, different for another option or a new offer', () => {
		const key = bookItem(route()).bookingKey;
		expect(bookItem(route(two({ messageSid: 'SM-retry' }))).bookingKey).toBe(key);
		expect(bookItem(route(reply('option 2', { messageSid: 'SM-again' }))).bookingKey).toBe(key);
		expect(bookItem(route(reply('1'))).bookingKey).not.toBe(key);
		const remade = journal(offerRow({ at: NOW.minus({ hours: 1 }).toUTC().toISO() }));
		expect(bookItem(route(two(), remade)).bookingKey).not.toBe(key);
	});

	it('a pick after the validity hours gets fresh openings ("expired"); at exactly the limit it still books', () => {
		const at = NOW.minus({ hours: 2 });
		expect(route(two(), journal(offerRow()), at.plus({ hours: 48 })).type).toBe('book');
		const late = route(two(), journal(offerRow()), at.plus({ hours: 48, minutes: 1 }));
		expect(late).toEqual({
			type: 'offer',
			item: expect.objectContaining({ stage: 'offer', why: 'expired', patientId: PATIENT, enrollmentRow: newest }),
		});
		expect(route(two(), journal(offerRow()), NOW, { ...SETTINGS, offerValidHours: 1 })).toMatchObject({
			type: 'offer',
			item: { why: 'expired' },
		});
	});

	it('an offer row without a time is treated as passed', () => {
		expect(route(two(), journal(offerRow({ at: null })))).toMatchObject({ type: 'offer', item: { why: 'expired' } });
	});

	it('a pick whose start has passed gets fresh openings, though the offer is still valid', () => {
		const afterFirst = DateTime.fromISO(OPTIONS[0].start).plus({ minutes: 5 }).setZone(ZONE);
		const j = journal(offerRow({ at: afterFirst.minus({ hours: 1 }).toUTC().toISO() }));
		expect(route(reply('1'), j, afterFirst)).toMatchObject({ type: 'offer', item: { why: 'expired' } });
		expect(route(reply('2'), j, afterFirst).type).toBe('book');
		expect(route(reply('1'), j, DateTime.fromISO(OPTIONS[0].start)).type).toBe('offer');
	});

	it('"2" with no offer, or with an offer already booked, goes to the usual handling', () => {
		expect(route(two(), journal())).toEqual({ type: 'other', patientId: PATIENT });
		expect(route(two(), journal(offerRow({ status: 'booked' })))).toEqual({ type: 'other', patientId: PATIENT });
	});

	it('"3" when two were offered is not a pick', () => {
		expect(route(reply('3', { intent: 'healing_score' }))).toEqual({ type: 'other', patientId: PATIENT });
	});

	it('an offer row edited into nonsense offers nothing: the digit goes to a person', () => {
		for (const detail of ['{not json', '[{"option":"two"}]', '{"option":2}', '']) {
			expect(route(two(), journal(offerRow({ detail })))).toEqual({ type: 'other', patientId: PATIENT });
		}
		// Nonsense detail and a YES still gets fresh openings.
		expect(route(yes(), journal(offerRow({ detail: '{not json' })))).toMatchObject({
			type: 'offer',
			item: { why: 'asked' },
		});
	});

	it("another patient's offer is not this patient's", () => {
		const theirs = offerRow({ key: 'offer/777', patientId: '777', mobile: '+15125550777' });
		expect(route(two(), journal(theirs))).toEqual({ type: 'other', patientId: PATIENT });
	});

	it('a weekday pick reads the offer in the practice zone', () => {
		expect(bookItem(route(reply('Wednesday works')))).toMatchObject({ option: 2 });
	});
});
