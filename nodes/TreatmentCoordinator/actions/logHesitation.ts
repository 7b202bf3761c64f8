import type { IExecuteFunctions } from 'n8n-workflow';
import { commlogTime, HESITATION_REASONS, hesitationEntry, NOTE_MAX_LENGTH } from '../../../core/coordinator';
import { idField } from '../../shared/pms/context';
import { chartRun, coordinatorOperation, showFor, textParameter } from './common';
import { channel } from './options';

const show = showFor('logHesitation');

const REASON_NAMES: Record<(typeof HESITATION_REASONS)[number], { name: string; description: string }> = {
	cost: {
		name: 'Cost',
		description: 'Price, out-of-pocket cost, insurance or paying for it. Staff follow up (hand-off).',
	},
	other: { name: 'Other', description: 'Any other reason' },
	timing: { name: 'Timing', description: 'Busy, not now, after the holidays, wants to wait' },
	travel: { name: 'Travel', description: 'Away, travelling, distance to the office' },
	uncertainty: { name: 'Uncertainty', description: 'Not sure yet, wants to think about it or talk it over' },
};

export const logHesitation = coordinatorOperation({
	writes: true,
	description: [
		idField('patientId', 'Patient ID', 'Open Dental PatNum of the patient who hesitates', show),
		{
			displayName: 'Reason',
			name: 'reason',
			type: 'options',
			options: [...HESITATION_REASONS].sort().map((value) => ({ value, ...REASON_NAMES[value] })),
			default: 'other',
			description: 'Why the patient has not booked yet, in their own terms',
			displayOptions: show,
		},
		{
			displayName: 'Note',
			name: 'note',
			type: 'string',
			default: '',
			description: `Optional, one short sentence (at most ${NOTE_MAX_LENGTH} characters) in lay terms. Refused when it has a procedure code, a tooth number or a diagnosis.`,
			displayOptions: show,
		},
	],
	async execute(ctx: IExecuteFunctions, i: number, coordinatorRun) {
		const run = chartRun(ctx, i, coordinatorRun);
		const entry = hesitationEntry({
			patientId: textParameter(ctx, 'patientId', i),
			reason: ctx.getNodeParameter('reason', i, 'other'),
			note: textParameter(ctx, 'note', i),
		});
		const at = run.now.setZone(run.timezone);
		const { id: commlogId } = await run.writer.logCommunication({
			patientId: entry.patientId,
			note: entry.note,
			mode: channel(ctx, i),
			direction: 'Received',
			at: commlogTime(at, run.timezone),
		});
		return {
			patientId: entry.patientId,
			reason: entry.reason,
			commlogId,
			handOff: entry.handOff,
			next: entry.next,
			at: at.toISO(),
		};
	},
});
