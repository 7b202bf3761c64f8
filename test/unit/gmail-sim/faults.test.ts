import type { GmailSimulator } from '../../../sandbox/gmail';
import { call, GMAIL_SCOPES, refreshForm, sendRaw, simple, start, token } from './helpers';

const mail = simple({ To: 'ana@example.com', Subject: 'Hi' });

describe('Gmail simulator: faults', () => {
	let sim: GmailSimulator;
	beforeEach(async () => {
		({ sim } = await start({ scopes: [GMAIL_SCOPES.send, GMAIL_SCOPES.readonly] }));
	});
	afterEach(() => sim.close());

	it.each([
		[
			429,
			'RESOURCE_EXHAUSTED',
			'rateLimitExceeded',
			/^User-rate limit exceeded\.\s+Retry after 2026-11-23T14:00:01\.000Z$/,
		],
		[500, 'INTERNAL', 'backendError', /^Internal error encountered\.$/],
		[503, 'UNAVAILABLE', 'backendError', /^The service is currently unavailable\.$/],
		[401, 'UNAUTHENTICATED', 'authError', /^Request had invalid authentication credentials\./],
	] as const)(
		'answers %s in Google error JSON, sends nothing, then recovers',
		async (status, code, reason, message) => {
			sim.fault({ status });
			const res = await sendRaw(sim, mail);
			expect(res.status).toBe(status);
			expect(res.body.error).toMatchObject({ code: status, status: code, errors: [{ domain: 'global', reason }] });
			expect(res.body.error.message).toMatch(message);
			expect(sim.outbox).toHaveLength(0);
			expect((await sendRaw(sim, mail)).status).toBe(200);
			expect(sim.outbox).toHaveLength(1);
		},
	);

	it('repeats a fault as many times as asked', async () => {
		sim.fault({ status: 503, times: 3 });
		const statuses = [];
		for (let i = 0; i < 4; i++) statuses.push((await sendRaw(sim, mail)).status);
		expect(statuses).toEqual([503, 503, 503, 200]);
	});

	it('hits reads too, but not the token endpoint unless asked', async () => {
		sim.fault({ status: 500 });
		expect((await token(sim, refreshForm)).status).toBe(200);
		expect((await call(sim, '/gmail/v1/users/me/messages')).status).toBe(500);
		expect((await call(sim, '/gmail/v1/users/me/messages')).status).toBe(200);
	});

	it('answers before checking the token, as a front end does', async () => {
		sim.fault({ status: 429 });
		expect((await sendRaw(sim, mail, {}, null)).status).toBe(429);
	});

	it('does not spend a fault on an unknown path', async () => {
		sim.fault({ status: 503 });
		expect((await call(sim, '/gmail/v1/nope')).status).toBe(404);
		expect((await sendRaw(sim, mail)).status).toBe(503);
	});

	it.each([
		[401, 'invalid_client'],
		[429, 'rate_limit_exceeded'],
		[500, 'internal_failure'],
		[503, 'internal_failure'],
	] as const)('fails the token endpoint with %s when asked, in its flat error shape', async (status, error) => {
		sim.fault({ status, on: 'token' });
		const res = await token(sim, refreshForm);
		expect(res.status).toBe(status);
		expect(res.body.error).toBe(error);
		expect(sim.tokensIssued).toBe(0);
		expect((await sendRaw(sim, mail)).status).toBe(200);
		expect((await token(sim, refreshForm)).status).toBe(200);
	});

	it('records every request with its status', async () => {
		sim.fault({ status: 503 });
		await sendRaw(sim, mail);
		await sendRaw(sim, mail);
		expect(sim.requests.map((r) => [r.method, r.path, r.status])).toEqual([
			['POST', '/gmail/v1/users/me/messages/send', 503],
			['POST', '/gmail/v1/users/me/messages/send', 200],
		]);
	});
});
