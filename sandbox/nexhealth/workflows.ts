/**
 * A shipped workflow on NexHealth: its PMS and PMS Trigger nodes with "PMS" set to NexHealth and the
 * NexHealth credential chosen, the only change a Dentrix or Eaglesoft practice makes. Used by the
 * demo and the e2e tests.
 */
import type { WorkflowJson } from '../n8n/runner';
import { CREDENTIAL_NAMES } from '../n8n/credential-names';

/** The NexHealth credential the sandbox creates (demo and tests). */
export const NEXHEALTH_SANDBOX_CREDENTIAL = { id: 'chairsidenexsbx1', name: CREDENTIAL_NAMES.nexHealthApi };
export const NEXHEALTH_SANDBOX = { apiKey: 'sandbox-nexhealth-key', subdomain: 'lakeside-family-dental' };

export function onNexHealth(
	workflow: WorkflowJson,
	credential: { id: string; name: string } = NEXHEALTH_SANDBOX_CREDENTIAL,
): WorkflowJson {
	const copy = JSON.parse(JSON.stringify(workflow)) as WorkflowJson;
	for (const node of copy.nodes) {
		// Staff Task reads first names from the PMS only when its PMS is set (not "none").
		const staffLookup =
			node.type === 'n8n-nodes-chairside.staffTask' && !!node.parameters?.pms && node.parameters.pms !== 'none';
		if (node.type !== 'n8n-nodes-chairside.pms' && node.type !== 'n8n-nodes-chairside.pmsTrigger' && !staffLookup)
			continue;
		node.parameters = staffLookup ? { ...node.parameters, pms: 'nexHealth' } : { pms: 'nexHealth', ...node.parameters };
		const refs = { ...(node.credentials as Record<string, unknown> | undefined) };
		delete refs.openDentalApi;
		node.credentials = { ...refs, nexHealthApi: credential };
	}
	return copy;
}
