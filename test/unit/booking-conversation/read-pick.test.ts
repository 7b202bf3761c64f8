/** readPick: which offered option a reply picks, and every reply that must be left to a person. */
import { readPick, type OfferOption } from '../../../core/booking/conversation';
import { OPTIONS, ZONE } from './fixtures';

const pick = (body: string, options: OfferOption[] = OPTIONS, zone = ZONE) => readPick(body, options, zone);

describe('readPick: numbers and ordinals', () => {
	it.each([
		['1', 1],
		['2', 2],
		[' 2 ', 2],
		['#2', 2],
		['option 2', 2],
		['Option 2', 2],
		['2 please', 2],
		['the second one', 2],
		['2nd', 2],
		['Second!', 2],
		['first', 1],
		['ok 2', 2],
		['Yes, 1', 1],
		['I’d like 2', 2],
		['I‘d like 1', 1],
		["I'd like 2", 2],
		['number 2 works', 2],
		['2!', 2],
		['2   thanks', 2],
	])('%j picks option %i', (body, expected) => {
		expect(pick(body)).toBe(expected);
	});

	it.each(['3', 'third', '3rd', '0', '9'])('%j names no offered option of two: null', (body) => {
		expect(pick(body)).toBeNull();
	});

	it('"3" picks when three were offered', () => {
		const three = [...OPTIONS, { ...OPTIONS[1], option: 3 }];
		expect(pick('3', three)).toBe(3);
		expect(pick('third', three)).toBe(3);
	});

	it.each([
		'2pm',
		'1 or 2',
		'2?',
		'can I do 2',
		'12',
		'1, 2',
		'2 or 1',
		'option 2?',
		'not 2',
		'is 2 still open',
		'what about the second one?',
		'',
		'yes',
		'ok',
	])('%j is not a clear pick: null', (body) => {
		expect(pick(body)).toBeNull();
	});

	it('nothing offered: nothing picked', () => {
		expect(pick('1', [])).toBeNull();
	});
});

describe('readPick: weekdays, read in the practice zone', () => {
	// Tuesday 18:30 in Chicago is already Wednesday 00:30 in UTC; the other option is Wednesday 09:00.
	const evening: OfferOption[] = [
		{
			option: 1,
			start: '2026-11-25T00:30:00.000Z',
			end: '2026-11-25T01:00:00.000Z',
			providerId: 'DOC1',
			operatoryId: 'OP1',
		},
		{
			option: 2,
			start: '2026-11-25T15:00:00.000Z',
			end: '2026-11-25T15:30:00.000Z',
			providerId: 'DOC1',
			operatoryId: 'OP1',
		},
	];

	it('"Tuesday works" picks the one Tuesday option in the practice zone, not the UTC date', () => {
		expect(pick('Tuesday works', evening)).toBe(1);
		expect(pick('Wednesday', evening)).toBe(2);
		// In UTC both are on Wednesday: no Tuesday option, and Wednesday is ambiguous.
		expect(pick('Tuesday works', evening, 'UTC')).toBeNull();
		expect(pick('Wednesday', evening, 'UTC')).toBeNull();
	});

	it('the same reading holds for an option written with the practice offset', () => {
		const local = evening.map((o) => ({
			...o,
			start: o.option === 1 ? '2026-11-24T18:30:00.000-06:00' : '2026-11-25T09:00:00.000-06:00',
		}));
		expect(pick('tuesday', local)).toBe(1);
		expect(pick('tuesday', local, 'Asia/Tokyo')).toBeNull();
	});

	it.each(['tue', 'Tue', 'tues', 'Tues works', 'TUESDAY!', 'tuesday please', 'Tuesday works for me'])(
		'%j picks Tuesday',
		(body) => {
			expect(pick(body, evening)).toBe(1);
		},
	);

	it('a weekday with two options or with none is left to a person', () => {
		expect(pick('Wednesday', [...evening, { ...evening[1], option: 3, start: '2026-11-25T20:00:00.000Z' }])).toBeNull();
		expect(pick('Friday works', evening)).toBeNull();
	});

	it('a weekday with a digit, or two weekdays, is left to a person', () => {
		expect(pick('Tuesday at 6', evening)).toBeNull();
		expect(pick('tue 1', evening)).toBeNull();
		expect(pick('Tuesday or Wednesday', evening)).toBeNull();
		expect(pick('Tuesday?', evening)).toBeNull();
	});

	// The weekday must be the whole reply: these name Tuesday but do not pick it.
	it.each([
		"Tuesday doesn't work",
		'not Tuesday',
		"can't do Tuesday",
		"I'm busy Tuesday",
		'anything but tuesday',
		'Tuesday afternoon instead',
		'no tuesday',
	])('%j is not a pick: null', (body) => {
		expect(pick(body, evening)).toBeNull();
	});

	it.each(['yes, Tuesday please', 'on Tuesday', 'ok tue', "I'd like Tuesday", 'Tuesday is fine.'])(
		'%j picks Tuesday too',
		(body) => {
			expect(pick(body, evening)).toBe(1);
		},
	);

	it('a weekday inside another word is not a weekday', () => {
		expect(pick("c'mon", [{ ...evening[0], start: '2026-11-23T16:00:00.000Z' }])).toBeNull();
		expect(pick('mon', [{ ...evening[0], start: '2026-11-23T16:00:00.000Z' }])).toBe(1);
		expect(pick('statue', evening)).toBeNull();
		expect(pick('tuesdays', evening)).toBeNull();
	});
});
