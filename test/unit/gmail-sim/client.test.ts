/**
 * The official client against the simulator: if @googleapis/gmail and google-auth-library can
 * refresh, send (JSON and /upload) and search through it, a node built on them will too.
 * rootUrl and the token URL point at loopback, so nothing leaves the machine. Gaxios gets
 * Node's fetch: its default (a dynamic import of node-fetch) does not load under Jest's VM, and
 * noProxy keeps a proxy in the environment from being asked to reach 127.0.0.1.
 */
import { gmail as gmailApi } from '@googleapis/gmail';
import { OAuth2Client } from 'google-auth-library';
import type { GmailSimulator } from '../../../sandbox/gmail';
import { alternative, CLIENT, GMAIL_SCOPES, HTML, MESSAGE_ID, REFRESH, start, SUBJECT, TEXT } from './helpers';

describe('Gmail simulator: @googleapis/gmail client', () => {
	let sim: GmailSimulator;
	beforeEach(async () => {
		({ sim } = await start({ scopes: [GMAIL_SCOPES.send, GMAIL_SCOPES.readonly] }));
	});
	afterEach(() => sim.close());

	// Loopback or nothing; and Node's fetch wants duplex: 'half' for the streamed body of an upload.
	const fetchImplementation = ((input: string | URL | Request, init?: RequestInit) => {
		const url = new URL(input instanceof Request ? input.url : input);
		if (url.hostname !== '127.0.0.1') return Promise.reject(new Error(`The test tried to reach ${url.origin}`));
		return fetch(input, { ...init, duplex: 'half' } as RequestInit);
	}) as typeof fetch;
	const transport = { fetchImplementation, noProxy: ['127.0.0.1'] };

	function client(refreshToken = REFRESH) {
		const auth = new OAuth2Client({
			...CLIENT,
			endpoints: { oauth2TokenUrl: sim.tokenUrl },
			transporterOptions: transport,
		});
		auth.setCredentials({ refresh_token: refreshToken });
		return gmailApi({ version: 'v1', auth, rootUrl: `${sim.url}/`, ...transport });
	}

	it('refreshes through /token, sends raw JSON and finds it by rfc822msgid', async () => {
		const api = client();
		const sent = await api.users.messages.send({
			userId: 'me',
			requestBody: { raw: Buffer.from(alternative()).toString('base64url') },
		});
		expect(sent.status).toBe(200);
		expect(sent.data.labelIds).toEqual(['SENT']);
		expect(sim.tokensIssued).toBe(1);
		expect(sim.outbox[0]).toMatchObject({ subject: SUBJECT, text: TEXT, html: HTML, via: 'json' });
		const found = await api.users.messages.list({ userId: 'me', q: `rfc822msgid:${MESSAGE_ID}` });
		expect(found.data.messages).toEqual([{ id: sent.data.id, threadId: sent.data.threadId }]);
		const none = await api.users.messages.list({ userId: 'me', q: 'rfc822msgid:<nope@x.example>' });
		expect(none.data.messages).toBeUndefined();
		expect(sim.requests.every((r) => r.status < 400)).toBe(true);
	});

	it('sends through the multipart upload when given media and a per-call rootUrl', async () => {
		const api = client();
		// The upload URL comes from a per-call rootUrl only: the client-wide one does not reach it.
		await expect(
			api.users.messages.send({
				userId: 'me',
				requestBody: {},
				media: { mimeType: 'message/rfc822', body: alternative() },
			}),
		).rejects.toThrow(/tried to reach https:\/\/gmail\.googleapis\.com/);
		const sent = await api.users.messages.send(
			{ userId: 'me', requestBody: {}, media: { mimeType: 'message/rfc822', body: alternative() } },
			{ rootUrl: `${sim.url}/` },
		);
		expect(sent.status).toBe(200);
		expect(sim.requests.at(-1)).toMatchObject({
			path: '/upload/gmail/v1/users/me/messages/send',
			query: { uploadType: 'multipart' },
		});
		expect(sim.outbox[0]).toMatchObject({ via: 'multipart', subject: SUBJECT, text: TEXT });
	});

	it('surfaces a refused refresh as invalid_grant', async () => {
		const api = client('1//wrong');
		await expect(api.users.messages.send({ userId: 'me', requestBody: { raw: 'QQ' } })).rejects.toThrow(
			/invalid_grant/,
		);
		expect(sim.outbox).toHaveLength(0);
	});

	it('surfaces a Gmail error with its code and message', async () => {
		sim.fault({ status: 503 });
		const api = client();
		await expect(
			api.users.messages.send({ userId: 'me', requestBody: { raw: Buffer.from(alternative()).toString('base64url') } }),
		).rejects.toMatchObject({
			status: 503,
			message: 'The service is currently unavailable.',
		});
	});
});
