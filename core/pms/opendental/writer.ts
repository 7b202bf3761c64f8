/**
 * The PMS writer over Open Dental's REST API. Open Dental checks no overlaps on POST /appointments,
 * so a booking re-checks the chair and the patient right before writing, and carries its key in the
 * appointment's Note so a retry after a lost answer finds what was already made.
 */
import { DateTime } from 'luxon';
import { keyTag, logKey, noteWithKey } from '../../booking/key';
import { patternFor } from '../../booking/pattern';
import type { Slot } from '../../booking/slots';
import { PmsApiError } from '../http';
import { SlotTakenError, type BookRequest, type Booking, type CancelRequest, type CommlogRequest, type ConfirmValue, type LoggedCommunication, type PmsWriter, type SlotQuery, type TextConsent } from '../writer';
import { appointmentRecord, parseRows, slotRecord, type AppointmentRecord } from './records';
import type { OpenDentalTransport } from './transport';

/** Statuses that hold their time on the appointment book. */
const OCCUPYING = new Set(['Scheduled', 'Complete', 'ASAP']);
const BROKEN = new Set(['Broken', 'UnschedList']);

export class OpenDentalWriter implements PmsWriter {
	constructor(private readonly transport: OpenDentalTransport) {}

	async openSlots(query: SlotQuery): Promise<Slot[]> {
		const rows = await this.transport.all('/appointments/Slots', {
			dateStart: query.from,
			dateEnd: query.to,
			lengthMinutes: query.lengthMinutes,
			ProvNum: query.providerId ?? undefined,
			OpNum: query.operatoryId ?? undefined,
		});
		return parseRows(slotRecord, rows, 'slot').map((s) => ({ start: s.DateTimeStart, end: s.DateTimeEnd, providerId: String(s.ProvNum), operatoryId: String(s.OpNum) }));
	}

	async book(request: BookRequest): Promise<Booking> {
		const day = request.start.slice(0, 10);
		const patients = await this.appointments({ PatNum: request.patientId, date: day });
		const made = this.madeBy(request, patients);
		if (made) return { appointmentId: String(made.AptNum), reused: true };
		const chair = await this.appointments({ Op: request.operatoryId, date: day });
		const end = DateTime.fromSQL(request.start).plus({ minutes: request.lengthMinutes }).toFormat('yyyy-MM-dd HH:mm:ss');
		if ([...chair, ...patients].some((a) => OCCUPYING.has(a.AptStatus) && overlaps(a, request.start, end))) throw new SlotTakenError(request);
		try {
			const created = await this.transport.request(this.bookingRequest(request));
			return { appointmentId: String(parseRows(appointmentRecord, [created], 'appointment')[0].AptNum), reused: false };
		} catch (error) {
			// No answer or a 5xx: Open Dental may still have written it. Look before the caller retries.
			if (!(error instanceof PmsApiError) || (error.status !== 0 && error.status < 500)) throw error;
			const applied = this.madeBy(request, await this.appointments({ PatNum: request.patientId, date: day }));
			if (applied) return { appointmentId: String(applied.AptNum), reused: false };
			throw error;
		}
	}

	async confirm(appointmentId: string, value: ConfirmValue): Promise<void> {
		await this.transport.request({ method: 'PUT', path: `/appointments/${encodeURIComponent(appointmentId)}/Confirm`, body: { confirmVal: value } });
	}

	async cancel(appointmentId: string, request: CancelRequest): Promise<boolean> {
		const path = `/appointments/${encodeURIComponent(appointmentId)}`;
		const isBroken = async () => BROKEN.has(parseRows(appointmentRecord, [await this.transport.request({ method: 'GET', path })], 'appointment')[0].AptStatus);
		if (await isBroken()) return false;
		const body = { sendToUnscheduledList: String(request.toUnscheduledList), breakType: request.reason };
		try {
			// Break twice is a 400 and would chart a second D9986/D9987: never repeated blindly.
			await this.transport.request({ method: 'PUT', path: `${path}/Break`, body }, { repeatable: false });
		} catch (error) {
			if (error instanceof PmsApiError && (error.status === 0 || error.status >= 500) && (await isBroken())) return true;
			throw error;
		}
		return true;
	}

	async logCommunication(request: CommlogRequest): Promise<LoggedCommunication> {
		const key = request.key ? logKey(request.patientId, request.key) : null;
		const tag = key ? keyTag(key) : null;
		const body = {
			PatNum: Number(request.patientId),
			Note: key ? noteWithKey(request.note, key) : request.note,
			Mode_: request.mode,
			SentOrReceived: request.direction,
			...(request.at ? { CommDateTime: request.at } : {}),
		};
		try {
			const created = (await this.transport.request({ method: 'POST', path: '/commlogs', body })) as { CommlogNum?: unknown } | null;
			return { id: String(created?.CommlogNum ?? ''), reused: false };
		} catch (error) {
			// As for a booking: after no answer or a 5xx the entry may be in the chart already.
			if (!tag || !(error instanceof PmsApiError) || (error.status !== 0 && error.status < 500)) throw error;
			const logs = await this.transport.all<{ CommlogNum?: unknown; Note?: unknown }>('/commlogs', { PatNum: request.patientId });
			const landed = logs.find((c) => typeof c.Note === 'string' && c.Note.includes(tag));
			if (landed) return { id: String(landed.CommlogNum ?? ''), reused: true };
			throw error;
		}
	}

	async setTextConsent(patientId: string, consent: TextConsent): Promise<void> {
		await this.transport.request({ method: 'PUT', path: `/patients/${encodeURIComponent(patientId)}`, body: { TxtMsgOk: consent } });
	}

	/**
	 * The appointment this booking already made: its key in the Note, or for a planned appointment
	 * (SchedulePlanned takes no Note) the patient's Scheduled visit at that minute in that chair.
	 */
	private madeBy(request: BookRequest, appointments: AppointmentRecord[]): AppointmentRecord | undefined {
		const tag = keyTag(request.key);
		return appointments.find((a) =>
			request.plannedAppointmentId
				? a.AptStatus === 'Scheduled' && a.AptDateTime === request.start && String(a.Op) === request.operatoryId
				: (a.Note ?? '').includes(tag),
		);
	}

	private bookingRequest(request: BookRequest) {
		const common = { AptDateTime: request.start, ProvNum: Number(request.providerId), Op: Number(request.operatoryId) };
		if (request.plannedAppointmentId) {
			return { method: 'POST' as const, path: '/appointments/SchedulePlanned', body: { AptNum: Number(request.plannedAppointmentId), ...common } };
		}
		const body = { PatNum: Number(request.patientId), ...common, Pattern: patternFor(request.lengthMinutes), Note: noteWithKey(request.note, request.key) };
		return { method: 'POST' as const, path: '/appointments', body };
	}

	private async appointments(query: Record<string, string>): Promise<AppointmentRecord[]> {
		return parseRows(appointmentRecord, await this.transport.all('/appointments', query), 'appointment');
	}
}

function overlaps(a: AppointmentRecord, start: string, end: string): boolean {
	const aEnd = DateTime.fromSQL(a.AptDateTime).plus({ minutes: (a.Pattern?.length ?? 0) * 5 }).toFormat('yyyy-MM-dd HH:mm:ss');
	return a.AptDateTime < end && aEnd > start;
}
