/**
 * Cadence Step > Match Reply in the node, at any hour: days since a milestone are counted on the
 * practice's calendar (its profile's zone), whether "now" is the Reference Time (an instant in UTC,
 * as a tick passes it) or the wall clock (faked here, at hours when UTC is already on tomorrow).
 */
import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { row } from '../../../core/journey/journal';
import { CadenceStep } from '../../../nodes/CadenceStep/CadenceStep.node';
import { withProfile } from '../practice/profile-fields';

const NODE: INode = {
	id: 'c1',
	name: 'Match Reply',
	type: 'n8n-nodes-chairside.cadenceStep',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const MOBILE = '+15125550123';
// The implant went in on Wednesday 2 December 2026 (a practice-calendar date, as the PMS gives it).
const ENROLLMENT = row({
	key: 'implant-journey/implant-501-implant_placement-2026-12-02',
	kind: 'enrollment',
	journey: 'implant-journey',
	patientId: '501',
	subjectId: 'implant-501-implant_placement-2026-12-02',
	status: 'active',
	startedAt: '2026-12-02T16:00:00.000Z',
	at: '2026-12-02T16:00:00.000Z',
	mobile: MOBILE,
});

const REPLY = { kind: 'chairside.reply', from: MOBILE, body: '2' };

function matchReplies(now: string, replies: IDataObject[], journal: IDataObject[], continueOnFail = false) {
	const params: Record<string, unknown> = {
		operation: 'match',
		journey: 'implant-journey',
		options: now ? { now } : {},
	};
	const ctx = {
		getInputData: (input = 0) => (input === 0 ? replies : journal).map((json) => ({ json })),
		getNodeParameter: (name: string, _i: number, fallback?: unknown) => params[name] ?? fallback,
		getNode: () => NODE,
		// The practice's zone is its profile's; the server's (UTC here) must not matter.
		getTimezone: () => 'UTC',
		getCredentials: withProfile({ timeZone: 'America/Chicago' }),
		continueOnFail: () => continueOnFail,
	} as unknown as IExecuteFunctions;
	return new CadenceStep().execute.call(ctx) as Promise<INodeExecutionData[][]>;
}

async function daysSince(now: string): Promise<unknown> {
	const [matched] = await matchReplies(now, [REPLY], [ENROLLMENT]);
	expect(matched).toHaveLength(1);
	return matched[0].json.daysSinceMilestone;
}

// [UTC instant, the day in Chicago, days since 2 December there]
const HOURS: Array<[string, string, number]> = [
	['2026-12-06T02:20:00.000Z', 'Sat 5 Dec 20:20', 3],
	['2026-12-06T03:25:00.000Z', 'Sat 5 Dec 21:25', 3],
	['2026-12-05T05:59:00.000Z', 'Fri 4 Dec 23:59', 2],
	['2026-12-05T06:00:00.000Z', 'Sat 5 Dec 00:00', 3],
	['2026-12-05T14:00:00.000Z', 'Sat 5 Dec 08:00', 3],
	['2026-12-05T23:30:00.000Z', 'Sat 5 Dec 17:30', 3],
];

describe('Match Reply counts days since the milestone on the practice calendar', () => {
	afterEach(() => jest.useRealTimers());

	it.each(HOURS)('Reference Time %s (%s in Chicago): %i day(s)', async (utc, _local, days) => {
		expect(await daysSince(utc)).toBe(days);
	});

	it.each(HOURS)('wall clock at %s (%s in Chicago), no Reference Time: %i day(s)', async (utc, _local, days) => {
		jest.useFakeTimers({ now: new Date(utc), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
		expect(await daysSince('')).toBe(days);
	});
});

describe('Match Reply, one reply at a time', () => {
	const AT = '2026-12-05T14:00:00.000Z';
	const stranger = { ...REPLY, from: '+15125550999' };

	it('sends each reply to Matched or No Match, paired with its item', async () => {
		const [matched, unmatched] = await matchReplies(AT, [stranger, REPLY], [ENROLLMENT]);
		expect(matched.map((i) => i.pairedItem)).toEqual([{ item: 1 }]);
		expect(unmatched).toEqual([{ json: stranger, pairedItem: { item: 0 } }]);
	});

	it('puts an item that is not a reply on No Match with its error under Continue On Fail; the others go on', async () => {
		const [matched, unmatched] = await matchReplies(AT, [{ body: 'hi' }, REPLY], [ENROLLMENT], true);
		expect(matched).toHaveLength(1);
		expect(unmatched).toEqual([
			{
				json: { body: 'hi', error: expect.stringContaining('Item 0 is not a Patient Reply Trigger reply: kind') },
				pairedItem: { item: 0 },
			},
		]);
	});

	it('stops at an item that is not a reply without Continue On Fail, naming it', async () => {
		const error = await matchReplies(AT, [REPLY, { body: 'hi' }], [ENROLLMENT]).catch((e: unknown) => e);
		expect((error as { context: { itemIndex: number } }).context.itemIndex).toBe(1);
	});

	it('refuses the whole run without a journal, even under Continue On Fail', async () => {
		await expect(matchReplies(AT, [REPLY], [], true)).rejects.toThrow('No journal on the second input');
	});
});
