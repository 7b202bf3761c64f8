import { DateTime } from 'luxon';
import { generatePractice } from '../../../sandbox/practice/generate';
import type { Practice } from '../../../sandbox/practice/types';
import {
	startOpenDentalSimulator,
	type OpenDentalSimulator,
	type OpenDentalSimulatorOptions,
} from '../../../sandbox/opendental';

export const DEV = 'dev-key';
export const CUST = 'cust-key';
export const AUTH = { Authorization: `ODFHIR ${DEV}/${CUST}` };
export const TODAY = '2026-11-23';

export function practice(): Practice {
	return generatePractice({ seed: 5, patients: 300, stage: 3, today: TODAY });
}

/** A clock a test moves by hand, so stamps and serverDateTime are exact. */
export class Clock {
	current: DateTime;
	constructor(zone: string) {
		this.current = DateTime.fromISO(`${TODAY}T08:00:00`, { zone });
	}
	now = (): DateTime => this.current;
	advance(minutes: number): string {
		this.current = this.current.plus({ minutes });
		return this.current.toFormat('yyyy-MM-dd HH:mm:ss');
	}
}

export async function start(
	overrides: Partial<OpenDentalSimulatorOptions> = {},
): Promise<{ sim: OpenDentalSimulator; clock: Clock; practice: Practice }> {
	const p = overrides.practice ?? practice();
	const clock = new Clock(p.clinics[0].timezone);
	const sim = await startOpenDentalSimulator({
		practice: p,
		developerKey: DEV,
		customerKey: CUST,
		now: clock.now,
		...overrides,
	});
	return { sim, clock, practice: p };
}

export interface Answer<T> {
	status: number;
	body: T;
	text: string;
	headers: Headers;
}

export async function call<T = unknown>(
	sim: OpenDentalSimulator,
	path: string,
	init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer<T>> {
	const res = await fetch(`${sim.url}${path}`, {
		method: init.method ?? 'GET',
		headers: { ...AUTH, 'Content-Type': 'application/json', ...init.headers },
		body: init.body === undefined ? undefined : JSON.stringify(init.body),
	});
	const text = await res.text();
	const json = res.headers.get('content-type')?.startsWith('application/json');
	return { status: res.status, body: (json ? JSON.parse(text) : undefined) as T, text, headers: res.headers };
}

export type Row = Record<string, unknown>;
