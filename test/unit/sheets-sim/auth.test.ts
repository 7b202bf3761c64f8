import type { SheetsSimulator } from '../../../sandbox/sheets';
import { token } from '../gmail-sim/helpers';
import { ACCESS, append, BOOK, call, CLIENT, type Clock, REFRESH, SHEETS_SCOPES, start, values } from './helpers';

const refreshForm = {
	grant_type: 'refresh_token',
	client_id: CLIENT.clientId,
	client_secret: CLIENT.clientSecret,
	refresh_token: REFRESH,
};

describe('Sheets simulator: OAuth and scopes', () => {
	let sim: SheetsSimulator;
	let clock: Clock;
	beforeEach(async () => {
		({ sim, clock } = await start());
	});
	afterEach(() => sim.close());

	it('refreshes a token at /token, on loopback only, with the spreadsheets scope that the API accepts', async () => {
		expect(sim.tokenUrl).toBe(`http://127.0.0.1:${sim.port}/token`);
		const res = await token(sim, refreshForm);
		expect(res.body).toEqual({
			access_token: expect.stringMatching(/^ya29\./),
			expires_in: 3599,
			scope: SHEETS_SCOPES.spreadsheets,
			token_type: 'Bearer',
		});
		expect(sim.tokensIssued).toBe(1);
		expect((await call(sim, `/v4/spreadsheets/${BOOK}`, { token: res.body.access_token })).status).toBe(200);
		expect((await token(sim, { ...refreshForm, refresh_token: '1//other' })).body).toEqual({
			error: 'invalid_grant',
			error_description: 'Bad Request',
		});
	});

	it('answers 401 UNAUTHENTICATED without a token, in Sheets v4 error JSON (no errors list)', async () => {
		const res = await call(sim, `/v4/spreadsheets/${BOOK}`, { token: null });
		expect(res.status).toBe(401);
		expect(res.body).toEqual({
			error: {
				code: 401,
				message: expect.stringMatching(/^Request is missing required authentication credential\./),
				status: 'UNAUTHENTICATED',
			},
		});
		expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
	});

	it('answers 401 for an unknown token and for one that expired on the simulated clock', async () => {
		expect((await call(sim, `/v4/spreadsheets/${BOOK}`, { token: 'ya29.made-up' })).body.error).toMatchObject({
			code: 401,
			message: expect.stringMatching(/^Request had invalid authentication credentials\./),
		});
		clock.advance(59);
		expect((await call(sim, `/v4/spreadsheets/${BOOK}`)).status).toBe(200);
		clock.advance(1);
		expect((await append(sim, 'Weekly', [['x']])).status).toBe(401);
		expect(sim.sheet(BOOK, 'Weekly')).toEqual([]);
	});

	it('stops every token when the user revokes access', async () => {
		sim.revoke();
		expect((await call(sim, values('Weekly'))).status).toBe(401);
		expect((await token(sim, refreshForm)).body.error).toBe('invalid_grant');
	});

	it('lets a read-only token read but not append or add a tab: 403 naming the method', async () => {
		await sim.close();
		({ sim } = await start({ scopes: [SHEETS_SCOPES.readonly] }));
		expect((await call(sim, values('Weekly'))).status).toBe(200);
		const res = await append(sim, 'Weekly', [['x']]);
		expect(res.status).toBe(403);
		expect(res.body.error).toEqual({
			code: 403,
			message: 'Request had insufficient authentication scopes.',
			status: 'PERMISSION_DENIED',
			details: [
				{
					'@type': 'type.googleapis.com/google.rpc.ErrorInfo',
					reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT',
					domain: 'googleapis.com',
					metadata: {
						service: 'sheets.googleapis.com',
						method: 'google.apps.sheets.v4.SpreadsheetsService.AppendValues',
					},
				},
			],
		});
		const add = await call(sim, `/v4/spreadsheets/${BOOK}:batchUpdate`, { json: { requests: [{ addSheet: {} }] } });
		expect(add.body.error.details[0].metadata.method).toBe(
			'google.apps.sheets.v4.SpreadsheetsService.BatchUpdateSpreadsheet',
		);
	});

	it.each([
		['a Gmail scope', ['https://www.googleapis.com/auth/gmail.send'], 403, 403],
		['drive', [SHEETS_SCOPES.drive], 200, 200],
		['drive.readonly', [SHEETS_SCOPES.driveReadonly], 200, 403],
	])('with %s (%j): read %i, append %i', async (_, scopes, read, write) => {
		await sim.close();
		({ sim } = await start({ scopes }));
		expect((await call(sim, `/v4/spreadsheets/${BOOK}`)).status).toBe(read);
		expect((await append(sim, 'Weekly', [['x']], 'valueInputOption=RAW', ACCESS)).status).toBe(write);
	});
});
