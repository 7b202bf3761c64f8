/**
 * routeReply reads a reply in the journal's context (issue 15, item 6): an acknowledgement books
 * only when an offer or a booking question is open, and a bare number while a healing check waits
 * for its answer goes to a person instead of booking an offered opening.
 */
import { bookingQuestionOpen, healingCheckWaiting, routeReply, type Route } from '../../../core/booking/conversation';
import { JournalIndex, row, touchKey, type JournalRow } from '../../../core/journey/journal';
import type { PatientReply } from '../../../core/messaging/touch';
import { classifyReply } from '../../../core/reply/classify';
import { enrollment, MOBILE, NOW, offerRow, PATIENT, reply, SETTINGS } from './fixtures';

const followUp = enrollment('case-77', '2026-11-01T16:00:00.000Z');
const implant = enrollment('implant-501', '2026-11-19T16:00:00.000Z', 'active', 'implant-journey');
const hoursAgo = (hours: number) => NOW.minus({ hours }).toUTC().toISO() as string;
const sent = (of: JournalRow, step: string, at: string, status = 'sent') =>
	row({
		key: touchKey(of.key, step),
		kind: 'touch',
		journey: of.journey,
		patientId: PATIENT,
		enrollment: of.key,
		step,
		channel: 'sms',
		status,
		at,
		mobile: MOBILE,
	});
const healingCheck = (hours: number) => sent(implant, 'day-3-healing-check', hoursAgo(hours));
const bookingPrompt = (hours: number, status = 'sent') => sent(followUp, 'day-2-sms', hoursAgo(hours), status);
const openOffer = (hours = 2) => offerRow({ at: hoursAgo(hours) });

/** The reply as the Patient Reply Trigger hands it over: classified without context. */
const classified = (body: string): PatientReply => {
	const c = classifyReply(body);
	return reply(body, { intent: c.intent, matched: c.matched, score: c.score, needsHuman: c.needsHuman });
};
const route = (body: string, ...rows: JournalRow[]): Route =>
	routeReply(classified(body), new JournalIndex([followUp, implant, ...rows]), NOW, SETTINGS);
const summary = (r: Route) => (r.type === 'other' ? (r.handOff ? 'person' : 'other') : r.type);

describe('an acknowledgement books only where a question is open', () => {
	it.each<[string, string, JournalRow[], string]>([
		['ok', 'a booking text sent 3 hours ago', [bookingPrompt(3)], 'offer'],
		['sounds good', 'a booking text sent 3 hours ago', [bookingPrompt(3)], 'offer'],
		['👍', 'an open offer', [openOffer()], 'offer'],
		['thanks', 'an open offer and a booking text', [openOffer(), bookingPrompt(3)], 'offer'],
		['ok', 'nothing sent', [], 'other'],
		['thanks', 'a booking text sent 3 days ago (past the offer validity)', [bookingPrompt(72)], 'other'],
		['ok', 'a booking text that was not sent (deferred)', [bookingPrompt(3, 'deferred')], 'other'],
		['ok', 'an offer that expired', [openOffer(60)], 'other'],
		['ok', 'an offer already booked', [offerRow({ at: hoursAgo(2), status: 'booked' })], 'other'],
		['ok', 'a healing check as the latest text', [bookingPrompt(30), healingCheck(3)], 'other'],
		['yes', 'nothing sent', [], 'offer'],
	])('%p after %s: %s', (body, _, rows, expected) => {
		expect(summary(route(body, ...rows))).toBe(expected);
	});

	it('an acknowledgement with nothing open needs no person', () => {
		expect(classified('ok')).toMatchObject({ intent: 'other', needsHuman: false });
		expect(route('ok')).toEqual({ type: 'other', patientId: PATIENT });
	});
});

describe('a bare number goes to the offer only when no healing check waits for its score', () => {
	it.each<[string, string, JournalRow[], string]>([
		['2', 'an open offer only', [openOffer()], 'book'],
		['2', 'an open offer and a healing check texted 5 hours ago', [openOffer(), healingCheck(5)], 'person'],
		[
			'2',
			'an open offer and a healing check texted 4 days ago (past its window)',
			[openOffer(), healingCheck(96)],
			'book',
		],
		['#2', 'an open offer and a waiting healing check', [openOffer(), healingCheck(5)], 'person'],
		['option 2', 'an open offer and a waiting healing check', [openOffer(), healingCheck(5)], 'book'],
		['the second one', 'an open offer and a waiting healing check', [openOffer(), healingCheck(5)], 'book'],
		['Tuesday', 'an open offer and a waiting healing check', [openOffer(), healingCheck(5)], 'book'],
		['2', 'a waiting healing check, no offer', [healingCheck(5)], 'other'],
	])('%p with %s: %s', (body, _, rows, expected) => {
		expect(summary(route(body, ...rows))).toBe(expected);
	});

	it('the hand-off says what to ask', () => {
		expect(route('2', openOffer(), healingCheck(5))).toEqual({
			type: 'other',
			patientId: PATIENT,
			handOff: 'replied "2" while a healing check and an offer of openings were both open: ask which they meant',
		});
	});
});

describe('what the journal says is open', () => {
	const stoppedImplant = enrollment('implant-501', '2026-11-19T16:00:00.000Z', 'stopped', 'implant-journey');
	it.each<[string, JournalRow[], boolean]>([
		['a healing check 71 hours ago', [implant, healingCheck(71)], true],
		['a healing check 73 hours ago', [implant, healingCheck(73)], false],
		[
			'a healing check on a stopped enrollment',
			[stoppedImplant, sent(stoppedImplant, 'day-3-healing-check', hoursAgo(5))],
			false,
		],
		[
			'a healing check that was deferred',
			[implant, sent(implant, 'day-3-healing-check', hoursAgo(5), 'deferred')],
			false,
		],
	])('healingCheckWaiting: %s -> %s', (_, rows, waiting) => {
		expect(healingCheckWaiting(new JournalIndex([followUp, ...rows]), PATIENT, NOW)).toBe(waiting);
	});

	it('bookingQuestionOpen follows the offer validity the practice set', () => {
		const journal = new JournalIndex([followUp, bookingPrompt(30)]);
		expect(bookingQuestionOpen(journal, PATIENT, NOW, 48)).toBe(true);
		expect(bookingQuestionOpen(journal, PATIENT, NOW, 24)).toBe(false);
	});
});
