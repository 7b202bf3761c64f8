/** Maturity Score in the node: Assess Stage per item, the measuring operations over the whole run, through the one router. */
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INode } from 'n8n-workflow';
import { MaturityScore } from '../../../nodes/MaturityScore/MaturityScore.node';
import { withProfile } from '../practice/profile-fields';

const NODE: INode = {
	id: 'm1',
	name: 'Maturity Score',
	type: 'n8n-nodes-chairside.maturityScore',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

function run(params: Record<string, unknown>, items: IDataObject[], continueOnFail = false) {
	const ctx = {
		getInputData: () => items.map((json) => ({ json })),
		getNodeParameter: (name: string, _i: number, fallback?: unknown) => params[name] ?? fallback,
		getNode: () => NODE,
		getCredentials: withProfile(),
		continueOnFail: () => continueOnFail,
	} as unknown as IExecuteFunctions;
	return new MaturityScore().execute.call(ctx);
}

const typedIn = { operation: 'assess', metricsFrom: 'fields', metrics: { noShowRate: '12%' } };

describe('Maturity Score node', () => {
	it('assesses each item and pairs it; an item that is not a Measure result becomes an error item under Continue On Fail', async () => {
		const params = { ...typedIn, metricsFrom: 'measurement' };
		const measured = { practiceMetrics: { noShowRate: 0.12 }, economics: {} };
		const [out] = await run(params, [measured, { name: 'not a measurement' }], true);
		expect(out).toHaveLength(2);
		expect(out[0].pairedItem).toEqual({ item: 0 });
		expect(out[0].json.measurement).toEqual(measured);
		expect(out[1]).toEqual({
			json: { error: expect.stringContaining('item 1 is not a Measure result') },
			pairedItem: { item: 1 },
		});
	});

	it('stops at the item that is not a Measure result without Continue On Fail, naming it', async () => {
		const params = { ...typedIn, metricsFrom: 'measurement' };
		const error = await run(params, [{ nothing: 1 }]).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as NodeOperationError).context.itemIndex).toBe(0);
	});

	it('measures over the whole run: input without PMS items is one error item under Continue On Fail', async () => {
		const [out] = await run({ operation: 'measure' }, [{ a: 1 }, { b: 2 }], true);
		expect(out).toHaveLength(1);
		expect(out[0].json.error).toMatch(/none of the 2 input items is a PMS appointment/);
	});

	it('stops the run on input without PMS items without Continue On Fail', async () => {
		await expect(run({ operation: 'patientRisk' }, [{ a: 1 }])).rejects.toThrow(/none of the 1 input items/);
	});

	it('names an unknown operation', async () => {
		await expect(run({ operation: 'score' }, [{}])).rejects.toThrow('The operation "score" is not one this node knows');
	});
});
