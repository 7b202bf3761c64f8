import type { INodeExecutionData } from 'n8n-workflow';
import { tick, type TickItem } from '../../../core/journey/engine';
import { journalFrom } from '../../shared/journal';
import { paired, subjectsFrom, type CadenceOperation } from './common';

const OUTPUT: Record<TickItem['output'], number> = { sms: 0, email: 1, task: 2, waiting: 3, finished: 4, stopped: 5 };

/**
 * Enroll new subjects and decide every enrollment of the journey; one output per kind of action.
 * Over the whole run: enrollments the journal alone knows are decided too.
 */
export const decide: CadenceOperation = {
	runs: 'perRun',
	// Its fields (the journey) are shared with Enroll, Preview and Match: description.ts.
	description: [],
	execute(ctx, settings) {
		const outputs: INodeExecutionData[][] = [[], [], [], [], [], []];
		const subjects = subjectsFrom(ctx, outputs[OUTPUT.stopped], settings.journey.anchor);
		const journal = journalFrom(ctx);
		const items = tick(subjects, journal.index, { ...settings, enroll: true });
		for (const { output, item, json } of items) {
			outputs[OUTPUT[output]].push({ json: json as never, pairedItem: paired(item, journal, json.enrollment) });
		}
		return outputs;
	},
};
