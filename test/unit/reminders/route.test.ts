/**
 * C and R understood in context: they answer an appointment reminder only while one is open;
 * otherwise they are an unclear reply for a person. R offers openings to move the visit, and the
 * booking that follows says which visit it replaces.
 */
import { DateTime } from 'luxon';
import {
	bookedTouch,
	DEFAULT_COPY,
	offerTouch,
	readReminderAnswer,
	routeReply,
	visitConfirmedTouch,
	type BookingItem,
	type VisitConfirmation,
} from '../../../core/booking/conversation';
import { JournalIndex, row, type JournalRow } from '../../../core/journey/journal';
import { classifyReply } from '../../../core/reply/classify';
import type { PatientReply } from '../../../core/messaging/touch';

const ZONE = 'America/Chicago';
const NOW = DateTime.fromISO('2026-12-08T12:00:00', { zone: ZONE });
const MOBILE = '+15125550123';
const SETTINGS = {
	offerValidHours: 48,
	timezone: ZONE,
	practiceName: 'Riverside Dental',
	practicePhone: '(512) 555-0100',
	...DEFAULT_COPY,
};

function reply(body: string, sid = `SM${body}`): PatientReply {
	return {
		kind: 'chairside.reply',
		messageSid: sid,
		from: MOBILE,
		to: '+15125550100',
		body,
		receivedAt: NOW.toUTC().toISO() as string,
		...classifyReply(body),
	};
}

const enrollment = (journey: string, subject: string, status = 'active') =>
	row({
		key: `${journey}/${subject}`,
		kind: 'enrollment',
		journey,
		patientId: '501',
		subjectId: subject,
		status,
		startedAt: '2026-12-01T10:00:00Z',
		mobile: MOBILE,
	});
const sentTouch = (journey: string, subject: string, step: string, at: DateTime) =>
	row({
		key: `${journey}/${subject}#${step}`,
		kind: 'touch',
		journey,
		patientId: '501',
		enrollment: `${journey}/${subject}`,
		step,
		channel: 'sms',
		status: 'sent',
		at: at.toUTC().toISO(),
	});
const reminderSent = (at = NOW.minus({ hours: 2 })): JournalRow[] => [
	enrollment('appointment-reminder', 'appointment-9001'),
	sentTouch('appointment-reminder', 'appointment-9001', 'two-days-before', at),
];

