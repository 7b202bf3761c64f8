/**
 * Which PMS a node talks to, picked once per node by its "PMS" parameter (Open Dental, or NexHealth
 * for Dentrix, Eaglesoft and the other EHRs it syncs); the parameter decides which credential the
 * node shows. The operations, the trigger and every journey workflow are the same on either.
 */
import { sleep, type ICredentialDataDecryptedObject, type IDataObject, type IExecuteFunctions, type IHookFunctions, type IHttpRequestMethods, type INodeCredentialDescription, type INodeProperties, type IPollFunctions } from 'n8n-workflow';
import type { HttpClient } from '../../../core/pms/http';
import { NexHealthReader } from '../../../core/pms/nexhealth/reader';
import { needsRenewal } from '../../../core/pms/nexhealth/token';
import { NexHealthTransport } from '../../../core/pms/nexhealth/transport';
import { NexHealthWriter } from '../../../core/pms/nexhealth/writer';
import type { SavedDirectory } from '../../../core/pms/opendental/directory';
import type { PracticeProfile } from '../../../core/practice/profile';
import { CREDENTIAL, openDentalReader } from './index';

export const NEXHEALTH_CREDENTIAL = 'nexHealthApi';

export type PmsKind = 'openDental' | 'nexHealth';

export const pmsParameter: INodeProperties = {
	displayName: 'PMS',
	name: 'pms',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Open Dental', value: 'openDental', description: "Open Dental's own API" },
		{ name: 'NexHealth (Dentrix, Eaglesoft, ...)', value: 'nexHealth', description: "Through NexHealth's Synchronizer API" },
	],
	default: 'openDental',
	description: "The practice's PMS. On NexHealth there is no chart-note write (notes stay in the Chairside journal) and no text-consent field (the practice profile's policy applies).",
};

/** The PMS credentials, each shown only for its PMS. */
export const pmsCredentials: INodeCredentialDescription[] = [
	{ name: CREDENTIAL, required: true, displayOptions: { show: { pms: ['openDental'] } } },
	{ name: NEXHEALTH_CREDENTIAL, required: true, displayOptions: { show: { pms: ['nexHealth'] } } },
];

interface NexHealthCredential {
	sessionToken?: string;
	apiKey: string;
	subdomain: string;
	locationId: string;
	baseUrl?: string;
}

/**
 * Requests through n8n's authenticated helper with the NexHealth credential. The token is renewed
 * the n8n way (its preAuthentication runs when the token field is empty): emptied five minutes
 * before it expires, and once after a 401.
 */
function nexHealthHttp(ctx: IExecuteFunctions | IPollFunctions | IHookFunctions, credential: NexHealthCredential): HttpClient {
	const baseURL = (credential.baseUrl || 'https://nexhealth.info').replace(/\/+$/, '');
	const ref = ctx.getNode().credentials?.[NEXHEALTH_CREDENTIAL];
	// n8n assigns the renewed token into this object: later requests of the run use it.
	const live = { ...credential } as unknown as ICredentialDataDecryptedObject;
	const send = async (request: Parameters<HttpClient>[0]) => {
		if (needsRenewal(live.sessionToken as string | undefined, Date.now())) live.sessionToken = '';
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			NEXHEALTH_CREDENTIAL,
			{
				method: request.method as IHttpRequestMethods,
				baseURL,
				url: request.path,
				qs: Object.fromEntries(Object.entries(request.query ?? {}).filter(([, v]) => v !== undefined)) as IDataObject,
				body: request.body as IDataObject | undefined,
				headers: request.headers,
				json: true,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			},
			{ credentialsDecrypted: { id: ref?.id ?? '', name: ref?.name ?? '', type: NEXHEALTH_CREDENTIAL, data: live } },
		)) as { statusCode: number; body: unknown };
		return { status: response.statusCode, body: response.body };
	};
	return async (request) => {
		const answer = await send(request);
		if (answer.status !== 401) return answer;
		// Revoked or expired early: a new token, once.
		live.sessionToken = '';
		return send(request);
	};
}

/** The NexHealth API as the credential reaches it (also for the NexHealth Trigger's webhook registration). */
export async function nexHealthTransport(ctx: IExecuteFunctions | IPollFunctions | IHookFunctions): Promise<NexHealthTransport> {
	const credential = (await ctx.getCredentials(NEXHEALTH_CREDENTIAL)) as unknown as NexHealthCredential;
	return new NexHealthTransport({
		http: nexHealthHttp(ctx, credential),
		timing: { now: () => Date.now(), sleep: (ms) => sleep(ms) },
		subdomain: String(credential.subdomain).trim(),
		locationId: String(credential.locationId).trim(),
	});
}

export async function nexHealthBackend(ctx: IExecuteFunctions | IPollFunctions, profile: PracticeProfile) {
	const transport = await nexHealthTransport(ctx);
	return {
		reader: new NexHealthReader({ transport, timezone: profile.zone, defaultRegion: 'US' }),
		writer: new NexHealthWriter(transport, profile.zone),
		readOnly: false,
	};
}

/** The node's PMS, its reader and writer; `saved` is PMS Trigger's kept Open Dental directory. */
export async function pmsBackend(ctx: IExecuteFunctions | IPollFunctions, profile: PracticeProfile, saved: SavedDirectory | null = null) {
	// An action node reads parameters per item, a trigger without one.
	const kind = ('getInputData' in ctx ? ctx.getNodeParameter('pms', 0, 'openDental') : ctx.getNodeParameter('pms', 'openDental')) as PmsKind;
	if (kind === 'nexHealth') return { kind, ...(await nexHealthBackend(ctx, profile)) };
	const { reader, writer, readOnly } = await openDentalReader(ctx, profile.zone, saved);
	return { kind, reader, writer, readOnly };
}
