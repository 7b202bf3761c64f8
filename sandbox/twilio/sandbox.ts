/**
 * Routes that are not Twilio's: the demo reads the outbox and plays a patient's reply from
 * outside the process. No auth (loopback only, synthetic data); bodies are JSON.
 */
import { z } from 'zod';
import type { Delivery } from './webhooks';
import type { SimMessage } from './messages';
import type { InboundOptions, TwilioFault } from './index';

export interface SandboxState {
	outbox: SimMessage[];
	inbox: SimMessage[];
	optOuts(): string[];
	inbound(opts: InboundOptions): Promise<Delivery[]>;
	fault(f: TwilioFault): void;
}

const inboundSchema = z
	.object({
		webhookUrl: z.string().url(),
		from: z.string(),
		body: z.string(),
		to: z.string().optional(),
		forgeSignature: z.boolean().optional(),
		omitSignature: z.boolean().optional(),
		repeatDelivery: z.boolean().optional(),
	})
	.strict();

const faultSchema = z
	.object({
		code: z.union([
			z.literal(21610),
			z.literal(21211),
			z.literal(21408),
			z.literal(30003),
			z.literal(429),
			z.literal(500),
			z.literal(503),
		]),
		times: z.number().int().positive().optional(),
		to: z.string().optional(),
		committed: z.boolean().optional(),
	})
	.strict();

export async function sandboxRoute(
	method: string,
	path: string,
	raw: string,
	state: SandboxState,
): Promise<{ status: number; json: unknown }> {
	if (method === 'GET' && path === '/sandbox/outbox') return { status: 200, json: state.outbox };
	if (method === 'GET' && path === '/sandbox/inbox') return { status: 200, json: state.inbox };
	if (method === 'GET' && path === '/sandbox/optouts') return { status: 200, json: state.optOuts() };
	if (method === 'POST' && (path === '/sandbox/inbound' || path === '/sandbox/fault')) {
		let body: unknown;
		try {
			body = JSON.parse(raw);
		} catch {
			return { status: 400, json: { error: 'The body must be JSON.' } };
		}
		if (path === '/sandbox/fault') {
			const parsed = faultSchema.safeParse(body);
			if (!parsed.success)
				return {
					status: 400,
					json: { error: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') },
				};
			state.fault(parsed.data);
			return { status: 200, json: { ok: true } };
		}
		const parsed = inboundSchema.safeParse(body);
		if (!parsed.success)
			return {
				status: 400,
				json: { error: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') },
			};
		try {
			return { status: 200, json: { deliveries: await state.inbound(parsed.data) } };
		} catch (error) {
			return { status: 400, json: { error: (error as Error).message } };
		}
	}
	return {
		status: 404,
		json: { error: `No sandbox route ${method} ${path}. Try GET /sandbox/outbox or POST /sandbox/inbound.` },
	};
}
