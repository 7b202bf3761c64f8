import { DateTime } from 'luxon';
import { gmailFailure, sendEmail, type GmailAccount } from '../../../core/messaging/gmail';
import { messageIdFor } from '../../../core/messaging/mime';
import { ProviderError } from '../../../core/messaging/provider';
import { startGmailSimulator, type GmailSimulator } from '../../../sandbox/gmail';
import { fakePause, fetchHttp } from './http';

const SENDER = 'front@brightsmiles.example';
const ACCESS = 'sandbox-access-token';

const email = {
	to: 'maria.garcia@example.com',
	subject: 'Tu visita de mañana',
	text: 'Hola Maria,\nTe guardamos un lugar para tu corona.',
	html: '<p>Hola Maria,</p><p>Te guardamos un lugar para tu corona.</p>',
	sendKey: 'enr-1:day3-email',
	date: DateTime.fromISO('2026-03-10T15:00:00Z'),
};

describe('Gmail transport against the simulator', () => {
	let sim: GmailSimulator;
	let account: GmailAccount;
	let log: Array<{ method: string; url: string }>;
	const http = (token = ACCESS) => fetchHttp(() => `Bearer ${token}`, log);

	beforeEach(async () => {
		sim = await startGmailSimulator({
			clientId: 'client',
			clientSecret: 'secret',
			refreshToken: 'refresh',
			accessToken: ACCESS,
			sender: SENDER,
		});
		account = { baseUrl: sim.url, from: `Bright Smiles <${SENDER}>` };
		log = [];
	});
	afterEach(() => sim.close());

	it('sends through users.messages.send with the raw message', async () => {
		const sent = await sendEmail(http(), account, email, { pause: fakePause() });
		expect(sent).toEqual({
			id: sim.outbox[0].id,
			threadId: sim.outbox[0].threadId,
			messageId: messageIdFor(email.sendKey),
		});
		expect(log).toEqual([{ method: 'POST', url: `${sim.url}/gmail/v1/users/me/messages/send` }]);
		const mail = sim.outbox[0];
		expect(mail).toMatchObject({
			to: email.to,
			subject: email.subject,
			messageId: messageIdFor(email.sendKey),
			via: 'json',
		});
		expect(mail.text).toBe(email.text);
		expect(mail.html).toBe(email.html);
		expect(mail.headers['from']).toContain(SENDER);
	});

	it('a base URL with a trailing slash works too', async () => {
		await sendEmail(http(), { ...account, baseUrl: `${sim.url}/` }, email, { pause: fakePause() });
		expect(sim.outbox).toHaveLength(1);
	});

	it('retries 429 and 503 with back-off, then sends once', async () => {
		sim.fault({ status: 429 });
		sim.fault({ status: 503 });
		const pause = fakePause();
		await sendEmail(http(), account, email, { pause });
		expect(sim.outbox).toHaveLength(1);
		expect(pause.sleeps).toHaveLength(2);
		expect(pause.sleeps[0]).toBeGreaterThanOrEqual(750);
	});

	it('gives up when the budget is spent', async () => {
		sim.fault({ status: 503, times: 10 });
		const error = (await sendEmail(http(), account, email, {
			pause: fakePause(),
			retry: { attempts: 2, maxWaitMs: 10_000 },
		}).catch((e) => e)) as ProviderError;
		expect(error).toBeInstanceOf(ProviderError);
		expect(error).toMatchObject({ provider: 'gmail', kind: 'unavailable', httpStatus: 503, attempts: 2 });
	});

	it('401: a credential error (n8n refreshes the token before this reaches us)', async () => {
		const error = (await sendEmail(http('expired'), account, email, { pause: fakePause() }).catch(
			(e) => e,
		)) as ProviderError;
		expect(error).toMatchObject({ kind: 'configuration', httpStatus: 401 });
		expect(error.message).toContain('reconnect');
	});

	it('a credential without the send scope is a configuration error', async () => {
		const readOnly = await startGmailSimulator({
			clientId: 'c',
			clientSecret: 's',
			refreshToken: 'r',
			accessToken: ACCESS,
			sender: SENDER,
			scopes: ['https://www.googleapis.com/auth/gmail.readonly'],
		});
		try {
			const error = (await sendEmail(http(), { ...account, baseUrl: readOnly.url }, email, {
				pause: fakePause(),
			}).catch((e) => e)) as ProviderError;
			expect(error).toMatchObject({ kind: 'configuration', httpStatus: 403 });
		} finally {
			await readOnly.close();
		}
	});

	it('refuses a credential without a sender address before calling Google', async () => {
		const error = (await sendEmail(http(), { ...account, from: '' }, email, { pause: fakePause() }).catch(
			(e) => e,
		)) as ProviderError;
		expect(error).toMatchObject({ kind: 'configuration' });
		expect(log).toHaveLength(0);
	});
});

describe('gmailFailure', () => {
	it.each([
		[
			{
				status: 400,
				body: {
					error: {
						code: 400,
						message: 'Invalid To header',
						status: 'INVALID_ARGUMENT',
						errors: [{ reason: 'invalidArgument' }],
					},
				},
			},
			'rejected',
			'invalidArgument',
		],
		[
			{ status: 403, body: { error: { code: 403, message: 'Rate', errors: [{ reason: 'userRateLimitExceeded' }] } } },
			'rate_limited',
			'userRateLimitExceeded',
		],
		[
			{
				status: 403,
				body: {
					error: { code: 403, message: 'Insufficient Permission', errors: [{ reason: 'insufficientPermissions' }] },
				},
			},
			'configuration',
			'insufficientPermissions',
		],
		[
			{ status: 429, body: { error: { code: 429, message: 'Too many', status: 'RESOURCE_EXHAUSTED' } } },
			'rate_limited',
			'RESOURCE_EXHAUSTED',
		],
		[{ status: 500, body: 'oops' }, 'unavailable', '500'],
		[{ status: 0, body: 'ECONNRESET' }, 'unavailable', null],
	])('%p -> %s %s', (response, kind, code) => {
		expect(gmailFailure(response)).toMatchObject({ kind, code });
	});
	it('keeps addresses out of its message', () => {
		expect(
			gmailFailure({ status: 400, body: { error: { message: 'Invalid To header: maria@example.com' } } })?.message,
		).toBe('Gmail refused the message (400): Invalid To header: [address]');
	});
});
