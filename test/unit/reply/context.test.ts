/**
 * Replies read by meaning (issue 15, item 6), as the Patient Reply Trigger classifies them without
 * any context: acknowledgements ask nothing, a red flag beats a score, a negated stop word is read
 * for the rest of what it says. What the journal adds is in booking-conversation/context-route.test.ts.
 */
import type { ReplyIntent } from '../../../core/messaging/touch';
import { classifyReply, isAcknowledgement } from '../../../core/reply/classify';

describe('acknowledgements: "other" that needs no person', () => {
	it.each([
		'ok',
		'OK!',
		'okay',
		'k',
		'thanks',
		'Thank you!',
		'thx',
		'sounds good',
		'Ok sounds good',
		'ok thanks 👍',
		'great, thank you',
		'got it',
		'👍',
		'👍🏽',
		'👌',
		'Perfect.',
	])('%p', (body) => {
		expect(isAcknowledgement(body)).toBe(true);
		expect(classifyReply(body)).toEqual({
			intent: 'other',
			matched: 'acknowledgement',
			score: null,
			needsHuman: false,
		});
	});

	it.each<[string, ReplyIntent]>([
		['yes', 'book'],
		['Ok, book me', 'book'],
		['ok what times do you have', 'book'],
		["I'm ok", 'other'],
		['ok but it hurts', 'clinical'],
		['thanks, how much is it', 'cost'],
		['no thanks', 'decline'],
		['', 'other'],
	])('%p says more than an okay: %s', (body, intent) => {
		expect(isAcknowledgement(body)).toBe(false);
		expect(classifyReply(body).intent).toBe(intent);
	});
});

describe('a red flag beats any score', () => {
	it.each([
		["3 but it's bleeding a lot", 'bleeding a lot'],
		['4, I have a fever', 'fever'],
		['5 but there is pus', 'pus'],
		['2/10 but the swelling is spreading', 'swelling is spreading'],
		["3. can't swallow", "can't swallow"],
		['8 - hives on my neck', 'hives'],
	])('%p is clinical (%s), never a healing score', (body, phrase) => {
		expect(classifyReply(body)).toEqual({ intent: 'clinical', matched: phrase, score: null, needsHuman: true });
	});

	it.each([
		['3, no fever', 3, false],
		['4, no pus', 4, false],
		['2, a little bleeding', 2, true],
		['5', 5, false],
	])('%p stays a healing score (%i; a person: %s)', (body, score, needsHuman) => {
		expect(classifyReply(body)).toMatchObject({ intent: 'healing_score', score, needsHuman });
	});
});

describe('a negated stop word is no opt-out, and the rest is read', () => {
	it.each<[string, ReplyIntent, boolean]>([
		["don't stop, I want to book", 'book', false],
		["Don't stop! I want to book", 'book', false],
		['not stopping', 'other', true],
		["I don't want to opt out, can I book?", 'book', false],
		['please do not ever stop texting me', 'other', true],
		["I don't want to unsubscribe, just book me", 'book', false],
		["don't remove me, what does it cost", 'cost', true],
	])('%p -> %s (a person: %s)', (body, intent, needsHuman) => {
		expect(classifyReply(body)).toMatchObject({ intent, needsHuman });
	});

	it.each([
		'stop',
		'No, stop',
		"why don't you stop texting me",
		'I did not sign up so stop texting me',
		'I want to opt out',
		'not interested, unsubscribe',
	])('%p is still an opt-out', (body) => {
		expect(classifyReply(body).intent).toBe('opt_out');
	});
});
