import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import { pmsOperation, type RunContext } from '../common';

/**
 * Connection > Check: whether the PMS answers with this credential and which version it runs, for
 * the go-live check. Reads nothing about patients.
 */
export const check = pmsOperation({
	description: [],
	async execute(ctx: IExecuteFunctions, i: number, run: RunContext) {
		if (!run.reader.connection)
			throw new NodeOperationError(
				ctx.getNode(),
				'This PMS cannot be asked for its version; its reads show whether the credential works',
				{ itemIndex: i },
			);
		const connection = await run.reader.connection();
		return [{ item: { kind: 'chairside.pms-connection', reachable: true, ...connection }, pmsIds: {} }];
	},
});
