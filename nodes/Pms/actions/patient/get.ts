import type { IExecuteFunctions } from 'n8n-workflow';
import { showFor, type Operation, type RunContext } from '../common';

export const get: Operation = {
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
};
