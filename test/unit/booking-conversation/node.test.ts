/** The Booking Conversation node with a stand-in execute context: Route Reply, Offer Openings, Confirm Booking, settings. */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { offeredOptions, routeReply, type BookingItem } from '../../../core/booking/conversation';
import { JournalIndex, row, type JournalRow } from '../../../core/journey/journal';
import { enrollment, MOBILE, NOW, offerRow, OPTIONS, PATIENT, reply, SETTINGS, ZONE } from './fixtures';
import { runConversation } from './node-context';

const options = { timezone: ZONE, now: NOW.toISO() };
const practice = { practiceName: 'Riverside Dental', practicePhone: '(512) 555-0100' };
const journalRows: JournalRow[] = [
	enrollment('case-77', '2026-11-01T16:00:00.000Z'),
	offerRow(),
	row({ key: 'reply/SM-old', kind: 'reply', patientId: PATIENT, mobile: MOBILE, status: 'book' }),
];
const journal = journalRows as unknown as IDataObject[];
const json = (items: INodeExecutionData[]) => items.map((i) => i.json);
const paired = (items: INodeExecutionData[]) => items.map((i) => i.pairedItem);

/** The conversation item Route Reply emits for YES (or "2"), as the PMS node then carries it on `booking`. */
function routed(body: string, over: Record<string, unknown> = {}): BookingItem {
	const r = routeReply(
		reply(body, { intent: body === 'YES' ? 'book' : 'healing_score', needsHuman: false, ...over }),
		new JournalIndex(journalRows),
		NOW,
		SETTINGS,
	);
	if (r.type !== 'offer' && r.type !== 'book') throw new Error(`routed to ${r.type}`);
	return JSON.parse(JSON.stringify(r.item));
}

const slot = (start: string, end: string, booking: BookingItem, option = 1): IDataObject => ({
	option,
	start,
	end,
	providerId: '3',
	operatoryId: '7',
	pmsIds: { ProvNum: 3, OpNum: 7 },
	booking: booking as unknown as IDataObject,
});

describe('Route Reply', () => {
	it('sends each reply to its output, paired to its item; a duplicate goes nowhere', async () => {
		const items = [
			reply('what does it cost?', { messageSid: 'SM-a', intent: 'cost', needsHuman: true }),
			reply('STOP', { messageSid: 'SM-b', intent: 'opt_out', needsHuman: false }),
			reply('2', { messageSid: 'SM-c', intent: 'healing_score', needsHuman: false }),
			reply('YES', { messageSid: 'SM-old', intent: 'book', needsHuman: false }),
			reply('YES', { messageSid: 'SM-d', intent: 'book', needsHuman: false }),
		] as unknown as IDataObject[];
		const [offer, book, optedOut, other] = await runConversation({
			params: { operation: 'route', offerValidHours: 48, options },
			items,
			journal,
		});
		expect(paired(offer)).toEqual([{ item: 4 }]);
		expect(paired(book)).toEqual([{ item: 2 }]);
		expect(paired(optedOut)).toEqual([{ item: 1 }]);
		expect(paired(other)).toEqual([{ item: 0 }]);
		expect(offer[0].json).toMatchObject({
			kind: 'chairside.booking',
			stage: 'offer',
			why: 'asked',
			patientId: PATIENT,
			replySid: 'SM-d',
			enrollmentRow: { key: 'treatment-follow-up/case-77' },
		});
		expect(book[0].json).toMatchObject({
			kind: 'chairside.booking',
			stage: 'book',
			option: 2,
			start: OPTIONS[1].start,
			lengthMinutes: 60,
			replySid: 'SM-c',
		});
		// The usual reply handling gets the reply itself, with the patient found for it.
		expect(optedOut[0].json).toMatchObject({
			kind: 'chairside.reply',
			messageSid: 'SM-b',
			body: 'STOP',
			patientId: PATIENT,
		});
		expect(other[0].json).toMatchObject({ kind: 'chairside.reply', messageSid: 'SM-a', patientId: PATIENT });
	});

	it('reads Offer Valid (Hours): a tighter validity sends the same pick to Wants Openings as "expired"', async () => {
		const items = [reply('2', { intent: 'healing_score', needsHuman: false })] as unknown as IDataObject[];
		const [offer, book] = await runConversation({
			params: { operation: 'route', offerValidHours: 1, options },
			items,
			journal,
		});
		expect(book).toEqual([]);
		expect(offer[0].json).toMatchObject({ stage: 'offer', why: 'expired' });
	});

	it('needs no practice name or phone to route; a bad item is refused by index, or goes to Everything Else with Continue On Fail', async () => {
		const items = [
			{ kind: 'chairside.reply', messageSid: 'SM-x' },
			reply('STOP', { intent: 'opt_out' }),
		] as unknown as IDataObject[];
		await expect(runConversation({ params: { operation: 'route', options }, items, journal })).rejects.toThrow(
			/^Item 0 is not a Patient Reply Trigger reply: from:/,
		);
		const [, , optedOut, other] = await runConversation({
			params: { operation: 'route', options },
			items,
			journal,
			continueOnFail: true,
		});
		expect(other).toEqual([
			{
				json: expect.objectContaining({ messageSid: 'SM-x', error: expect.stringContaining('Item 0') }),
				pairedItem: { item: 0 },
			},
		]);
		expect(paired(optedOut)).toEqual([{ item: 1 }]);
	});

	it('refuses a journal input that is not journal rows', async () => {
		await expect(
			runConversation({
				params: { operation: 'route', options },
				items: [],
				journal: [{ key: 'x', kind: 'nonsense' }],
			}),
		).rejects.toThrow(/Journal row "x"/);
	});
});

