/**
 * Which PMS a node talks to, picked once per node by its "PMS" parameter (Open Dental, or NexHealth
 * for Dentrix, Eaglesoft and the other EHRs it syncs); the parameter decides which credential the
 * node shows (each node lists both, as literals: n8n's lint reads them so). The operations, the trigger and every journey workflow are the same on either.
 */
import type { IExecuteFunctions, INodeProperties, IPollFunctions } from 'n8n-workflow';
import { NexHealthReader } from '../../../core/pms/nexhealth/reader';
import { NexHealthWriter } from '../../../core/pms/nexhealth/writer';
import type { SavedDirectory } from '../../../core/pms/opendental/directory';
import type { PracticeProfile } from '../../../core/practice/profile';
import { NEXHEALTH_CREDENTIAL, nexHealthTransport } from '../nexhealth';
import { openDentalReader } from './opendental';

export { NEXHEALTH_CREDENTIAL };

export type PmsKind = 'openDental' | 'nexHealth';

export const pmsParameter: INodeProperties = {
	displayName: 'PMS',
	name: 'pms',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Open Dental', value: 'openDental', description: "Open Dental's own API" },
		{
			name: 'NexHealth (Dentrix, Eaglesoft, ...)',
			value: 'nexHealth',
			description: "Through NexHealth's Synchronizer API",
		},
	],
	default: 'openDental',
	description:
		"The practice's PMS. On NexHealth there is no chart-note write (notes stay in the Chairside journal) and no text-consent field (the practice profile's policy applies).",
};

export async function nexHealthBackend(ctx: IExecuteFunctions | IPollFunctions, profile: PracticeProfile) {
	const transport = await nexHealthTransport(ctx);
	return {
		reader: new NexHealthReader({ transport, timezone: profile.zone, defaultRegion: 'US' }),
		writer: new NexHealthWriter(transport, profile.zone),
		readOnly: false,
	};
}

/** The node's PMS, its reader and writer; `saved` is PMS Trigger's kept Open Dental directory. */
export async function pmsBackend(
	ctx: IExecuteFunctions | IPollFunctions,
	profile: PracticeProfile,
	saved: SavedDirectory | null = null,
) {
	// An action node reads parameters per item, a trigger without one.
	const kind = (
		'getInputData' in ctx ? ctx.getNodeParameter('pms', 0, 'openDental') : ctx.getNodeParameter('pms', 'openDental')
	) as PmsKind;
	if (kind === 'nexHealth') return { kind, ...(await nexHealthBackend(ctx, profile)) };
	const { reader, writer, readOnly } = await openDentalReader(ctx, profile.zone, saved);
	return { kind, reader, writer, readOnly };
}
