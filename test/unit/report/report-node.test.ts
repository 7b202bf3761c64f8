/** Practice Report's weekly report through a stand-in n8n context: one report from all input items, or one error item. */
import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';
import { PracticeReport } from '../../../nodes/PracticeReport/PracticeReport.node';
import { withProfile } from '../practice/profile-fields';

const NODE = { id: 'r1', name: 'Practice Report', type: 'n8n-nodes-chairside.practiceReport', typeVersion: 1 };

function context(
	items: IDataObject[],
	parameters: Record<string, unknown>,
	continueOnFail: boolean,
): IExecuteFunctions {
	return {
		getInputData: () => items.map((json) => ({ json })),
		getNodeParameter: (name: string, _i: number, fallback?: unknown) => parameters[name] ?? fallback,
		getNode: () => NODE,
		getCredentials: withProfile({}),
		continueOnFail: () => continueOnFail,
	} as unknown as IExecuteFunctions;
}

describe('Practice Report > Render', () => {
	const noAssessment = [{ patientId: '1' }, { patientId: '2' }];
	const render = { operation: 'render', options: { now: '2026-03-10T09:00:00' } };

	it('fails naming what the input lacks', async () => {
		const error = await new PracticeReport().execute
			.call(context(noAssessment, render, false))
			.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toContain('expected exactly one Maturity Score "Assess Stage" item');
	});

	it('under Continue On Fail gives one error item, paired with every input item', async () => {
		const out = await new PracticeReport().execute.call(context(noAssessment, render, true));
		expect(out).toEqual([
			[
				{
					json: { error: expect.stringContaining('expected exactly one Maturity Score') },
					pairedItem: [{ item: 0 }, { item: 1 }],
				},
			],
		]);
	});
});
