/**
 * The screening table: for every topic several phrasings that hand off, near misses that do not,
 * negation, case, punctuation and curly apostrophes; drafts refused for clinical, prognosis,
 * financing, price and PHI wording; results that never carry the text.
 */
import { CoordinatorInputError, SCREEN_RULES, screenMessage, TOPICS, type Topic } from '../../../core/coordinator';

const patient = (text: string) => screenMessage(text, 'patient');
const draft = (text: string) => screenMessage(text, 'draft');

describe('from the patient: each topic hands off', () => {
	const cases: Record<Topic, string[]> = {
		clinical: [
			'My tooth hurts when I chew',
			'There is some swelling near the gum',
			'Is this normal?',
			"It's been throbbing all night",
			'Can I take ibuprofen before the visit?',
			'The temporary crown fell out',
			'Will I need sedation for it?',
			'How long is the recovery?',
			'Why do I need a crown and not a filling?',
			'Is there an alternative to a crown?',
			'The dentist said I have decay, should I be worried?',
			'my gums are BLEEDING',
			'I want a second opinion',
		],
		prognosis: [
			'Can it wait six months?',
			'can this wait until after the holidays',
			'Could my crown wait until spring?',
			'Is it OK to wait a few months?',
			'How long will the crown last?',
			'How long does a bridge last?',
			'What happens if I don’t do it?',
			'what happens if i wait',
			'What if I skip it?',
			'Will I lose the tooth?',
			'Is it really necessary?',
			'Is the crown necessary?',
			'Do I really need it?',
			'Do I need this?',
			'Will it get worse?',
			'How long can I put it off?',
			'Is it worth it?',
		],
		financing: [
			'Do you offer a payment plan?',
			'Can I finance it?',
			'Do you take CareCredit?',
			'Care Credit?',
			'Can I make monthly payments',
			'Is there interest on that?',
			'What is the APR?',
			'Is it interest-free?',
			'Does my insurance cover it?',
			'Will insurance cover this',
			'What will my out-of-pocket be?',
			'Can you send me an estimate?',
			'How much is it?',
			'how much would it cost',
			"What's the cost?",
			'Is $1,200 the total?',
			'I can’t afford that right now',
			'Is that 20% after insurance?',
			'what do I owe',
		],
		fee_negotiation: [
			'Any discount if I pay cash?',
			'Is there a cheaper option?',
			'Can you lower the price?',
			'Another office quoted me less, can you match the price?',
			'Would you price match?',
			'That’s way too expensive',
			'It costs too much',
			'Can you cut me a deal?',
			'Do you have any deals or specials?',
			'Do you have a promo code?',
			'Can you waive the fee?',
		],
		complaint: [
			'I want to file a complaint',
			'I am very unhappy with how I was treated',
			"I'm not happy with the front desk",
			'The receptionist was RUDE',
			'Worst experience ever',
			'This is ridiculous!!!',
			'I want a refund',
			'I am calling my lawyer',
			'I’ll leave a bad review on Yelp',
			'One star.',
			"I'm never coming back",
			'I won’t be back',
			'I want to speak to the manager',
			'You overcharged me',
		],
		sensitive: [
			"I'm pregnant, is that a problem?",
			'I have really bad anxiety about dentists',
			'I get panic attacks in the chair',
			"I'm terrified of needles",
			'Honestly I am scared',
			'My husband passed away last month',
			"I'm going through chemo",
			'I lost my job',
			"I'm not suicidal but things are hard",
			'I have dental phobia',
		],
	};
	for (const topic of TOPICS) {
		it.each(cases[topic])(`${topic}: %s`, (text) => {
			const result = patient(text);
			expect(result.handOff).toBe(true);
			expect(result.topics).toContain(topic);
			expect(result.matched.length).toBeGreaterThan(0);
		});
	}
});

