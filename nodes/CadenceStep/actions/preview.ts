import { settleMilestones } from '../../../core/journey/milestones';
import { preview as plan } from '../../../core/journey/preview';
import { subjectsFrom, type Action } from './common';

/** One item per case: the whole journey it would get, sending nothing. */
export const preview: Action = (ctx, { journey, practice, window, now }) => {
	const out = [] as ReturnType<Action>[number];
	const subjects = settleMilestones(subjectsFrom(ctx, out), journey);
	for (const { subject, item } of subjects) {
		out.push({ json: plan(journey, subject, practice, window, now) as never, pairedItem: { item } });
	}
	return [out];
};
