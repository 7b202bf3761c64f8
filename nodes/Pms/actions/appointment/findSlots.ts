import type { IExecuteFunctions } from 'n8n-workflow';
import { calendarDate, dateRangeFields, showFor, pmsOperation, type RunContext } from '../common';
import { bestSlots, lengthField, lengthParameter, maxOptionsField, slotItem, windowsField } from './slots';

const show = showFor('appointment', 'findSlots');

export const findSlots = pmsOperation({
	description: [
		lengthField(show),
		...dateRangeFields(show, 'the reference day', '14 days after the reference day'),
		{
			displayName: 'Provider ID',
			name: 'providerId',
			type: 'string',
			default: '',
			description: 'Only this provider (ProvNum); empty means any',
			displayOptions: show,
		},
		{
			displayName: 'Operatory ID',
			name: 'operatoryId',
			type: 'string',
			default: '',
			description: 'Only this operatory (OperatoryNum); empty means any',
			displayOptions: show,
		},
		windowsField(
			show,
			'The practice\'s preferred times, e.g. "Tue-Thu 09:00-12:00; Mon 14:00-17:00" (practice time). Empty means any open time.',
		),
		maxOptionsField(show),
	],
	async execute(ctx: IExecuteFunctions, i: number, run: RunContext) {
		const optional = (name: string) => String(ctx.getNodeParameter(name, i, '') ?? '').trim() || null;
		const slots = await bestSlots(ctx, i, run, {
			from: calendarDate(ctx.getNodeParameter('from', i), run, run.now),
			to: calendarDate(ctx.getNodeParameter('to', i), run, run.now.plus({ days: 14 })),
			lengthMinutes: lengthParameter(ctx, i),
			providerId: optional('providerId'),
			operatoryId: optional('operatoryId'),
		});
		return slots.map((slot, n) => {
			const { item, pmsIds } = slotItem(slot, run);
			return { item: { option: n + 1, ...item }, pmsIds };
		});
	},
});
