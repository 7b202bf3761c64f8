/**
 * The instance owner, set up through n8n's own REST endpoint so nobody meets the sign-up screen,
 * and a logged-in session for the tests that look at the editor's API.
 */
export interface Owner {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

export const DEMO_OWNER: Owner = {
	email: 'demo@chairside.dev',
	password: 'Chairside-demo-1',
	firstName: 'Demo',
	lastName: 'Practice',
};

async function call(base: string, path: string, init: RequestInit & { cookie?: string } = {}): Promise<Response> {
	const headers: Record<string, string> = {
		'content-type': 'application/json',
		...(init.headers as Record<string, string>),
	};
	if (init.cookie) headers.cookie = init.cookie;
	return fetch(`${base}${path}`, { ...init, headers, signal: AbortSignal.timeout(30_000) });
}

/** Creates the owner on a fresh instance; on an instance that has one already, does nothing. */
export async function setupOwner(base: string, owner: Owner = DEMO_OWNER): Promise<void> {
	const response = await call(base, '/rest/owner/setup', { method: 'POST', body: JSON.stringify(owner) });
	if (response.ok) return;
	const text = await response.text();
	if (response.status === 400 && /already/i.test(text)) return;
	throw new Error(`owner setup failed: ${response.status} ${text.slice(0, 300)}`);
}

/** Logs in and returns the session cookie for later calls. */
export async function login(base: string, owner: Owner = DEMO_OWNER): Promise<string> {
	const response = await call(base, '/rest/login', {
		method: 'POST',
		body: JSON.stringify({ emailOrLdapLoginId: owner.email, email: owner.email, password: owner.password }),
	});
	if (!response.ok) throw new Error(`login failed: ${response.status} ${(await response.text()).slice(0, 300)}`);
	const cookie = response.headers.get('set-cookie');
	if (!cookie) throw new Error('login answered without a session cookie');
	return cookie.split(';')[0];
}

export async function getJson<T>(base: string, path: string, cookie: string): Promise<T> {
	const response = await call(base, path, { cookie });
	const text = await response.text();
	if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${text.slice(0, 200)}`);
	try {
		return JSON.parse(text) as T;
	} catch {
		// Seen once right after a restart: name what came back instead of a bare JSON.parse error.
		throw new Error(
			`GET ${path}: ${response.status} ${response.headers.get('content-type') ?? ''} answered with no JSON: ${text.slice(0, 200)}`,
		);
	}
}
