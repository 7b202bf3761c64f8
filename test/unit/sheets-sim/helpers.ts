import {
	startSheetsSimulator,
	SHEETS_SCOPES,
	type SheetsSimulator,
	type SheetsSimulatorOptions,
} from '../../../sandbox/sheets';
import { ACCESS, call, CLIENT, Clock, type Answer, type Json } from '../gmail-sim/helpers';

export { ACCESS, call, CLIENT, Clock, SHEETS_SCOPES, type Answer, type Json };
export const BOOK = 'trend-book';
export const REFRESH = '1//sheets-refresh';

export async function start(
	overrides: Partial<SheetsSimulatorOptions> = {},
): Promise<{ sim: SheetsSimulator; clock: Clock }> {
	const clock = new Clock();
	const spreadsheets = [
		{
			spreadsheetId: BOOK,
			title: 'Practice trend',
			sheets: [{ title: 'Weekly' }, { title: "Bob's Q1 tab", rows: [['a', 'b'], ['c']] }],
		},
	];
	const sim = await startSheetsSimulator({
		...CLIENT,
		refreshToken: REFRESH,
		accessToken: ACCESS,
		spreadsheets,
		now: clock.now,
		...overrides,
	});
	return { sim, clock };
}

/** The path of a values call, the range escaped as googleapis escapes it. */
export const values = (range: string, verb = '', book = BOOK) =>
	`/v4/spreadsheets/${book}/values/${encodeURIComponent(range)}${verb}`;

export function append(
	sim: SheetsSimulator,
	range: string,
	rows: unknown[][],
	query = 'valueInputOption=RAW',
	token?: string | null,
): Promise<Answer> {
	return call(sim, `${values(range, ':append')}?${query}`, { json: { values: rows }, token });
}

export function batch(sim: SheetsSimulator, requests: unknown[], extra: Json = {}): Promise<Answer> {
	return call(sim, `/v4/spreadsheets/${BOOK}:batchUpdate`, { json: { requests, ...extra } });
}
