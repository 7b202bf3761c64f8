import type { GmailSimulator } from '../../../sandbox/gmail';
import {
	alternative,
	call,
	type Clock,
	GMAIL_SCOPES,
	HTML,
	type Json,
	MESSAGE_ID,
	SEND,
	SENDER,
	sendRaw,
	simple,
	start,
	SUBJECT,
	TEXT,
} from './helpers';

const ID = /^[0-9a-f]{16}$/;
const MISSING_RAW = {
	error: {
		code: 400,
		message: "'raw' RFC822 payload message string or uploading message via /upload/* URL required",
		errors: [
			{
				message: "'raw' RFC822 payload message string or uploading message via /upload/* URL required",
				domain: 'global',
				reason: 'invalidArgument',
			},
		],
		status: 'INVALID_ARGUMENT',
	},
};

describe('Gmail simulator: send and read back', () => {
	let sim: GmailSimulator;
	let clock: Clock;
	beforeEach(async () => {
		({ sim, clock } = await start({ scopes: [GMAIL_SCOPES.send, GMAIL_SCOPES.readonly] }));
	});
	afterEach(() => sim.close());

	describe('users.messages.send', () => {
		it('sends a hand-built multipart/alternative message and keeps it decoded', async () => {
			const raw = alternative();
			const res = await sendRaw(sim, raw);
			expect(res.status).toBe(200);
			expect(res.body).toEqual({ id: expect.stringMatching(ID), threadId: res.body.id, labelIds: ['SENT'] });
			expect(sim.outbox).toHaveLength(1);
			const mail = sim.outbox[0];
			expect(mail).toMatchObject({
				id: res.body.id,
				threadId: res.body.id,
				from: `"Bright Smiles" <${SENDER}>`,
				to: '"Ana Pérez" <ana@example.com>',
				subject: SUBJECT,
				messageId: MESSAGE_ID,
				recipients: ['ana@example.com'],
				text: TEXT,
				html: HTML,
				at: '2026-11-23T14:00:00.000Z',
				via: 'json',
				raw,
			});
			expect(mail.headers).toMatchObject({
				subject: SUBJECT,
				'x-chairside-send-key': 'enr-42:step-1',
				'mime-version': '1.0',
				date: 'Mon, 23 Nov 2026 08:00:00 -0600',
			});
			expect(mail.headers['content-type']).toMatch(/^multipart\/alternative;\s*boundary="=_chairside_b1"$/);
		});

		it('accepts standard base64 as well as base64url', async () => {
			const raw = Buffer.from(simple({ To: 'a@example.com', Subject: '??>>' }, 'ÿÿÿ')).toString('base64');
			expect(raw).toMatch(/[+/]/);
			expect((await call(sim, SEND, { json: { raw } })).status).toBe(200);
			expect(sim.outbox[0].subject).toBe('??>>');
		});

		it('adds Message-ID and Date when the client leaves them out, and makes From the mailbox', async () => {
			clock.advance(30);
			expect((await sendRaw(sim, simple({ To: 'a@example.com', Subject: 'x' }))).status).toBe(200);
			const mail = sim.outbox[0];
			expect(mail.messageId).toMatch(/^<CA[\w-]+@mail\.gmail\.com>$/);
			expect(mail.headers.date).toBe('Mon, 23 Nov 2026 14:30:00 +0000');
			expect(mail.from).toBe(SENDER);
			expect(mail.raw).toMatch(
				/^From: frontdesk@brightsmiles\.example\r\nMessage-ID: <CA[^>]+>\r\nDate: Mon, 23 Nov 2026 14:30:00 \+0000\r\nTo: a@example\.com\r\nSubject: x\r\n\r\nHello$/,
			);
		});

		it('replaces a From that names anyone else, and keeps one that names the mailbox in any case', async () => {
			await sendRaw(sim, simple({ From: 'ceo@competitor.example', To: 'a@example.com' }));
			expect(sim.outbox[0].from).toBe(SENDER);
			expect(sim.outbox[0].raw).not.toContain('competitor');
			await sendRaw(sim, simple({ From: `Front Desk <${SENDER.toUpperCase()}>`, To: 'a@example.com' }));
			expect(sim.outbox[1].from).toBe(`Front Desk <${SENDER.toUpperCase()}>`);
		});

		it('keeps a well-formed client Message-ID, mints one for a malformed one, and mints always with messageIds: replace', async () => {
			await sendRaw(sim, simple({ To: 'a@example.com', 'Message-ID': '<k1@brightsmiles.example>' }));
			await sendRaw(sim, simple({ To: 'a@example.com', 'Message-ID': 'k2@brightsmiles.example' }));
			expect(sim.outbox.map((m) => m.messageId)).toEqual([
				'<k1@brightsmiles.example>',
				expect.stringMatching(/@mail\.gmail\.com>$/),
			]);
			await sim.close();
			({ sim } = await start({ messageIds: 'replace' }));
			await sendRaw(sim, simple({ To: 'a@example.com', 'Message-ID': '<k1@brightsmiles.example>' }));
			expect(sim.outbox[0].messageId).toMatch(/@mail\.gmail\.com>$/);
			expect(sim.outbox[0].raw).not.toContain('k1@');
		});

		it('sends with Cc or Bcc only, and collects every recipient', async () => {
			await sendRaw(sim, simple({ Bcc: 'hidden@example.com' }));
			await sendRaw(sim, simple({ To: 'Ana <ana@example.com>, bob@example.com', Cc: 'c@example.com' }));
			expect(sim.outbox.map((m) => [m.to, m.recipients])).toEqual([
				['', ['hidden@example.com']],
				['Ana <ana@example.com>, bob@example.com', ['ana@example.com', 'bob@example.com', 'c@example.com']],
			]);
		});

		it('continues a thread it knows and refuses one it does not', async () => {
			const first = await sendRaw(sim, simple({ To: 'a@example.com' }));
			const reply = await sendRaw(sim, simple({ To: 'a@example.com' }), { threadId: first.body.threadId });
			expect(reply.body.threadId).toBe(first.body.threadId);
			expect(reply.body.id).not.toBe(first.body.id);
			const bad = await sendRaw(sim, simple({ To: 'a@example.com' }), { threadId: 'ffffffffffffffff' });
			expect(bad.status).toBe(400);
			expect(bad.body.error.message).toBe('Invalid thread_id value');
			expect(sim.outbox).toHaveLength(2);
		});

		it.each<[string, unknown]>([
			['no raw', {}],
			['an empty raw', { raw: '' }],
			['a null raw', { raw: null }],
		])('refuses %s with the INVALID_ARGUMENT Gmail gives', async (_, json) => {
			const res = await call(sim, SEND, { json });
			expect(res.status).toBe(400);
			expect(res.body).toEqual(MISSING_RAW);
			expect(sim.outbox).toHaveLength(0);
		});

		it.each<[string, string, string]>([
			['no recipient header at all', simple({ Subject: 'x' }), 'Recipient address required'],
			['a To without an address', simple({ To: 'Ana Perez' }), 'Invalid To header'],
			['only an empty group', simple({ To: 'undisclosed-recipients:;' }), 'Invalid To header'],
		])('refuses %s', async (_, message, error) => {
			const res = await sendRaw(sim, message);
			expect(res.status).toBe(400);
			expect(res.body.error).toMatchObject({ code: 400, message: error, status: 'INVALID_ARGUMENT' });
			expect(sim.outbox).toHaveLength(0);
		});

		it('refuses a body that is not JSON, unknown fields and raw that is not base64', async () => {
			const notJson = await call(sim, SEND, { body: 'raw=abc', type: 'application/json' });
			expect(notJson.status).toBe(400);
			expect(notJson.body.error.message).toMatch(/^Invalid JSON payload received/);
			const unknown = await call(sim, SEND, { json: { raw: 'QQ', rawMessage: 'x' } });
			expect(unknown.body.error.message).toBe(
				'Invalid JSON payload received. Unknown name "rawMessage": Cannot find field.',
			);
			const bad = await call(sim, SEND, { json: { raw: 'not base64!' } });
			expect(bad.status).toBe(400);
			expect(bad.body.error.message).toMatch(/Base64 decoding failed/);
			expect(sim.outbox).toHaveLength(0);
		});

		it('refuses a send with a token that lacks a send scope', async () => {
			await sim.close();
			({ sim } = await start({ scopes: [GMAIL_SCOPES.readonly] }));
			const res = await sendRaw(sim, simple({ To: 'a@example.com' }));
			expect(res.status).toBe(403);
			expect(res.body.error).toMatchObject({
				code: 403,
				status: 'PERMISSION_DENIED',
				errors: [{ reason: 'insufficientPermissions' }],
			});
			expect(res.body.error.details[0]).toMatchObject({
				reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT',
				metadata: { method: 'caribou.api.proto.MailboxService.SendMessage' },
			});
		});
	});

	describe('/upload', () => {
		const UPLOAD = '/upload/gmail/v1/users/me/messages/send';

		it('sends a message/rfc822 body with uploadType=media', async () => {
			const res = await call(sim, `${UPLOAD}?uploadType=media`, { body: alternative(), type: 'message/rfc822' });
			expect(res.status).toBe(200);
			expect(sim.outbox[0]).toMatchObject({ id: res.body.id, via: 'media', subject: SUBJECT, text: TEXT, html: HTML });
		});

		it('sends a multipart/related upload with the metadata first', async () => {
			const first = await sendRaw(sim, simple({ To: 'a@example.com' }));
			const body = [
				'--rel',
				'Content-Type: application/json; charset=UTF-8',
				'',
				JSON.stringify({ threadId: first.body.threadId }),
				'--rel',
				'Content-Type: message/rfc822',
				'',
				alternative(),
				'--rel--',
			].join('\r\n');
			const res = await call(sim, `${UPLOAD}?uploadType=multipart`, { body, type: 'multipart/related; boundary=rel' });
			expect(res.status).toBe(200);
			expect(res.body.threadId).toBe(first.body.threadId);
			expect(sim.outbox[1]).toMatchObject({ via: 'multipart', subject: SUBJECT, text: TEXT, html: HTML });
		});

		it('refuses an upload without uploadType, with a media type that is not message/*, or empty', async () => {
			expect((await call(sim, UPLOAD, { body: alternative(), type: 'message/rfc822' })).body.error.message).toMatch(
				/uploadType/,
			);
			const wrongType = await call(sim, `${UPLOAD}?uploadType=media`, { body: alternative(), type: 'text/plain' });
			expect(wrongType.status).toBe(400);
			expect(wrongType.body.error.message).toBe(
				"Media type 'text/plain' is not supported. Valid media types: [message/*]",
			);
			expect((await call(sim, `${UPLOAD}?uploadType=media`, { body: '', type: 'message/rfc822' })).body).toEqual(
				MISSING_RAW,
			);
			expect(
				(await call(sim, `${UPLOAD}?uploadType=resumable`, { body: alternative(), type: 'message/rfc822' })).status,
			).toBe(400);
			expect(sim.outbox).toHaveLength(0);
		});
	});

	describe('users.messages.get and list', () => {
		const get = (id: string, q = '') => call(sim, `/gmail/v1/users/me/messages/${id}${q}`);

		it('gets a sent message in full format with the MIME tree decoded', async () => {
			const { body } = await sendRaw(sim, alternative());
			const res = await get(body.id);
			expect(res.status).toBe(200);
			expect(res.body).toMatchObject({
				id: body.id,
				threadId: body.id,
				labelIds: ['SENT'],
				internalDate: String(Date.parse('2026-11-23T14:00:00Z')),
				historyId: expect.any(String),
			});
			expect(res.body.snippet).toMatch(/^Hi Ana, Your crown visit is ready to book – reply here/);
			const payload = res.body.payload as Json;
			expect(payload).toMatchObject({ partId: '', mimeType: 'multipart/alternative', filename: '', body: { size: 0 } });
			expect(payload.headers).toEqual(
				expect.arrayContaining([
					{ name: 'Subject', value: SUBJECT },
					{ name: 'Message-ID', value: MESSAGE_ID },
				]),
			);
			expect(payload.parts.map((p: Json) => [p.partId, p.mimeType])).toEqual([
				['0', 'text/plain'],
				['1', 'text/html'],
			]);
			expect(Buffer.from(payload.parts[1].body.data, 'base64url').toString('utf8')).toBe(HTML);
			expect(payload.parts[1].body.size).toBe(Buffer.byteLength(HTML));
		});

		it('gets the raw message byte for byte, and metadata and minimal forms', async () => {
			const { body } = await sendRaw(sim, alternative());
			const raw = await get(body.id, '?format=raw');
			expect(Buffer.from(raw.body.raw, 'base64url').toString('utf8')).toBe(alternative());
			expect(raw.body).not.toHaveProperty('payload');
			const meta = await get(body.id, '?format=metadata&metadataHeaders=Subject&metadataHeaders=message-id');
			expect(meta.body.payload).toEqual({
				mimeType: 'multipart/alternative',
				headers: [
					{ name: 'Subject', value: SUBJECT },
					{ name: 'Message-ID', value: MESSAGE_ID },
				],
			});
			const minimal = await get(body.id, '?format=minimal');
			expect(Object.keys(minimal.body).sort()).toEqual([
				'historyId',
				'id',
				'internalDate',
				'labelIds',
				'sizeEstimate',
				'snippet',
				'threadId',
			]);
			expect((await get(body.id, '?format=pretty')).status).toBe(400);
		});

		it('answers 404 for an unknown id and 400 for a malformed one', async () => {
			const missing = await get('18c0ffee00000000');
			expect(missing.status).toBe(404);
			expect(missing.body.error).toMatchObject({
				code: 404,
				message: 'Requested entity was not found.',
				status: 'NOT_FOUND',
			});
			expect((await get('not-an-id')).body.error.message).toBe('Invalid id value');
		});

		it('finds a message by rfc822msgid:, with or without angle brackets', async () => {
			await sendRaw(sim, simple({ To: 'a@example.com', 'Message-ID': '<other@brightsmiles.example>' }));
			const { body } = await sendRaw(sim, alternative());
			const bare = MESSAGE_ID.slice(1, -1);
			for (const q of [`rfc822msgid:${bare}`, `rfc822msgid:${MESSAGE_ID}`, `RFC822MSGID: ${bare.toUpperCase()}`]) {
				const res = await call(sim, `/gmail/v1/users/me/messages?q=${encodeURIComponent(q)}`);
				expect([q, res.body]).toEqual([
					q,
					{ messages: [{ id: body.id, threadId: body.threadId }], resultSizeEstimate: 1 },
				]);
			}
		});

		it('leaves "messages" out entirely when the search finds nothing, as Gmail does', async () => {
			await sendRaw(sim, alternative());
			const res = await call(
				sim,
				`/gmail/v1/users/me/messages?q=${encodeURIComponent('rfc822msgid:<never-sent@brightsmiles.example>')}`,
			);
			expect(res.status).toBe(200);
			expect(res.body).toEqual({ resultSizeEstimate: 0 });
		});

		it('lists everything newest first otherwise, with maxResults and nextPageToken', async () => {
			const ids: string[] = [];
			for (let i = 0; i < 3; i++)
				ids.push((await sendRaw(sim, simple({ To: 'a@example.com', Subject: `m${i}` }))).body.id);
			const first = await call(sim, '/gmail/v1/users/me/messages?maxResults=2');
			expect(first.body).toEqual({
				messages: ids
					.slice(1)
					.reverse()
					.map((id) => ({ id, threadId: id })),
				nextPageToken: '2',
				resultSizeEstimate: 3,
			});
			const second = await call(sim, '/gmail/v1/users/me/messages?maxResults=2&pageToken=2');
			expect(second.body).toEqual({ messages: [{ id: ids[0], threadId: ids[0] }], resultSizeEstimate: 3 });
			expect((await call(sim, '/gmail/v1/users/me/messages?maxResults=0')).status).toBe(400);
		});

		it('refuses reads to a token with gmail.send only, as Google does', async () => {
			await sim.close();
			({ sim } = await start());
			const { body } = await sendRaw(sim, alternative());
			for (const path of [
				`/gmail/v1/users/me/messages/${body.id}`,
				`/gmail/v1/users/me/messages?q=rfc822msgid:${MESSAGE_ID}`,
				'/gmail/v1/users/me/profile',
			]) {
				const res = await call(sim, path);
				expect([path, res.status, res.body.error.message]).toEqual([
					path,
					403,
					'Request had insufficient authentication scopes.',
				]);
			}
		});

		it('lets gmail.metadata read headers but not bodies or searches', async () => {
			await sim.close();
			({ sim } = await start({ scopes: [GMAIL_SCOPES.send, GMAIL_SCOPES.metadata] }));
			const { body } = await sendRaw(sim, alternative());
			expect((await get(body.id, '?format=metadata')).status).toBe(200);
			expect((await get(body.id)).body.error.message).toBe("Metadata scope doesn't allow format FULL");
			expect((await call(sim, `/gmail/v1/users/me/messages?q=rfc822msgid:${MESSAGE_ID}`)).body.error.message).toBe(
				"Metadata scope does not support 'q' parameter",
			);
			expect((await call(sim, '/gmail/v1/users/me/messages')).status).toBe(200);
		});

		it('answers the profile', async () => {
			await sendRaw(sim, alternative());
			const res = await call(sim, '/gmail/v1/users/me/profile');
			expect(res.body).toMatchObject({ emailAddress: SENDER, messagesTotal: 1, threadsTotal: 1 });
		});
	});

	it('answers unknown paths with an HTML 404 like Google front end, and serves the outbox for the demo', async () => {
		const res = await call(sim, '/gmail/v2/users/me/messages');
		expect(res.status).toBe(404);
		expect(res.headers.get('content-type')).toMatch(/^text\/html/);
		expect((await call(sim, '/gmail/v1/users/me/messages/send')).status).toBe(404);
		await sendRaw(sim, alternative());
		const outbox = (await (await fetch(`${sim.url}/sandbox/outbox`)).json()) as Json[];
		expect(outbox.map((m) => [m.subject, m.text])).toEqual([[SUBJECT, TEXT]]);
	});
});
