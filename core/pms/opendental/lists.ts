/**
 * Lists read from Open Dental with every row re-checked against what was asked. A filter the
 * office's version does not have yet is not sent (docs/open-dental.md: an older Open Dental may
 * ignore it and answer every row), and whatever the server filtered, a row that does not match
 * the question is dropped here: a completed or deleted procedure is never "planned" because the
 * server ignored ProcStatus.
 */
import { DateTime } from 'luxon';
import {
	appointmentRecord,
	odDate,
	parseRows,
	procedureRecord,
	type AppointmentRecord,
	type ProcedureRecord,
} from './records';
import type { OpenDentalTransport } from './transport';
import { atLeast, FEATURES } from './version';

const SQL = 'yyyy-MM-dd HH:mm:ss';

export interface AppointmentFilter {
	PatNum?: number | string;
	AptStatus?: string;
	Op?: number | string;
	/** yyyy-MM-dd, inclusive. */
	dateStart?: string;
	dateEnd?: string;
	/** Practice-local "yyyy-MM-dd HH:mm:ss": rows stamped at or after it. */
	DateTStamp?: string;
}

export async function appointmentRows(
	transport: OpenDentalTransport,
	filter: AppointmentFilter,
): Promise<AppointmentRecord[]> {
	const version = await transport.version();
	const query = {
		PatNum: filter.PatNum,
		dateStart: filter.dateStart,
		dateEnd: filter.dateEnd,
		AptStatus: atLeast(version, FEATURES.appointmentStatusFilter) ? filter.AptStatus : undefined,
		Op: atLeast(version, FEATURES.appointmentOpFilter) ? filter.Op : undefined,
		// apiappointments.html: DateTStamp keeps rows "altered after" it, so ask from a second
		// earlier and keep the cursor's own second here.
		DateTStamp: filter.DateTStamp && secondBefore(filter.DateTStamp),
	};
	const rows = parseRows(appointmentRecord, await transport.all('/appointments', query), 'appointment');
	return rows.filter((a) => {
		const date = odDate(a.AptDateTime) ?? '';
		return (
			(filter.PatNum === undefined || String(a.PatNum) === String(filter.PatNum)) &&
			(filter.AptStatus === undefined || a.AptStatus === filter.AptStatus) &&
			(filter.Op === undefined || String(a.Op) === String(filter.Op)) &&
			(filter.dateStart === undefined || date >= filter.dateStart) &&
			(filter.dateEnd === undefined || date <= filter.dateEnd) &&
			(filter.DateTStamp === undefined || (a.DateTStamp ?? filter.DateTStamp) >= filter.DateTStamp)
		);
	});
}

export interface ProcedureFilter {
	PatNum?: number;
	ProcStatus?: string;
	/** Practice-local "yyyy-MM-dd HH:mm:ss": apiprocedurelogs.html keeps rows stamped "on or after" it. */
	DateTStamp?: string;
}

export async function procedureRows(
	transport: OpenDentalTransport,
	filter: ProcedureFilter,
): Promise<ProcedureRecord[]> {
	const version = await transport.version();
	const query = {
		PatNum: filter.PatNum,
		ProcStatus: atLeast(version, FEATURES.procedureStatusFilter) ? filter.ProcStatus : undefined,
		DateTStamp: filter.DateTStamp,
	};
	const rows = parseRows(procedureRecord, await transport.all('/procedurelogs', query), 'procedurelog');
	return rows.filter(
		(p) =>
			(filter.PatNum === undefined || p.PatNum === filter.PatNum) &&
			(filter.ProcStatus === undefined || p.ProcStatus === filter.ProcStatus) &&
			(filter.DateTStamp === undefined || (p.DateTStamp ?? filter.DateTStamp) >= filter.DateTStamp),
	);
}

function secondBefore(stamp: string): string {
	const at = DateTime.fromFormat(stamp, SQL);
	return at.isValid ? at.minus({ seconds: 1 }).toFormat(SQL) : stamp;
}
