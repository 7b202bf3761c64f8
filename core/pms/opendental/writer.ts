/**
 * The PMS writer over Open Dental's REST API. Open Dental checks no overlaps on POST /appointments,
 * so a booking re-checks the chair and the patient right before writing, and carries its key in the
 * appointment's Note so a retry after a lost answer finds what was already made. Every write that
 * fails transiently (the eConnector's 400, no answer, a 5xx) looks for its effect before it is
 * sent again (OpenDentalTransport.write).
 */
import { DateTime } from 'luxon';
import { keyTag, logKey, noteWithKey } from '../../booking/key';
import { patternFor } from '../../booking/pattern';
import { cutGaps, type Slot } from '../../booking/slots';
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
import { appointmentRows, type AppointmentFilter } from './lists';
import { appointmentRecord, parseRows, slotRecord, type AppointmentRecord } from './records';
import type { OpenDentalTransport } from './transport';

/** Statuses that hold their time on the appointment book. */
const OCCUPYING = new Set(['Scheduled', 'Complete', 'ASAP']);
const BROKEN = new Set(['Broken', 'UnschedList']);

export class OpenDentalWriter implements PmsWriter {
	constructor(private readonly transport: OpenDentalTransport) {}

	/**
	 * apiappointments.html, Appointments GET Slots: whole open gaps at least `lengthMinutes` long, for
	 * the practice's default provider unless ProvNum is given. Each gap is cut into bookable times
	 * of the asked length; a row for another provider or chair than the one asked is dropped.
	 */
	async openSlots(query: SlotQuery): Promise<Slot[]> {
		const rows = await this.transport.all('/appointments/Slots', {
			dateStart: query.from,
			dateEnd: query.to,
			lengthMinutes: query.lengthMinutes,
			ProvNum: query.providerId ?? undefined,
			OpNum: query.operatoryId ?? undefined,
		});
		const gaps = parseRows(slotRecord, rows, 'slot')
			.filter(
				(s) =>
					(query.providerId === null || String(s.ProvNum) === query.providerId) &&
					(query.operatoryId === null || String(s.OpNum) === query.operatoryId),
			)
			.map((s) => ({
				start: s.DateTimeStart,
				end: s.DateTimeEnd,
				providerId: String(s.ProvNum),
				operatoryId: String(s.OpNum),
			}));
		return cutGaps(gaps, query.lengthMinutes);
	}

	async book(request: BookRequest): Promise<Booking> {
		const day = request.start.slice(0, 10);
		const patientsDay = () => this.appointments({ PatNum: request.patientId, dateStart: day, dateEnd: day });
		const patients = await patientsDay();
		const made = this.madeBy(request, patients);
		if (made) return { appointmentId: String(made.AptNum), reused: true };
		const chair = await this.appointments({ Op: request.operatoryId, dateStart: day, dateEnd: day });
		const end = DateTime.fromSQL(request.start)
			.plus({ minutes: request.lengthMinutes })
			.toFormat('yyyy-MM-dd HH:mm:ss');
		if ([...chair, ...patients].some((a) => OCCUPYING.has(a.AptStatus) && overlaps(a, request.start, end)))
			throw new SlotTakenError(request);
		const result = await this.transport.write(this.bookingRequest(request), async () =>
			this.madeBy(request, await patientsDay()),
		);
		const created = 'found' in result ? result.found : parseRows(appointmentRecord, [result.answer], 'appointment')[0];
		return { appointmentId: String(created.AptNum), reused: false };
	}

	async confirm(appointmentId: string, value: ConfirmValue): Promise<void> {
		await this.transport.request({
			method: 'PUT',
			path: `/appointments/${encodeURIComponent(appointmentId)}/Confirm`,
			body: { confirmVal: value },
		});
	}

	async cancel(appointmentId: string, request: CancelRequest): Promise<boolean> {
		const path = `/appointments/${encodeURIComponent(appointmentId)}`;
		const isBroken = async () =>
			BROKEN.has(
				parseRows(appointmentRecord, [await this.transport.request({ method: 'GET', path })], 'appointment')[0]
					.AptStatus,
			);
		if (await isBroken()) return false;
		// breakType only when the practice asks for one: an office on default settings refuses it.
		const body = {
			sendToUnscheduledList: String(request.toUnscheduledList),
			...(request.reason ? { breakType: request.reason } : {}),
		};
		// Break twice is a 400 and would chart a second D9986/D9987: looked up, never repeated blindly.
		await this.transport.write({ method: 'PUT', path: `${path}/Break`, body }, async () =>
			(await isBroken()) ? true : undefined,
		);
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
		const post = { method: 'POST' as const, path: '/commlogs', body };
		/** The keyed entry in the patient's chart, if it is there. */
		const landed = async (): Promise<string | undefined> => {
			const logs = await this.transport.all<{ CommlogNum?: unknown; Note?: unknown }>('/commlogs', {
				PatNum: request.patientId,
			});
			const entry = logs.find((c) => typeof c.Note === 'string' && tag !== null && c.Note.includes(tag));
			return entry && String(entry.CommlogNum ?? '');
		};
		if (!tag) {
			const created = (await this.transport.request(post, { repeatable: false })) as { CommlogNum?: unknown } | null;
			return { id: idOf(created?.CommlogNum), reused: false };
		}
		const result = await this.transport.write(post, landed);
		if ('found' in result) return { id: result.found, reused: true };
		const id = idOf((result.answer as { CommlogNum?: unknown } | null)?.CommlogNum);
		// docs/open-dental.md: before 23.3.7 the answer carries no CommlogNum; the key finds it.
		return { id: id || ((await landed()) ?? ''), reused: false };
	}

	async setTextConsent(patientId: string, consent: TextConsent): Promise<void> {
		await this.transport.request({
			method: 'PUT',
			path: `/patients/${encodeURIComponent(patientId)}`,
			body: { TxtMsgOk: consent },
		});
	}

	/** The appointment this booking already made: its key in the Note (SchedulePlanned takes a Note too). */
	private madeBy(request: BookRequest, appointments: AppointmentRecord[]): AppointmentRecord | undefined {
		const tag = keyTag(request.key);
		return appointments.find((a) => (a.Note ?? '').includes(tag));
	}

	private bookingRequest(request: BookRequest) {
		const common = {
			AptDateTime: request.start,
			ProvNum: Number(request.providerId),
			Op: Number(request.operatoryId),
			Note: noteWithKey(request.note, request.key),
		};
		if (request.plannedAppointmentId) {
			// apiappointments.html, SchedulePlanned: AptNum, AptDateTime, ProvNum, Op required; Note optional.
			return {
				method: 'POST' as const,
				path: '/appointments/SchedulePlanned',
				body: { AptNum: Number(request.plannedAppointmentId), ...common },
			};
		}
		const body = { PatNum: Number(request.patientId), ...common, Pattern: patternFor(request.lengthMinutes) };
		return { method: 'POST' as const, path: '/appointments', body };
	}

	private appointments(filter: AppointmentFilter): Promise<AppointmentRecord[]> {
		return appointmentRows(this.transport, filter);
	}
}

/** A CommlogNum as text; "" when the answer has none (0 or missing). */
function idOf(value: unknown): string {
	return value === undefined || value === null || String(value) === '0' ? '' : String(value);
}

function overlaps(a: AppointmentRecord, start: string, end: string): boolean {
	const aEnd = DateTime.fromSQL(a.AptDateTime)
		.plus({ minutes: (a.Pattern?.length ?? 0) * 5 })
		.toFormat('yyyy-MM-dd HH:mm:ss');
	return a.AptDateTime < end && aEnd > start;
}
