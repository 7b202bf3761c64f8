/**
 * Cadence Step without its journal refuses to run, naming what to connect; with the journal
 * connected but the table still empty (a fresh install: the Data table node's Always Output Data
 * sends one empty item) it decides as usual. And Archive Finished in the node: rows out by id.
 */
import type { IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { row } from '../../../core/journey/journal';
import { CadenceStep } from '../../../nodes/CadenceStep/CadenceStep.node';
import { crownCase } from './fixtures';
import { withProfile } from '../practice/profile-fields';

const NODE: INode = {
	id: 'c1',
	name: 'Cadence Step',
	type: 'n8n-nodes-chairside.cadenceStep',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const NOW = '2026-03-09T15:00:00.000Z';

/** n8n fills an input nothing reached with [] (core's workflow-execute, v1 order): `journal: []` is "not connected". */
function run(params: Record<string, unknown>, cases: object[], journal: object[]): Promise<INodeExecutionData[][]> {
	const inputs = [cases.map((json) => ({ json })), journal.map((json) => ({ json }))];
	const ctx = {
		getInputData: (input = 0) => inputs[input],
		getNodeParameter: (name: string, _i: number, fallback?: unknown) => params[name] ?? fallback,
		getNode: () => NODE,
		getTimezone: () => 'America/Chicago',
		getCredentials: withProfile(),
		continueOnFail: () => false,
	} as unknown as IExecuteFunctions;
	return new CadenceStep().execute.call(ctx) as Promise<INodeExecutionData[][]>;
}

const decide = { operation: 'decide', journey: 'treatment-follow-up', options: { now: NOW } };

describe('the journal input', () => {
	it.each(['decide', 'enroll', 'match'])('%s without a journal refuses, saying what to connect', async (operation) => {
		const error = await run({ ...decide, operation }, [crownCase()], []).then(
			() => ({ message: 'ran', description: '' }),
			(e: unknown) => e as { message: string; description: string },
		);
		expect(error.message).toBe('No journal on the second input: nothing was decided or sent');
		expect(error.description).toContain('"chairside_journal" Data table');
		expect(error.description).toContain('Always Output Data');
	});

	it('decide on an empty, connected journal (one empty item) enrolls the case', async () => {
		const outputs = await run(decide, [crownCase({ ageDays: 8 })], [{}]);
		const items = outputs.flat();
		expect(items).toHaveLength(1);
		expect((items[0].json.journal as Array<{ kind: string; status: string }>)[0]).toMatchObject({
			kind: 'enrollment',
			status: 'active',
		});
	});

	it('record needs no journal for results and decisions, but refuses a reply without one', async () => {
		const decision = {
			kind: 'chairside.decision',
			journal: [row({ key: 'treatment-follow-up/case-501', kind: 'enrollment', status: 'finished' })],
		};
		const [rows] = await run({ operation: 'record', options: { now: NOW } }, [decision], []);
		expect(rows.map((r) => r.json.key)).toEqual(['treatment-follow-up/case-501']);
		const reply = { kind: 'chairside.reply', messageSid: 'SM1', from: '+15125550123', intent: 'stop', body: 'STOP' };
		await expect(run({ operation: 'record', options: { now: NOW } }, [reply], [])).rejects.toThrow(
			'No journal on the second input',
		);
	});
});

describe('Archive Finished', () => {
	it('sends the rows that leave to the archive and, by id, to removal; and the audit cutoff', async () => {
		const ended = row({
			key: 'treatment-follow-up/case-1',
			kind: 'enrollment',
			journey: 'treatment-follow-up',
			status: 'finished',
			at: '2025-01-01T00:00:00.000Z',
		});
		const active = row({
			key: 'treatment-follow-up/case-2',
			kind: 'enrollment',
			journey: 'treatment-follow-up',
			status: 'active',
			at: '2025-01-01T00:00:00.000Z',
		});
		const [archived, removed, cutoff] = await run(
			{ operation: 'archive', options: { now: NOW } },
			[
				{ ...active, id: 1 },
				{ ...ended, id: 2 },
			],
			[],
		);
		expect(archived).toEqual([{ json: ended, pairedItem: { item: 1 } }]);
		expect(removed).toEqual([{ json: { id: 2, key: ended.key }, pairedItem: { item: 1 } }]);
		expect(cutoff[0].json).toEqual({ before: '2020-03-10T15:00:00.000Z' });
	});

	it('refuses a retention shorter than the longest look-back', async () => {
		await expect(run({ operation: 'archive', options: { now: NOW, keepFinishedDays: 30 } }, [{}], [])).rejects.toThrow(
			'Keep Finished Enrollments (Days) must be at least 270 days',
		);
	});
});
