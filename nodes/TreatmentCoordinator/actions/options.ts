import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { CommlogRequest } from '../../../core/pms/writer';
import { referenceTimeOption } from '../../shared/options';

const channelOption: INodeProperties = {
	displayName: 'Channel',
	name: 'channel',
	type: 'options',
	options: [
		{ name: 'Email', value: 'Email' },
		{ name: 'Text', value: 'Text' },
	],
	default: 'Text',
	description: 'How the conversation with the patient runs: the Mode of the communication log entry',
};

/** Options of the operations that write to the chart. */
export const options: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: { show: { operation: ['handOff', 'logHesitation'] } },
	options: [channelOption, referenceTimeOption],
};

export function channel(ctx: IExecuteFunctions, i: number): CommlogRequest['mode'] {
	return ctx.getNodeParameter('options.channel', i, 'Text') === 'Email' ? 'Email' : 'Text';
}
