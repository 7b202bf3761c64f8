/**
 * The Treatment Coordinator node through a stand-in execute context against the Open Dental
 * simulator: screening (no credential needed, no text echoed), hesitation and hand-off notes that
 * land in the chart at the Reference Time, a read-only credential refused, PHI refused with
 * nothing written, per-item errors with continueOnFail.
 */
import { DateTime } from 'luxon';
import { NodeApiError, NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import { TreatmentCoordinator } from '../../../nodes/TreatmentCoordinator/TreatmentCoordinator.node';
import { startOpenDentalSimulator, type OpenDentalSimulator } from '../../../sandbox/opendental';
import { generatePractice } from '../../../sandbox/practice/generate';
import type { Practice } from '../../../sandbox/practice/types';
import { pmsContext, type ContextOptions } from '../pms-node-context';

const TODAY = '2026-11-23';
let practice: Practice;
let sim: OpenDentalSimulator;
let zone: string;

beforeEach(async () => {
	practice = generatePractice({ seed: 8, patients: 60, stage: 3, today: TODAY });
	zone = practice.clinics[0].timezone;
	const now = DateTime.fromISO(`${TODAY}T08:00:00`, { zone });
	sim = await startOpenDentalSimulator({ practice, developerKey: 'dev', customerKey: 'cust', now: () => now });
});

afterEach(() => sim?.close());

/** The Reference Time: 10:15 at the practice, later than the simulator's clock, so the note's time is the node's. */
const REFERENCE = () => DateTime.fromISO(`${TODAY}T10:15:00`, { zone });
const patientId = () => String(practice.patients.find((p) => p.PatStatus === 'Patient')!.PatNum);
const run = (ctx: IExecuteFunctions) => new TreatmentCoordinator().execute.call(ctx);
const node = (
	operation: string,
	perItem: Array<Record<string, unknown>>,
	options: ContextOptions = {},
	params: Record<string, unknown> = {},
) =>
	run(pmsContext(sim, zone, { operation, options: { now: REFERENCE().toISO() }, ...params }, perItem, options)).then(
		([out]) => out,
	);
const lastLog = () => sim.state.commlogs[sim.state.commlogs.length - 1];

describe('description', () => {
	const { description } = new TreatmentCoordinator();

	it('is a tool; only the writing operations need the Open Dental credential and the practice profile (its zone), only Verify Patient Token the token secret', () => {
		expect(description).toMatchObject({
			name: 'treatmentCoordinator',
			displayName: 'Treatment Coordinator',
			usableAsTool: true,
		});
		expect(description.credentials).toEqual([
			{ name: 'openDentalApi', required: true, displayOptions: { show: { operation: ['handOff', 'logHesitation'] } } },
			{
				name: 'chairsidePracticeApi',
				required: true,
				testedBy: 'practiceProfileTest',
				displayOptions: { show: { operation: ['handOff', 'logHesitation'] } },
			},
			{
				name: 'chairsidePatientTokenApi',
				required: true,
				testedBy: 'patientTokenTest',
				displayOptions: { show: { operation: ['verifyToken'] } },
			},
		]);
	});

	it('operation and parameter names a workflow author uses', () => {
		const operation = description.properties.find((p) => p.name === 'operation')!;
		const names = (op: string) =>
			description.properties.filter((p) => p.displayOptions?.show?.operation?.includes(op)).map((p) => p.name);
		expect(operation.options!.map((o) => (o as { value: string }).value)).toEqual([
			'handOff',
			'logHesitation',
			'screen',
			'verifyToken',
		]);
		expect(names('verifyToken')).toEqual(['token', 'message']);
		expect(names('screen')).toEqual(['text', 'direction']);
		expect(names('logHesitation')).toEqual(['patientId', 'reason', 'note', 'options']);
		expect(names('handOff')).toEqual(['patientId', 'topic', 'summary', 'options']);
		const topic = description.properties.find((p) => p.name === 'topic')!;
		expect(topic.options!.map((o) => (o as { value: string }).value).sort()).toEqual([
			'booking_help',
			'clinical',
			'complaint',
			'fee_negotiation',
			'financing',
			'other',
			'prognosis',
			'sensitive',
		]);
	});

	it('tells an agent when it must hand off', () => {
		const handOff = description.properties
			.find((p) => p.name === 'operation')!
			.options!.find((o) => (o as { value: string }).value === 'handOff') as { description: string };
		expect(handOff.description).toMatch(
			/Always call it when the patient asks a clinical question, about prognosis .*financing.*discount.*complains/,
		);
	});
});

describe('Screen Message', () => {
	it('one result per item, never the text, allowed for drafts; no credential read', async () => {
		let credentialsRead = 0;
		const ctx = pmsContext(sim, zone, { operation: 'screen' }, [
			{ text: 'Can it wait? My tooth #30 hurts', direction: 'patient' },
			{ text: 'Would Tuesday at 9 work?', direction: 'draft' },
			{ text: 'Only $99 a month with CareCredit', direction: 'draft' },
			{ text: 'No pain, just want to book', direction: 'patient' },
		]);
		const counted = {
			...ctx,
			getCredentials: async () => (credentialsRead++, ctx.getCredentials('openDentalApi')),
		} as IExecuteFunctions;
		const [out] = await run(counted);
		expect(credentialsRead).toBe(0);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(out[0].json).toEqual({
			direction: 'patient',
			handOff: true,
			topics: ['clinical', 'prognosis'],
			matched: ['hurts', 'can it wait'],
			reason: expect.any(String),
		});
		expect(out[1].json).toEqual({
			direction: 'draft',
			allowed: true,
			handOff: false,
			topics: [],
			matched: [],
			reason: expect.any(String),
		});
		expect(out[2].json).toMatchObject({
			direction: 'draft',
			allowed: false,
			handOff: true,
			topics: ['financing', 'fee_negotiation'],
		});
		expect(out[3].json).toMatchObject({ handOff: false });
		for (const { json } of out) expect(json).not.toHaveProperty('text');
		expect(JSON.stringify(out)).not.toMatch(/#30|\$99|Tuesday/);
		expect(sim.requests).toHaveLength(0);
	});

	it('empty text: an error naming the field and the item; continueOnFail goes on', async () => {
		const error = await node('screen', [
			{ text: 'hi', direction: 'patient' },
			{ text: '  ', direction: 'patient' },
		]).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as NodeOperationError).message).toBe('Text is empty');
		expect((error as NodeOperationError).context.itemIndex).toBe(1);
		const out = await node(
			'screen',
			[
				{ text: '', direction: 'patient' },
				{ text: 'Do you take CareCredit?', direction: 'patient' },
			],
			{ continueOnFail: true },
		);
		expect(out).toEqual([
			{ json: { error: 'Text is empty' }, pairedItem: { item: 0 } },
			{ json: expect.objectContaining({ handOff: true, topics: ['financing'] }), pairedItem: { item: 1 } },
		]);
	});
});

