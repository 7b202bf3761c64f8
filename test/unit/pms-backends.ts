/**
 * Both PMS backends over their protocol-faithful simulators, serving the same synthetic practice: the
 * shared set-up of the reader tests, so a meaning both backends must honour (Treatment Finder's
 * unscheduled treatment, completed procedures, appointments, lapsed patients) is tested once for both.
 */
import { DateTime } from 'luxon';
import type { PollCursor, PollRequest } from '../../core/pms/events';
import { NexHealthReader } from '../../core/pms/nexhealth/reader';
import { NexHealthTransport } from '../../core/pms/nexhealth/transport';
import { OpenDentalReader } from '../../core/pms/opendental/reader';
import { OpenDentalTransport } from '../../core/pms/opendental/transport';
import type { Timing } from '../../core/pms/http';
import { startNexHealthSimulator } from '../../sandbox/nexhealth';
import { nexFetchClient } from '../../sandbox/nexhealth/client';
import { LOCATION_ID_BASE } from '../../sandbox/nexhealth/store';
import { startOpenDentalSimulator } from '../../sandbox/opendental';
import { fetchClient } from '../../sandbox/opendental/client';
import { generatePractice } from '../../sandbox/practice/generate';
import type { Practice } from '../../sandbox/practice/types';
import { findUnscheduledTreatment } from '../../sandbox/practice/unscheduled';

export const TODAY = '2026-11-23';

/** The synthetic practice of the reader tests (one clinic). */
export function testPractice(patients = 400): Practice {
	return generatePractice({ seed: 21, patients, stage: 3, today: TODAY });
}

/** 08:00 on TODAY in the practice's zone. */
export function morning(practice: Practice): DateTime {
	return DateTime.fromISO(`${TODAY}T08:00:00`, { zone: practice.clinics[0].timezone });
}

/** A poll of PMS Trigger from `cursor` (recall_due 28 days ahead, lapsed after 12 months unless asked). */
export function pollRequest(
	cursor: PollCursor,
	now: DateTime,
	events: PollRequest['events'],
	more: Partial<Pick<PollRequest, 'families' | 'recallDaysAhead' | 'lapsedMonths'>> = {},
): PollRequest {
	return { cursor, now, events, families: [], recallDaysAhead: 28, lapsedMonths: 12, ...more };
}

/** A cursor at `now`'s second, last scanned on `scannedOn`. */
export function cursorAt(now: DateTime, scannedOn: string): PollCursor {
	return { changesSince: now.toFormat('yyyy-MM-dd HH:mm:ss'), boundaryKeys: [], scannedOn };
}

/** Sorted numbers, for comparing id lists. */
export function ascending(ids: Array<number | string>): number[] {
	return ids.map(Number).sort((a, b) => a - b);
}

const realTime: Timing = { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 20))) };

export interface Backend {
	name: 'Open Dental' | 'NexHealth';
	reader: () => OpenDentalReader | NexHealthReader;
	/** Open Dental's Treatment Finder over the practice's rows, as this backend can see them. */
	treatmentFinder: (practice: Practice) => ReturnType<typeof findUnscheduledTreatment>;
	/** The case's planned procedure ids, as the backend carries them in pmsIds. */
	procedureIds: (pmsIds: Record<string, number | string>) => number[];
	close: () => Promise<void>;
}

/** The reader's options every backend shares: the practice's zone, US numbers. */
function readerOptions<T>(practice: Practice, transport: T) {
	return { transport, timezone: practice.clinics[0].timezone, defaultRegion: 'US' as const };
}

export async function openDentalBackend(practice: Practice, now: () => DateTime): Promise<Backend> {
	const sim = await startOpenDentalSimulator({ practice, developerKey: 'dev', customerKey: 'cust', now });
	const http = fetchClient(sim.url, 'ODFHIR dev/cust');
	return {
		name: 'Open Dental',
		reader: () =>
			new OpenDentalReader(
				readerOptions(practice, new OpenDentalTransport({ http, timing: realTime, throttle: 'none', pageSize: 100 })),
			),
		treatmentFinder: findUnscheduledTreatment,
		procedureIds: (ids) => ascending(String(ids.ProcNums).split(',')),
		close: async () => sim.close(),
	};
}

/** The NexHealth simulator of the tests (key "key", subdomain "riverside"), and the practice's location. */
export async function nexHealthSimulator(practice: Practice, now: () => DateTime) {
	const sim = await startNexHealthSimulator({
		practice,
		apiKey: 'key',
		subdomain: 'riverside',
		now,
		writeDelayMs: null,
		rateLimits: false,
	});
	return { sim, locationId: String(LOCATION_ID_BASE + practice.clinics[0].ClinicNum) };
}

export async function nexHealthBackend(practice: Practice, now: () => DateTime): Promise<Backend> {
	const { sim, locationId } = await nexHealthSimulator(practice, now);
	const http = nexFetchClient(sim.url, 'key');
	return {
		name: 'NexHealth',
		reader: () =>
			new NexHealthReader(
				readerOptions(practice, new NexHealthTransport({ http, timing: realTime, subdomain: 'riverside', locationId })),
			),
		// NexHealth calls a planned procedure already on an appointment "scheduled": only unattached ones are planned.
		treatmentFinder: (practice) =>
			findUnscheduledTreatment({
				...practice,
				procedures: practice.procedures.filter((p) => !(p.ProcStatus === 'TP' && p.AptNum)),
			}),
		procedureIds: (ids) => ascending(String(ids.procedure_ids).split(',')),
		close: async () => sim.close(),
	};
}