describe('reminder answers', () => {
	it('reads C, R and yes as a whole reply, with politeness around them', () => {
		expect(['C', 'c', 'C.', 'confirm', 'Confirmed!', 'c please', 'confirm, thanks'].map(readReminderAnswer)).toEqual(
			Array(7).fill('confirm'),
		);
		expect(['R', 'r', 'reschedule', 'I need to reschedule', 'R please'].map(readReminderAnswer)).toEqual(
			Array(5).fill('reschedule'),
		);
		expect(['yes', 'Y', "I'll be there"].map(readReminderAnswer)).toEqual(Array(3).fill('yes'));
		expect(['can I come at 3 instead', 'C or R?', 'cancel', 'OK'].map(readReminderAnswer)).toEqual([
			null,
			null,
			null,
			null,
		]);
	});

	it('C while a reminder is open confirms that visit; without one it goes to a person', () => {
		const routed = routeReply(reply('C'), new JournalIndex(reminderSent()), NOW, SETTINGS);
		expect(routed).toMatchObject({
			type: 'confirm',
			item: {
				stage: 'confirm',
				appointmentId: '9001',
				patientId: '501',
				enrollmentRow: { key: 'appointment-reminder/appointment-9001' },
			},
		});
		const known = [
			enrollment('treatment-follow-up', 'case-1'),
			sentTouch('treatment-follow-up', 'case-1', 'day-1-text', NOW.minus({ hours: 2 })),
		];
		expect(routeReply(reply('C'), new JournalIndex(known), NOW, SETTINGS)).toMatchObject({
			type: 'other',
			patientId: '501',
		});
		// A reminder answered long ago (past the 72 hours), or one whose journey ended, is not open.
		expect(routeReply(reply('C'), new JournalIndex(reminderSent(NOW.minus({ hours: 80 }))), NOW, SETTINGS).type).toBe(
			'other',
		);
		const ended = [enrollment('appointment-reminder', 'appointment-9001', 'finished'), reminderSent()[1]];
		expect(routeReply(reply('C'), new JournalIndex(ended), NOW, SETTINGS).type).toBe('other');
	});

	it('a bare yes confirms only when the reminder is the latest text; otherwise it is a yes to booking', () => {
		expect(routeReply(reply('yes'), new JournalIndex(reminderSent()), NOW, SETTINGS).type).toBe('confirm');
		const later = [
			...reminderSent(NOW.minus({ hours: 5 })),
			enrollment('treatment-follow-up', 'case-1'),
			sentTouch('treatment-follow-up', 'case-1', 'day-7-text', NOW.minus({ hours: 1 })),
		];
		expect(routeReply(reply('yes'), new JournalIndex(later), NOW, SETTINGS)).toMatchObject({
			type: 'offer',
			item: { why: 'asked' },
		});
		expect(routeReply(reply('C'), new JournalIndex(later), NOW, SETTINGS).type).toBe('confirm');
	});

	it('R offers openings to move the visit, ends its reminders, and the booking names the visit it replaces', () => {
		const routed = routeReply(reply('R'), new JournalIndex(reminderSent()), NOW, SETTINGS);
		expect(routed).toMatchObject({ type: 'offer', item: { stage: 'offer', why: 'reschedule', moves: '9001' } });
		const item = (routed as { item: BookingItem }).item;
		const openings = [
			{
				start: '2026-12-09T09:00:00.000-06:00',
				end: '2026-12-09T10:00:00.000-06:00',
				providerId: '1',
				operatoryId: '2',
			},
			{
				start: '2026-12-10T14:00:00.000-06:00',
				end: '2026-12-10T15:00:00.000-06:00',
				providerId: '1',
				operatoryId: '2',
			},
		];
		const offer = offerTouch(item, openings, 2, SETTINGS, NOW);
		expect(offer.body).toBe(
			'Riverside Dental: we can see you Wed, Dec 9 at 9:00 AM (reply 1) or Thu, Dec 10 at 2:00 PM (reply 2). Reply 1 or 2 to book, or call (512) 555-0100.',
		);
		expect(offer.journal.find((r) => r.kind === 'enrollment')).toMatchObject({
			status: 'stopped',
			reason: 'rescheduling',
		});
		const journal = new JournalIndex([...reminderSent(), ...offer.journal]);
		const pick = routeReply(reply('2', 'SMpick'), journal, NOW.plus({ minutes: 5 }), SETTINGS);
		expect(pick).toMatchObject({ type: 'book', item: { stage: 'book', option: 2, moves: '9001' } });
		const booked = bookedTouch(
			(pick as { item: BookingItem & { stage: 'book' } }).item,
			{ id: '9100', start: openings[1].start },
			SETTINGS,
			NOW.plus({ minutes: 6 }),
		);
		expect(booked.journal.find((r) => r.kind === 'task')).toMatchObject({
			key: 'task/moved/9001',
			status: 'open',
			detail: 'Patient 501 moved appointment 9001 by text to appointment 9100. Take appointment 9001 off the schedule.',
		});
	});

	it('the thank-you after PMS > Confirm: one send key per visit, the reminder finished, a care reply naming the C', () => {
		const routed = routeReply(reply('C'), new JournalIndex(reminderSent()), NOW, SETTINGS) as {
			item: VisitConfirmation;
		};
		const touch = visitConfirmedTouch(
			routed.item,
			{ id: '9001', start: '2026-12-10T14:30:00.000-06:00' },
			SETTINGS,
			NOW,
		);
		expect(touch.body).toBe(
			'Riverside Dental: thank you, your visit on Thu, Dec 10 at 2:30 PM is confirmed. To change it, call (512) 555-0100.',
		);
		expect(touch.sendKey).toBe('confirmed/9001');
		expect(touch.purpose).toBe('care_reply');
		expect(touch.answers).toEqual({ key: 'SMC', receivedAt: NOW.toUTC().toISO() });
		expect(touch.journal).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ key: 'reply/SMC', status: 'confirm' }),
				expect.objectContaining({
					key: 'appointment-reminder/appointment-9001',
					status: 'finished',
					reason: 'confirmed',
				}),
			]),
		);
	});
});
