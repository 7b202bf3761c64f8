import fc from 'fast-check';
import type { ReplyIntent } from '../../../core/messaging/touch';
import { classifyReply, isAcknowledgement } from '../../../core/reply/classify';
import {
	DEFAULT_REPLY_KEYWORDS,
	KEYWORD_INTENTS,
	parseKeywordList,
	replyKeywords,
	unmarked,
} from '../../../core/reply/keywords';

/** [reply as a patient would send it, intent, needsHuman] */
const REPLIES: Array<[string, ReplyIntent, boolean]> = [
	// Opt-out: Twilio's keywords as the whole reply, and revocation "by any reasonable means".
	['STOP', 'opt_out', false],
	['Stop.', 'opt_out', false],
	['stop!!!', 'opt_out', false],
	['  STOP  ', 'opt_out', false],
	['🛑 STOP 🛑', 'opt_out', false],
	['STOP STOP STOP', 'opt_out', false],
	['stop please', 'opt_out', false],
	['Please stop', 'opt_out', false],
	['No, stop', 'opt_out', false],
	['Unsubscribe', 'opt_out', false],
	['Cancel', 'opt_out', false],
	['END', 'opt_out', false],
	['quit', 'opt_out', false],
	['Revoke', 'opt_out', false],
	['OPTOUT', 'opt_out', false],
	['StopAll', 'opt_out', false],
	['I want to opt out', 'opt_out', false],
	['Opt-out', 'opt_out', false],
	['Please stop texting me', 'opt_out', false],
	['stop messaging me!', 'opt_out', false],
	['Stop contacting me about this', 'opt_out', false],
	['Remove me from your list', 'opt_out', false],
	["I'd like to unsubscribe", 'opt_out', false],
	['Do not text this number again', 'opt_out', false],
	['Don’t text me anymore', 'opt_out', false],
	['dont text me', 'opt_out', false],
	['Take me off your list please', 'opt_out', false],
	['I revoke consent to be texted', 'opt_out', false],
	// ...and the false-positive traps.
	['Can I cancel my appointment?', 'timing', true],
	["Don't stop texting me, I need the reminders", 'other', true],
	["don't stop", 'other', true],
	['End of the month works for me', 'book', true],
	['End of the month', 'timing', true],
	['Can we do the weekend', 'other', true],
	['Stop by tomorrow?', 'other', true],
	['I quit smoking like you said!', 'other', true],
	['I know', 'other', true],
	['I know, I know', 'other', true],
	// Opt-in and help.
	['START', 'opt_in', false],
	['Unstop', 'opt_in', false],
	['start.', 'opt_in', false],
	['HELP', 'help', false],
	['info', 'help', false],
	['Info?', 'help', false],
	['Can you help me understand the cost?', 'cost', true],
	['more info please', 'other', true],
	// Healing scores.
	['2', 'healing_score', false],
	[' 4 ', 'healing_score', false],
	['0', 'healing_score', false],
	['10', 'healing_score', false],
	['7/10', 'healing_score', false],
	['8 out of 10', 'healing_score', false],
	['a three', 'healing_score', false],
	['1', 'healing_score', false],
	['4 today, bit sore', 'healing_score', false],
	['a 3, still a bit sore', 'healing_score', false],
	['pain is a 3', 'healing_score', false],
	["I'd say 5", 'healing_score', false],
	['feeling better, 3', 'healing_score', false],
	['10/10 feeling great', 'healing_score', false],
	['no pain, 2', 'healing_score', false],
	["prob a 2, it's throbbing", 'healing_score', true],
	['6/10 and the swelling is worse', 'clinical', true],
	['took 2 advil, pain about a 4 now', 'healing_score', true],
	['was a 7 yesterday, a 4 today', 'healing_score', true],
	['what does insurance cover? pain is 2', 'healing_score', true],
	// Numbers that are not scores.
	['at 3pm', 'other', true],
	['Tuesday at 2 works', 'other', true],
	['My appointment is at 2:30', 'other', true],
	['3/15 works', 'other', true],
	['I have 2 kids so mornings are hard', 'other', true],
	['2 weeks ago', 'other', true],
	['11', 'other', true],
	['$200 is too much', 'cost', true],
	['It was $1,200 last time', 'cost', true],
	['Can I come in on the 5th', 'book', false],
	['I have 1 question about the cost', 'cost', true],
	// Clinical questions go to a person.
	['Is this normal?', 'clinical', true],
	['is it normal for my gums to still be sore?', 'clinical', true],
	["It's still bleeding", 'clinical', true],
	['My face is swollen', 'clinical', true],
	['I think I have a fever', 'clinical', true],
	['Can I take ibuprofen with the antibiotics?', 'clinical', true],
	["I'm in a lot of pain", 'clinical', true],
	["The numbness hasn't worn off", 'clinical', true],
	['there is pus near the implant', 'clinical', true],
	['yes I still have pain', 'clinical', true],
	['Took 2 ibuprofen', 'clinical', true],
	['it doesn’t hurt', 'other', true],
	['no fever, no swelling, feeling fine', 'other', true],
	// Cost and financing.
	['How much will it cost?', 'cost', true],
	['Does insurance cover this', 'cost', true],
	['Can I do a payment plan', 'cost', true],
	['Do you take CareCredit?', 'cost', true],
	["what's my co-pay", 'cost', true],
	['Is that before my deductible?', 'cost', true],
	["I can't afford it right now", 'cost', true],
	['seems expensive', 'cost', true],
	['ok but is it covered by insurance', 'cost', true],
	// Decline.
	['No', 'decline', false],
	['no.', 'decline', false],
	['Nope', 'decline', false],
	['nah', 'decline', false],
	['No thank you', 'decline', false],
	['no thanks', 'decline', false],
	['Not interested', 'decline', false],
	['No longer interested', 'decline', false],
	['We decided against it', 'decline', false],
	['Going to another dentist', 'decline', false],
	['Got a new dentist closer to home', 'decline', false],
	["I'll pass", 'decline', false],
	// Book.
	['Yes', 'book', false],
	['YES!!', 'book', false],
	['Yes 👍', 'book', false],
	['yes please', 'book', false],
	['Yeah let’s do it', 'book', false],
	['Sure', 'book', false],
	['ok', 'other', false],
	['Ok sounds good', 'other', false],
	['Sounds good', 'other', false],
	['Ok, book me', 'book', false],
	["Let's do it!", 'book', false],
	['Book me in', 'book', false],
	['Schedule me please', 'book', false],
	['Ready to schedule', 'book', false],
	['Appointment please', 'book', false],
	['What times do you have available?', 'book', false],
	['Call me', 'book', true],
	['Can you call me tomorrow', 'book', true],
	['Thank you, I’ll call to schedule', 'book', true],
	['Yes but after the holidays', 'book', true],
	['not sure', 'other', true],
	["I'm ok", 'other', true],
	['not ok', 'other', true],
	['I am not available', 'other', true],
	// Timing.
	['Not now', 'timing', true],
	['maybe later', 'timing', true],
	['Next month', 'timing', true],
	['After the holidays', 'timing', true],
	['Super busy right now', 'timing', true],
	['In a few weeks', 'timing', true],
	['Traveling until June', 'timing', true],
	["I'm on vacation", 'timing', true],
	["We're going to hold off for now", 'timing', true],
	['I need to reschedule', 'timing', true],
	// Anything else: a person, never a guess.
	['Who is this?', 'other', true],
	['wrong number', 'other', true],
	['Thanks!', 'other', false],
	['👍', 'other', false],
	['', 'other', true],
	['lol', 'other', true],
];

