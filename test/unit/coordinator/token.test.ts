/**
 * The chat widget's patient token: what the practice's server signs and the Verify Patient Token
 * operation accepts. Refusals name what is wrong with the token, never the patient in it; the
 * node refuses even with continueOnFail, so no unidentified message reaches the model.
 */
import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import { CoordinatorInputError, signPatientToken, verifyPatientToken } from '../../../core/coordinator';
import { TreatmentCoordinator } from '../../../nodes/TreatmentCoordinator/TreatmentCoordinator.node';

const SECRET = 'a-practice-secret-that-is-long-enough-0123456789';
const NOW = new Date('2026-11-23T15:00:00Z');
const inMinutes = (m: number) => new Date(NOW.getTime() + m * 60_000);

describe('signPatientToken / verifyPatientToken', () => {
	it('round-trips the patient and the expiry', () => {
		const token = signPatientToken(SECRET, '4821', inMinutes(10));
		expect(token).toMatch(/^v1\.4821\.\d+\.[A-Za-z0-9_-]{43}$/);
		expect(verifyPatientToken(token, SECRET, NOW)).toEqual({
			patientId: '4821',
			expiresAt: inMinutes(10).toISOString(),
		});
	});

	const refusal = (token: unknown, secret = SECRET, max?: number) => {
		try {
			verifyPatientToken(token, secret, NOW, max);
		} catch (error) {
			expect(error).toBeInstanceOf(CoordinatorInputError);
			return (error as Error).message;
		}
		throw new Error('accepted');
	};

	it.each([
		['no token', undefined, /^No patient token/],
		['an empty token', '  ', /^No patient token/],
		['a bare patient number', '4821', /malformed/],
		['another version', signPatientToken(SECRET, '4821', inMinutes(10)).replace(/^v1/, 'v2'), /malformed/],
		[
			'a different secret',
			signPatientToken('another-secret-that-is-long-enough-0123456789', '4821', inMinutes(10)),
			/signature does not verify/,
		],
		[
			'another patient on a valid signature',
			signPatientToken(SECRET, '4821', inMinutes(10)).replace('.4821.', '.4822.'),
			/signature does not verify/,
		],
		[
			'a later expiry on a valid signature',
			(() => {
				const t = signPatientToken(SECRET, '4821', inMinutes(10)).split('.');
				t[2] = String(Number(t[2]) + 3600);
				return t.join('.');
			})(),
			/signature does not verify/,
		],
		[
			'a flipped signature character',
			(() => {
				const t = signPatientToken(SECRET, '4821', inMinutes(10));
				return t.slice(0, -1) + (t.endsWith('A') ? 'B' : 'A');
			})(),
			/signature does not verify/,
		],
		['an expired token', signPatientToken(SECRET, '4821', inMinutes(-1)), /has expired/],
		['a token expiring now', signPatientToken(SECRET, '4821', NOW), /has expired/],
		[
			'a token that lives for two days',
			signPatientToken(SECRET, '4821', inMinutes(48 * 60)),
			/longer than 1440 minutes/,
		],
	])('refuses %s', (_what, token, reason) => {
		const message = refusal(token);
		expect(message).toMatch(reason);
		expect(message).not.toContain('4821');
	});

	it('holds the practice to its own max lifetime', () => {
		expect(refusal(signPatientToken(SECRET, '4821', inMinutes(90)), SECRET, 60)).toMatch(/longer than 60 minutes/);
		expect(verifyPatientToken(signPatientToken(SECRET, '4821', inMinutes(59)), SECRET, NOW, 60).patientId).toBe('4821');
	});

	it('refuses a short secret, on both sides', () => {
		expect(() => signPatientToken('short', '4821', inMinutes(10))).toThrow(/shorter than 32 characters/);
		expect(refusal(signPatientToken(SECRET, '4821', inMinutes(10)), 'short')).toMatch(/shorter than 32 characters/);
	});

	it('signs only ids that cannot carry anything else', () => {
		expect(() => signPatientToken(SECRET, '48.21', inMinutes(10))).toThrow(/Patient ID/);
		expect(() => signPatientToken(SECRET, '', inMinutes(10))).toThrow(/Patient ID/);
	});
});

describe('Treatment Coordinator > Verify Patient Token', () => {
	function ctx(
		items: Array<{ token: unknown; message: string }>,
		credentials: Record<string, unknown> = { secret: SECRET, maxLifetimeMinutes: 60 },
		continueOnFail = false,
	) {
		const read: string[] = [];
		const context = {
			getInputData: () => items.map(() => ({ json: {} })),
			getNodeParameter: (name: string, i: number, fallback?: unknown) =>
				name === 'operation' ? 'verifyToken' : ((items[i] as Record<string, unknown>)[name] ?? fallback),
			getCredentials: async (name: string) => (read.push(name), credentials),
			getNode: () => ({
				name: 'Verify Patient',
				type: 'n8n-nodes-chairside.treatmentCoordinator',
				typeVersion: 1,
				parameters: {},
				id: 'x',
				position: [0, 0],
			}),
			continueOnFail: () => continueOnFail,
			getTimezone: () => 'America/Chicago',
		} as unknown as IExecuteFunctions;
		return { context, read };
	}
	const run = (context: IExecuteFunctions) => new TreatmentCoordinator().execute.call(context);

	it('passes the verified patient and the message on, reading only the token credential', async () => {
		const token = signPatientToken(SECRET, '4821', new Date(Date.now() + 5 * 60_000));
		const { context, read } = ctx([{ token, message: 'Can I book?' }]);
		const [[out]] = await run(context);
		expect(out.json).toEqual({
			patientId: '4821',
			expiresAt: expect.any(String),
			message: 'Can I book?',
			channel: 'chat',
		});
		expect(read).toEqual(['chairsidePatientTokenApi']);
	});

	it('refuses a bad token with a clear error, even with continueOnFail: nothing goes on', async () => {
		const token = signPatientToken(
			'another-secret-that-is-long-enough-0123456789',
			'4821',
			new Date(Date.now() + 5 * 60_000),
		);
		const { context } = ctx([{ token, message: 'Can I book?' }], undefined, true);
		const failure = await run(context).then(
			() => null,
			(error: Error) => error,
		);
		expect(failure).toBeInstanceOf(NodeOperationError);
		expect(failure!.message).toBe('The patient token signature does not verify');
		expect(JSON.stringify(failure)).not.toContain('4821');
	});

	it('refuses an expired token', async () => {
		const { context } = ctx([{ token: signPatientToken(SECRET, '4821', new Date(Date.now() - 1000)), message: 'hi' }]);
		await expect(run(context)).rejects.toThrow('The patient token has expired');
	});
});

describe('the credential test', () => {
	const test = (data: Record<string, unknown>) =>
		new TreatmentCoordinator().methods.credentialTest.patientTokenTest.call(
			{} as never,
			{ id: '1', name: 't', type: 'chairsidePatientTokenApi', data } as never,
		);
	it('accepts a long secret and refuses a short one', async () => {
		await expect(test({ secret: SECRET, maxLifetimeMinutes: 60 })).resolves.toMatchObject({ status: 'OK' });
		await expect(test({ secret: 'short' })).resolves.toMatchObject({
			status: 'Error',
			message: expect.stringMatching(/shorter than 32/),
		});
	});
});
