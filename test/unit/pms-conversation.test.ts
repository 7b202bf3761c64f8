/**
 * The PMS node through the router: a booking conversation (Booking Conversation > Route Reply)
 * travels with every row, always gets an item back, and keeps its fields on an error item; an
 * unknown operation is named.
 */
import { DateTime } from 'luxon';
import { startOpenDentalSimulator, type OpenDentalSimulator } from '../../sandbox/opendental';
import { generatePractice } from '../../sandbox/practice/generate';
import { pmsContext, runPms } from './pms-node-context';

const TODAY = '2026-11-23';
let sim: OpenDentalSimulator;
let zone: string;

beforeAll(async () => {
	const practice = generatePractice({ seed: 21, patients: 120, stage: 3, today: TODAY });
	zone = practice.clinics[0].timezone;
	const now = DateTime.fromISO(`${TODAY}T08:00:00`, { zone });
	sim = await startOpenDentalSimulator({ practice, developerKey: 'dev', customerKey: 'cust', now: () => now });
});

afterAll(() => sim?.close());

const conversation = { kind: 'chairside.booking', conversationId: 'c-1', patientId: '7' };
const findSlots = {
	resource: 'appointment',
	operation: 'findSlots',
	lengthMinutes: 30,
	maxOptions: 3,
	options: { now: `${TODAY}T08:00:00` },
};

describe('PMS node: a booking conversation', () => {
	it('travels with every slot found, and gets { found: 0 } when none is free', async () => {
		const [out] = await runPms(
			pmsContext(
				sim,
				zone,
				findSlots,
				[
					{ from: TODAY, to: '2026-12-07' },
					{ from: '2026-01-05', to: '2026-01-09' },
				],
				{
					input: [conversation, conversation],
				},
			),
		);
		const first = out.filter((o) => (o.pairedItem as { item: number }).item === 0);
		expect(first.length).toBeGreaterThan(0);
		expect(first.every((o) => o.json.booking !== undefined && o.json.option !== undefined)).toBe(true);
		expect(first[0].json.booking).toEqual(conversation);
		// Every opening of early January is before the reference time: nothing to offer.
		expect(out.filter((o) => (o.pairedItem as { item: number }).item === 1)).toEqual([
			{ json: { found: 0, booking: conversation }, pairedItem: { item: 1 } },
		]);
	});

	it('an item without a conversation and without rows gets nothing back', async () => {
		const [out] = await runPms(pmsContext(sim, zone, findSlots, [{ from: '2026-01-05', to: '2026-01-09' }]));
		expect(out).toEqual([]);
	});

	it('keeps the conversation on an error item under Continue On Fail', async () => {
		const [out] = await runPms(
			pmsContext(sim, zone, findSlots, [{ lengthMinutes: 7 }], { input: [conversation], continueOnFail: true }),
		);
		expect(out).toEqual([
			{
				json: { error: 'Length (Minutes) must be a positive multiple of 5, not 7', booking: conversation },
				pairedItem: { item: 0 },
			},
		]);
	});

	it('names an unknown operation and the ones it knows', async () => {
		const error = await runPms(pmsContext(sim, zone, { resource: 'appointment', operation: 'reschedule' }, [{}])).catch(
			(e: unknown) => e,
		);
		expect((error as Error).message).toBe('The operation "appointment:reschedule" is not one this node knows');
		expect((error as { description: string }).description).toContain('appointment:book');
	});
});
