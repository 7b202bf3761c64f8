/**
 * The PMS writer over NexHealth's Synchronizer API. A booking is asynchronous
 * (docs.nexhealth.com/docs/how-a-write-reaches-the-ehr): POST /appointments answers 201 when NexHealth
 * has accepted it, and only the `appointment_insertion.complete` webhook says the EHR has it. So
 * `book` returns the appointment as pending, never as booked; the webhook trigger confirms it.
 * The booking key rides in the appointment note (128 characters at most) so a retry finds what an
 * earlier try made. NexHealth has no chart-note write and no text consent field: a communication
 * log is not written (the note stays in Chairside's journal) and consent is kept by Chairside.
 */
import { DateTime } from 'luxon';
import { keyTag, noteWithKey } from '../../booking/key';
import type { Slot } from '../../booking/slots';
import { PmsApiError } from '../http';
import { DEFAULT_RETRY, withRetries } from '../retry';
import {
	SlotTakenError,
	type BookRequest,
	type Booking,
	type CancelRequest,
	type CommlogRequest,
	type ConfirmValue,
	type LoggedCommunication,
	type PmsWriter,
	type SlotQuery,
	type TextConsent,
} from '../writer';
import { appointmentStatus, isUnwritten } from './reader';
import { nexAppointment, nexProvider, nexSlotGroup, parseNex, type NexAppointmentRecord } from './records';
import type { NexHealthTransport } from './transport';

const LOCAL = 'yyyy-MM-dd HH:mm:ss';
/** POST /appointments: "note (128 chars, written to EHR)". */
const NOTE_LIMIT = 128;
/** GET /available_slots: "days (≤14 recommended)". */
const MAX_DAYS = 14;

/** Said wherever a chart note would be written: the node, the README and the item. */
export const NO_CHART_NOTE = 'NexHealth has no chart-note write: the note stays in the Chairside journal';

export class NexHealthWriter implements PmsWriter {
	constructor(
		private readonly transport: NexHealthTransport,
		private readonly timezone: string,
	) {}

	async openSlots(query: SlotQuery): Promise<Slot[]> {
		const providers = query.providerId
			? [query.providerId]
			: parseNex(
					nexProvider,
					await this.transport.all('/providers', { location_id: this.transport.locationId }),
					'provider',
				).map((p) => String(p.id));
		const slots: Slot[] = [];
		const last = DateTime.fromISO(query.to);
		for (let day = DateTime.fromISO(query.from); day <= last; day = day.plus({ days: MAX_DAYS })) {
			const days = Math.min(MAX_DAYS, Math.round(last.diff(day, 'days').days) + 1);
			for (const pid of providers) {
				const groups = parseNex(
					nexSlotGroup,
					(await this.transport.request({
						method: 'GET',
						path: '/available_slots',
						query: {
							start_date: day.toISODate() as string,
							days,
							'lids[]': this.transport.locationId,
							'pids[]': pid,
							slot_length: query.lengthMinutes,
							'operatory_ids[]': query.operatoryId ?? undefined,
						},
					})) as unknown[],
					'available slot',
				);
				for (const group of groups) {
					for (const s of group.slots) {
						const providerId = String(s.provider_id ?? group.pid ?? pid);
						const operatoryId = s.operatory_id === null || s.operatory_id === undefined ? '' : String(s.operatory_id);
						if (providerId !== pid || (query.operatoryId !== null && operatoryId !== query.operatoryId)) continue;
						slots.push({ start: this.local(s.time), end: this.local(s.end_time), providerId, operatoryId });
					}
				}
			}
		}
		return slots.sort((a, b) => a.start.localeCompare(b.start) || a.operatoryId.localeCompare(b.operatoryId));
	}

