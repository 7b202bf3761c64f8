import type { GmailSimulator } from '../../../sandbox/gmail';
import {
	ACCESS,
	call,
	CLIENT,
	type Clock,
	GMAIL_SCOPES,
	REFRESH,
	refreshForm,
	SENDER,
	sendRaw,
	simple,
	start,
	token,
} from './helpers';

const mail = simple({ To: 'ana@example.com', Subject: 'Hi' });

describe('Gmail simulator: OAuth', () => {
	let sim: GmailSimulator;
	let clock: Clock;
	beforeEach(async () => {
		({ sim, clock } = await start());
	});
	afterEach(() => sim.close());

	it('listens on loopback only, with the token endpoint at /token', () => {
		expect(sim.url).toBe(`http://127.0.0.1:${sim.port}`);
		expect(sim.tokenUrl).toBe(`${sim.url}/token`);
	});

	describe('token endpoint', () => {
		it('refreshes: a new bearer token with Google fields, counted in tokensIssued, that Gmail accepts', async () => {
			expect(sim.tokensIssued).toBe(0);
			const res = await token(sim, refreshForm);
			expect(res.status).toBe(200);
			expect(res.body).toEqual({
				access_token: expect.stringMatching(/^ya29\./),
				expires_in: 3599,
				scope: GMAIL_SCOPES.send,
				token_type: 'Bearer',
			});
			expect(res.body).not.toHaveProperty('refresh_token');
			expect(res.headers.get('cache-control')).toMatch(/no-store/);
			expect(sim.tokensIssued).toBe(1);
			expect((await sendRaw(sim, mail, {}, res.body.access_token)).status).toBe(200);
			const again = await token(sim, refreshForm);
			expect(again.body.access_token).not.toBe(res.body.access_token);
			expect(sim.tokensIssued).toBe(2);
		});

		it('accepts the client in an HTTP Basic header instead of the body', async () => {
			const basic = `Basic ${Buffer.from(`${CLIENT.clientId}:${CLIENT.clientSecret}`).toString('base64')}`;
			const res = await token(sim, { grant_type: 'refresh_token', refresh_token: REFRESH }, { Authorization: basic });
			expect(res.status).toBe(200);
		});

		it('answers invalid_grant for a wrong refresh token, and issues nothing', async () => {
			const res = await token(sim, { ...refreshForm, refresh_token: '1//stolen' });
			expect(res.status).toBe(400);
			expect(res.body).toEqual({ error: 'invalid_grant', error_description: 'Bad Request' });
			expect(sim.tokensIssued).toBe(0);
		});

		it.each([
			[
				'an unknown client id',
				{ client_id: 'nope.apps.googleusercontent.com' },
				401,
				{ error: 'invalid_client', error_description: 'The OAuth client was not found.' },
			],
			[
				'a wrong client secret',
				{ client_secret: 'nope' },
				401,
				{ error: 'invalid_client', error_description: 'Unauthorized' },
			],
			['no client secret', { client_secret: '' }, 401, { error: 'invalid_client', error_description: 'Unauthorized' }],
			[
				'no client id',
				{ client_id: '' },
				400,
				{ error: 'invalid_request', error_description: 'Could not determine client ID from request.' },
			],
			[
				'no refresh token',
				{ refresh_token: '' },
				400,
				{ error: 'invalid_request', error_description: 'Missing required parameter: refresh_token' },
			],
			[
				'another grant type',
				{ grant_type: 'password' },
				400,
				{ error: 'unsupported_grant_type', error_description: 'Invalid grant_type: password' },
			],
		])('refuses %s as Google does', async (_, change, status, body) => {
			const res = await token(sim, { ...refreshForm, ...change });
			expect(res.status).toBe(status);
			expect(res.body).toEqual(body);
			expect(sim.tokensIssued).toBe(0);
		});

		it('exchanges any authorization code for a token and the refresh token, but not a missing one', async () => {
			const form = {
				grant_type: 'authorization_code',
				code: '4/anything',
				redirect_uri: 'http://localhost:5678/rest/oauth2-credential/callback',
			};
			const res = await token(sim, { ...form, client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret });
			expect(res.status).toBe(200);
			expect(res.body).toMatchObject({
				access_token: expect.any(String),
				refresh_token: REFRESH,
				expires_in: 3599,
				token_type: 'Bearer',
			});
			const missing = await token(sim, {
				grant_type: 'authorization_code',
				client_id: CLIENT.clientId,
				client_secret: CLIENT.clientSecret,
			});
			expect(missing.body).toEqual({ error: 'invalid_request', error_description: 'Missing required parameter: code' });
		});

		it('reports the scopes it was configured with', async () => {
			await sim.close();
			({ sim } = await start({ scopes: [GMAIL_SCOPES.send, GMAIL_SCOPES.readonly] }));
			expect((await token(sim, refreshForm)).body.scope).toBe(`${GMAIL_SCOPES.send} ${GMAIL_SCOPES.readonly}`);
		});

		it('refuses GET', async () => {
			expect((await fetch(sim.tokenUrl)).status).toBe(405);
		});
	});

	describe('bearer tokens', () => {
		it('accepts the seeded access token', async () => {
			expect((await sendRaw(sim, mail)).status).toBe(200);
		});

		it('answers 401 UNAUTHENTICATED without a token, in Google error JSON', async () => {
			const res = await sendRaw(sim, mail, {}, null);
			expect(res.status).toBe(401);
			expect(res.body).toEqual({
				error: {
					code: 401,
					message: expect.stringMatching(
						/^Request is missing required authentication credential\. Expected OAuth 2 access token/,
					),
					errors: [
						{
							message: expect.any(String),
							domain: 'global',
							reason: 'required',
							location: 'Authorization',
							locationType: 'header',
						},
					],
					status: 'UNAUTHENTICATED',
				},
			});
			expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
			expect(sim.outbox).toHaveLength(0);
		});

		it('answers 401 invalid credentials for an unknown token', async () => {
			const res = await sendRaw(sim, mail, {}, 'ya29.made-up');
			expect(res.status).toBe(401);
			expect(res.body.error).toMatchObject({
				code: 401,
				message: expect.stringMatching(/^Request had invalid authentication credentials\./),
				errors: [
					{
						message: 'Invalid Credentials',
						domain: 'global',
						reason: 'authError',
						location: 'Authorization',
						locationType: 'header',
					},
				],
				status: 'UNAUTHENTICATED',
			});
		});

		it('expires a token 3599 s after issue on the simulated clock, and a refresh fixes it', async () => {
			clock.advance(59);
			expect((await sendRaw(sim, mail)).status).toBe(200);
			clock.advance(1);
			const expired = await sendRaw(sim, mail);
			expect(expired.status).toBe(401);
			expect(expired.body.error.errors[0].reason).toBe('authError');
			const fresh = (await token(sim, refreshForm)).body.access_token as string;
			expect((await sendRaw(sim, mail, {}, fresh)).status).toBe(200);
			sim.setNow(clock.current.plus({ seconds: 3598 }));
			expect((await sendRaw(sim, mail, {}, fresh)).status).toBe(200);
			sim.setNow(clock.current.plus({ seconds: 3599 }));
			expect((await sendRaw(sim, mail, {}, fresh)).status).toBe(401);
		});

		it('stops everything when the user revokes access, until a new consent', async () => {
			sim.revoke();
			expect((await sendRaw(sim, mail)).status).toBe(401);
			const refused = await token(sim, refreshForm);
			expect(refused.status).toBe(400);
			expect(refused.body).toEqual({ error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
			await token(sim, {
				grant_type: 'authorization_code',
				code: 'x',
				client_id: CLIENT.clientId,
				client_secret: CLIENT.clientSecret,
			});
			expect((await token(sim, refreshForm)).status).toBe(200);
		});

		it('takes the token from the access_token query parameter too', async () => {
			const res = await call(sim, `/gmail/v1/users/me/messages/send?access_token=${ACCESS}`, {
				json: { raw: Buffer.from(mail).toString('base64url') },
				token: null,
			});
			expect(res.status).toBe(200);
		});

		it('refuses another mailbox with 403, and accepts the sender address as the user id', async () => {
			const raw = Buffer.from(mail).toString('base64url');
			expect(
				(
					await call(sim, `/gmail/v1/users/${encodeURIComponent(SENDER.toUpperCase())}/messages/send`, {
						json: { raw },
					})
				).status,
			).toBe(200);
			const other = await call(sim, '/gmail/v1/users/someone%40else.example/messages/send', { json: { raw } });
			expect(other.status).toBe(403);
			expect(other.body.error).toMatchObject({
				code: 403,
				message: `Delegation denied for ${SENDER}`,
				status: 'PERMISSION_DENIED',
			});
		});
	});
});
