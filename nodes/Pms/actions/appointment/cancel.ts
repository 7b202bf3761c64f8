import type { IExecuteFunctions } from 'n8n-workflow';
import type { CancelRequest } from '../../../../core/pms/writer';
import { idField, idParameter, showFor, pmsOperation, type RunContext } from '../common';

const show = showFor('appointment', 'cancel');

export const cancel = pmsOperation({
	writes: true,
	description: [
		idField('appointmentId', 'Appointment ID', 'Open Dental AptNum of a scheduled appointment', show),
		{
			displayName: 'Reason',
			name: 'reason',
			type: 'options',
			// apiappointments.html: breakType is optional and "rarely used"; an office that has not changed
			// its broken-appointment setting refuses it, so the default sends none.
			options: [
				{ name: 'None (Office Default)', value: '', description: 'Charts nothing; works on every office' },
				{
					name: 'Cancelled',
					value: 'Cancelled',
					description: 'Charts D9987; only if the office set Open Dental up for it',
				},
				{ name: 'Missed', value: 'Missed', description: 'Charts D9986; only if the office set Open Dental up for it' },
			],
			default: '',
			displayOptions: show,
		},
		{
			displayName: 'Send to Unscheduled List',
			name: 'toUnscheduledList',
			type: 'boolean',
			default: true,
			description:
				'Whether to move the appointment to the Unscheduled List (status UnschedList) rather than leave it Broken on the book',
			displayOptions: show,
		},
	],
	async execute(ctx: IExecuteFunctions, i: number, run: RunContext) {
		const id = idParameter(ctx, 'appointmentId', 'Appointment ID', i);
		const changed = await run.writer.cancel(id, {
			reason: (ctx.getNodeParameter('reason', i, '') as CancelRequest['reason']) || null,
			toUnscheduledList: ctx.getNodeParameter('toUnscheduledList', i) as boolean,
		});
		const { item, pmsIds } = await run.reader.getAppointment(id);
		return [{ item: { ...item, alreadyCancelled: !changed }, pmsIds }];
	},
});
