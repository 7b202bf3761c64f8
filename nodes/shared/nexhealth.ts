/**
 * The NexHealth API as a node reaches it through the NexHealth API credential: n8n's authenticated
 * request helper, the token renewed the n8n way. Shared by the PMS nodes and the NexHealth Trigger.
 */
import {
	sleep,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type IHookFunctions,
	type IHttpRequestMethods,
	type IPollFunctions,
} from 'n8n-workflow';
import type { HttpClient } from '../../core/pms/http';
import { needsRenewal } from '../../core/pms/nexhealth/token';
import { NexHealthTransport } from '../../core/pms/nexhealth/transport';

export const NEXHEALTH_CREDENTIAL = 'nexHealthApi';

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
function nexHealthHttp(
	ctx: IExecuteFunctions | IPollFunctions | IHookFunctions,
	credential: NexHealthCredential,
): HttpClient {
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

/** The NexHealth API as the credential reaches it (the PMS nodes, and the NexHealth Trigger's webhook registration). */
export async function nexHealthTransport(
	ctx: IExecuteFunctions | IPollFunctions | IHookFunctions,
): Promise<NexHealthTransport> {
	const credential = (await ctx.getCredentials(NEXHEALTH_CREDENTIAL)) as unknown as NexHealthCredential;
	return new NexHealthTransport({
		http: nexHealthHttp(ctx, credential),
		timing: { now: () => Date.now(), sleep: (ms) => sleep(ms) },
		subdomain: String(credential.subdomain).trim(),
		locationId: String(credential.locationId).trim(),
	});
}
