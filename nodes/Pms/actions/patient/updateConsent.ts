import type { IExecuteFunctions } from 'n8n-workflow';
import type { TextConsent } from '../../../../core/pms/writer';
import { choiceField, idField, idParameter, showFor, pmsOperation, type RunContext } from '../common';

const show = showFor('patient', 'updateConsent');

export const updateConsent = pmsOperation({
	writes: true,
	description: [
		idField('patientId', 'Patient ID', 'Open Dental PatNum', show),
		choiceField(
			'Text Messages OK',
			'txtMsgOk',
			['No', 'Yes', 'Unknown'],
			"Open Dental's TxtMsgOk on the patient: No when they opted out (e.g. replied STOP)",
			show,
		),
	],
	async execute(ctx: IExecuteFunctions, i: number, run: RunContext) {
		const id = idParameter(ctx, 'patientId', 'Patient ID', i);
		await run.writer.setTextConsent(id, ctx.getNodeParameter('txtMsgOk', i) as TextConsent);
		return [await run.reader.getPatient(id)];
	},
});
