import type { IExecuteFunctions } from 'n8n-workflow';
import type { ConfirmValue } from '../../../../core/pms/writer';
import { locks } from '../../../../core/state/shared-state';
import { toNodeError } from '../../../shared/errors';
import { sharedState } from '../../../shared/state';
import { choiceField, idField, idParameter, showFor, pmsOperation, type RunContext } from '../common';

const show = showFor('appointment', 'confirm');
const VALUES: ConfirmValue[] = ['Confirmed', 'Sent', 'Not Accepted', 'Failed', 'None'];

/** The claim of one confirmation write: the appointment and the value set. */
export const confirmKey = (appointmentId: string, value: ConfirmValue) => `confirm:${appointmentId}:${value}`;

export const confirm = pmsOperation({
	writes: true,
	description: [
		idField('appointmentId', 'Appointment ID', 'Open Dental AptNum', show),
		choiceField(
			'Confirmation',
			'confirmVal',
			VALUES,
			"Open Dental's confirmation status to set (mapped to the practice's Appt Confirmed definitions)",
			show,
		),
	],
	/**
	 * Exactly one PUT .../Confirm per appointment and value, however many runs answer the same "C"
	 * at once: the write is claimed in the shared state (README "Scaling out") under the
	 * appointment's lock; a later run finds the claim and reports `alreadyConfirmed`.
	 */
	async execute(ctx: IExecuteFunctions, i: number, run: RunContext) {
		const id = idParameter(ctx, 'appointmentId', 'Appointment ID', i);
		const value = ctx.getNodeParameter('confirmVal', i) as ConfirmValue;
		const key = confirmKey(id, value);
		const state = await sharedState(ctx, 'booking', run.location);
		const wrote = await state.exclusive([locks.key(key)], async (view) => {
			if (await view.claim({ key, kind: 'booking', at: run.now.toUTC().toISO(), patientId: null })) return false;
			try {
				await run.writer.confirm(id, value);
			} catch (error) {
				// Not written (Open Dental refused or never answered after the retries): a later run may try again.
				await view.release(key);
				throw toNodeError(ctx.getNode(), error, i);
			}
			await view.finish(key, id);
			return true;
		});
		const { item, pmsIds } = await run.reader.getAppointment(id);
		return [{ item: { ...item, alreadyConfirmed: !wrote }, pmsIds }];
	},
});
