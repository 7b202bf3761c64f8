import type { INodeExecutionData } from 'n8n-workflow';
import { tick, type TickItem } from '../../../core/journey/engine';
import { journalFrom } from '../../shared/journal';
import { paired, subjectsFrom, type Action } from './common';

const OUTPUT: Record<TickItem['output'], number> = { sms: 0, email: 1, task: 2, waiting: 3, finished: 4, stopped: 5 };

/** Enroll new subjects and decide every enrollment of the journey; one output per kind of action. */
export const decide: Action = (ctx, settings) => {
	const outputs: INodeExecutionData[][] = [[], [], [], [], [], []];
	const subjects = subjectsFrom(ctx, outputs[OUTPUT.stopped], settings.journey.anchor);
	const journal = journalFrom(ctx);
	const items = tick(subjects, journal.index, { ...settings, enroll: true });
	for (const { output, item, json } of items) {
		outputs[OUTPUT[output]].push({ json: json as never, pairedItem: paired(item, journal, json.enrollment) });
	}
	return outputs;
};
