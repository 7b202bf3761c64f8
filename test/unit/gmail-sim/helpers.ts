import { Clock, START } from '../sim-clock';
import {
	GMAIL_SCOPES,
	startGmailSimulator,
	type GmailSimulator,
	type GmailSimulatorOptions,
} from '../../../sandbox/gmail';

export { Clock, START };

export const CLIENT = { clientId: '123-abc.apps.googleusercontent.com', clientSecret: 'GOCSPX-secret' };
export const REFRESH = '1//refresh-token';
export const ACCESS = 'ya29.seeded-access-token';
export const SENDER = 'frontdesk@brightsmiles.example';
export { GMAIL_SCOPES };

export async function start(
	overrides: Partial<GmailSimulatorOptions> = {},
): Promise<{ sim: GmailSimulator; clock: Clock }> {
	const clock = new Clock();
	const sim = await startGmailSimulator({
		...CLIENT,
		refreshToken: REFRESH,
		accessToken: ACCESS,
		sender: SENDER,
		now: clock.now,
		...overrides,
	});
	return { sim, clock };
}

export type Json = Record<string, any>;

export interface Answer {
	status: number;
	body: Json;
	text: string;
	headers: Headers;
}

/** A request to any Google simulator, with the seeded token unless `token` says otherwise (null: none). */
export async function call(
	sim: { url: string },
	path: string,
	init: { method?: string; json?: unknown; body?: string | Buffer; type?: string; token?: string | null } = {},
): Promise<Answer> {
	const headers: Record<string, string> = {};
	const token = init.token === undefined ? ACCESS : init.token;
	if (token !== null) headers.Authorization = `Bearer ${token}`;
	let body: string | Buffer | undefined = init.body;
	if (init.json !== undefined) {
		body = JSON.stringify(init.json);
		headers['Content-Type'] = 'application/json';
	}
	if (init.type) headers['Content-Type'] = init.type;
	const res = await fetch(`${sim.url}${path}`, {
		method: init.method ?? (body === undefined ? 'GET' : 'POST'),
		headers,
		body,
	});
	const text = await res.text();
	const json = res.headers.get('content-type')?.startsWith('application/json');
	return { status: res.status, body: json ? (JSON.parse(text) as Json) : {}, text, headers: res.headers };
}

export function token(
	sim: { tokenUrl: string },
	form: Record<string, string>,
	headers: Record<string, string> = {},
): Promise<Answer> {
	return fetch(sim.tokenUrl, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
		body: new URLSearchParams(form).toString(),
	}).then(async (res) => {
		const text = await res.text();
		return { status: res.status, body: JSON.parse(text) as Json, text, headers: res.headers };
	});
}

export const refreshForm = {
	grant_type: 'refresh_token',
	client_id: CLIENT.clientId,
	client_secret: CLIENT.clientSecret,
	refresh_token: REFRESH,
};

export const SEND = '/gmail/v1/users/me/messages/send';

export function sendRaw(
	sim: GmailSimulator,
	message: string | Buffer,
	extra: Json = {},
	tokenValue?: string | null,
): Promise<Answer> {
	return call(sim, SEND, { json: { raw: Buffer.from(message).toString('base64url'), ...extra }, token: tokenValue });
}

/** A plain message with CRLF line ends. */
export function simple(headers: Record<string, string>, body = 'Hello'): string {
	return `${Object.entries(headers)
		.map(([k, v]) => `${k}: ${v}`)
		.join('\r\n')}\r\n\r\n${body}`;
}

export const SUBJECT = 'Votre couronne – étape suivante ✓';
export const TEXT =
	'Hi Ana,\nYour crown visit is ready to book – reply here or call 512-555-0100. The balance shown =3 visits.\nCafé hours: 8–5.';
export const HTML =
	'<p>Hi Ana,</p><p>Your crown visit is ready to book – <a href="https://brightsmiles.example/book?a=1&amp;b=2">book here</a>.</p><p>Café hours: 8–5.</p>';
export const MESSAGE_ID = '<chairside.enr-42.step-1@brightsmiles.example>';

/**
 * A multipart/alternative message built by hand the way a careful client writes one: the subject as
 * a UTF-8 B encoded-word, the text part quoted-printable with a soft line break and =3D, the HTML
 * part base64 in 76-character lines.
 */
export function alternative(extraHeaders: string[] = []): string {
	const boundary = '=_chairside_b1';
	const qp = [
		'Hi Ana,',
		'Your crown visit is ready to book =E2=80=93 reply here or call 512-555-0100. =',
		'The balance shown =3D3 visits.',
		'Caf=C3=A9 hours: 8=E2=80=935.',
	].join('\r\n');
	const html = Buffer.from(HTML, 'utf8')
		.toString('base64')
		.replace(/.{1,76}/g, '$&\r\n')
		.trimEnd();
	return [
		`From: "Bright Smiles" <${SENDER}>`,
		'To: "Ana =?UTF-8?Q?P=C3=A9rez?=" <ana@example.com>',
		`Subject: =?UTF-8?B?${Buffer.from(SUBJECT, 'utf8').toString('base64')}?=`,
		`Message-ID: ${MESSAGE_ID}`,
		'Date: Mon, 23 Nov 2026 08:00:00 -0600',
		'X-Chairside-Send-Key: enr-42:step-1',
		...extraHeaders,
		'MIME-Version: 1.0',
		`Content-Type: multipart/alternative;\r\n boundary="${boundary}"`,
		'',
		'This is a multi-part message in MIME format.',
		`--${boundary}`,
		'Content-Type: text/plain; charset="utf-8"',
		'Content-Transfer-Encoding: quoted-printable',
		'',
		qp,
		`--${boundary}`,
		'Content-Type: text/html; charset=UTF-8',
		'Content-Transfer-Encoding: base64',
		'',
		html,
		`--${boundary}--`,
		'',
	].join('\r\n');
}
