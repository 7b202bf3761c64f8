import { PmsApiError, type HttpRequest, type HttpResponse } from '../../core/pms/http';
import { OpenDentalTransport, type Throttle } from '../../core/pms/opendental/transport';

/** Simulated time: sleeping moves the clock, so throttle and back-off are exact and instant. */
function fakeTiming() {
	let now = 0;
	const sleeps: number[] = [];
	return {
		timing: { now: () => now, sleep: async (ms: number) => void (sleeps.push(ms), (now += ms)) },
		sleeps,
		advance: (ms: number) => (now += ms),
		clock: () => now,
	};
}

function transport(answers: Array<HttpResponse | Error>, throttle: Throttle = 'none', pageSize: number | null = 100) {
	const time = fakeTiming();
	const sent: Array<{ request: HttpRequest; at: number }> = [];
	const t = new OpenDentalTransport({
		http: async (request) => {
			sent.push({ request, at: time.clock() });
			const answer = answers.shift() ?? { status: 200, body: [] };
			if (answer instanceof Error) throw answer;
			return answer;
		},
		timing: time.timing,
		throttle,
		pageSize,
	});
	return { t, sent, time };
}

describe('OpenDentalTransport', () => {
	it('pages by Offset, sending no Limit, until a short page where the page size is documented', async () => {
		const page = (n: number, from: number) => ({
			status: 200,
			body: Array.from({ length: n }, (_, i) => ({ PatNum: from + i })),
		});
		const { t, sent } = transport([page(100, 0), page(100, 100), page(37, 200)]);
		const rows = await t.all<{ PatNum: number }>('/patients/Simple', { PatStatus: 'Patient' });
		expect(rows).toHaveLength(237);
		expect(rows[236].PatNum).toBe(236);
		expect(sent.map((s) => s.request.query)).toEqual([
			{ PatStatus: 'Patient', Offset: 0 },
			{ PatStatus: 'Patient', Offset: 100 },
			{ PatStatus: 'Patient', Offset: 200 },
		]);
	});

	it('asks once more after an exactly full last page, and stops on the empty one', async () => {
		const { t, sent } = transport([
			{ status: 200, body: Array(100).fill({}) },
			{ status: 200, body: [] },
		]);
		expect(await t.all('/providers')).toHaveLength(100);
		expect(sent).toHaveLength(2);
	});

	it('with no documented page size (API Service), a short page is not the end: only an empty page is', async () => {
		// A server whose page is 250 rows: a guessed size of 1,000 would stop after the first page.
		const { t, sent } = transport(
			[
				{ status: 200, body: Array(250).fill({}) },
				{ status: 200, body: Array(250).fill({}) },
				{ status: 200, body: Array(12).fill({}) },
				{ status: 200, body: [] },
			],
			'none',
			null,
		);
		expect(await t.all('/appointments')).toHaveLength(512);
		expect(sent.map((s) => s.request.query?.Offset)).toEqual([0, 250, 500, 512]);
	});

	it('sends Content-Type: application/json on every request, GETs included', async () => {
		const { t, sent } = transport([]);
		await t.request({ method: 'GET', path: '/providers' });
		await t.request({ method: 'PUT', path: '/appointments/1/Confirm', body: {} });
		expect(sent.map((s) => s.request.headers?.['Content-Type'])).toEqual(['application/json', 'application/json']);
	});

	it('reads the office version from the ProgramVersion preference once; unreadable means unknown', async () => {
		const { t, sent } = transport([
			{ status: 200, body: [{ PrefNum: 1, PrefName: 'ProgramVersion', ValueString: '24.3.36.0' }] },
		]);
		expect(await t.version()).toEqual([24, 3, 36]);
		expect(await t.version()).toEqual([24, 3, 36]);
		expect(sent).toHaveLength(1);
		expect(sent[0].request).toMatchObject({ path: '/preferences', query: { PrefName: 'ProgramVersion' } });
		const denied = transport([{ status: 401, body: 'no permission' }]);
		expect(await denied.t.version()).toBeNull();
	});

	it.each([
		['readWrite', 1000],
		['readOnly', 5000],
	] as const)('spaces requests for a %s key %d ms apart', async (throttle, gap) => {
		const { t, sent } = transport([], throttle);
		for (let i = 0; i < 4; i++) await t.request({ method: 'GET', path: '/providers' });
		expect(sent.map((s) => s.at)).toEqual([0, gap, 2 * gap, 3 * gap]);
	});

	it('does not wait when the previous request was long enough ago', async () => {
		const { t, sent, time } = transport([], 'readWrite');
		await t.request({ method: 'GET', path: '/a' });
		time.advance(3000);
		await t.request({ method: 'GET', path: '/b' });
		expect(sent.map((s) => s.at)).toEqual([0, 3000]);
	});

	it('retries 429, 5xx, 504 and network failures with growing waits, then succeeds', async () => {
		const { t, sent, time } = transport([
			{ status: 429, body: 'Too many' },
			{ status: 504, body: '' },
			new Error('socket hang up'),
			{ status: 200, body: { ok: 1 } },
		]);
		await expect(t.request({ method: 'GET', path: '/procedurelogs' })).resolves.toEqual({ ok: 1 });
		expect(sent).toHaveLength(4);
		expect(time.sleeps).toEqual([1000, 2000, 4000]);
		expect(t.requestsSent).toBe(4);
	});

	it("gives up when the retries are spent, with the status and Open Dental's words", async () => {
		const { t, sent } = transport(Array(10).fill({ status: 503, body: 'Service busy, try later' }));
		const error = await t.request({ method: 'GET', path: '/appointments' }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(PmsApiError);
		expect(error).toMatchObject({
			status: 503,
			path: '/appointments',
			attempts: 5,
			explanation: 'Service busy, try later',
		});
		expect(sent).toHaveLength(5);
	});

	it("retries Open Dental's 400 for an eConnector or network failure, but not a 400 for a bad request", async () => {
		const econnector = {
			status: 400,
			body: "The eConnector for this office could not be reached. Please check the office's eConnector and network connection.",
		};
		const { t, sent } = transport([econnector, econnector, { status: 200, body: [] }]);
		await expect(t.request({ method: 'GET', path: '/appointments' })).resolves.toEqual([]);
		expect(sent).toHaveLength(3);
		const bad = transport([{ status: 400, body: 'PatNum must be a whole number.' }]);
		await expect(bad.t.request({ method: 'GET', path: '/appointments' })).rejects.toMatchObject({ status: 400 });
		expect(bad.sent).toHaveLength(1);
	});

	it('a write that failed on the eConnector is looked up before it is sent again, and never sent twice when it landed', async () => {
		const econnector = { status: 400, body: 'eConnector not responding' };
		const first = transport([econnector, { status: 201, body: { AptNum: 7 } }]);
		let lookups = 0;
		const sent = await first.t.write({ method: 'POST', path: '/appointments', body: {} }, async () => void lookups++);
		expect(sent).toEqual({ answer: { AptNum: 7 } });
		expect(lookups).toBe(1);
		expect(first.sent.filter((s) => s.request.method === 'POST')).toHaveLength(2);
		const landed = transport([econnector]);
		expect(
			await landed.t.write({ method: 'POST', path: '/appointments', body: {} }, async () => ({ AptNum: 8 })),
		).toEqual({ found: { AptNum: 8 } });
		expect(landed.sent).toHaveLength(1);
	});

	it('does not retry what will not get better (401, 400, 404)', async () => {
		for (const status of [400, 401, 404]) {
			const { t, sent } = transport([{ status, body: 'Invalid key' }]);
			const error = (await t.request({ method: 'GET', path: '/x' }).catch((e: unknown) => e)) as PmsApiError;
			expect(error.status).toBe(status);
			expect(sent).toHaveLength(1);
		}
		const { t } = transport([{ status: 401, body: 'Bad credentials' }]);
		await expect(t.request({ method: 'GET', path: '/x' })).rejects.toThrow(
			/401.*developer and customer keys.*Bad credentials/,
		);
	});

	it('stops a list read at the first failed page: no partial list comes back', async () => {
		const { t } = transport([
			{ status: 200, body: Array(100).fill({}) },
			{ status: 401, body: 'revoked' },
		]);
		await expect(t.all('/patients/Simple')).rejects.toBeInstanceOf(PmsApiError);
	});
});
