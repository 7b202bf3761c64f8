import type { SheetsSimulator } from '../../../sandbox/sheets';
import { token } from '../gmail-sim/helpers';
import { append, BOOK, call, CLIENT, REFRESH, start, values } from './helpers';

describe('Sheets simulator: faults and the sandbox view', () => {
	let sim: SheetsSimulator;
	beforeEach(async () => {
		({ sim } = await start());
	});
	afterEach(() => sim.close());

	it('answers 429 RESOURCE_EXHAUSTED with the quota it ran into, writes nothing, then recovers', async () => {
		sim.fault({ status: 429 });
		const res = await append(sim, 'Weekly', [['x']]);
		expect(res.status).toBe(429);
		expect(res.body.error).toMatchObject({
			code: 429,
			status: 'RESOURCE_EXHAUSTED',
			details: [{ reason: 'RATE_LIMIT_EXCEEDED', metadata: { service: 'sheets.googleapis.com' } }],
		});
		expect(res.body.error.message).toMatch(/^Quota exceeded for quota metric 'Write requests'/);
		expect(res.body.error).not.toHaveProperty('errors');
		expect(sim.sheet(BOOK, 'Weekly')).toEqual([]);
		expect((await append(sim, 'Weekly', [['x']])).status).toBe(200);
	});

	it.each([
		[500, 'INTERNAL', 'Internal error encountered.'],
		[503, 'UNAVAILABLE', 'The service is currently unavailable.'],
		[401, 'UNAUTHENTICATED', expect.stringMatching(/^Request had invalid authentication credentials\./)],
	] as const)('answers %s %s as many times as asked, before checking the token', async (status, code, message) => {
		sim.fault({ status, times: 2 });
		expect((await call(sim, values('Weekly'), { token: null })).body).toEqual({
			error: { code: status, message, status: code },
		});
		expect((await call(sim, `/v4/spreadsheets/${BOOK}`)).status).toBe(status);
		expect((await call(sim, `/v4/spreadsheets/${BOOK}`)).status).toBe(200);
	});

	it('fails the token endpoint only when asked, and an unknown path spends no fault', async () => {
		sim.fault({ status: 503, on: 'token' });
		sim.fault({ status: 500 });
		expect((await call(sim, '/v4/spreadsheets')).status).toBe(404);
		const form = {
			grant_type: 'refresh_token',
			client_id: CLIENT.clientId,
			client_secret: CLIENT.clientSecret,
			refresh_token: REFRESH,
		};
		expect((await token(sim, form)).body).toEqual({ error: 'internal_failure', error_description: 'Backend Error' });
		expect((await call(sim, `/v4/spreadsheets/${BOOK}`)).status).toBe(500);
		expect((await token(sim, form)).status).toBe(200);
	});

	it('records every request with its status', async () => {
		sim.fault({ status: 503 });
		await append(sim, 'Weekly', [['x']]);
		await append(sim, 'Weekly', [['x']]);
		expect(sim.requests.map((r) => [r.method, r.path, r.query, r.status])).toEqual([
			['POST', `/v4/spreadsheets/${BOOK}/values/Weekly:append`, { valueInputOption: 'RAW' }, 503],
			['POST', `/v4/spreadsheets/${BOOK}/values/Weekly:append`, { valueInputOption: 'RAW' }, 200],
		]);
	});

	it('shows every spreadsheet at GET /sandbox/spreadsheets, and names its routes for any other', async () => {
		await append(sim, 'Weekly', [['week', 1]]);
		const view = await call(sim, '/sandbox/spreadsheets', { token: null });
		expect(view.body).toEqual([
			{
				spreadsheetId: BOOK,
				title: 'Practice trend',
				sheets: [
					{ title: 'Weekly', rows: [['week', '1']] },
					{ title: "Bob's Q1 tab", rows: [['a', 'b'], ['c']] },
				],
			},
		]);
		expect((await call(sim, '/sandbox/nope')).body).toEqual({
			error: 'No sandbox route GET /sandbox/nope. Try GET /sandbox/spreadsheets.',
		});
	});

	it('sheet() names what it cannot find', () => {
		expect(() => sim.sheet(BOOK, 'Nope')).toThrow('No tab "Nope" in spreadsheet trend-book');
		expect(() => sim.sheet('nope', 'Weekly')).toThrow('No tab "Weekly" in spreadsheet nope');
	});
});
