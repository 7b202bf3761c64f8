/**
 * The Healing Check node with a stand-in for n8n's execute context. Parameters that n8n would
 * resolve per item from an expression are functions of the item's json here.
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INode } from 'n8n-workflow';
import { DEFAULT_QUESTIONNAIRE } from '../../../core/healing/questionnaire';
import { HealingCheck } from '../../../nodes/HealingCheck/HealingCheck.node';
import { formItem } from './fixtures';
import { withProfile } from '../practice/profile-fields';

type Param = unknown | ((json: IDataObject) => unknown);

const NODE: INode = {
	id: 'h1',
	name: 'Healing Check',
	type: 'n8n-nodes-chairside.healingCheck',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

const DEFAULTS: Record<string, Param> = {
	input: 'auto',
	replyText: (json: IDataObject) => json.body,
	milestone: (json: IDataObject) => json.milestone,
	daysSince: (json: IDataObject) => json.daysSinceMilestone,
	// The practice profile's fields (a credential now), kept here so a test can change one.
	practiceName: 'Riverside Dental',
	practicePhone: '(512) 555-0100',
	practiceHours: 'Mon-Thu 08:00-17:00, Fri 08:00-13:00',
	escalateWithin: 4,
	redFlags: '',
	questionnaire: JSON.stringify(DEFAULT_QUESTIONNAIRE, null, 2),
	// Tuesday 10 March 2026, 10:00 in Chicago.
	options: { now: '2026-03-10T10:00:00.000-05:00', timezone: 'America/Chicago' },
};

function run(items: IDataObject[], params: Record<string, Param> = {}, continueOnFail = false) {
	const all = { ...DEFAULTS, ...params };
	const ctx = {
		getInputData: () => items.map((json) => ({ json })),
		getNodeParameter: (name: string, i: number, fallback?: unknown) => {
			const value = all[name];
			const resolved = typeof value === 'function' ? (value as (json: IDataObject) => unknown)(items[i]) : value;
			return resolved === undefined ? fallback : resolved;
		},
		getNode: () => NODE,
		getTimezone: () => 'America/New_York',
		getCredentials: withProfile({
			practiceName: all.practiceName,
			phone: all.practicePhone,
			businessHours: all.practiceHours,
			timeZone: (all.options as IDataObject).timezone,
			closedDates: (all.options as IDataObject).closedDates,
		}),
		continueOnFail: () => continueOnFail,
	} as unknown as IExecuteFunctions;
	return new HealingCheck().execute.call(ctx);
}

const reply = (body: string, extra: IDataObject = {}): IDataObject => ({
	kind: 'chairside.reply',
	from: '+15125550111',
	body,
	milestone: 'implant_placement',
	daysSinceMilestone: 3,
	...extra,
});

describe('Healing Check node', () => {
	test('four outputs named as the outcomes, usable as a tool', () => {
		const { description } = new HealingCheck();
		expect(description.outputNames).toEqual(['Escalate', 'Reassure', 'Celebrate', 'Needs Review']);
		expect(description.outputs).toHaveLength(4);
		expect(description.usableAsTool).toBe(true);
		expect(description.properties.map((p) => p.name)).toEqual([
			'input',
			'replyText',
			'milestone',
			'daysSince',
			'escalateWithin',
			'redFlags',
			'questionnaire',
			'options',
		]);
	});

	test('routes each item to its outcome, keeping the input and pairing it', async () => {
		const [escalate, reassure, celebrate, review] = await run([
			reply('2'),
			reply('3'),
			reply('5'),
			reply('meh'),
			reply('4 but I have a fever'),
		]);
		expect(escalate.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 4 }]);
		expect(reassure.map((o) => o.pairedItem)).toEqual([{ item: 1 }]);
		expect(celebrate.map((o) => o.pairedItem)).toEqual([{ item: 2 }]);
		expect(review.map((o) => o.pairedItem)).toEqual([{ item: 3 }]);
		expect(escalate[0].json).toEqual({
			...reply('2'),
			healing: {
				outcome: 'escalate',
				score: 2,
				rule: 'score_1_2',
				reason: 'rated 2 of 5',
				dueAt: '2026-03-10T14:00:00.000-05:00',
				reply: expect.stringContaining(
					'Riverside Dental: thank you for telling us. We want to check on you: please call us now at (512) 555-0100.',
				),
				milestone: 'implant_placement',
			},
		});
		expect(escalate[1].json.healing).toMatchObject({ rule: 'red_flag:fever', score: 4 });
		expect(review[0].json.healing).toMatchObject({
			outcome: 'needs_review',
			rule: 'unparseable',
			score: null,
			dueAt: '2026-03-10T14:00:00.000-05:00',
		});
		expect(reassure[0].json.healing).toMatchObject({ dueAt: null, reply: expect.stringContaining('day 2-3') });
	});

	test('a Form Trigger submission scores as the SMS reply does', async () => {
		const [escalate] = await run([{ ...formItem({ comfort: 2 }), milestone: 'D6010', daysSinceMilestone: '3' }]);
		const [sms] = await run([reply('2')]);
		expect(escalate[0].json.healing).toEqual(sms[0].json.healing);
	});

	test('an item without a milestone gets the generic copy', async () => {
		const [, , celebrate] = await run([reply('5', { milestone: undefined, daysSinceMilestone: undefined })]);
		expect(celebrate[0].json.healing).toMatchObject({
			milestone: null,
			reply: expect.stringContaining('your next visit'),
		});
	});

	test('a bad questionnaire stops the run, naming the path and the item', async () => {
		const questionnaire = JSON.stringify({ ...DEFAULT_QUESTIONNAIRE, scoreQuestion: 'pain' });
		const failure = await run([reply('2')], { questionnaire }).catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(NodeOperationError);
		expect((failure as NodeOperationError).message).toBe(
			'Questionnaire: scoreQuestion: "pain" must be a 1-5 scale question',
		);
		expect((failure as NodeOperationError).context.itemIndex).toBe(0);
	});

	test('with Continue On Fail a bad item goes to Needs Review with its error, the others go on', async () => {
		const [escalate, , , review] = await run([reply('2', { milestone: 'crown' }), reply('1')], {}, true);
		expect(review).toEqual([
			{
				json: {
					...reply('2', { milestone: 'crown' }),
					error: expect.stringContaining('Milestone "crown" is not one of'),
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(escalate.map((o) => o.pairedItem)).toEqual([{ item: 1 }]);
	});

	test("the practice profile's name and phone are required; its business hours must parse", async () => {
		await expect(run([reply('2')], { practicePhone: ' ' })).rejects.toThrow(
			'Chairside Practice Profile, Practice Phone: is empty',
		);
		await expect(run([reply('2')], { practiceHours: 'weekdays' })).rejects.toThrow(
			'Chairside Practice Profile, Business Hours: "weekdays" is not like',
		);
	});

	test("the profile's closed dates and time zone move the due time", async () => {
		const options = { now: '2026-03-12T15:00:00.000-05:00', timezone: 'America/Chicago', closedDates: '2026-03-13' };
		const [escalate] = await run([reply('2')], { options });
		// Thursday 15:00: two hours left, Friday closed, Monday 08:00 + 2 hours.
		expect(escalate[0].json.healing).toMatchObject({ dueAt: '2026-03-16T10:00:00.000-05:00' });
	});
});