describe('classifyReply: real-looking replies', () => {
	it('has a big enough table', () => {
		expect(REPLIES.length).toBeGreaterThanOrEqual(80);
	});

	it.each(REPLIES)('%p -> %s (needs a person: %p)', (reply, intent, needsHuman) => {
		const verdict = classifyReply(reply);
		expect({ intent: verdict.intent, needsHuman: verdict.needsHuman }).toEqual({ intent, needsHuman });
	});
});

describe('classifyReply: what it reports', () => {
	it('names the keyword that decided, without its mark', () => {
		expect(classifyReply('STOP!')).toEqual({ intent: 'opt_out', matched: 'stop', score: null, needsHuman: false });
		expect(classifyReply('how much is the crown?').matched).toBe('how much');
		expect(classifyReply('$450?').matched).toBe('$');
		expect(classifyReply('hi').matched).toBeNull();
	});

	it.each([
		['2', 2, '2'],
		['7/10', 7, '7/10'],
		['8 out of 10', 8, '8 out of 10'],
		['a 4!', 4, '4'],
		['ten', 10, 'ten'],
		['prob a 2, it’s throbbing', 2, '2'],
		['was a 7 yesterday, a 4 today', 4, '4'],
	])('reads the healing score in %p as %d', (reply, score, matched) => {
		expect(classifyReply(reply)).toMatchObject({ intent: 'healing_score', score, matched });
	});

	it('gives no score to anything but a healing score', () => {
		for (const reply of ['STOP', 'yes', 'at 3pm', 'how much', 'later', 'Is it normal?'])
			expect(classifyReply(reply).score).toBeNull();
	});
});

