/**
 * The shared state a node claims its side effects in (core/state): PostgreSQL when the node has
 * the Chairside Queue Mode State credential (queue mode), otherwise the n8n process, written
 * through to n8n's de-duplication store (regular mode). README "Scaling out".
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	IExecuteFunctions,
	INodeCredentialTestResult,
	IWebhookFunctions,
} from 'n8n-workflow';
import { memoryOf, processState, type DurableKeys } from '../../core/state/process';
import type { PostgresSettings } from '../../core/state/postgres';
import { scopedState } from '../../core/state/scoped';
import type { ClaimKind, SharedState } from '../../core/state/shared-state';

export const QUEUE_STATE = 'chairsideQueueStateApi';

/** How many keys n8n's de-duplication store keeps per workflow and kind of claim. */
const DURABLE_KEYS = 50_000;

function settingsOf(data: ICredentialDataDecryptedObject): PostgresSettings {
	return {
		host: String(data.host ?? 'localhost'),
		port: Number(data.port ?? 5432),
		database: String(data.database ?? 'n8n'),
		user: String(data.user ?? 'n8n'),
		password: String(data.password ?? ''),
		ssl: data.ssl === true,
		table: String(data.table || 'chairside_claims'),
	};
}

async function postgres(data: ICredentialDataDecryptedObject): Promise<SharedState> {
	// Loaded only here: the driver is the one part outside n8n's package rules (dist/state/postgres.js).
	const { postgresState } = await import('../../core/state/postgres');
	return postgresState(settingsOf(data));
}

/** n8n's de-duplication store, one record per workflow (keys carry their kind). */
function dedupeKeys(ctx: IExecuteFunctions): DurableKeys {
	const store = { mode: 'entries' as const, maxEntries: DURABLE_KEYS };
	return {
		id: `${ctx.getWorkflow().id ?? 'unsaved'}`,
		async has(key) {
			// The store can only check by recording: the record is undone when the key was new.
			const result = await ctx.helpers.checkProcessedAndRecord([key], 'workflow', store);
			if (result.new.length === 0) return true;
			await ctx.helpers.removeProcessed([key], 'workflow', store);
			return false;
		},
		async add(key) {
			await ctx.helpers.checkProcessedAndRecord([key], 'workflow', store);
		},
		async remove(key) {
			await ctx.helpers.removeProcessed([key], 'workflow', store);
		},
	};
}

/**
 * The state an action node claims `kind` in, as the practice profile's location sees it (a group's
 * locations keep their patients' claims apart: core/state/scoped.ts).
 */
export async function sharedState(ctx: IExecuteFunctions, kind: ClaimKind, location: string): Promise<SharedState> {
	const state = ctx.getNode().credentials?.[QUEUE_STATE]
		? await postgres(await ctx.getCredentials(QUEUE_STATE))
		: processState(dedupeKeys(ctx), kind, memoryOf(ctx.getInstanceId()));
	return scopedState(state, location);
}

/** The state a webhook claims deliveries in; in regular mode the durable record is the trigger's static data. */
export async function webhookState(ctx: IWebhookFunctions, maxKeys: number): Promise<SharedState> {
	if (ctx.getNode().credentials?.[QUEUE_STATE]) return postgres(await ctx.getCredentials(QUEUE_STATE));
	const data = ctx.getWorkflowStaticData('node');
	const list = (): string[] => (Array.isArray(data.claims) ? (data.claims as string[]) : []);
	const keys: DurableKeys = {
		id: `${ctx.getWorkflow().id ?? 'unsaved'}:${ctx.getNode().id}`,
		async has(key) {
			return list().includes(key);
		},
		async add(key) {
			// A new array: static data notices assignment. Oldest dropped past the limit.
			data.claims = [...list().filter((k) => k !== key), key].slice(-maxKeys);
		},
		async remove(key) {
			data.claims = list().filter((k) => k !== key);
		},
	};
	return processState(keys, 'delivery', memoryOf(ctx.getInstanceId()));
}

/** The credential test: connect, create the table if needed, read it. */
export async function queueStateTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	try {
		const state = await postgres(credential.data ?? {});
		await state.get('chairside.credential-test');
		return { status: 'OK', message: 'Connected; the claims table is ready' };
	} catch (error) {
		return { status: 'Error', message: `Could not use the database: ${(error as Error).message}` };
	}
}
