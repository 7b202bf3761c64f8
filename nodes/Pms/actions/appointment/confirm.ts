import type { IExecuteFunctions } from 'n8n-workflow';
import type { ConfirmValue } from '../../../../core/pms/writer';
import { choiceField, idField, idParameter, showFor, type Operation, type RunContext } from '../common';

const show = showFor('appointment', 'confirm');
const VALUES: ConfirmValue[] = ['Confirmed', 'Sent', 'Not Accepted', 'Failed', 'None'];

export const confirm: Operation = {
	writes: true,
	description: [
		idField('appointmentId', 'Appointment ID', 'Open Dental AptNum', show),
		choiceField('Confirmation', 'confirmVal', VALUES, "Open Dental's confirmation status to set (mapped to the practice's Appt Confirmed definitions)", show),
	],
	async execute(ctx: IExecuteFunctions, i: number, run: RunContext) {
		const id = idParameter(ctx, 'appointmentId', 'Appointment ID', i);
		await run.writer.confirm(id, ctx.getNodeParameter('confirmVal', i) as ConfirmValue);
		return [await run.reader.getAppointment(id)];
	},
};