describe('Log Hesitation', () => {
	it('writes a Text, Received commlog at the Reference Time; cost hands off', async () => {
		const id = patientId();
		const [cost, timing] = await node('logHesitation', [
			{ patientId: id, reason: 'cost' },
			{ patientId: id, reason: 'timing', note: 'Back from a work trip in March.' },
		]);
		const [first, second] = sim.state.commlogs.slice(-2);
		expect(first).toMatchObject({
			PatNum: Number(id),
			Note: 'Treatment follow-up: patient hesitant (cost). Needs staff follow-up: financing or insurance question.',
			Mode_: 'Text',
			SentOrReceived: 'Received',
			CommDateTime: `${TODAY} 10:15:00`,
		});
		expect(second).toMatchObject({
			Note: 'Treatment follow-up: patient hesitant (timing). Back from a work trip in March.',
			CommDateTime: `${TODAY} 10:15:00`,
		});
		expect(cost.json).toEqual({
			patientId: id,
			reason: 'cost',
			commlogId: String(first.CommlogNum),
			handOff: true,
			next: expect.stringMatching(/do not discuss prices/),
			at: REFERENCE().toISO(),
		});
		expect(timing.json).toMatchObject({ reason: 'timing', commlogId: String(second.CommlogNum), handOff: false });
	});

	it('Channel Email sets the Mode', async () => {
		await node('logHesitation', [{ patientId: patientId(), reason: 'travel', options: { channel: 'Email' } }]);
		expect(lastLog()).toMatchObject({ Mode_: 'Email', Note: 'Treatment follow-up: patient hesitant (travel).' });
	});

	it('a note with clinical detail is refused by field, without its text, and nothing is written', async () => {
		const before = sim.state.commlogs.length;
		const error = (await node('logHesitation', [
			{ patientId: patientId(), reason: 'uncertainty', note: 'Unsure about tooth #19' },
		]).catch((e: unknown) => e)) as NodeOperationError;
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Note contains a tooth number: a communication log entry carries no clinical detail');
		expect(error.message).not.toContain('#19');
		expect(error.context.itemIndex).toBe(0);
		expect(sim.state.commlogs).toHaveLength(before);
		expect(sim.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
	});

	it('a read-only credential is refused before anything is sent', async () => {
		const before = sim.state.commlogs.length;
		await expect(
			node('logHesitation', [{ patientId: patientId(), reason: 'cost' }], { readOnly: true, continueOnFail: true }),
		).rejects.toThrow('This operation writes to Open Dental, but the credential is marked Read-Only Key');
		expect(sim.state.commlogs).toHaveLength(before);
		expect(sim.requests).toHaveLength(0);
	});
});

describe('Hand Off to Staff', () => {
	it('writes "Needs staff follow-up" to the chart and puts out a task', async () => {
		const id = patientId();
		const [out] = await node('handOff', [
			{ patientId: id, topic: 'prognosis', summary: 'Asked whether the crown visit can wait until spring.' },
		]);
		const log = lastLog();
		expect(log).toMatchObject({
			PatNum: Number(id),
			Note: 'Needs staff follow-up: prognosis question. Asked whether the crown visit can wait until spring.',
			Mode_: 'Text',
			SentOrReceived: 'Received',
			CommDateTime: `${TODAY} 10:15:00`,
		});
		expect(out).toEqual({
			json: {
				kind: 'chairside.task',
				patientId: id,
				topic: 'prognosis',
				reason: 'Needs staff follow-up: prognosis question.',
				summary: 'Asked whether the crown visit can wait until spring.',
				commlogId: String(log.CommlogNum),
				at: REFERENCE().toISO(),
			},
			pairedItem: { item: 0 },
		});
	});

	it('the Reference Time per item decides the note time', async () => {
		const id = patientId();
		await node('handOff', [
			{ patientId: id, topic: 'complaint', options: { now: DateTime.fromISO(`${TODAY}T16:45:00`, { zone }).toISO() } },
		]);
		expect(lastLog()).toMatchObject({ Note: 'Needs staff follow-up: complaint.', CommDateTime: `${TODAY} 16:45:00` });
	});

	it('continueOnFail: a bad id, a PHI summary and an unknown patient fail alone, the good item is written', async () => {
		const id = patientId();
		const before = sim.state.commlogs.length;
		const out = await node(
			'handOff',
			[
				{ patientId: 'Maria', topic: 'clinical' },
				{ patientId: id, topic: 'clinical', summary: 'Says the abscess is back' },
				{ patientId: '999999', topic: 'other' },
				{ patientId: id, topic: 'fee_negotiation', summary: 'Asked for a cash discount.' },
			],
			{ continueOnFail: true },
		);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(out[0].json).toEqual({ error: 'Patient ID must be a whole number (an Open Dental PatNum)' });
		expect(out[1].json).toEqual({
			error: 'Summary contains a clinical term: a communication log entry carries no clinical detail',
		});
		expect(String(out[2].json.error)).toMatch(/999999|not found|Patient/i);
		expect(out[3].json).toMatchObject({ kind: 'chairside.task', topic: 'fee_negotiation' });
		expect(sim.state.commlogs).toHaveLength(before + 1);
		expect(JSON.stringify(out)).not.toMatch(/Maria|abscess/);
	});

	it('an Open Dental refusal is an API error naming the item', async () => {
		const error = await node('handOff', [{ patientId: '999999', topic: 'other' }]).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).context.itemIndex).toBe(0);
	});

	it('a read-only credential is refused', async () => {
		await expect(node('handOff', [{ patientId: patientId(), topic: 'other' }], { readOnly: true })).rejects.toThrow(
			/Read-Only Key/,
		);
		expect(sim.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
	});
});

describe('unknown operation', () => {
	it('is refused', async () => {
		await expect(node('book', [{}])).rejects.toThrow('The operation "book" is not one this node knows');
	});
});
