import type { INodeExecutionData } from 'n8n-workflow';
import { upcoming } from '../../../core/golive/upcoming';
import { JournalIndex, readJournal } from '../../../core/journey/journal';
import { settleMilestones } from '../../../core/journey/milestones';
import { preview as plan } from '../../../core/journey/preview';
import { subjectsFrom, type CadenceOperation } from './common';

/**
 * One item per case: the whole journey it would get, sending nothing. With Show set to Upcoming
 * Messages, one item per message (or front-desk call) in the next days instead, as the touch
 * Patient Message > Check Only judges for the go-live check, and one per case that would not start.
 * Over the whole run: an input of empty items only is a journey without cases.
 */
export const preview: CadenceOperation = {
	runs: 'perRun',
	description: [
		{
			displayName: 'Show',
			name: 'previewShow',
			type: 'options',
			options: [
				{
					name: 'Whole Journey per Case',
					value: 'journey',
					description: 'Every step with its date and the rendered copy',
				},
				{
					name: 'Upcoming Messages',
					value: 'upcoming',
					description:
						'One item per message or front-desk call in the next days, and one per case that would not start: connect Patient Message > Check Only for the go-live check',
				},
			],
			default: 'journey',
			displayOptions: { show: { operation: ['preview'] } },
		},
		{
			displayName: 'Days Ahead',
			name: 'daysAhead',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 90 },
			default: 14,
			displayOptions: { show: { operation: ['preview'], previewShow: ['upcoming'] } },
		},
	],
	execute(ctx, { journey, practice, send, now }) {
		const out: INodeExecutionData[] = [];
		const show = ctx.getNodeParameter('previewShow', 0, 'journey') as 'journey' | 'upcoming';
		// A PMS node with Always Output Data sends one empty item when it found nothing: for the go-live
		// check that is a journey without cases (a warning), not a bad case.
		if (show === 'upcoming' && ctx.getInputData(0).every((i) => Object.keys(i.json).length === 0)) {
			return [
				[
					{
						json: { kind: 'chairside.no-cases', journey: journey.id, journeyName: journey.name },
						pairedItem: { item: 0 },
					},
				],
			];
		}
		const subjects = settleMilestones(subjectsFrom(ctx, out, journey.anchor), journey);
		if (show === 'journey') {
			for (const { subject, item } of subjects)
				out.push({ json: plan(journey, subject, practice, send.window, now) as never, pairedItem: { item } });
			return [out];
		}
		const days = ctx.getNodeParameter('daysAhead', 0, 14) as number;
		// The journal is optional here: with it, a patient the journal knows opted out is forecast as such.
		const rows = ctx
			.getInputData(1)
			.map((i) => i.json)
			.filter((json) => typeof json.key === 'string');
		const journal = new JournalIndex(readJournal(rows));
		for (const { subject, item } of subjects) {
			const optedOut = journal.optedOut(subject.patient.id, subject.patient.mobile);
			for (const json of upcoming(journey, subject, practice, send.window, now, days, optedOut))
				out.push({ json: json as never, pairedItem: { item } });
		}
		return [out];
	},
};