describe('from the patient: near misses stay with the coordinator', () => {
	it.each([
		'No pain at all, just want to book',
		'no pain, just busy',
		'No swelling. When can I come in?',
		'not hurting anymore, can I book Tuesday?',
		'The price is fine, what times do you have?',
		'Happy with the visit, thanks!',
		'Everyone was so nice',
		'No complaints, see you Thursday',
		'The staff were not rude at all',
		'Yes please book me',
		'Can I come in Apr 5?',
		'How much time does the appointment take?',
		'How much longer until you open?',
		"I'm interested, call me",
		'Thursday afternoon works',
		"I'm afraid I can't make Tuesday",
		'Can we do next week instead?',
		'I need to reschedule, something came up',
		'Can you text me the address?',
		"What's the parking like?",
		'Is there a weekend slot?',
		"It's a deal, see you Monday",
		'I can deal with a morning slot',
		'wait, which day was it?',
		'I travel a lot for work, do you have evenings?',
		'sounds good 👍',
	])('%s', (text) => {
		expect(patient(text)).toEqual({
			handOff: false,
			topics: [],
			matched: [],
			reason: expect.stringContaining('No staff-only topic'),
		});
	});
});

describe('from the patient: negation, case, punctuation, apostrophes', () => {
	it('a negated symptom is no clinical question; the same word un-negated is', () => {
		expect(patient('no pain').handOff).toBe(false);
		expect(patient('not bleeding').handOff).toBe(false);
		expect(patient('No pain, but it is swollen').topics).toEqual(['clinical']);
		expect(patient('no pain since Monday but now it hurts').topics).toEqual(['clinical']);
		expect(patient('pain').topics).toEqual(['clinical']);
	});

	it('a negated complaint word is no complaint, but "not happy" is one', () => {
		expect(patient('no complaints').handOff).toBe(false);
		expect(patient('they were never rude').handOff).toBe(false);
		expect(patient('I am not happy').topics).toEqual(['complaint']);
	});

	it('negation does not excuse financing, fees, prognosis or a sensitive situation', () => {
		expect(patient("I don't want a payment plan, just the price").topics).toContain('financing');
		expect(patient('not pregnant anymore!').topics).toEqual(['sensitive']);
	});

	it.each([
		['CAN IT WAIT?', 'prognosis'],
		['can it wait', 'prognosis'],
		['what happens if I don\u2019t do it', 'prognosis'],
		['what happens if I dont do it', 'prognosis'],
		['What happens if I don\u02BCt?', 'prognosis'],
		['I won\u2019t be back', 'complaint'],
		['i wont be back', 'complaint'],
		['PAYMENT-PLAN?', 'financing'],
		['payment plan!!!', 'financing'],
		['"carecredit"', 'financing'],
		['Price match?', 'fee_negotiation'],
		['price-match', 'fee_negotiation'],
		['rip-off', 'complaint'],
		['what a ripoff', 'complaint'],
		['Can I come in? 🙂', null],
		['panic\u00A0attack', 'sensitive'],
		['ｃａｎ ｉｔ ｗａｉｔ', 'prognosis'],
		['Can it wait 🙏', 'prognosis'],
	])('%s', (text, topic) => {
		const result = patient(text);
		if (topic === null) expect(result.handOff).toBe(false);
		else expect(result.topics).toEqual([topic]);
	});

	it('whole words only', () => {
		for (const text of [
			'I was pleased',
			'The team was superb',
			'my sister-in-law',
			'see you at the paint store',
			'the bathroom was spotless',
			'interesting',
		]) {
			expect(patient(text).handOff).toBe(false);
		}
	});

	it('several topics at once, in a fixed order, each once', () => {
		const result = patient(
			'Worst service ever, it still hurts and I want a discount. Does insurance cover it? Can it wait?',
		);
		expect(result.topics).toEqual(['clinical', 'prognosis', 'financing', 'fee_negotiation', 'complaint']);
		expect(result.reason).toBe(
			"Hand off to staff: the patient's message touches a clinical matter, prognosis, financing, insurance or cost, fees or discounts and a complaint. Do not answer it yourself.",
		);
		expect(new Set(result.matched).size).toBe(result.matched.length);
	});
});