describe("classifyReply: Twilio's OptOutType", () => {
	it('STOP wins whatever the text says', () => {
		expect(classifyReply('yes', {}, 'STOP')).toMatchObject({ intent: 'opt_out', matched: 'OptOutType=STOP' });
		expect(classifyReply('arrêtez', {}, 'stop')).toMatchObject({ intent: 'opt_out' });
	});

	it('START opts in, except a bare YES, which books', () => {
		expect(classifyReply('START', {}, 'START')).toMatchObject({ intent: 'opt_in', matched: 'start' });
		expect(classifyReply('subscribe', {}, 'START')).toMatchObject({ intent: 'opt_in', matched: 'OptOutType=START' });
		expect(classifyReply('YES', {}, 'START')).toMatchObject({ intent: 'book', matched: 'yes', needsHuman: false });
	});

	it('HELP asks for help, but an opt-out phrase still comes first', () => {
		expect(classifyReply('aide', {}, 'HELP')).toMatchObject({ intent: 'help', matched: 'OptOutType=HELP' });
		expect(classifyReply('stop texting me', {}, 'HELP')).toMatchObject({ intent: 'opt_out' });
	});

	it('ignores an empty or unknown OptOutType', () => {
		expect(classifyReply('yes', {}, '').intent).toBe('book');
		expect(classifyReply('yes', {}, null).intent).toBe('book');
		expect(classifyReply('yes', {}, 'SOMETHING').intent).toBe('book');
	});
});

describe('every default keyword', () => {
	const cases = KEYWORD_INTENTS.flatMap((intent) =>
		DEFAULT_REPLY_KEYWORDS[intent].map((entry) => [intent, entry] as const),
	);

	it.each(cases)('%s: %p on its own', (intent, entry) => {
		// An okay on its own is an acknowledgement (see "acknowledgements" in context.test.ts).
		expect(classifyReply(unmarked(entry)).intent).toBe(isAcknowledgement(unmarked(entry)) ? 'other' : intent);
	});

	const anywhere = cases.filter(([, entry]) => !/^[=^]/.test(entry));
	it.each(anywhere)('%s: %p inside a sentence', (intent, entry) => {
		expect(classifyReply(`Hi there, ${entry} thanks`).intent).toBe(intent);
	});
});

describe('whole words only', () => {
	it.each([
		['weekend', 'end'],
		['legend', 'end'],
		['stopped', 'stop'],
		['know', 'no'],
		['nobody', 'no'],
		['cancellation fee', 'cancel'],
		['spain', 'pain'],
		['booked', 'book'],
		['okra', 'ok'],
		['yesterday', 'yes'],
		['tokens', 'ok'],
		['scoster', 'cost'],
	])('%p is not %p', (reply) => {
		const verdict = classifyReply(`the ${reply} thing`);
		expect(verdict.intent === 'other' || verdict.intent === 'cost').toBe(true);
		expect(verdict.intent).not.toBe('opt_out');
	});

	it('a keyword glued to letters never matches', () => {
		expect(classifyReply('weekend').intent).toBe('other');
		expect(classifyReply('Yesterday').intent).toBe('other');
		expect(classifyReply('painless').intent).toBe('other');
	});
});

