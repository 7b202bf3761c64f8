/**
 * The Google requests as Google's URI templates spell them (the discovery clients, e.g.
 * @googleapis/sheets, sent these same URLs): one escaped segment per path parameter, the rest in
 * the query. The simulators decode what they receive, so a wrong escape would pass there.
 */
import { cancel } from '../../../core/calendar/transport';
import { pathParam } from '../../../core/messaging/google';
import type { ProviderHttp, ProviderRequest } from '../../../core/messaging/provider';
import { firstColumn } from '../../../core/report/sheets';
import { fakePause } from './http';

function recording(answer: (r: ProviderRequest) => { status: number; body: unknown }) {
	const sent: ProviderRequest[] = [];
	const http: ProviderHttp = async (r) => {
		sent.push(r);
		return answer(r);
	};
	return { sent, http };
}

describe('Google requests', () => {
	it('escapes a path parameter as RFC 6570 simple expansion: all but unreserved characters', () => {
		expect(pathParam("'Q1 O''Brien''s'!A2:A")).toBe('%27Q1%20O%27%27Brien%27%27s%27%21A2%3AA');
		expect(pathParam('front desk+x@group.calendar.google.com')).toBe('front%20desk%2Bx%40group.calendar.google.com');
		expect(pathParam('a-b.c_d~e(f)*')).toBe('a-b.c_d~e%28f%29%2A');
		expect(pathParam('é/')).toBe('%C3%A9%2F');
	});

	it('reads a Sheets range under the API root, its tab quoted and escaped as one segment', async () => {
		const { sent, http } = recording(() => ({ status: 200, body: { values: [['2026-W10']] } }));
		const weeks = await firstColumn(
			http,
			{ baseUrl: 'https://sheets.googleapis.com/', spreadsheetId: 'abc-123_X', sheet: "Q1 O'Brien's" },
			{ pause: fakePause() },
		);
		expect(weeks).toEqual(['2026-W10']);
		expect(sent).toEqual([
			{
				method: 'GET',
				url: 'https://sheets.googleapis.com/v4/spreadsheets/abc-123_X/values/%27Q1%20O%27%27Brien%27%27s%27%21A2%3AA',
			},
		]);
	});

	it('cancels on a calendar whose id has "@" and "+": delete, then a one-event list to tell a missing event from a missing calendar', async () => {
		const { sent, http } = recording((r) =>
			r.method === 'DELETE'
				? { status: 404, body: { error: { code: 404, message: 'Not Found', errors: [{ reason: 'notFound' }] } } }
				: { status: 200, body: { items: [] } },
		);
		const done = await cancel(
			http,
			{ baseUrl: 'https://www.googleapis.com', calendarId: 'front desk+x@group.calendar.google.com' },
			'req-1',
			{ pause: fakePause() },
		);
		expect(done.outcome).toBe('already_cancelled');
		const events =
			'https://www.googleapis.com/calendar/v3/calendars/front%20desk%2Bx%40group.calendar.google.com/events';
		expect(sent).toEqual([
			{ method: 'DELETE', url: `${events}/${done.eventId}`, query: { sendUpdates: 'all' } },
			{ method: 'GET', url: events, query: { maxResults: '1' } },
		]);
	});
});
