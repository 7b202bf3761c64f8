/**
 * From the node's credential to core's Open Dental reader: the base URL for the connection type,
 * n8n's authenticated request helper as the injected HTTP client, the throttle a key allows, and
 * the writer beside the reader (writes are refused on a read-only key by the node).
 */
import {
	NodeOperationError,
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestMethods,
	type INode,
	type IPollFunctions,
} from 'n8n-workflow';
import type { HttpClient } from '../../../core/pms/http';
import type { SavedDirectory } from '../../../core/pms/opendental/directory';
import { OpenDentalReader } from '../../../core/pms/opendental/reader';
import { OpenDentalTransport } from '../../../core/pms/opendental/transport';
import { OpenDentalWriter } from '../../../core/pms/opendental/writer';

export const CREDENTIAL = 'openDentalApi';

interface OpenDentalCredential {
	connection: 'remote' | 'local' | 'service' | 'custom';
	host?: string;
	baseUrl?: string;
	readOnly?: boolean;
}

/** The refusal of a write on a credential marked Read-Only Key (before anything is sent). */
export function readOnlyRefusal(node: INode): NodeOperationError {
	return new NodeOperationError(
		node,
		'This operation writes to Open Dental, but the credential is marked Read-Only Key',
		{
			description:
				'Use a credential whose customer key has write permission (Appointments, Comm or Patients) and untick Read-Only Key.',
		},
	);
}

export function baseUrlOf(credential: OpenDentalCredential): string {
	switch (credential.connection) {
		case 'local':
			return `http://${credential.host || 'localhost'}:30222/api/v1`;
		case 'service':
			return `http://${credential.host || 'localhost'}:30223/api/v1`;
		case 'custom':
			return (credential.baseUrl ?? '').replace(/\/+$/, '');
		default:
			return 'https://api.opendental.com/api/v1';
	}
}

/** `saved`: providers, clinics, operatories and version kept from an earlier run (PMS Trigger's static data). */
export async function openDentalReader(
	ctx: IExecuteFunctions | IPollFunctions,
	timezone: string,
	saved: SavedDirectory | null = null,
): Promise<{ reader: OpenDentalReader; writer: OpenDentalWriter; transport: OpenDentalTransport; readOnly: boolean }> {
	const credential = (await ctx.getCredentials(CREDENTIAL)) as unknown as OpenDentalCredential;
	const baseURL = baseUrlOf(credential);
	const http: HttpClient = async (request) => {
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL, {
			method: request.method as IHttpRequestMethods,
			baseURL,
			url: request.path,
			qs: Object.fromEntries(Object.entries(request.query ?? {}).filter(([, v]) => v !== undefined)) as IDataObject,
			body: request.body as IDataObject | undefined,
			headers: request.headers,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as { statusCode: number; body: unknown };
		return { status: response.statusCode, body: response.body };
	};
	const remote = credential.connection === 'remote';
	const transport = new OpenDentalTransport({
		http,
		timing: { now: () => Date.now(), sleep: (ms) => sleep(ms) },
		// Only Remote throttles. apiimplementation.html documents 100 rows a page on Remote and 1,000 on
		// the Local API; the API Service's and a custom URL's are not documented: page to an empty page.
		throttle: remote ? (credential.readOnly ? 'readOnly' : 'readWrite') : 'none',
		pageSize: remote ? 100 : credential.connection === 'local' ? 1000 : null,
	});
	return {
		reader: new OpenDentalReader({ transport, timezone, defaultRegion: 'US', saved }),
		writer: new OpenDentalWriter(transport),
		transport,
		readOnly: credential.readOnly === true,
	};
}