describe('property: Twilio opt-out keywords in any case, with punctuation', () => {
	const TWILIO = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'];
	const casing = (word: string) =>
		fc
			.array(fc.boolean(), { minLength: word.length, maxLength: word.length })
			.map((upper) => [...word].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join(''));
	const edge = fc.constantFrom('', ' ', '  ', '.', '!', '!!!', '?', '...', ' 🛑', '🙏 ', '\n', '"', "'");

	it('is always an opt-out', () => {
		fc.assert(
			fc.property(fc.constantFrom(...TWILIO).chain(casing), edge, edge, (word, before, after) => {
				expect(classifyReply(`${before}${word}${after}`)).toMatchObject({ intent: 'opt_out', needsHuman: false });
			}),
			{ numRuns: 500 },
		);
	});

	it('never counts when it is part of a longer word', () => {
		fc.assert(
			fc.property(fc.constantFrom(...TWILIO).chain(casing), fc.constantFrom('s', 'ed', 'ing', 'er'), (word, suffix) => {
				expect(classifyReply(`the ${word}${suffix} of it`).intent).not.toBe('opt_out');
			}),
		);
	});

	it('every number 0-10 written plainly is that healing score', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 10 }),
				fc.constantFrom('%d', ' %d ', '%d/10', '%d / 10', '%d out of 10', 'a %d', '%d.', '%d!'),
				(n, form) => {
					expect(classifyReply(form.replace('%d', String(n)))).toMatchObject({
						intent: 'healing_score',
						score: n,
						needsHuman: false,
					});
				},
			),
		);
	});
});

describe('tuned keyword lists', () => {
	it('reads a comma-separated field', () => {
		expect(parseKeywordList(' Bet, Say Less ,, =basta , = , ^def ')).toEqual(['bet', 'say less', '=basta', '^def']);
		expect(parseKeywordList(undefined)).toEqual([]);
	});

	it('adds a practice’s words to the defaults', () => {
		const lists = replyKeywords({ book: ['bet', 'say less'], opt_out: ['=basta'], clinical: ['zinging'] });
		expect(classifyReply('bet', lists).intent).toBe('book');
		expect(classifyReply('ok say less', lists).intent).toBe('book');
		expect(classifyReply('Basta!', lists).intent).toBe('opt_out');
		expect(classifyReply('basta pasta', lists).intent).not.toBe('opt_out');
		expect(classifyReply('my tooth is zinging', lists)).toMatchObject({
			intent: 'clinical',
			matched: 'zinging',
			needsHuman: true,
		});
		// the defaults are still there
		expect(classifyReply('STOP', lists).intent).toBe('opt_out');
		expect(classifyReply('yes', lists).intent).toBe('book');
	});

	it('drops default words the practice ignores, but never an opt-out word', () => {
		const lists = replyKeywords({}, ['ok', 'sure', 'stop', 'cancel']);
		expect(classifyReply('ok', lists).intent).toBe('other');
		expect(classifyReply('sure', lists).intent).toBe('other');
		expect(classifyReply('STOP', lists).intent).toBe('opt_out');
		expect(classifyReply('cancel', lists).intent).toBe('opt_out');
		expect(lists.opt_out).toEqual([...DEFAULT_REPLY_KEYWORDS.opt_out]);
	});

	it('replaces an intent’s list when one is passed directly', () => {
		const lists = { clinical: ['zinging'], book: ['=bet'] };
		expect(classifyReply('it hurts', lists).intent).toBe('other');
		expect(classifyReply('zinging', lists).intent).toBe('clinical');
		expect(classifyReply('yes', lists).intent).toBe('other');
		expect(classifyReply('bet', lists).intent).toBe('book');
		expect(classifyReply('bet on it', lists).intent).toBe('other');
		// intents not passed keep their defaults
		expect(classifyReply('how much', lists).intent).toBe('cost');
	});

	it('does not change the defaults', () => {
		const before = JSON.stringify(DEFAULT_REPLY_KEYWORDS);
		replyKeywords({ book: ['bet'] }, ['ok']);
		expect(JSON.stringify(DEFAULT_REPLY_KEYWORDS)).toBe(before);
	});

	it('uses "^" for the start of a reply', () => {
		const lists = replyKeywords({ book: ['^bet'] });
		expect(classifyReply('bet, see you then', lists).intent).toBe('book');
		expect(classifyReply('I bet it is', lists).intent).toBe('other');
	});
});
