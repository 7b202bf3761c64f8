/**
 * The whole text conversation against the Open Dental simulator: Route Reply, PMS > Find Open Slots
 * (which carries the conversation on `booking`), Offer Openings, Record, Route Reply again, PMS >
 * Book, Confirm Booking. Nodes run with stand-in execute contexts; the journal is a keyed map.
 */
import { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { offeredOptions, when } from '../../../core/booking/conversation';
import { row, type JournalRow } from '../../../core/journey/journal';
import { recordResult, type CarriedResult } from '../../../core/journey/record';
import type { MessageOutcome } from '../../../core/messaging/touch';
import { startOpenDentalSimulator, type OpenDentalSimulator } from '../../../sandbox/opendental';
import { generatePractice } from '../../../sandbox/practice/generate';
import type { Practice } from '../../../sandbox/practice/types';
import { pmsContext, runPms } from '../pms-node-context';
import { runConversation } from './node-context';
import { reply } from './fixtures';

const TODAY = '2026-11-23'; // a Monday
const MOBILE = '+15125550123';
let practice: Practice;
let sim: OpenDentalSimulator;
let zone: string;
let now: DateTime;

beforeEach(async () => {
	practice = generatePractice({ seed: 8, patients: 120, stage: 3, today: TODAY });
	zone = practice.clinics[0].timezone;
	now = DateTime.fromISO(`${TODAY}T08:00:00`, { zone });
	sim = await startOpenDentalSimulator({ practice, developerKey: 'dev', customerKey: 'cust', now: () => now });
});

afterEach(() => sim?.close());

const op = () => practice.operatories.find((o) => !o.IsHygiene && o.ClinicNum === practice.clinics[0].ClinicNum)!;
const patientId = () =>
	String(practice.patients.find((p) => p.PatStatus === 'Patient' && p.ClinicNum === op().ClinicNum)!.PatNum);

/** PMS with the given input items (the shared stand-in feeds empty ones). */
function pms(
	params: Record<string, unknown>,
	items: IDataObject[],
	perItem: Array<Record<string, unknown>> = items.map(() => ({})),
	continueOnFail = false,
): Promise<INodeExecutionData[][]> {
	const ctx = pmsContext(sim, zone, { options: { now: now.toISO() }, ...params }, perItem, { continueOnFail });
	return runPms({ ...ctx, getInputData: () => items.map((json) => ({ json })) } as IExecuteFunctions);
}

class Journal {
	readonly rows = new Map<string, JournalRow>();
	upsert(rows: JournalRow[]) {
		for (const r of rows) this.rows.set(r.key, r);
	}
	get items() {
		return [...this.rows.values()] as unknown as IDataObject[];
	}
}

const sent = (at: DateTime): MessageOutcome => ({
	status: 'sent',
	rule: 'passed',
	reason: 'sent',
	at: at.toUTC().toISO() as string,
	providerId: 'SM-out',
	nextAllowedAt: null,
	optOut: false,
	providerCode: null,
	segments: 1,
});
const settings = () => ({
	practiceName: 'Riverside Dental',
	practicePhone: '(512) 555-0100',
	options: { timezone: zone, now: now.toISO() },
});
const findSlots = (windows: string) => ({
	resource: 'appointment',
	operation: 'findSlots',
	lengthMinutes: 45,
	operatoryId: String(op().OperatoryNum),
	windows,
	maxOptions: 3,
});

async function offered(journal: Journal) {
	const [wants] = await runConversation({
		params: { operation: 'route', offerValidHours: 48, ...settings() },
		items: [reply('YES', { messageSid: 'SM-yes', intent: 'book', needsHuman: false }) as unknown as IDataObject],
		journal: journal.items,
	});
	expect(wants).toHaveLength(1);
	const [slots] = await pms(findSlots('Tue-Thu 09:00-12:00'), [wants[0].json]);
	return { wants, slots };
}

describe('book by text, end to end against the simulator', () => {
	it('YES, two openings, "2", booked once, confirmed at the local time, the enrollment stopped', async () => {
		const journal = new Journal();
		const enrollment = row({
			key: 'treatment-follow-up/case-1',
			kind: 'enrollment',
			journey: 'treatment-follow-up',
			patientId: patientId(),
			subjectId: 'case-1',
			status: 'active',
			startedAt: '2026-11-01T16:00:00.000Z',
			mobile: MOBILE,
		});
		journal.upsert([enrollment]);

		const { wants, slots } = await offered(journal);
		expect(slots.length).toBeGreaterThanOrEqual(2);
		for (const s of slots) expect(s.json.booking).toEqual(wants[0].json);

		const [sms, none] = await runConversation({
			params: { operation: 'offer', openingCount: 2, ...settings() },
			items: slots.map((s) => s.json),
		});
		expect(none).toEqual([]);
		expect(sms).toHaveLength(1);
		const offerTouch = sms[0].json as IDataObject & { journal: JournalRow[] };
		const options = offeredOptions(offerTouch.journal[1]);
		expect(options).toHaveLength(2);
		const earliest = slots
			.map((s) => String(s.json.start))
			.sort((a, b) => DateTime.fromISO(a).toMillis() - DateTime.fromISO(b).toMillis());
		expect(options.map((o) => o.start)).toEqual(earliest.slice(0, 2));
		expect(offerTouch.body).toContain(`${when(options[1].start, zone)} (reply 2)`);
		journal.upsert(recordResult({ ...(offerTouch as unknown as CarriedResult), outcome: sent(now) }, now).rows);

		now = now.plus({ minutes: 20 });
		const two = (sid: string) =>
			reply('2', { messageSid: sid, intent: 'healing_score', needsHuman: false }) as unknown as IDataObject;
		const [, picked] = await runConversation({
			params: { operation: 'route', offerValidHours: 48, ...settings() },
			items: [two('SM-2'), two('SM-2-again')],
			journal: journal.items,
		});
		expect(picked).toHaveLength(2);
		expect(picked[0].json).toMatchObject({
			stage: 'book',
			option: 2,
			start: options[1].start,
			providerId: options[1].providerId,
			operatoryId: options[1].operatoryId,
			lengthMinutes: 45,
		});
		expect(picked[1].json.bookingKey).toBe(picked[0].json.bookingKey);

		const bookParams = (b: IDataObject) => ({
			patientId: b.patientId,
			start: b.start,
			lengthMinutes: b.lengthMinutes,
			providerId: b.providerId,
			operatoryId: b.operatoryId,
			bookingKey: b.bookingKey,
			note: 'Booked by text',
		});
		const [booked] = await pms(
			{ resource: 'appointment', operation: 'book' },
			picked.map((p) => p.json),
			picked.map((p) => bookParams(p.json)),
		);
		expect(booked).toHaveLength(2);
		expect(booked[1].json.id).toBe(booked[0].json.id);
		expect(booked[1].json.alreadyBooked).toBe(true);
		expect(booked[0].json.booking).toEqual(picked[0].json);
		expect(DateTime.fromISO(String(booked[0].json.start)).toMillis()).toBe(
			DateTime.fromISO(options[1].start).toMillis(),
		);

		const [confirmations] = await runConversation({
			params: { operation: 'confirm', ...settings() },
			items: booked.map((b) => b.json),
		});
		expect(confirmations.map((c) => c.json.sendKey)).toEqual([
			`booked/${picked[0].json.bookingKey}`,
			`booked/${picked[0].json.bookingKey}`,
		]);
		expect(confirmations[0].json.body).toContain(`you're booked for ${when(options[1].start, zone)}`);
		journal.upsert(
			recordResult({ ...(confirmations[0].json as unknown as CarriedResult), outcome: sent(now) }, now).rows,
		);
		expect(journal.rows.get(`offer/${patientId()}`)).toMatchObject({ status: 'booked' });
		expect(journal.rows.get(enrollment.key)).toMatchObject({ status: 'stopped', reason: 'booked' });

		// A later "2" has no open offer left: the usual reply handling.
		const [, again, , other] = await runConversation({
			params: { operation: 'route', ...settings() },
			items: [two('SM-late')],
			journal: journal.items,
		});
		expect(again).toEqual([]);
		expect(other).toHaveLength(1);
	});

	it("the picked time taken meanwhile: Book's error item keeps the conversation and the next slots become a new offer", async () => {
		const journal = new Journal();
		journal.upsert([
			row({ key: `patient/${patientId()}`, kind: 'patient', patientId: patientId(), mobile: MOBILE, status: 'ok' }),
		]);
		const { slots } = await offered(journal);
		const [sms] = await runConversation({
			params: { operation: 'offer', ...settings() },
			items: slots.map((s) => s.json),
		});
		journal.upsert(recordResult({ ...(sms[0].json as unknown as CarriedResult), outcome: sent(now) }, now).rows);
		const [, picked] = await runConversation({
			params: { operation: 'route', ...settings() },
			items: [reply('1', { messageSid: 'SM-1', intent: 'healing_score', needsHuman: false }) as unknown as IDataObject],
			journal: journal.items,
		});
		const b = picked[0].json;
		const other = String(
			practice.patients.find((p) => p.PatStatus === 'Patient' && String(p.PatNum) !== patientId())!.PatNum,
		);
		const params = (patient: unknown, key: unknown) => ({
			patientId: patient,
			start: b.start,
			lengthMinutes: b.lengthMinutes,
			providerId: b.providerId,
			operatoryId: b.operatoryId,
			bookingKey: key,
		});
		await pms({ resource: 'appointment', operation: 'book' }, [{}], [params(other, 'front-desk')]);
		const [failed] = await pms(
			{ resource: 'appointment', operation: 'book', windows: 'Tue-Thu 09:00-12:00' },
			[b],
			[params(b.patientId, b.bookingKey)],
			true,
		);
		expect(failed[0].json).toMatchObject({ error: expect.stringContaining('nothing was booked'), booking: b });
		expect((failed[0].json.nextSlots as unknown[]).length).toBeGreaterThan(0);
		const [again, none] = await runConversation({
			params: { operation: 'offer', ...settings() },
			items: failed.map((f) => f.json),
		});
		expect(none).toEqual([]);
		expect(again[0].json.body).toContain('sorry, that time was just taken');
		expect((again[0].json.journal as JournalRow[]).map((r) => `${r.kind}:${r.status}:${r.reason}`)).toEqual([
			expect.stringMatching(/^reply:picked_option:/),
			'offer:open:taken',
		]);
		expect(offeredOptions((again[0].json.journal as JournalRow[])[1]).map((o) => o.start)).not.toContain(b.start);
	});

	it('no opening inside the windows: PMS answers {found: 0, booking} and a person is asked to call', async () => {
		const journal = new Journal();
		journal.upsert([
			row({ key: `patient/${patientId()}`, kind: 'patient', patientId: patientId(), mobile: MOBILE, status: 'ok' }),
		]);
		const [wants] = await runConversation({
			params: { operation: 'route', ...settings() },
			items: [reply('YES', { intent: 'book', needsHuman: false }) as unknown as IDataObject],
			journal: journal.items,
		});
		const [slots] = await pms(findSlots('Sun 03:00-04:00'), [wants[0].json]);
		expect(slots).toEqual([{ json: { found: 0, booking: wants[0].json }, pairedItem: { item: 0 } }]);
		const [sms, none] = await runConversation({
			params: { operation: 'offer', ...settings() },
			items: slots.map((s) => s.json),
		});
		expect(sms).toEqual([]);
		expect(none[0].json).toMatchObject({ kind: 'chairside.task', patientId: patientId() });
	});

	it('an item that is not a conversation gets nothing extra from the PMS node', async () => {
		const [slots] = await pms(findSlots('Sun 03:00-04:00'), [{ kind: 'something-else' }]);
		expect(slots).toEqual([]);
		const [found] = await pms(findSlots('Tue-Thu 09:00-12:00'), [{ kind: 'chairside.reply' }]);
		expect(found.length).toBeGreaterThan(0);
		expect(found[0].json).not.toHaveProperty('booking');
	});
});
