import { DateTime } from 'luxon';
import { NodeOperationError, sleep, type IExecuteFunctions } from 'n8n-workflow';
import { bookingKey } from '../../../../core/booking/key';
import { SlotTakenError, type BookRequest } from '../../../../core/pms/writer';
import { insertionKey, INSERTION_OUTCOMES, type InsertionOutcome } from '../../../../core/pms/nexhealth/webhook';
import type { SharedState } from '../../../../core/state/shared-state';
import { toNodeError } from '../../../shared/errors';
import { sharedState } from '../../../shared/state';
import { locks } from '../../../../core/state/shared-state';
import { dateFieldText } from '../../../shared/options';
import { idField, idParameter, showFor, pmsOperation, type RunContext } from '../common';
import { inWindows } from '../../../../core/booking/slots';
import {
	bestSlots,
	LOCAL,
	lengthField,
	lengthParameter,
	maxOptionsField,
	readWindows,
	slotItem,
	windowsField,
} from './slots';

const show = showFor('appointment', 'book');
/** How far ahead the next-best offer looks when the asked slot was taken. */
const OFFER_DAYS = 14;

export const book = pmsOperation({
	writes: true,
	description: [
		idField('patientId', 'Patient ID', 'Open Dental PatNum', show),
		{
			displayName: 'Start',
			name: 'start',
			type: 'dateTime',
			required: true,
			default: '',
			description: 'Start in the practice time zone, on a 5-minute boundary (usually a slot from Find Open Slots)',
			displayOptions: show,
		},
		lengthField(show),
		idField('providerId', 'Provider ID', 'ProvNum of the slot', show),
		idField('operatoryId', 'Operatory ID', 'OperatoryNum of the slot', show),
		{
			displayName: 'Note',
			name: 'note',
			type: 'string',
			default: '',
			description: 'Appointment note for staff; the booking key is appended',
			displayOptions: show,
		},
		{
			displayName: 'Booking Key',
			name: 'bookingKey',
			type: 'string',
			default: '',
			description:
				'Your own ID for this booking (e.g. the conversation). With the patient, time, provider and operatory it makes the key that prevents a second appointment on a retry.',
			displayOptions: show,
		},
		{
			displayName: 'Planned Appointment ID',
			name: 'plannedAppointmentId',
			type: 'string',
			default: '',
			description:
				"AptNum of the patient's planned appointment to schedule (its procedures and length come along); empty books a new appointment",
			displayOptions: show,
		},
		windowsField(
			show,
			'The preferred times for the next-best offer when the slot was taken meanwhile, and the approved times when Only Inside Preferred Windows is on',
		),
		{
			displayName: 'Only Inside Preferred Windows',
			name: 'onlyInWindows',
			type: 'boolean',
			default: false,
			description:
				'Whether to refuse a start outside the Preferred Windows (nothing is booked). Turn on when an AI agent or a patient picks the time.',
			displayOptions: show,
		},
		maxOptionsField(show),
		{
			displayName: 'Confirmation Wait (Seconds)',
			name: 'confirmationWait',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 60,
			description:
				'NexHealth only: how long to wait for NexHealth to say the booking reached the PMS (its appointment insertion webhook, received by an active NexHealth Trigger). Not confirmed by then: the item fails and the patient is not told it is booked.',
			displayOptions: show,
		},
	],
	async execute(ctx: IExecuteFunctions, i: number, run: RunContext) {
		const node = ctx.getNode();
		const startText = dateFieldText(ctx.getNodeParameter('start', i));
		const start = DateTime.fromISO(startText, { zone: run.timezone });
		if (!start.isValid || start.minute % 5 !== 0 || start.second !== 0) {
			throw new NodeOperationError(node, `Start "${startText}" is not a date and time on a 5-minute boundary`, {
				itemIndex: i,
			});
		}
		const planned = String(ctx.getNodeParameter('plannedAppointmentId', i, '') ?? '').trim();
		const request: Omit<BookRequest, 'key'> = {
			patientId: idParameter(ctx, 'patientId', 'Patient ID', i),
			start: start.toFormat(LOCAL),
			lengthMinutes: lengthParameter(ctx, i),
			providerId: idParameter(ctx, 'providerId', 'Provider ID', i),
			operatoryId: idParameter(ctx, 'operatoryId', 'Operatory ID', i),
			note: String(ctx.getNodeParameter('note', i, '') ?? ''),
			plannedAppointmentId: planned ? idParameter(ctx, 'plannedAppointmentId', 'Planned Appointment ID', i) : null,
		};
		if (ctx.getNodeParameter('onlyInWindows', i, false) as boolean) outsideWindows(ctx, i, request);
		const key = bookingKey({ ...request, callerKey: String(ctx.getNodeParameter('bookingKey', i, '') ?? '') });
		try {
			// Looking the key up, checking the chair and posting are one step for every run that could
			// book this chair that day or this patient (Open Dental itself allows overlaps).
			const state = await sharedState(ctx, 'booking', run.location);
			const booking = await state.exclusive(
				[locks.chair(request.operatoryId, request.start.slice(0, 10)), locks.patient(request.patientId)],
				() => run.writer.book({ ...request, key }),
			);
			if (booking.pending) {
				// NexHealth: booked only once its insertion webhook (NexHealth Trigger) says the PMS has it.
				const outcome = await writeOutcome(
					state,
					booking.appointmentId,
					ctx.getNodeParameter('confirmationWait', i, 60) as number,
				);
				if (outcome !== 'complete')
					throw await notWritten(ctx, i, run, { ...request, key }, booking.appointmentId, outcome);
				booking.pending = false;
			}
			const { item, pmsIds } = await run.reader.getAppointment(booking.appointmentId);
			return [{ item: { ...item, bookingKey: key, alreadyBooked: booking.reused }, pmsIds }];
		} catch (error) {
			if (!(error instanceof SlotTakenError)) throw toNodeError(ctx.getNode(), error, i);
			throw await slotTaken(ctx, i, run, error);
		}
	},
});