	/**
	 * Pending until NexHealth's insertion webhook confirms it. Before posting: a live appointment already
	 * carrying this key is this booking (a retry), and a chair or patient already busy at that time
	 * refuses it (the EHR would fail the write, reporting no reason).
	 */
	async book(request: BookRequest): Promise<Booking> {
		if (request.plannedAppointmentId)
			throw new Error('NexHealth has no planned appointments to schedule: book without a Planned Appointment ID');
		const day = request.start.slice(0, 10);
		const tag = keyTag(request.key);
		const dayRows = () => this.dayAppointments(day);
		const found = (rows: NexAppointmentRecord[]) => rows.find((a) => !a.cancelled && (a.note ?? '').includes(tag));
		const rows = await dayRows();
		const made = found(rows);
		if (made) return { appointmentId: String(made.id), reused: true, pending: isUnwritten(made) };
		const start = DateTime.fromFormat(request.start, LOCAL, { zone: this.timezone });
		const end = start.plus({ minutes: request.lengthMinutes });
		const busy = rows.filter(
			(a) =>
				appointmentStatus(a) === 'scheduled' &&
				(String(a.operatory_id) === request.operatoryId || String(a.patient_id) === request.patientId),
		);
		if (busy.some((a) => DateTime.fromISO(a.start_time) < end && DateTime.fromISO(a.end_time || a.start_time) > start))
			throw new SlotTakenError(request);
		const note = fitNote(request.note, request.key);
		const body = {
			appt: {
				patient_id: Number(request.patientId),
				provider_id: Number(request.providerId),
				operatory_id: Number(request.operatoryId),
				start_time: start.toISO(),
				end_time: end.toISO(),
				note,
			},
		};
		const post = {
			method: 'POST' as const,
			path: '/appointments',
			query: { location_id: this.transport.locationId, notify_patient: 'false' },
			body,
		};
		// Sent once (the transport retries only a 429, "not processed"); after no answer or a 5xx the
		// keyed appointment is looked for, and the caller tries again only if it is not there.
		const created = await withRetries(
			async () => {
				const data = (await this.transport.request(post, { repeatable: false })) as { appt?: unknown } | null;
				return parseNex(nexAppointment, [data?.appt ?? data], 'appointment')[0];
			},
			{
				policy: { ...DEFAULT_RETRY, attempts: 1 },
				timing: this.transport.options.timing,
				retryable: (error) => error instanceof PmsApiError && (error.status === 0 || error.status >= 500),
				recover: async () => {
					const landed = found(await dayRows());
					return landed && { value: landed };
				},
			},
		);
		return { appointmentId: String(created.id), reused: false, pending: isUnwritten(created) };
	}

	async confirm(appointmentId: string, value: ConfirmValue): Promise<void> {
		// NexHealth's confirmation is yes/no: "Confirmed" sets it, anything else clears it.
		await this.patch(appointmentId, { confirmed: value === 'Confirmed' });
	}

	async cancel(appointmentId: string, _request: CancelRequest): Promise<boolean> {
		const record = parseNex(
			nexAppointment,
			[await this.transport.request({ method: 'GET', path: `/appointments/${encodeURIComponent(appointmentId)}` })],
			'appointment',
		)[0];
		if (record.cancelled) return false;
		// NexHealth has no missed/cancelled codes or unscheduled list: the appointment is cancelled.
		await this.patch(appointmentId, { cancelled: true });
		return true;
	}

	/** No chart-note write in NexHealth's API (reference section 5): nothing is sent; the journal keeps the note. */
	async logCommunication(_request: CommlogRequest): Promise<LoggedCommunication> {
		return { id: '', reused: false, notCharted: NO_CHART_NOTE };
	}

	/** NexHealth keeps no text consent for patients: Chairside's own opt-out record (the shared state) is the record. */
	async setTextConsent(_patientId: string, _consent: TextConsent): Promise<void> {}

	private async patch(appointmentId: string, appt: Record<string, unknown>): Promise<void> {
		// PATCH sets fields to values: repeating it changes nothing, so it is retried like a read.
		await this.transport.request(
			{ method: 'PATCH', path: `/appointments/${encodeURIComponent(appointmentId)}`, body: { appt } },
			{ repeatable: true },
		);
	}

	private async dayAppointments(day: string): Promise<NexAppointmentRecord[]> {
		const start = DateTime.fromISO(day, { zone: this.timezone }).startOf('day').toUTC().toISO() as string;
		const end = DateTime.fromISO(day, { zone: this.timezone }).endOf('day').toUTC().toISO() as string;
		return parseNex(
			nexAppointment,
			await this.transport.all('/appointments', { location_id: this.transport.locationId, start, end }),
			'appointment',
		);
	}

	private local(iso: string): string {
		return DateTime.fromISO(iso, { setZone: true }).setZone(this.timezone).toFormat(LOCAL);
	}
}

/** The note with its key tag, cut to NexHealth's 128 characters without losing the tag. */
export function fitNote(note: string, key: string): string {
	const tagged = noteWithKey(note, key);
	if (tagged.length <= NOTE_LIMIT) return tagged;
	const tag = keyTag(key);
	return `${note.trim().slice(0, NOTE_LIMIT - tag.length - 2)}… ${tag}`;
}
