import type { IExecuteFunctions } from 'n8n-workflow';
import { APPOINTMENT_STATUSES, type AppointmentStatus } from '../../../../core/model/clinical';
import {
	calendarDate,
	dateRangeFields,
	includePatientField,
	showFor,
	withPatients,
	pmsOperation,
	type RunContext,
} from '../common';

const show = showFor('appointment', 'getMany');

export const getMany = pmsOperation({
	description: [
		{
			displayName: 'Statuses',
			name: 'statuses',
			type: 'multiOptions',
			options: APPOINTMENT_STATUSES.map((s) => ({
				name: s.replace('_', ' ').replace(/\b\w/g, (m) => m.toUpperCase()),
				value: s,
			})),
			default: ['scheduled'],
			description: 'Appointment statuses to return; none selected means all',
			displayOptions: show,
		},
		...dateRangeFields(show, 'the reference day', '14 days after the reference day'),
		{
			displayName: 'Patient ID',
			name: 'patientId',
			type: 'string',
			default: '',
			description: "Only this patient's appointments (Open Dental PatNum)",
			displayOptions: show,
		},
		includePatientField(show),
	],
	async execute(ctx: IExecuteFunctions, i: number, run: RunContext) {
		const appointments = await run.reader.getAppointments({
			from: calendarDate(ctx.getNodeParameter('from', i), run, run.now),
			to: calendarDate(ctx.getNodeParameter('to', i), run, run.now.plus({ days: 14 })),
			statuses: ctx.getNodeParameter('statuses', i) as AppointmentStatus[],
			patientId: String(ctx.getNodeParameter('patientId', i) ?? '').trim() || null,
		});
		return ctx.getNodeParameter('includePatient', i, false) ? withPatients(appointments, run) : appointments;
	},
});
