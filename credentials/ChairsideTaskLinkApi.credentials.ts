import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';
import { signingSecretField } from './secret';

/**
 * The secret Staff Task signs its close links with (HMAC-SHA256, core/staff/link.ts): a link in a
 * staff alert closes its task only when Chairside made it. n8n keeps it encrypted as a credential,
 * never in a workflow export.
 */
export class ChairsideTaskLinkApi implements ICredentialType {
	name = 'chairsideTaskLinkApi';

	displayName = 'Chairside Task Links API';

	icon: Icon = { light: 'file:chairside.svg', dark: 'file:chairside.dark.svg' };

	documentationUrl = 'https://github.com/chairside/n8n-nodes-chairside#hand-offs-to-staff';

	properties: INodeProperties[] = [
		signingSecretField('Changing it makes every link already sent stop working.'),
		{
			displayName: 'Links Valid for (Days)',
			name: 'validDays',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 90 },
			default: 14,
			description: 'A close link older than this is refused; the daily list always carries fresh ones',
		},
	];
}
