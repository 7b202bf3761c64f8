import type { IExecuteFunctions } from 'n8n-workflow';
import { commlogTime, handOffEntry, NOTE_MAX_LENGTH, staffTask, type HandOffTopic } from '../../../core/coordinator';
import { idField } from '../../shared/pms/context';
import { chartRun, coordinatorOperation, showFor, textParameter } from './common';
import { channel } from './options';

const show = showFor('handOff');

const TOPIC_OPTIONS: Record<HandOffTopic, { name: string; description: string }> = {
	booking_help: {
		name: 'Booking Help',
		description: 'The patient wants to book but no approved window fits, or booking failed',
	},
	clinical: {
		name: 'Clinical Question',
		description: 'Symptoms, pain, the treatment itself, sedation, recovery, alternatives',
	},
	complaint: { name: 'Complaint', description: 'Unhappy, a refund, a review or legal threat, wants a manager' },
	fee_negotiation: {
		name: 'Fee Negotiation',
		description: 'A discount, a lower price, matching another quote, too expensive',
	},
	financing: {
		name: 'Financing or Insurance',
		description: 'Payment plans, financing, monthly payments, interest, insurance coverage, estimates, cost',
	},
	other: { name: 'Other', description: 'Anything else a person should handle' },
	prognosis: {
		name: 'Prognosis Question',
		description: 'Can it wait, how long will it last, what happens if I do not, is it necessary',
	},
	sensitive: {
		name: 'Sensitive Situation',
		description: 'Pregnancy, dental anxiety or fear, illness, bereavement, hardship, abuse, self-harm',
	},
};

export const handOff = coordinatorOperation({
	writes: true,
	description: [
		idField('patientId', 'Patient ID', 'Open Dental PatNum of the patient whose conversation staff take over', show),
		{
			displayName: 'Topic',
			name: 'topic',
			type: 'options',
			options: Object.entries(TOPIC_OPTIONS)
				.sort(([, a], [, b]) => a.name.localeCompare(b.name))
				.map(([value, option]) => ({ value, ...option })),
			default: 'other',
			description: 'What staff need to handle: use the topic Screen Message found',
			displayOptions: show,
		},
		{
			displayName: 'Summary',
			name: 'summary',
			type: 'string',
			default: '',
			description: `Recommended: one short sentence for staff (at most ${NOTE_MAX_LENGTH} characters) in lay terms, e.g. "Asked whether the crown visit can wait until spring". Refused when it has a procedure code, a tooth number or a diagnosis.`,
			displayOptions: show,
		},
	],
	async execute(ctx: IExecuteFunctions, i: number, coordinatorRun) {
		const run = chartRun(ctx, i, coordinatorRun);
		const entry = handOffEntry({
			patientId: textParameter(ctx, 'patientId', i),
			topic: ctx.getNodeParameter('topic', i, 'other'),
			summary: textParameter(ctx, 'summary', i),
		});
		const at = run.now.setZone(run.timezone);
		const { id: commlogId } = await run.writer.logCommunication({
			patientId: entry.patientId,
			note: entry.note,
			mode: channel(ctx, i),
			direction: 'Received',
			at: commlogTime(at, run.timezone),
		});
		return { ...staffTask(entry, commlogId, at) };
	},
});
