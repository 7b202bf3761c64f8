/** A stand-in for n8n's execute context that runs the PMS node against the Open Dental simulator. */
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, INode } from 'n8n-workflow';
import { Pms } from '../../nodes/Pms/Pms.node';
import type { OpenDentalSimulator } from '../../sandbox/opendental';
import { fetchClient } from '../../sandbox/opendental/client';
import type { HttpRequest } from '../../core/pms/http';
import { withProfile } from './practice/profile-fields';

export interface ContextOptions {
	continueOnFail?: boolean;
	readOnly?: boolean;
	/** The input items' json (empty items by default). */
	input?: IDataObject[];
}

/** Parameters for every item, with per-item overrides by index; `options` always carries the zone. */
export function pmsContext(
	sim: OpenDentalSimulator,
	zone: string,
	params: Record<string, unknown>,
	perItem: Array<Record<string, unknown>>,
	options: ContextOptions = {},
): IExecuteFunctions {
	const node: INode = {
		id: 'n1',
		name: 'PMS',
		type: 'n8n-nodes-chairside.pms',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const http = fetchClient(sim.url, 'ODFHIR dev/cust');
	const instance = `test-${++instances}`;
	const processed = new Set<string>();
	return {
		getInputData: () => perItem.map((_, i) => ({ json: options.input?.[i] ?? {} })),
		getNodeParameter: (name: string, i: number, fallback?: unknown) => {
			const all = {
				...params,
				...perItem[i],
				options: { timezone: zone, ...(params.options as object), ...(perItem[i]?.options as object) },
			};
			const value = name.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], all);
			return value === undefined ? fallback : value;
		},
		getNode: () => node,
		// Each context is its own n8n: claims made by one test are not seen by the next.
		getInstanceId: () => instance,
		getWorkflow: () => ({ id: 'wf' }),
		getTimezone: () => 'America/New_York',
		continueOnFail: () => options.continueOnFail ?? false,
		// The practice's zone is its profile's; the Open Dental credential for everything else.
		getCredentials: withProfile({ timeZone: zone }, () => ({
			connection: 'custom',
			baseUrl: sim.url,
			developerKey: 'dev',
			customerKey: 'cust',
			readOnly: options.readOnly ?? false,
		})),
		helpers: {
			checkProcessedAndRecord: async (keys: string[]) => {
				const fresh = keys.filter((k) => !processed.has(k));
				fresh.forEach((k) => processed.add(k));
				return { new: fresh, processed: keys.filter((k) => !fresh.includes(k)) };
			},
			removeProcessed: async (keys: string[]) => void keys.forEach((k) => processed.delete(k)),
			httpRequestWithAuthentication: async (_credential: string, o: IHttpRequestOptions) => {
				const { status, body } = await http({
					method: (o.method ?? 'GET') as HttpRequest['method'],
					path: o.url,
					query: o.qs as Record<string, string>,
					body: o.body,
					headers: o.headers as Record<string, string>,
				});
				return { statusCode: status, body };
			},
		},
	} as unknown as IExecuteFunctions;
}

let instances = 0;

export const runPms = (ctx: IExecuteFunctions) => new Pms().execute.call(ctx);
