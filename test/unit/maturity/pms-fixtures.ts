/** Small hand-built PMS items for the Measure and Patient Risk tests, in the PMS node's shapes. */
import { DateTime } from 'luxon';
import type { AppointmentStatus, PlanStatus, PresentedPlan } from '../../../core/model/clinical';
import type { PatientContact, ReadAppointment, ReadProcedure } from '../../../core/maturity/items';

export const ZONE = 'America/Chicago';

let next = 0;

/** `at` is "yyyy-MM-dd" (09:00) or "yyyy-MM-dd HH:mm", practice-local; start carries the zone's offset as the reader writes it. */
export function apt(
	patientId: string,
	at: string,
	status: AppointmentStatus,
	patient?: PatientContact,
): ReadAppointment {
	const [date, time = '09:00'] = at.split(' ');
	const start = DateTime.fromISO(`${date}T${time}`, { zone: ZONE }).toISO() as string;
	return { id: `a${++next}`, patientId, status, start, ...(patient ? { patient } : {}) };
}

export function proc(patientId: string, occurredOn: string, fee: number): ReadProcedure {
	return { id: `p${++next}`, patientId, occurredOn, fee };
}

export function plan(
	patientId: string,
	presentedOn: string,
	status: PlanStatus,
	fee: number,
	acceptedFee: number,
): PresentedPlan {
	return { planId: `t${++next}`, patientId, presentedOn, status, fee, acceptedFee, provider: 'DDS1' };
}

/** `date` moved by `days` (negative: earlier), yyyy-MM-dd. */
export function shift(date: string, days: number): string {
	return DateTime.fromISO(date).plus({ days }).toISODate() as string;
}
