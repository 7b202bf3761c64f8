/**
 * PMS Trigger as n8n runs it, without n8n: a poll context whose workflow static data outlives the
 * poll (n8n keeps it with the workflow), and a fresh node, reader and transport every poll, as n8n
 * calls `poll()` on each tick. HTTP goes to the Open Dental or the NexHealth simulator through the same
 * fetch clients the tests use. For the poll bench and the request-count tests.
 *
 * The credential is the Local API's (1,000 rows a page, no throttle), so start the simulator with
 * mode 'local'. Remote pages at 100 rows and waits 1 s between requests: the request counts of
 * lists shorter than 100 rows (a poll's changes, the directory) are the same there. On NexHealth the
 * token outlives the poll, as n8n keeps the credential's renewed token (nodes/shared/nexhealth.ts).
 */
import type { IDataObject, IHttpRequestOptions, INode, IPollFunctions } from 'n8n-workflow';
import type { HttpRequest } from '../../core/pms/http';
import { PmsTrigger } from '../../nodes/PmsTrigger/PmsTrigger.node';
import { PRACTICE_CREDENTIAL } from '../../nodes/shared/practice';
import type { NexHealthSimulator } from '../../sandbox/nexhealth';
import { nexFetchClient } from '../../sandbox/nexhealth/client';
import type { OpenDentalSimulator } from '../../sandbox/opendental';
import { fetchClient } from '../../sandbox/opendental/client';

export interface TriggerRun {
	/** The items the poll emitted (empty when it returned null). */
	items: IDataObject[];
	/** Requests the simulator answered during this poll. */
	requests: number;
	/** The paths asked, in order (for a failing test's message). */
	paths: string[];
}

/** The simulator the trigger reads: Open Dental's, or NexHealth's with the credential's location. */
export type TriggerPms = OpenDentalSimulator | { nexHealth: NexHealthSimulator; locationId: string };

/** The PMS credential the node is given, the HTTP it reaches and the requests the simulator answered. */
function connection(pms: TriggerPms) {
	if ('nexHealth' in pms) {
		const sim = pms.nexHealth;
		return {
			credential: { apiKey: 'key', subdomain: 'riverside', locationId: pms.locationId, baseUrl: sim.url },
			http: nexFetchClient(sim.url, 'key'),
			requests: sim.requests,
		};
	}
	return {
		credential: { connection: 'local', developerKey: 'dev', customerKey: 'cust', readOnly: false },
		http: fetchClient(pms.url, 'ODFHIR dev/cust'),
		requests: pms.requests,
	};
}

/**
 * A PMS Trigger whose static data persists between polls. `parameters` are the node's (events,
 * families, options); `zone` is the practice's (its Practice Profile). The caller sets the clock
 * the node reads (luxon's Settings.now) and the simulator's.
 */
export function triggerPoller(
	pms: TriggerPms,
	zone: string,
	parameters: Record<string, unknown>,
	mode: 'trigger' | 'manual' = 'trigger',
) {
	const node: INode = {
		id: 't1',
		name: 'PMS Trigger',
		type: 'n8n-nodes-chairside.pmsTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: parameters as INode['parameters'],
	};
	const staticData: IDataObject = {};
	const { credential, http, requests } = connection(pms);
	const context = {
		getNodeParameter: (name: string, fallback?: unknown) => {
			const value = name
				.split('.')
				.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], parameters);
			return value === undefined ? fallback : value;
		},
		getNode: () => node,
		getMode: () => mode,
		getTimezone: () => 'America/New_York',
		getWorkflowStaticData: (type: string) => {
			if (type !== 'node') throw new Error(`static data "${type}" is not used by PMS Trigger`);
			return staticData;
		},
		getCredentials: async (name: string) =>
			name === PRACTICE_CREDENTIAL
				? { practiceName: 'Riverside Dental', phone: '(512) 555-0100', timeZone: zone }
				: credential,
		helpers: {
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
	} as unknown as IPollFunctions;
	return {
		staticData,
		/** One poll, as n8n makes it: a new node instance, so nothing but the static data carries over. */
		async poll(): Promise<TriggerRun> {
			const before = requests.length;
			const out = await new PmsTrigger().poll.call(context);
			const asked = requests.slice(before);
			return { items: (out?.[0] ?? []).map((i) => i.json), requests: asked.length, paths: asked.map((r) => r.path) };
		},
	};
}