describe('a draft to the patient', () => {
	it.each([
		'Hi Maria, this is Riverside Dental following up on your crown. We have Tue 9:00 or Thu 14:00 open. Which works?',
		'Thanks for your interest! Would Apr 12 at 9am work for your crown visit?',
		'Feel free to reply with a time that suits you.',
		'Your visit will take about an hour.',
		'I have asked our treatment coordinator to reach out to you today.',
		'Great, you are booked for Thursday at 2pm. Reply STOP to opt out.',
		'No problem, we will check in next month.',
		'Can we call you this afternoon?',
	])('allowed: %s', (text) => {
		expect(draft(text)).toEqual({
			handOff: false,
			topics: [],
			matched: [],
			reason: expect.stringContaining('may be sent'),
		});
	});

	it.each<[string, Topic[]]>([
		['Some sensitivity after a crown is perfectly normal.', ['clinical']],
		["Don't worry, it should be fine.", ['clinical']],
		['You will feel no pain at all.', ['clinical']],
		['Try ibuprofen and a salt water rinse.', ['clinical']],
		['Your tooth #30 needs attention.', ['clinical']],
		['We have you down for the D2740.', ['clinical']],
		['The abscess should be treated soon.', ['clinical']],
		['It can wait a few months.', ['prognosis']],
		['There is no rush.', ['prognosis']],
		['If you wait, it may get worse and you could lose the tooth.', ['prognosis']],
		['Crowns can last 10-15 years.', ['prognosis']],
		['A bridge lasts for decades.', ['prognosis']],
		['We offer a payment plan.', ['financing']],
		['CareCredit is available.', ['financing']],
		['Only $99 a month!', ['financing', 'fee_negotiation']],
		['It is $99/mo with approved credit.', ['financing', 'fee_negotiation']],
		['12 months interest-free.', ['financing']],
		['0% APR for qualified patients.', ['financing']],
		['Your insurance will cover most of it.', ['financing']],
		['Your estimate is ready.', ['financing']],
		['We can give you 10% off.', ['financing', 'fee_negotiation']],
		['We can offer a discount.', ['fee_negotiation']],
		['The crown is $1,200.', ['fee_negotiation']],
		['The consult is free of charge.', ['fee_negotiation']],
		['Our price is lower than most.', ['fee_negotiation']],
		['We can waive the fee.', ['fee_negotiation']],
	])('refused: %s', (text, topics) => {
		const result = draft(text);
		expect(result.handOff).toBe(true);
		expect(result.topics).toEqual(topics);
		expect(result.reason).toMatch(/^Do not send this draft: it touches .+\. Hand off to staff instead\.$/);
	});

	it('names the kind of PHI, not the text', () => {
		expect(draft('About tooth #30').matched).toEqual(['a tooth number']);
		expect(draft('About your D2740').matched).toEqual(['a procedure code']);
		expect(draft('About your cavity').matched).toEqual(['a clinical term']);
	});

	it('only the draft rules apply: a complaint word is not a draft topic, a patient-only phrase is no draft rule', () => {
		expect(draft('We are sorry the visit was disappointing.').handOff).toBe(false);
		expect(SCREEN_RULES.draft.map((rule) => rule.topic)).toEqual([
			'clinical',
			'prognosis',
			'financing',
			'fee_negotiation',
		]);
	});
});

describe('the result never carries the text', () => {
	it.each([
		['My tooth #14 hurts and the D2740 costs $1,234', 'patient'],
		['Maria Lopez says the abscess on tooth 30 is worse', 'draft'],
	] as const)('%s', (text, direction) => {
		const result = screenMessage(text, direction);
		const json = JSON.stringify(result);
		for (const secret of ['#14', 'D2740', '1,234', 'Maria', 'Lopez', 'tooth 30']) expect(json).not.toContain(secret);
		expect(result.handOff).toBe(true);
	});
});

describe('input', () => {
	it('refuses empty text by name', () => {
		expect(() => patient('   ')).toThrow(new CoordinatorInputError('text', 'Text is empty'));
		expect(() => patient('')).toThrow('Text is empty');
	});

	it('refuses an unknown direction by name', () => {
		expect(() => screenMessage('hi', 'inbound' as never)).toThrow('Direction must be one of patient, draft');
	});

	it('a custom table replaces the default', () => {
		const rules = { patient: [{ topic: 'complaint' as const, phrases: ['meh'] }], draft: [] };
		expect(screenMessage('meh.', 'patient', rules).topics).toEqual(['complaint']);
		expect(screenMessage('it hurts', 'patient', rules).handOff).toBe(false);
	});

	it('every phrase in the table is lower case and unmarked, so it can match normalised text', () => {
		for (const rules of Object.values(SCREEN_RULES)) {
			for (const rule of rules) {
				for (const phrase of rule.phrases) {
					expect(phrase).toBe(phrase.toLowerCase());
					expect(phrase).not.toMatch(/^[=^]/);
				}
			}
		}
	});
});
