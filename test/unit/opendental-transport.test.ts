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

function transport(answers: Array<HttpResponse | Error>, throttle: Throttle = 'none', pageSize = 100) {
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
	it('pages with Limit/Offset until a short page', async () => {
		const page = (n: number, from: number) => ({ status: 200, body: Array.from({ length: n }, (_, i) => ({ PatNum: from + i })) });
		const { t, sent } = transport([page(100, 0), page(100, 100), page(37, 200)]);
		const rows = await t.all<{ PatNum: number }>('/patients/Simple', { PatStatus: 'Patient' });
		expect(rows).toHaveLength(237);
		expect(rows[236].PatNum).toBe(236);
		expect(sent.map((s) => s.request.query)).toEqual([
			{ PatStatus: 'Patient', Limit: 100, Offset: 0 },
			{ PatStatus: 'Patient', Limit: 100, Offset: 100 },
			{ PatStatus: 'Patient', Limit: 100, Offset: 200 },
		]);
	});

	it('asks once more after an exactly full last page, and stops on the empty one', async () => {
		const { t, sent } = transport([{ status: 200, body: Array(100).fill({}) }, { status: 200, body: [] }]);
		expect(await t.all('/providers')).toHaveLength(100);
		expect(sent).toHaveLength(2);
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
		const { t, sent, time } = transport([{ status: 429, body: 'Too many' }, { status: 504, body: '' }, new Error('socket hang up'), { status: 200, body: { ok: 1 } }]);
		await expect(t.request({ method: 'GET', path: '/procedurelogs' })).resolves.toEqual({ ok: 1 });
		expect(sent).toHaveLength(4);
		expect(time.sleeps).toEqual([1000, 2000, 4000]);
		expect(t.requestsSent).toBe(4);
	});

	it('gives up when the retries are spent, with the status and Open Dental\'s words', async () => {
		const { t, sent } = transport(Array(10).fill({ status: 503, body: 'Service busy, try later' }));
		const error = await t.request({ method: 'GET', path: '/appointments' }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(PmsApiError);
		expect(error).toMatchObject({ status: 503, path: '/appointments', attempts: 5, explanation: 'Service busy, try later' });
		expect(sent).toHaveLength(5);
	});

	it('does not retry what will not get better (401, 400, 404)', async () => {
		for (const status of [400, 401, 404]) {
			const { t, sent } = transport([{ status, body: 'Invalid key' }]);
			const error = (await t.request({ method: 'GET', path: '/x' }).catch((e: unknown) => e)) as PmsApiError;
			expect(error.status).toBe(status);
			expect(sent).toHaveLength(1);
		}
		const { t } = transport([{ status: 401, body: 'Bad credentials' }]);
		await expect(t.request({ method: 'GET', path: '/x' })).rejects.toThrow(/401.*developer and customer keys.*Bad credentials/);
	});

	it('stops a list read at the first failed page: no partial list comes back', async () => {
		const { t } = transport([{ status: 200, body: Array(100).fill({}) }, { status: 401, body: 'revoked' }]);
		await expect(t.all('/patients/Simple')).rejects.toBeInstanceOf(PmsApiError);
	});
});