/** An approved-times guard that holds whatever the caller (an AI agent, a reply) asks for. */
function outsideWindows(ctx: IExecuteFunctions, i: number, request: Omit<BookRequest, 'key'>): void {
	const windowsText = String(ctx.getNodeParameter('windows', i, '') ?? '').trim();
	const windows = readWindows(ctx, i);
	if (!windowsText) {
		throw new NodeOperationError(
			ctx.getNode(),
			'Only Inside Preferred Windows is on but no Preferred Windows are set: nothing was booked',
			{ itemIndex: i },
		);
	}
	const end = DateTime.fromFormat(request.start, LOCAL).plus({ minutes: request.lengthMinutes }).toFormat(LOCAL);
	if (
		!inWindows({ start: request.start, end, providerId: request.providerId, operatoryId: request.operatoryId }, windows)
	) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${request.start.slice(0, 16)} is outside the approved times (${windowsText}): nothing was booked`,
			{
				itemIndex: i,
				description: 'Offer a time from Find Open Slots with the same Preferred Windows.',
			},
		);
	}
}

/** Nothing was written: the error names the slot and carries the next-best ones to offer instead. */
async function slotTaken(
	ctx: IExecuteFunctions,
	i: number,
	run: RunContext,
	error: SlotTakenError,
): Promise<NodeOperationError> {
	const { request } = error;
	const day = request.start.slice(0, 10);
	const next = await bestSlots(ctx, i, run, {
		from: day,
		to: DateTime.fromISO(day).plus({ days: OFFER_DAYS }).toISODate() as string,
		lengthMinutes: request.lengthMinutes,
		providerId: request.providerId,
		operatoryId: request.operatoryId,
	});
	const nextSlots = next.map((slot) => slotItem(slot, run).item);
	const failure = new NodeOperationError(ctx.getNode(), `${error.message}: nothing was booked`, {
		itemIndex: i,
		description: nextSlots.length
			? `Next free with the same provider and operatory: ${nextSlots.map((s) => s.start).join(', ')}`
			: `No free time with the same provider and operatory in the next ${OFFER_DAYS} days`,
	});
	failure.context.nextSlots = nextSlots;
	return failure;
}

/** The outcome NexHealth reported for an appointment write, or null when none came within `seconds`. */
async function writeOutcome(
	state: SharedState,
	appointmentId: string,
	seconds: number,
): Promise<InsertionOutcome | null> {
	const deadline = Date.now() + seconds * 1000;
	for (;;) {
		for (const outcome of INSERTION_OUTCOMES)
			if ((await state.get(insertionKey(appointmentId, outcome)))?.state === 'done') return outcome;
		if (Date.now() >= deadline) return null;
		await sleep(250);
	}
}

/** NexHealth failed the write, or has not confirmed it: never reported as booked; a refusal offers other times. */
async function notWritten(
	ctx: IExecuteFunctions,
	i: number,
	run: RunContext,
	request: BookRequest,
	appointmentId: string,
	outcome: InsertionOutcome | null,
): Promise<NodeOperationError> {
	if (outcome === null) {
		return new NodeOperationError(
			ctx.getNode(),
			`NexHealth accepted appointment ${appointmentId} but has not confirmed it reached the PMS: it is not booked yet`,
			{
				itemIndex: i,
				description:
					'The patient is not told it is booked. Check that a NexHealth Trigger workflow is active (it receives the confirmation), and the appointment in the PMS.',
			},
		);
	}
	const failure = await slotTaken(ctx, i, run, new SlotTakenError(request));
	failure.message = `NexHealth could not write appointment ${appointmentId} to the PMS (${outcome.replace('_', ' ')}): nothing was booked`;
	return failure;
}
