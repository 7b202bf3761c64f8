import type { IExecuteFunctions } from 'n8n-workflow';
import { showFor, pmsOperation, type RunContext } from '../common';

export const get = pmsOperation({
	description: [
		{
			displayName: 'Patient ID',
			name: 'patientId',
			type: 'string',
			required: true,
			default: '',
			description: 'Open Dental PatNum',
			displayOptions: showFor('patient', 'get'),
		},
	],
	async execute(ctx: IExecuteFunctions, i: number, run: RunContext) {
		return [await run.reader.getPatient(String(ctx.getNodeParameter('patientId', i)).trim())];
	},
});