describe('Offer Openings', () => {
	const params = { operation: 'offer', ...practice, openingCount: 2, options };

	it('groups the slots of one conversation into one text; a conversation with none goes to No Openings as a task', async () => {
		const asked = routed('YES');
		const other = { ...routed('YES'), replySid: 'SM-other', patientId: '777', mobile: '+15125550777' };
		const items = [
			slot('2026-11-25T09:00:00.000-06:00', '2026-11-25T09:45:00.000-06:00', asked, 1),
			{ found: 0, booking: other } as unknown as IDataObject,
			slot('2026-11-24T14:00:00.000-06:00', '2026-11-24T14:45:00.000-06:00', asked, 2),
		];
		const [sms, none] = await runConversation({ params, items });
		expect(sms).toHaveLength(1);
		expect(sms[0].pairedItem).toEqual({ item: 0 });
		const touch = sms[0].json as IDataObject & { journal: JournalRow[] };
		expect(touch).toMatchObject({
			kind: 'chairside.touch',
			channel: 'sms',
			purpose: 'care_reply',
			sendKey: `offer/${PATIENT}/SM-reply-1`,
		});
		expect(touch.body).toBe(
			'Riverside Dental: we can see you Tue, Nov 24 at 2:00 PM (reply 1) or Wed, Nov 25 at 9:00 AM (reply 2). Reply 1 or 2 to book, or call (512) 555-0100.',
		);
		expect(offeredOptions(touch.journal[1])).toEqual([
			{
				option: 1,
				start: '2026-11-24T14:00:00.000-06:00',
				end: '2026-11-24T14:45:00.000-06:00',
				providerId: '3',
				operatoryId: '7',
			},
			{
				option: 2,
				start: '2026-11-25T09:00:00.000-06:00',
				end: '2026-11-25T09:45:00.000-06:00',
				providerId: '3',
				operatoryId: '7',
			},
		]);
		expect(none).toHaveLength(1);
		expect(none[0].pairedItem).toEqual({ item: 1 });
		expect(none[0].json).toMatchObject({ kind: 'chairside.task', patientId: '777' });
		expect((none[0].json.journal as JournalRow[]).map((r) => `${r.kind}:${r.key}:${r.status}`)).toEqual([
			'reply:reply/SM-other:book',
			'task:task/reply/SM-other:open',
		]);
	});

	it('Openings to Offer caps the text', async () => {
		const asked = routed('YES');
		const items = [1, 2, 3].map((d) =>
			slot(`2026-11-2${d + 4}T09:00:00.000-06:00`, `2026-11-2${d + 4}T09:30:00.000-06:00`, asked, d),
		);
		const [sms] = await runConversation({ params: { ...params, openingCount: 1 }, items });
		expect(offeredOptions((sms[0].json.journal as JournalRow[])[1])).toHaveLength(1);
		expect(sms[0].json.body).toContain('Reply 1 to book');
	});

	it("a slot taken meanwhile (Book's error item with nextSlots) offers the next ones with the taken copy", async () => {
		const picked = routed('2');
		const nextSlots = [
			{
				start: '2026-11-26T10:00:00.000-06:00',
				end: '2026-11-26T11:00:00.000-06:00',
				providerId: 'DOC2',
				operatoryId: 'OP2',
			},
		];
		const [sms, none] = await runConversation({
			params,
			items: [{ error: 'Slot taken: nothing was booked', nextSlots, booking: picked as unknown as IDataObject }],
		});
		expect(none).toEqual([]);
		expect(sms[0].json.body).toBe(
			'Riverside Dental: sorry, that time was just taken. We can see you Thu, Nov 26 at 10:00 AM (reply 1). Reply 1 to book, or call (512) 555-0100.',
		);
		expect((sms[0].json.journal as JournalRow[])[1]).toMatchObject({ status: 'open', reason: 'taken' });
		// And with no next slot, a person calls.
		const [, task] = await runConversation({
			params,
			items: [{ error: 'Slot taken', nextSlots: [], booking: picked as unknown as IDataObject }],
		});
		expect((task[0].json.journal as JournalRow[])[0]).toMatchObject({ status: 'picked_option' });
	});

	it('an item without a booking conversation is refused naming the item; Continue On Fail makes it an error item', async () => {
		const asked = routed('YES');
		const items = [
			slot('2026-11-25T09:00:00.000-06:00', '2026-11-25T09:45:00.000-06:00', asked),
			{ start: '2026-11-25T10:00:00.000-06:00', end: '2026-11-25T10:30:00.000-06:00' },
		];
		const failure = runConversation({ params, items });
		await expect(failure).rejects.toThrow(NodeOperationError);
		await expect(failure).rejects.toThrow(/^Item 1 carries no booking conversation \(booking: /);
		const [sms, none] = await runConversation({ params, items, continueOnFail: true });
		expect(sms).toHaveLength(1);
		expect(none).toEqual([
			{ json: { error: expect.stringMatching(/^Item 1 carries no booking conversation/) }, pairedItem: { item: 1 } },
		]);
	});
});

describe('Confirm Booking', () => {
	const params = { operation: 'confirm', ...practice, options };
	const appointment = (booking: BookingItem): IDataObject => ({
		id: '9001',
		patientId: PATIENT,
		status: 'scheduled',
		start: '2026-11-25T14:30:00.000-06:00',
		lengthMinutes: 60,
		bookingKey: 'pms-key',
		alreadyBooked: false,
		pmsIds: { AptNum: 9001 },
		booking: booking as unknown as IDataObject,
	});

	it('one confirmation per booked appointment, closing the offer and stopping the enrollment', async () => {
		const picked = routed('2') as BookingItem & { stage: 'book' };
		const [[sms]] = await runConversation({ params, items: [appointment(picked)] });
		expect(sms.pairedItem).toEqual({ item: 0 });
		expect(sms.json).toMatchObject({
			sendKey: `booked/${picked.bookingKey}`,
			appointmentId: '9001',
			body: expect.stringContaining('Wed, Nov 25 at 2:30 PM'),
		});
		expect((sms.json.journal as JournalRow[]).map((r) => `${r.kind}:${r.status}:${r.reason}`)).toEqual([
			'reply:picked_option:booked appointment 9001',
			'offer:booked:appointment 9001',
			'enrollment:stopped:booked',
		]);
	});

	it('refuses an item whose booking is still at the offer stage (or has none)', async () => {
		const items = [appointment(routed('YES')), { id: '9002', start: '2026-11-25T14:30:00.000-06:00' }];
		await expect(runConversation({ params, items })).rejects.toThrow(
			/^Item 0 is not an appointment booked for a picked option \(booking: not a picked option\)/,
		);
		const [sms, notBooked] = await runConversation({ params, items, continueOnFail: true });
		expect(sms).toEqual([]);
		expect(json(notBooked)).toEqual([
			{ error: expect.stringMatching(/^Item 0 .*not a picked option/) },
			{ error: expect.stringMatching(/^Item 1 .*booking: Required/) },
		]);
		expect(paired(notBooked)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('a booking that failed (PMS > Book on Continue) goes to Not Booked unchanged, for a new offer', async () => {
		const picked = routed('2') as BookingItem & { stage: 'book' };
		const failed = {
			error: 'The slot is no longer free: nothing was booked',
			nextSlots: [],
			booking: picked as unknown as IDataObject,
		};
		const [sms, notBooked] = await runConversation({ params, items: [appointment(picked), failed] });
		expect(sms).toHaveLength(1);
		expect(json(notBooked)).toEqual([failed]);
		expect(paired(notBooked)).toEqual([{ item: 1 }]);
	});
});

describe('settings', () => {
	const items = [slot('2026-11-25T09:00:00.000-06:00', '2026-11-25T09:45:00.000-06:00', routed('YES'))];

	it("the practice profile's name and phone are required: every text names the practice and how to reach it", async () => {
		await expect(
			runConversation({
				params: { operation: 'offer', practiceName: 'Riverside Dental', practicePhone: '  ', options },
				items,
			}),
		).rejects.toThrow('Chairside Practice Profile, Practice Phone: is empty');
		await expect(
			runConversation({ params: { operation: 'confirm', practiceName: ' ', options }, items }),
		).rejects.toThrow('Chairside Practice Profile, Practice Name: is empty');
	});

	it('an edited message with an unknown placeholder is refused before anything is sent', async () => {
		const copy = { offerCopy: '{{practiceName}}: {{oops}} {{options}}. Reply {{replyWith}}.' };
		await expect(
			runConversation({ params: { operation: 'offer', ...practice, copy, options }, items }),
		).rejects.toThrow('Offer: {{oops}} is not a placeholder here');
		await expect(
			runConversation({
				params: { operation: 'offer', ...practice, copy: { confirmationCopy: 'Booked!' }, options },
				items,
			}),
		).rejects.toThrow('Confirmation must contain {{when}}');
	});

	it('an edited message is used; an emptied one falls back to the default', async () => {
		const copy = { offerCopy: 'Hi from {{practiceName}}: {{options}}. Reply {{replyWith}}.', takenCopy: '   ' };
		const [[sms]] = await runConversation({ params: { operation: 'offer', ...practice, copy, options }, items });
		expect(sms.json.body).toBe('Hi from Riverside Dental: Wed, Nov 25 at 9:00 AM (reply 1). Reply 1.');
	});

	it('the practice zone comes from the option, else the workflow; a bad zone is refused', async () => {
		const [[sms]] = await runConversation({
			params: { operation: 'offer', ...practice, options: { now: NOW.toISO() } },
			items,
		});
		expect(sms.json.body).toContain('Wed, Nov 25 at 10:00 AM'); // the stand-in workflow zone is America/New_York
		await expect(
			runConversation({ params: { operation: 'offer', ...practice, options: { timezone: 'Mars/Base' } }, items }),
		).rejects.toThrow('"Mars/Base" is not an IANA time zone');
	});
});
